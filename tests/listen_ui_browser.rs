//! `whk listen --ui` in a real browser: `tests/browser/e2e.mjs` drives Debian's `chromium`
//! headless with `playwright-core` against the real binary on 127.0.0.1 (port 0), the way a
//! user meets the page: a delivery sent with `whk replay` appears, opens with its verdict,
//! replays (freshly signed) as a linked row, replays with edits and to another URL, filters,
//! pauses, groups a call, answers the keyboard, diffs, copies as curl, pins; and the page
//! loads nothing from any other host. A failure leaves a screenshot in `target/`.
//!
//! Skipped, with one printed line saying why, only when node, the browser or
//! `tests/browser/node_modules` cannot be found (`.ci/run` installs them).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Node, the browser and playwright-core, or why the test cannot run.
fn prerequisites() -> Result<(PathBuf, PathBuf), String> {
    let node = on_path("node").ok_or("node is not on PATH")?;
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
        })
        .ok_or(
            "no chromium at /usr/bin/chromium (apt-get install chromium) and CHROMIUM is not set",
        )?;
    let pw = repo().join("tests/browser/node_modules/playwright-core");
    if !pw.is_dir() {
        return Err(format!(
            "{} is missing (run `npm ci` in tests/browser)",
            pw.display()
        ));
    }
    Ok((node, chromium))
}

#[test]
#[allow(clippy::print_stderr)] // says why it skipped
fn the_page_in_a_real_browser() {
    let (node, chromium) = match prerequisites() {
        Ok(found) => found,
        Err(why) => {
            eprintln!("SKIPPED listen_ui_browser: {why}");
            return;
        }
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let run = Command::new(node)
        .arg(repo().join("tests/browser/e2e.mjs"))
        .current_dir(repo())
        .env("WHK_BIN", env!("CARGO_BIN_EXE_whk"))
        .env("CHROMIUM", &chromium)
        .env("WHK_E2E_OUT", out)
        .env("WHK_E2E_PORT", "0")
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "the browser test failed ({}):\n{stdout}\n{stderr}",
        run.status
    );
    assert!(
        stdout.contains("e2e: all steps passed"),
        "the browser test did not finish:\n{stdout}\n{stderr}"
    );
}
