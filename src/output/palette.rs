//! Semantic styles, so no call site names a raw colour (the habit `just` has in `color.rs`).

use colored::Colorize;

#[derive(Clone, Copy, Debug)]
pub struct Palette {
    enabled: bool,
}

macro_rules! style {
    ($($(#[$doc:meta])* $name:ident => |$s:ident| $e:expr;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(&self, text: &str) -> String {
                if self.enabled {
                    let $s = text;
                    $e.to_string()
                } else {
                    text.to_string()
                }
            }
        )*
    };
}

impl Palette {
    pub fn new(enabled: bool) -> Self {
        Palette { enabled }
    }

    pub fn enabled(&self) -> bool {
        self.enabled
    }

    style! {
        /// A passing verdict.
        valid => |s| s.green().bold();
        /// A failing verdict.
        invalid => |s| s.red().bold();
        /// An error label.
        error => |s| s.red().bold();
        /// A warning label.
        warning => |s| s.yellow().bold();
        /// A hint label.
        hint => |s| s.cyan().bold();
        /// Header names, keys.
        key => |s| s.cyan();
        /// Strings in pretty JSON.
        string => |s| s.green();
        /// Numbers, booleans and null in pretty JSON.
        literal => |s| s.yellow();
        /// Codes such as `NCCO012` or reason names.
        code => |s| s.magenta().bold();
        /// Section headings.
        heading => |s| s.bold();
        /// De-emphasised text: timestamps, separators.
        dim => |s| s.dimmed();
        /// Emphasis.
        bold => |s| s.bold();
    }
}
