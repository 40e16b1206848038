//! zkCli commands (FORMAT.md's subset of zkCli.sh 3.8 syntax) and how each maps onto the
//! ZooKeeper API: a write [`Request`] for the leader's pipeline, or a [`Read`] / sync served
//! by the connected server. This is the one place that mapping lives.
//!
//! Paths are taken as written and sent as they are, valid or not: what an invalid path gets is
//! the server's answer (BADARGUMENTS from the writes that validate, NONODE or null from the
//! lookups that do not), as recorded from ZooKeeper 3.8.0 (`tests/conformance/invalid_paths.zk`).
//! A client library may refuse such paths before sending them (the Java client throws
//! `IllegalArgumentException`, D2; kazoo rewrites or refuses them); that is not modelled here,
//! [`crate::tree::path::validate_path`] tells what the Java client would refuse.

use std::collections::BTreeMap;

use super::error::ParseError;
use super::lexer::{split_words, Word};
use crate::proto::{ClientOp, Read};
use crate::tree::{CreateMode, Op, Request};
use crate::watches::{AddWatchMode, ReadKind};

/// A parsed zkCli command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `create [-s] [-e] [-c] [-t TTL] PATH [DATA]`.
    Create {
        /// Path (prefix for sequential modes).
        path: String,
        /// Data; empty when omitted.
        data: Vec<u8>,
        /// Mode from the flags.
        mode: CreateMode,
    },
    /// `get [-w] PATH`: data and stat.
    Get {
        /// Path.
        path: String,
        /// Leave a one-time data watch.
        watch: bool,
    },
    /// `stat [-w] PATH`: exists().
    Stat {
        /// Path.
        path: String,
        /// Leave a one-time watch (even if the node is missing, W3).
        watch: bool,
    },
    /// `ls [-w] PATH`: children, sorted.
    Ls {
        /// Path.
        path: String,
        /// Leave a one-time child watch.
        watch: bool,
    },
    /// `set [-v VERSION] PATH DATA`.
    Set {
        /// Path.
        path: String,
        /// New data.
        data: Vec<u8>,
        /// Expected version, −1 for any.
        version: i32,
    },
    /// `delete [-v VERSION] PATH`.
    Delete {
        /// Path.
        path: String,
        /// Expected version, −1 for any.
        version: i32,
    },
    /// `sync PATH` (D18).
    Sync {
        /// Path.
        path: String,
    },
    /// `multi OP ; OP ; …` (D17).
    Multi(Vec<Op>),
    /// `addWatch [-m PERSISTENT|PERSISTENT_RECURSIVE] PATH` (W7; zkCli's default mode is
    /// PERSISTENT_RECURSIVE). Not in FORMAT.md: an extension, see the conformance README.
    AddWatch {
        /// Path (need not exist).
        path: String,
        /// The mode.
        mode: AddWatchMode,
    },
}

impl Command {
    /// Parses one command line (without the client name), e.g. `create -e /a x`.
    pub fn parse_line(line: &str) -> Result<Command, ParseError> {
        let words = split_words(line)?;
        match words.split_first() {
            None => Err(ParseError::MissingCommand(String::new())),
            Some((cmd, rest)) => Command::parse(&cmd.text, rest),
        }
    }

