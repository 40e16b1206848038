//! The canonical text of protocol values, as people read them in a trace: an operation as the
//! zkCli command that asks for it (`create -e /a x`, which the zkCli parser reads back to the
//! same operation), and an answer in a few words (`/a`, `error NONODE`, `version 3`).

use super::{ClientOp, Outcome, Read};
use crate::tree::{CreateMode, Op, Reply, Request};
use crate::watches::{AddWatchMode, ReadKind};
use std::fmt::{self, Display, Write};

/// True for what separates zkCli words: ASCII space, tab, CR and LF, as in zkCli and a POSIX
/// shell (Python's `shlex`, which the conformance recorder uses). Any other space, a no-break
/// space (U+00A0) say, belongs to the word.
pub fn is_word_separator(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// One zkCli word: bare when the zkCli lexer reads it back as written, else in double quotes.
struct Word<'a>(&'a str);

impl Display for Word<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let special = |c: char| is_word_separator(c) || matches!(c, '"' | '\'' | '\\' | ';');
        let bare = !s.is_empty() && !s.starts_with(['-', '#']) && !s.contains(special);
        if bare {
            return f.write_str(s);
        }
        f.write_char('"')?;
        for c in s.chars() {
            if matches!(c, '"' | '\\') {
                f.write_char('\\')?;
            }
            f.write_char(c)?;
        }
        f.write_char('"')
    }
}

/// Data as the zkCli word that writes it.
fn data(bytes: &[u8]) -> String {
    Word(&String::from_utf8_lossy(bytes)).to_string()
}

fn version_flag(version: i32) -> String {
    if version == -1 {
        String::new()
    } else {
        format!("-v {version} ")
    }
}

fn create_text(path: &str, bytes: &[u8], mode: CreateMode) -> String {
    let flags = match mode {
        CreateMode::Persistent => String::new(),
        CreateMode::Ephemeral => "-e ".into(),
        CreateMode::PersistentSequential => "-s ".into(),
        CreateMode::EphemeralSequential => "-s -e ".into(),
        CreateMode::Container => "-c ".into(),
        CreateMode::PersistentWithTtl(t) => format!("-t {t} "),
        CreateMode::PersistentSequentialWithTtl(t) => format!("-s -t {t} "),
    };
    let data = if bytes.is_empty() {
        String::new()
    } else {
        format!(" {}", data(bytes))
    };
    format!("create {flags}{}{data}", Word(path))
}

fn op_text(op: &Op) -> String {
    match op {
        Op::Create { path, data, mode } => create_text(path, data, *mode),
        Op::SetData {
            path,
            data: d,
            version,
        } => format!("set {}{} {}", version_flag(*version), Word(path), data(d)),
        Op::Delete { path, version } => {
            format!("delete {}{}", version_flag(*version), Word(path))
        }
        Op::Check { path, version } => format!("check -v {version} {}", Word(path)),
    }
}

impl Display for ClientOp {
    /// The zkCli command that asks for this operation (`close` for closing the session).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientOp::Write(Request::Create { path, data, mode }) => {
                f.write_str(&create_text(path, data, *mode))
            }
            ClientOp::Write(Request::SetData {
                path,
                data: d,
                version,
            }) => write!(
                f,
                "set {}{} {}",
                version_flag(*version),
                Word(path),
                data(d)
            ),
            ClientOp::Write(Request::Delete { path, version }) => {
                write!(f, "delete {}{}", version_flag(*version), Word(path))
            }
            ClientOp::Write(Request::Check { path, version }) => {
                write!(f, "check -v {version} {}", Word(path))
            }
            ClientOp::Write(Request::Multi(ops)) => {
                let ops: Vec<String> = ops.iter().map(op_text).collect();
                write!(f, "multi {}", ops.join(" ; "))
            }
            // Requests no zkCli command asks for: the server's own, named as ZooKeeper names them.
            ClientOp::Write(Request::CreateSession { .. }) => f.write_str("createSession"),
            ClientOp::Write(Request::CloseSession { .. }) => f.write_str("closeSession"),
            ClientOp::Write(Request::DeleteContainer { path }) => {
                write!(f, "deleteContainer {}", Word(path))
            }
            ClientOp::Read(Read { kind, path, watch }) => {
                let name = match kind {
                    ReadKind::GetData => "get",
                    ReadKind::Exists => "stat",
                    ReadKind::GetChildren => "ls",
                };
                let w = if *watch { "-w " } else { "" };
                write!(f, "{name} {w}{}", Word(path))
            }
            ClientOp::Sync(path) => write!(f, "sync {}", Word(path)),
            ClientOp::AddWatch { path, mode } => match mode {
                AddWatchMode::PersistentRecursive => write!(f, "addWatch {}", Word(path)),
                AddWatchMode::Persistent => write!(f, "addWatch -m PERSISTENT {}", Word(path)),
            },
            ClientOp::CloseSession => f.write_str("close"),
        }
    }
}

impl Display for Outcome {
    /// The answer in a few words: `/a` (created), `"x" version 0` (data), `no node`,
    /// `[a, b]` (children), `version 3` (set), `deleted`, `error NONODE`, ….
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Opened => f.write_str("open"),
            Outcome::Closed => f.write_str("closed"),
            Outcome::Created(path) => f.write_str(path),
            Outcome::Data { data: d, stat } => write!(f, "{} version {}", data(d), stat.version),
            Outcome::Exists(Some(stat)) => write!(f, "exists, version {}", stat.version),
            Outcome::Exists(None) => f.write_str("no node"),
            Outcome::Children(kids) => write!(f, "[{}]", kids.join(", ")),
            Outcome::DataSet(stat) => write!(f, "version {}", stat.version),
            Outcome::Deleted => f.write_str("deleted"),
            Outcome::Synced => f.write_str("synced"),
            Outcome::Checked => f.write_str("checked"),
            Outcome::WatchAdded => f.write_str("watching"),
            Outcome::Multi(results) => match results.iter().find_map(Reply::error) {
                Some(_) => {
                    let codes: Vec<&str> = results
                        .iter()
                        .map(|r| r.error().map_or("OK", |c| c.name()))
                        .collect();
                    write!(f, "error [{}]", codes.join(", "))
                }
                None => write!(f, "ok ({} ops)", results.len()),
            },
            Outcome::Error(code) => write!(f, "error {}", code.name()),
        }
    }
}
