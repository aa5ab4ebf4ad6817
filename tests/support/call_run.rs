//! One finished `whk call` run as the call tests read it (exit code, stdout, stderr; the
//! `--json` lines and summary), and the text filter that makes its human output stable
//! (the app's port and measured latencies). Shared by the `call_*` test modules.

#![allow(dead_code)]

use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// A finished `whk` process.
    pub fn of(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The `--json` lines: timeline entries, then the summary.
    pub fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    pub fn summary(&self) -> Value {
        self.lines()
            .pop()
            .and_then(|mut v| v.get_mut("summary").map(Value::take))
            .unwrap_or_else(|| panic!("no summary: {}\n{}", self.stdout, self.stderr))
    }

    pub fn finding_codes(&self) -> Vec<String> {
        self.summary()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    }

    /// `kind name` of every request entry, in order.
    pub fn requests(&self) -> Vec<String> {
        self.lines()
            .iter()
            .filter(|l| l["type"] == "request")
            .map(|l| {
                format!(
                    "{} {}",
                    l["kind"].as_str().unwrap(),
                    l["name"].as_str().unwrap()
                )
            })
            .collect()
    }
}

/// Text with the port of `base` (`http://127.0.0.1:PORT`) and the measured latencies (the
/// only things that move between runs) written as `PORT` and `N ms`.
pub fn stable(text: &str, base: &str) -> String {
    let port = base.rsplit(':').next().unwrap().to_string();
    let text = text.replace(&port, "PORT");
    // `200 in 1.28ms` → `200 in N ms`.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let num = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let after = &rest[num..];
        match ["µs", "ms", " s", "s"]
            .into_iter()
            .find(|u| after.starts_with(u))
        {
            Some(u) if num > 0 => {
                out.push_str("N ms");
                rest = &after[u.len()..];
            }
            _ => {}
        }
    }
    out.push_str(rest);
    out
}

/// `whk listen` on port 0 (`--json`, verifying with `secret`), started to take `count`
/// deliveries: what the "whk against itself" tests point `whk call --to` at.
pub struct Listen {
    child: std::process::Child,
    lines: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
    /// `http://127.0.0.1:PORT`, from its first line.
    pub url: String,
}

impl Listen {
    pub fn start(secret: &str, count: usize) -> Listen {
        use std::io::BufRead;
        let mut child = crate::support::whk_std()
            .args(["listen", "--port", "0", "--json", "--secret", secret])
            .args(["--count", &count.to_string(), "--timeout", "20s"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
        let url = first["listening"].as_str().unwrap().to_string();
        Listen { child, lines, url }
    }

    /// Wait for it to exit: its exit code and the deliveries it printed (not its summary).
    pub fn finish(mut self) -> (Option<i32>, Vec<Value>) {
        let status = self.child.wait().unwrap();
        let deliveries = self
            .lines
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str(&l).ok())
            .filter(|v: &Value| v.get("summary").is_none())
            .collect();
        (status.code(), deliveries)
    }
}
