//! Splitting a line into words, as the conformance recorder does (`shlex.split`, POSIX mode):
//! ASCII space, tab, CR and LF separate words (any other space, U+00A0 say, is part of a word); `\` escapes the next character; `"…"` groups words, with `\"`
//! and `\\` as its only escapes; `'…'` is literal.

use super::error::ParseError;
use crate::proto::is_word_separator;

/// One word of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes and escapes resolved.
    pub text: String,
    /// Whether any part of it was quoted or escaped (so a quoted `;` is data, not a separator).
    pub quoted: bool,
}

/// Splits `line` into words.
pub fn split_words(line: &str) -> Result<Vec<Word>, ParseError> {
    let mut words = Vec::new();
    let mut chars = line.chars();
    let mut cur: Option<Word> = None;
    while let Some(c) = chars.next() {
        match c {
            c if is_word_separator(c) => {
                if let Some(w) = cur.take() {
                    words.push(w);
                }
            }
            '\\' => {
                let w = cur.get_or_insert_with(empty);
                w.quoted = true;
                w.text
                    .push(chars.next().ok_or(ParseError::TrailingBackslash)?);
            }
            '"' => {
                let w = cur.get_or_insert_with(empty);
                w.quoted = true;
                loop {
                    match chars.next() {
                        None => return Err(ParseError::UnterminatedQuote('"')),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            None => return Err(ParseError::UnterminatedQuote('"')),
                            Some(e @ ('"' | '\\')) => w.text.push(e),
                            Some(other) => {
                                w.text.push('\\');
                                w.text.push(other);
                            }
                        },
                        Some(other) => w.text.push(other),
                    }
                }
            }
            '\'' => {
                let w = cur.get_or_insert_with(empty);
                w.quoted = true;
                loop {
                    match chars.next() {
                        None => return Err(ParseError::UnterminatedQuote('\'')),
                        Some('\'') => break,
                        Some(other) => w.text.push(other),
                    }
                }
            }
            other => cur.get_or_insert_with(empty).text.push(other),
        }
    }
    if let Some(w) = cur {
        words.push(w);
    }
    Ok(words)
}

fn empty() -> Word {
    Word {
        text: String::new(),
        quoted: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<String> {
        split_words(line)
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn words_and_quotes() {
        assert_eq!(texts("c1 create /a hello"), ["c1", "create", "/a", "hello"]);
        assert_eq!(texts("  c1\tget   /a  "), ["c1", "get", "/a"]);
        assert_eq!(
            texts(r#"c1 create /a "child data""#),
            ["c1", "create", "/a", "child data"]
        );
        assert_eq!(texts(r#"x "a \"q\" \\ \n""#), ["x", "a \"q\" \\ \\n"]);
        assert_eq!(texts(r#"x """#), ["x", ""]);
        assert_eq!(texts(r"x 'a b\'"), ["x", "a b\\"]);
        assert_eq!(texts(r"x a\ b"), ["x", "a b"]);
        assert_eq!(texts(r#"x ab"c d"e"#), ["x", "abc de"]);
        assert!(!split_words(";").unwrap()[0].quoted);
        assert!(split_words("\";\"").unwrap()[0].quoted);
    }

    #[test]
    fn only_ascii_space_tab_cr_lf_separate_words() {
        // D20: a no-break space, an em space, an ideographic space belong to their word.
        assert_eq!(
            texts("create /a\u{a0}b x\u{2003}y"),
            ["create", "/a\u{a0}b", "x\u{2003}y"]
        );
        assert_eq!(texts("ls\t/\r\nz\u{3000}"), ["ls", "/", "z\u{3000}"]);
    }

    #[test]
    fn lexer_errors() {
        assert_eq!(
            split_words("a \"b"),
            Err(ParseError::UnterminatedQuote('"'))
        );
        assert_eq!(
            split_words("a 'b"),
            Err(ParseError::UnterminatedQuote('\''))
        );
        assert_eq!(split_words("a \\"), Err(ParseError::TrailingBackslash));
        assert_eq!(
            split_words("a \"\\"),
            Err(ParseError::UnterminatedQuote('"'))
        );
    }
}