    /// Parses a command from its name and argument words. Paths are checked as the client
    /// library checks them before sending (D1, D2).
    pub fn parse(name: &str, args: &[Word]) -> Result<Command, ParseError> {
        match name {
            "create" => {
                let (path, data, mode) = parse_create("create", args)?;
                Ok(Command::Create { path, data, mode })
            }
            "get" | "stat" | "ls" => {
                let name: &'static str = match name {
                    "get" => "get",
                    "stat" => "stat",
                    _ => "ls",
                };
                let (flags, pos) = flags(name, args, &[("-w", false)])?;
                let path = one_path(name, pos)?;
                let watch = flags.contains_key("-w");
                Ok(match name {
                    "get" => Command::Get { path, watch },
                    "stat" => Command::Stat { path, watch },
                    _ => Command::Ls { path, watch },
                })
            }
            "set" => {
                let (path, data, version) = parse_set("set", args)?;
                Ok(Command::Set {
                    path,
                    data,
                    version,
                })
            }
            "delete" => {
                let (path, version) = parse_delete("delete", args)?;
                Ok(Command::Delete { path, version })
            }
            "sync" => {
                let (_, pos) = flags("sync", args, &[])?;
                Ok(Command::Sync {
                    path: one_path("sync", pos)?,
                })
            }
            "multi" => parse_multi(args),
            "addWatch" => {
                let (f, pos) = flags("addWatch", args, &[("-m", true)])?;
                let mode = match f.get("-m") {
                    None => AddWatchMode::PersistentRecursive,
                    Some(Some(m)) if m == "PERSISTENT" => AddWatchMode::Persistent,
                    Some(Some(m)) if m == "PERSISTENT_RECURSIVE" => {
                        AddWatchMode::PersistentRecursive
                    }
                    Some(m) => return Err(ParseError::BadWatchMode(m.clone().unwrap_or_default())),
                };
                Ok(Command::AddWatch {
                    path: one_path("addWatch", pos)?,
                    mode,
                })
            }
            other => Err(ParseError::UnknownCommand(other.to_string())),
        }
    }

    /// The command's name as answers print it (`"create"`, `"get"` …).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Create { .. } => "create",
            Command::Get { .. } => "get",
            Command::Stat { .. } => "stat",
            Command::Ls { .. } => "ls",
            Command::Set { .. } => "set",
            Command::Delete { .. } => "delete",
            Command::Sync { .. } => "sync",
            Command::Multi(_) => "multi",
            Command::AddWatch { .. } => "addWatch",
        }
    }

    /// What the command does against ZooKeeper's API.
    pub fn action(&self) -> ClientOp {
        let read = |kind, path: &String, watch| {
            ClientOp::Read(Read {
                kind,
                path: path.clone(),
                watch,
            })
        };
        match self {
            Command::Create { path, data, mode } => ClientOp::Write(Request::Create {
                path: path.clone(),
                data: data.clone(),
                mode: *mode,
            }),
            Command::Set {
                path,
                data,
                version,
            } => ClientOp::Write(Request::SetData {
                path: path.clone(),
                data: data.clone(),
                version: *version,
            }),
            Command::Delete { path, version } => ClientOp::Write(Request::Delete {
                path: path.clone(),
                version: *version,
            }),
            Command::Multi(ops) => ClientOp::Write(Request::Multi(ops.clone())),
            Command::Get { path, watch } => read(ReadKind::GetData, path, *watch),
            Command::Stat { path, watch } => read(ReadKind::Exists, path, *watch),
            Command::Ls { path, watch } => read(ReadKind::GetChildren, path, *watch),
            Command::Sync { path } => ClientOp::Sync(path.clone()),
            Command::AddWatch { path, mode } => ClientOp::AddWatch {
                path: path.clone(),
                mode: *mode,
            },
        }
    }
}

type Flags = BTreeMap<&'static str, Option<String>>;

/// Reads the flags at the front of `args` (unquoted words starting with `-`) against `spec`
/// (flag, takes a value), and returns them with the remaining positional words.
fn flags<'a>(
    command: &'static str,
    args: &'a [Word],
    spec: &[(&'static str, bool)],
) -> Result<(Flags, &'a [Word]), ParseError> {
    let mut out = Flags::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        if w.quoted || !w.text.starts_with('-') || w.text.len() < 2 {
            break;
        }
        let Some(&(flag, takes_value)) = spec.iter().find(|(f, _)| *f == w.text) else {
            return Err(ParseError::UnknownFlag {
                command,
                flag: w.text.clone(),
            });
        };
        if out.contains_key(flag) {
            return Err(ParseError::RepeatedFlag {
                command,
                flag: flag.to_string(),
            });
        }
        let value = if takes_value {
            i += 1;
            let v = args.get(i).ok_or(ParseError::MissingArgument {
                command,
                what: "flag value",
            })?;
            Some(v.text.clone())
        } else {
            None
        };
        out.insert(flag, value);
        i += 1;
    }
    Ok((out, &args[i..]))
}

fn no_more(command: &'static str, rest: &[Word]) -> Result<(), ParseError> {
    match rest.first() {
        Some(w) => Err(ParseError::UnexpectedArgument {
            command,
            arg: w.text.clone(),
        }),
        None => Ok(()),
    }
}

/// A path argument, taken as written (see the module doc); only an empty one is refused.
fn path_word(command: &'static str, path: &Word) -> Result<String, ParseError> {
    if path.text.is_empty() {
        return Err(ParseError::EmptyPath { command });
    }
    Ok(path.text.clone())
}

fn one_path(command: &'static str, pos: &[Word]) -> Result<String, ParseError> {
    let path = pos.first().ok_or(ParseError::MissingArgument {
        command,
        what: "path",
    })?;
    no_more(command, &pos[1..])?;
    path_word(command, path)
}

fn version(flags: &Flags) -> Result<i32, ParseError> {
    match flags.get("-v") {
        Some(Some(v)) => v.parse().map_err(|_| ParseError::BadNumber {
            what: "version",
            expected: "a 32-bit integer",
            value: v.clone(),
        }),
        _ => Ok(-1),
    }
}

