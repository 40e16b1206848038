//! FORMAT.md's script language: one statement a line; blank lines and `#` lines ignored.
//!
//! ```text
//! open NAME [timeout=MS]
//! close NAME
//! NAME COMMAND
//! ```

use super::command::Command;
use super::error::{ParseError, ScriptError};
use super::lexer::split_words;

/// The session timeout `open` asks for when none is given.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// One script statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// Open a session for `client` and wait until it is connected.
    Open {
        /// Client name.
        client: String,
        /// Requested session timeout.
        timeout_ms: u32,
    },
    /// Close `client`'s session (a closeSession txn).
    Close {
        /// Client name.
        client: String,
    },
    /// A zkCli command issued by `client`.
    Command {
        /// Client name.
        client: String,
        /// The command.
        command: Command,
    },
}

impl Statement {
    /// The client the statement is about.
    pub fn client(&self) -> &str {
        match self {
            Statement::Open { client, .. }
            | Statement::Close { client }
            | Statement::Command { client, .. } => client,
        }
    }

    /// The answer line's `cmd`: `open`, `close` or the command's name.
    pub fn cmd_name(&self) -> &'static str {
        match self {
            Statement::Open { .. } => "open",
            Statement::Close { .. } => "close",
            Statement::Command { command, .. } => command.name(),
        }
    }

    /// Parses one line; `Ok(None)` for a blank or comment line.
    pub fn parse_line(line: &str) -> Result<Option<Statement>, ParseError> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(None);
        }
        let words = split_words(line)?;
        let Some((first, rest)) = words.split_first() else {
            return Ok(None);
        };
        let name_at = |i: usize, what: &'static str| -> Result<String, ParseError> {
            let w = rest.get(i).ok_or(ParseError::MissingArgument {
                command: what,
                what: "client name",
            })?;
            client_name(&w.text)
        };
        let stmt = match first.text.as_str() {
            "open" if !first.quoted => {
                let client = name_at(0, "open")?;
                let mut timeout_ms = DEFAULT_TIMEOUT_MS;
                for opt in &rest[1..] {
                    let ms = opt
                        .text
                        .strip_prefix("timeout=")
                        .ok_or_else(|| ParseError::BadOpenOption(opt.text.clone()))?;
                    timeout_ms = ms.parse().ok().filter(|t| *t > 0).ok_or_else(|| {
                        ParseError::BadNumber {
                            what: "timeout",
                            expected: "a positive number of milliseconds",
                            value: ms.to_string(),
                        }
                    })?;
                }
                Statement::Open { client, timeout_ms }
            }
            "close" if !first.quoted => {
                let client = name_at(0, "close")?;
                if let Some(extra) = rest.get(1) {
                    return Err(ParseError::UnexpectedArgument {
                        command: "close",
                        arg: extra.text.clone(),
                    });
                }
                Statement::Close { client }
            }
            _ => {
                let client = client_name(&first.text)?;
                let (cmd, args) = rest
                    .split_first()
                    .ok_or(ParseError::MissingCommand(client.clone()))?;
                Statement::Command {
                    client,
                    command: Command::parse(&cmd.text, args)?,
                }
            }
        };
        Ok(Some(stmt))
    }
}

/// Client names are words of letters, digits, `_`, `-` and `.`.
fn client_name(name: &str) -> Result<String, ParseError> {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Ok(name.to_string())
    } else {
        Err(ParseError::BadClientName(name.to_string()))
    }
}

/// A parsed script: statements with their 1-based line numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    /// (line number, statement), in order.
    pub statements: Vec<(usize, Statement)>,
}

impl Script {
    /// Parses a whole script; the first bad line is reported with its number.
    pub fn parse(text: &str) -> Result<Script, ScriptError> {
        let mut statements = Vec::new();
        for (i, line) in text.lines().enumerate() {
            match Statement::parse_line(line) {
                Ok(Some(s)) => statements.push((i + 1, s)),
                Ok(None) => {}
                Err(error) => return Err(ScriptError { line: i + 1, error }),
            }
        }
        Ok(Script { statements })
    }
}
