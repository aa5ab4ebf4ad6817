//! The completion scripts committed in `completions/` must match what `whk completions`
//! generates from the current CLI. Regenerate with
//! `WHK_BLESS=1 cargo test --test main completions::`.

const SHELLS: [(&str, &str); 5] = [
    ("bash", "whk.bash"),
    ("zsh", "_whk"),
    ("fish", "whk.fish"),
    ("powershell", "_whk.ps1"),
    ("elvish", "whk.elv"),
];

#[test]
fn committed_completions_are_current() {
    let bless = std::env::var_os("WHK_BLESS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = crate::support::whk()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "whk completions {shell} failed");
        let path = std::path::Path::new("completions").join(file);
        if bless {
            std::fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        match std::fs::read(&path) {
            Ok(committed) if committed == out.stdout => {}
            _ => stale.push(path.display().to_string()),
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts: {stale:?}; regenerate with `WHK_BLESS=1 cargo test --test main completions::`"
    );
}
