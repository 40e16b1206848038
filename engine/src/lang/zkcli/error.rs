//! What can be wrong with a script line or a command.

use thiserror::Error;

/// A line that is not a valid statement or command. Each variant says what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ParseError {
    /// A quote was opened and never closed.
    #[error("unterminated {0} quote")]
    UnterminatedQuote(char),
    /// A backslash ends the line, with nothing to escape.
    #[error("a backslash at the end of the line escapes nothing")]
    TrailingBackslash,
    /// The line has a client name but no command.
    #[error("client {0:?} has no command")]
    MissingCommand(String),
    /// The first word after the client name is not a known command.
    #[error(
        "unknown command {0:?} (expected create, get, stat, ls, set, delete, sync, addWatch or multi)"
    )]
    UnknownCommand(String),
    /// The operation cannot appear inside a multi.
    #[error("{0:?} is not a multi op (expected create, set, delete or check)")]
    UnknownMultiOp(String),
    /// A required argument is missing.
    #[error("{command}: missing {what}")]
    MissingArgument {
        /// The command.
        command: &'static str,
        /// What is missing.
        what: &'static str,
    },
    /// An argument the command does not take.
    #[error("{command}: unexpected argument {arg:?}")]
    UnexpectedArgument {
        /// The command.
        command: &'static str,
        /// The extra argument.
        arg: String,
    },
    /// A flag the command does not take.
    #[error("{command}: unknown flag {flag:?}")]
    UnknownFlag {
        /// The command.
        command: &'static str,
        /// The flag.
        flag: String,
    },
    /// A flag given twice.
    #[error("{command}: flag {flag} given twice")]
    RepeatedFlag {
        /// The command.
        command: &'static str,
        /// The flag.
        flag: String,
    },
    /// Flags that cannot be combined (zkCli's own rules for create).
    #[error("{command}: {why}")]
    ConflictingFlags {
        /// The command.
        command: &'static str,
        /// Which combination and why.
        why: &'static str,
    },
    /// A number that does not parse or is out of range.
    #[error("{what} must be {expected}, got {value:?}")]
    BadNumber {
        /// Which value.
        what: &'static str,
        /// The accepted range, in words.
        expected: &'static str,
        /// What was given.
        value: String,
    },
    /// An empty path word (`""`). Paths are otherwise sent as written, valid or not (the
    /// server answers for them, see `tests/conformance/README.md`); an empty one has no
    /// faithful wire form (kazoo sends it as a null string, the Java client refuses it).
    #[error("{command}: empty path")]
    EmptyPath {
        /// The command.
        command: &'static str,
    },
    /// A multi with no op.
    #[error("multi needs at least one op")]
    EmptyMulti,
    /// A client name with characters other than letters, digits, `_`, `-` and `.`.
    #[error("invalid client name {0:?} (use letters, digits, '_', '-' or '.')")]
    BadClientName(String),
    /// An `addWatch -m` mode other than PERSISTENT or PERSISTENT_RECURSIVE.
    #[error("addWatch: unknown mode {0:?} (expected PERSISTENT or PERSISTENT_RECURSIVE)")]
    BadWatchMode(String),
    /// An `open` option other than `timeout=MS`.
    #[error("open: unknown option {0:?} (expected timeout=MS)")]
    BadOpenOption(String),
}

/// A script line that failed to parse.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}: {error}")]
pub struct ScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub error: ParseError,
}
