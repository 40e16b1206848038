//! The lexical side of the language: comments, words, names, and resolving a name to the server
//! or client it stands for.

use super::model::{ClientDecl, Ensemble, Member, Subject, Target};
use crate::ids::ServerId;

/// The longest client name: enough for `alice` or `writer-17`, short enough for a diagram label.
pub const MAX_NAME_LEN: usize = 32;

/// Words a client may not be named, as they start statements or actions (`at 1s crash c1` must
/// not also read as client `crash` issuing `c1`).
const RESERVED: [&str; 18] = [
    "seed",
    "ensemble",
    "network",
    "client",
    "at",
    "run",
    "crash",
    "restart",
    "partition",
    "cut",
    "heal",
    "latency",
    "pause",
    "drift",
    "leader",
    "close",
    "runs",
    "for",
];

/// `line` without its comment. A `#` starts a comment at the start of the line or after
/// whitespace, outside double quotes, so that zkCli data such as `x#1` or `"a #b"` survives.
pub fn strip_comment(line: &str) -> &str {
    let mut in_quote = false;
    let mut escaped = false;
    let mut previous_is_space = true;
    for (i, c) in line.char_indices() {
        if in_quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_quote = false,
                _ => {}
            }
        } else if c == '"' {
            in_quote = true;
        } else if c == '#' && previous_is_space {
            return &line[..i];
        }
        previous_is_space = c.is_whitespace();
    }
    line
}

/// The first word of `text` and the trimmed rest (`""` when there is none).
pub fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    }
}

/// Whether `word` has the shape of a server name, `s` and digits.
pub fn looks_like_server(word: &str) -> bool {
    word.len() > 1 && word.starts_with('s') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Checks that `name` may name a client.
pub fn check_client_name(name: &str) -> Result<(), String> {
    let shaped = name.len() <= MAX_NAME_LEN
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !shaped {
        return Err(format!(
            "bad client name '{name}': use a letter, then letters, digits, '_' or '-' \
             (at most {MAX_NAME_LEN} characters)"
        ));
    }
    if looks_like_server(name) {
        return Err(format!("bad client name '{name}': sK names a server"));
    }
    if RESERVED.contains(&name) {
        return Err(format!("bad client name '{name}': it is a keyword"));
    }
    Ok(())
}

/// Checks that `name` may name a recipe program (the same shape as a client name).
pub fn check_program_name(name: &str) -> Result<(), String> {
    let shaped = name.len() <= MAX_NAME_LEN
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "bad program name '{name}': use a letter, then letters, digits, '_' or '-'"
        ))
    }
}

/// `word` as a number in `lo..=hi`, with `what` naming it in the error.
pub fn parse_count(word: &str, what: &str, lo: u64, hi: u64) -> Result<u64, String> {
    let valid = !word.is_empty() && word.len() <= 20 && word.bytes().all(|b| b.is_ascii_digit());
    match word.parse::<u64>() {
        Ok(n) if valid && (lo..=hi).contains(&n) => Ok(n),
        _ => Err(format!(
            "{what} must be a whole number from {lo} to {hi}, not '{word}'"
        )),
    }
}

/// What names resolve against: the ensemble's servers and the declared clients.
pub struct Names<'a> {
    /// The ensemble, for the range of `sK`.
    pub ensemble: &'a Ensemble,
    /// The declared clients.
    pub clients: &'a [ClientDecl],
}

impl Names<'_> {
    /// `sK`, checked against the ensemble.
    pub fn server(&self, word: &str) -> Result<ServerId, String> {
        if !looks_like_server(word) {
            return Err(format!(
                "expected a server (s1..s{}), not '{word}'",
                self.ensemble.total()
            ));
        }
        let digits = word[1..].trim_start_matches('0');
        match digits.parse::<u8>() {
            Ok(n) if self.ensemble.contains(ServerId(n)) => Ok(ServerId(n)),
            _ => Err(format!("unknown server {word} ({})", self.range())),
        }
    }

    fn range(&self) -> String {
        match self.ensemble.total() {
            1 => "the ensemble has only s1".to_string(),
            n => format!("the ensemble has s1..s{n}"),
        }
    }

    /// A declared client's name.
    pub fn client(&self, word: &str) -> Result<String, String> {
        if self.clients.iter().any(|c| c.name == word) {
            Ok(word.to_string())
        } else {
            Err(format!(
                "unknown client '{word}' (declare it with: client {word})"
            ))
        }
    }

    /// `sK` or `leader`.
    pub fn target(&self, word: &str) -> Result<Target, String> {
        if word == "leader" {
            Ok(Target::Leader)
        } else {
            self.server(word).map(Target::Server)
        }
    }

    /// `sK` or a client.
    pub fn member(&self, word: &str) -> Result<Member, String> {
        if looks_like_server(word) {
            self.server(word).map(Member::Server)
        } else if self.clients.iter().any(|c| c.name == word) {
            Ok(Member::Client(word.to_string()))
        } else {
            Err(format!("unknown server or client '{word}'"))
        }
    }

    /// `sK`, `leader` or a client.
    pub fn subject(&self, word: &str) -> Result<Subject, String> {
        if word == "leader" {
            return Ok(Subject::Server(Target::Leader));
        }
        match self.member(word)? {
            Member::Server(id) => Ok(Subject::Server(Target::Server(id))),
            Member::Client(name) => Ok(Subject::Client(name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_start_after_space_outside_quotes() {
        assert_eq!(strip_comment("# all"), "");
        assert_eq!(strip_comment("seed 4 # note"), "seed 4 ");
        assert_eq!(
            strip_comment("at 1s c1 create /a x#1"),
            "at 1s c1 create /a x#1"
        );
        assert_eq!(
            strip_comment(r#"at 1s c1 set /a "b #c" # d"#),
            r#"at 1s c1 set /a "b #c" "#
        );
        assert_eq!(
            strip_comment(r#"c1 set /a "q\" #c" #d"#),
            r#"c1 set /a "q\" #c" "#
        );
        assert_eq!(strip_comment("\t#x"), "\t");
    }

    #[test]
    fn words_and_names() {
        assert_eq!(split_word("  at 1s   c1 create "), ("at", "1s   c1 create"));
        assert_eq!(split_word("heal"), ("heal", ""));
        assert_eq!(split_word(""), ("", ""));
        assert!(check_client_name("alice").is_ok());
        assert!(check_client_name("w-1_x").is_ok());
        assert!(check_client_name("s1").is_err());
        assert!(check_client_name("leader").is_err());
        assert!(check_client_name("1c").is_err());
        assert!(check_client_name("é").is_err());
        assert!(check_client_name(&"a".repeat(33)).is_err());
        assert!(check_client_name("s").is_ok());
        assert!(check_client_name("sa1").is_ok());
    }
}