/// `create [-s] [-e] [-c] [-t TTL] PATH [DATA]`, with zkCli's rules on combining flags.
fn parse_create(
    command: &'static str,
    args: &[Word],
) -> Result<(String, Vec<u8>, CreateMode), ParseError> {
    let spec = [("-s", false), ("-e", false), ("-c", false), ("-t", true)];
    let (f, pos) = flags(command, args, &spec)?;
    let (s, e, c) = (
        f.contains_key("-s"),
        f.contains_key("-e"),
        f.contains_key("-c"),
    );
    let ttl = match f.get("-t") {
        Some(Some(v)) => Some(v.parse::<i64>().map_err(|_| ParseError::BadNumber {
            what: "TTL",
            expected: "a 64-bit integer (ms)",
            value: v.clone(),
        })?),
        _ => None,
    };
    let conflict = |why| Err(ParseError::ConflictingFlags { command, why });
    if c && (s || e) {
        return conflict("-c cannot be combined with -s or -e (containers are neither)");
    }
    if ttl.is_some() && (e || c) {
        return conflict("TTLs cannot be used with ephemeral or container nodes");
    }
    let mode = match (s, e, c, ttl) {
        (true, true, _, _) => CreateMode::EphemeralSequential,
        (false, true, _, _) => CreateMode::Ephemeral,
        (true, false, _, Some(t)) => CreateMode::PersistentSequentialWithTtl(t),
        (true, false, _, None) => CreateMode::PersistentSequential,
        (false, false, true, _) => CreateMode::Container,
        (false, false, false, Some(t)) => CreateMode::PersistentWithTtl(t),
        (false, false, false, None) => CreateMode::Persistent,
    };
    let path = pos.first().ok_or(ParseError::MissingArgument {
        command,
        what: "path",
    })?;
    let path = path_word(command, path)?;
    let data = pos
        .get(1)
        .map(|w| w.text.as_bytes().to_vec())
        .unwrap_or_default();
    no_more(command, pos.get(2..).unwrap_or(&[]))?;
    Ok((path, data, mode))
}

/// `set [-v VERSION] PATH DATA`.
fn parse_set(command: &'static str, args: &[Word]) -> Result<(String, Vec<u8>, i32), ParseError> {
    let (f, pos) = flags(command, args, &[("-v", true)])?;
    let version = version(&f)?;
    let path = pos.first().ok_or(ParseError::MissingArgument {
        command,
        what: "path",
    })?;
    let path = path_word(command, path)?;
    let data = pos.get(1).ok_or(ParseError::MissingArgument {
        command,
        what: "data",
    })?;
    no_more(command, &pos[2..])?;
    Ok((path, data.text.as_bytes().to_vec(), version))
}

/// `delete [-v VERSION] PATH`.
fn parse_delete(command: &'static str, args: &[Word]) -> Result<(String, i32), ParseError> {
    let (f, pos) = flags(command, args, &[("-v", true)])?;
    Ok((one_path(command, pos)?, version(&f)?))
}

/// `check -v VERSION PATH` (multi only).
fn parse_check(command: &'static str, args: &[Word]) -> Result<(String, i32), ParseError> {
    let (f, pos) = flags(command, args, &[("-v", true)])?;
    if !f.contains_key("-v") {
        return Err(ParseError::MissingArgument {
            command,
            what: "-v VERSION",
        });
    }
    Ok((one_path(command, pos)?, version(&f)?))
}

/// `multi OP ; OP ; …`: ops are separated by unquoted `;` words; empty ops are skipped.
fn parse_multi(args: &[Word]) -> Result<Command, ParseError> {
    let mut ops = Vec::new();
    for group in args.split(|w| !w.quoted && w.text == ";") {
        let Some((name, rest)) = group.split_first() else {
            continue;
        };
        ops.push(match name.text.as_str() {
            "create" => {
                let (path, data, mode) = parse_create("create", rest)?;
                Op::Create { path, data, mode }
            }
            "set" => {
                let (path, data, version) = parse_set("set", rest)?;
                Op::SetData {
                    path,
                    data,
                    version,
                }
            }
            "delete" => {
                let (path, version) = parse_delete("delete", rest)?;
                Op::Delete { path, version }
            }
            "check" => {
                let (path, version) = parse_check("check", rest)?;
                Op::Check { path, version }
            }
            other => return Err(ParseError::UnknownMultiOp(other.to_string())),
        });
    }
    if ops.is_empty() {
        return Err(ParseError::EmptyMulti);
    }
    Ok(Command::Multi(ops))
}
