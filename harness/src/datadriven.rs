//! Data-driven test files (the format of etcd-io/raft's `testdata`, from
//! cockroachdb/datadriven):
//!
//! ```text
//! # a comment
//! command arg key=value
//! input line
//! ----
//! expected output
//! expected output
//!
//! next command
//! ----
//! ```
//!
//! A case is a command line, optional input lines, a `----` line, and the expected output up
//! to the next blank line (so an output never holds a blank line). Lines starting with `#`
//! between cases are comments. With `REWRITE=1` in the environment, the expected outputs of
//! every file are rewritten from what the commands give (then read the diff).

use std::fmt::Write as _;
use std::path::Path;

/// One case of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// Where its command line is (1-based), for messages.
    pub line: usize,
    /// The command (first word of the command line).
    pub cmd: String,
    /// The rest of the command line, split on spaces.
    pub args: Vec<String>,
    /// The rest of the command line, as written.
    pub rest: String,
    /// The input lines between the command and `----`, each ending in a newline.
    pub input: String,
    /// The expected output, each line ending in a newline.
    pub expected: String,
}

impl Case {
    /// The value of argument `key=VALUE`, if given.
    pub fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find_map(|a| a.strip_prefix(key)?.strip_prefix('='))
    }
}

/// A file's text split into cases and the text between them (comments, blank lines), so that
/// the file can be written back with new outputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// (text before the case, the case), in order.
    pub parts: Vec<(String, Case)>,
    /// Text after the last case.
    pub tail: String,
}

/// What is wrong with a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The 1-based line.
    pub line: usize,
    /// What.
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Split a file into its cases.
pub fn parse(text: &str) -> Result<File, FormatError> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut parts = Vec::new();
    let mut between = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            between.push_str(line);
            i += 1;
            continue;
        }
        let at = i + 1;
        let (cmd, rest) = trimmed.split_once(' ').unwrap_or((trimmed, ""));
        let mut input = String::new();
        i += 1;
        loop {
            let Some(l) = lines.get(i) else {
                return Err(FormatError {
                    line: at,
                    message: format!("`{cmd}` has no `----` line"),
                });
            };
            i += 1;
            if l.trim_end() == "----" {
                break;
            }
            input.push_str(l);
        }
        let mut expected = String::new();
        while let Some(l) = lines.get(i) {
            if l.trim().is_empty() {
                break;
            }
            expected.push_str(l);
            i += 1;
        }
        if !expected.is_empty() && !expected.ends_with('\n') {
            expected.push('\n');
        }
        let case = Case {
            line: at,
            cmd: cmd.to_string(),
            args: rest.split_whitespace().map(str::to_string).collect(),
            rest: rest.to_string(),
            input: with_newline(&input),
            expected,
        };
        parts.push((std::mem::take(&mut between), case));
    }
    Ok(File {
        parts,
        tail: between,
    })
}

fn with_newline(s: &str) -> String {
    if s.is_empty() || s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

/// The file's text with each case's expected output replaced by `outputs` (in order).
pub fn print(file: &File, outputs: &[String]) -> String {
    let mut out = String::new();
    for ((before, case), output) in file.parts.iter().zip(outputs) {
        out.push_str(before);
        let _ = write!(out, "{}", case.cmd);
        if !case.rest.is_empty() {
            let _ = write!(out, " {}", case.rest);
        }
        out.push('\n');
        out.push_str(&case.input);
        out.push_str("----\n");
        out.push_str(&with_newline(output));
    }
    out.push_str(&file.tail);
    out
}

/// Run every case of the file at `path` through `run` (a fresh `T` per file from `start`),
/// compare each output with the expected one, and panic with every difference; with
/// `REWRITE=1`, rewrite the file's expected outputs instead.
pub fn run_file<T>(
    path: &Path,
    start: impl Fn() -> T,
    mut run: impl FnMut(&mut T, &Case) -> String,
) {
    let name = path.display();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let file = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut state = start();
    let mut outputs = Vec::new();
    let mut failures = Vec::new();
    for (_, case) in &file.parts {
        let mut got = run(&mut state, case);
        assert!(
            !got.lines().any(|l| l.trim().is_empty()),
            "{name}:{}: `{}` printed a blank line (outputs end at a blank line)",
            case.line,
            case.cmd
        );
        if got.is_empty() {
            got = "ok\n".to_string();
        }
        let got = with_newline(&got);
        if got != case.expected {
            failures.push(format!(
                "{name}:{}: {} {}\n--- expected\n{}--- got\n{}",
                case.line, case.cmd, case.rest, case.expected, got
            ));
        }
        outputs.push(got);
    }
    if rewrite() {
        let new = print(&file, &outputs);
        if new != text {
            std::fs::write(path, new).unwrap_or_else(|e| panic!("{name}: {e}"));
            eprintln!("rewrote {name}");
        }
        return;
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ (rerun with REWRITE=1 and review the diff):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// True when the expected outputs are to be rewritten (`REWRITE=1`).
pub fn rewrite() -> bool {
    std::env::var("REWRITE").is_ok_and(|v| v == "1")
}

/// Every `*.txt` file under `dir`, sorted.
pub fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_round_trip_and_keep_comments() {
        let text = "# about\n\nrun until=1s\n----\nat 0ms x\n\n# more\nstatus\ninput\n----\nok\n";
        let f = parse(text).unwrap();
        assert_eq!(f.parts.len(), 2);
        assert_eq!(f.parts[0].1.cmd, "run");
        assert_eq!(f.parts[0].1.arg("until"), Some("1s"));
        assert_eq!(f.parts[1].1.input, "input\n");
        let outs: Vec<String> = f.parts.iter().map(|(_, c)| c.expected.clone()).collect();
        assert_eq!(print(&f, &outs), text);
        assert!(parse("status\nno separator\n").is_err());
    }
}
