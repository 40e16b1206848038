//! ZooKeeper path syntax (reference D1) and path helpers.
//!
//! The rules are those of `PathUtils.validatePath`, which works on Java `char`s (UTF-16 code
//! units): every character outside the Basic Multilingual Plane is a surrogate pair there and so
//! falls in the forbidden range U+D800–U+F8FF.

use thiserror::Error;

/// Why a path is not a valid ZooKeeper path (D1). Positions count UTF-16 code units, as
/// ZooKeeper's own messages do.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PathError {
    /// The path is the empty string.
    #[error("path length must be > 0")]
    Empty,
    /// The path does not start with `/`.
    #[error("path must start with / character: {0:?}")]
    NotAbsolute(String),
    /// The path ends with `/` and is not the root.
    #[error("path must not end with / character: {0:?}")]
    TrailingSlash(String),
    /// A NUL character.
    #[error("null character not allowed @{at} in {path:?}")]
    NulCharacter {
        /// The offending path.
        path: String,
        /// Position of the NUL.
        at: usize,
    },
    /// Two consecutive slashes.
    #[error("empty node name specified @{at} in {path:?}")]
    EmptySegment {
        /// The offending path.
        path: String,
        /// Position of the second slash.
        at: usize,
    },
    /// A segment that is exactly `.` or `..`.
    #[error("relative paths not allowed @{at} in {path:?}")]
    Relative {
        /// The offending path.
        path: String,
        /// Position of the last dot.
        at: usize,
    },
    /// A control character, a surrogate/private-use character or U+FFF0–U+FFFF.
    #[error("invalid character @{at} in {path:?}")]
    InvalidCharacter {
        /// The offending path.
        path: String,
        /// Position of the character.
        at: usize,
    },
}

/// D1: characters ZooKeeper refuses in a path (other than NUL, reported on its own).
fn forbidden(unit: u16) -> bool {
    matches!(unit, 0x0001..=0x001F | 0x007F..=0x009F | 0xD800..=0xF8FF | 0xFFF0..=0xFFFF)
}

/// Validates `path` exactly as `PathUtils.validatePath(path)` does (D1).
pub fn validate_path(path: &str) -> Result<(), PathError> {
    // Work on UTF-16 units so that positions and the surrogate rule match Java.
    let units: Vec<u16> = path.encode_utf16().collect();
    if units.is_empty() {
        return Err(PathError::Empty);
    }
    if units[0] != u16::from(b'/') {
        return Err(PathError::NotAbsolute(path.to_string()));
    }
    if units.len() == 1 {
        return Ok(());
    }
    if units[units.len() - 1] == u16::from(b'/') {
        return Err(PathError::TrailingSlash(path.to_string()));
    }
    let slash = u16::from(b'/');
    let dot = u16::from(b'.');
    let next_ends_segment = |i: usize| i + 1 == units.len() || units[i + 1] == slash;
    let mut last = slash;
    for (i, &c) in units.iter().enumerate().skip(1) {
        let owned = || path.to_string();
        if c == 0 {
            return Err(PathError::NulCharacter {
                path: owned(),
                at: i,
            });
        } else if c == slash && last == slash {
            return Err(PathError::EmptySegment {
                path: owned(),
                at: i,
            });
        } else if c == dot && last == dot {
            // ".." is only refused as a whole segment; "a..b" and "..." are fine.
            if units[i - 2] == slash && next_ends_segment(i) {
                return Err(PathError::Relative {
                    path: owned(),
                    at: i,
                });
            }
        } else if c == dot {
            if units[i - 1] == slash && next_ends_segment(i) {
                return Err(PathError::Relative {
                    path: owned(),
                    at: i,
                });
            }
        } else if forbidden(c) {
            return Err(PathError::InvalidCharacter {
                path: owned(),
                at: i,
            });
        }
        last = c;
    }
    Ok(())
}

/// Validates the path a client passes to `create` (D1): for sequential modes the check runs on
/// `path + "1"`, so a prefix such as `/q/` is accepted (the server appends the counter).
pub fn validate_create_path(path: &str, sequential: bool) -> Result<(), PathError> {
    if sequential {
        validate_path(&format!("{path}1"))
    } else {
        validate_path(path)
    }
}

/// The parent of a path: `None` for the root (and for strings without a `/`), `"/"` for a
/// top-level node. (ZooKeeper computes `""` for the latter and aliases it to the root.)
pub fn parent(path: &str) -> Option<&str> {
    if path == "/" {
        return None;
    }
    match path.rfind('/') {
        Some(0) => Some("/"),
        Some(i) => Some(&path[..i]),
        None => None,
    }
}

/// The last segment of a path (`"b"` for `/a/b`, `""` for the root).
pub fn basename(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

/// Joins a parent path and a child name (`/` + `a` = `/a`, `/a` + `b` = `/a/b`).
pub fn join(parent: &str, child: &str) -> String {
    if parent == "/" {
        format!("/{child}")
    } else {
        format!("{parent}/{child}")
    }
}

/// The sequential suffix for a parent whose stored cversion is `counter` (D8): Java's
/// `String.format("%010d", counter)`, so negative values keep their sign in front of the
/// zero padding and `i32::MIN` gives `-2147483648`.
pub fn sequence_suffix(counter: i32) -> String {
    format!("{counter:010}")
}

/// True if `ancestor` is `path` itself or one of its ancestors (used by recursive watches, W7).
pub fn is_ancestor_or_self(ancestor: &str, path: &str) -> bool {
    if ancestor == "/" || ancestor == path {
        return path.starts_with('/');
    }
    path.len() > ancestor.len()
        && path.starts_with(ancestor)
        && path.as_bytes()[ancestor.len()] == b'/'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// D1: the valid shapes, including dots inside longer names.
    #[test]
    fn d1_valid_paths() {
        for p in [
            "/",
            "/a",
            "/a/b",
            "/a/.b",
            "/a/b.",
            "/a/...",
            "/a..b/c",
            "/zookeeper/x",
            "/é",
        ] {
            assert_eq!(validate_path(p), Ok(()), "{p}");
        }
    }

    /// D1: each invalid shape is refused with its own reason.
    #[test]
    fn d1_invalid_paths() {
        assert_eq!(validate_path(""), Err(PathError::Empty));
        assert!(matches!(validate_path("a"), Err(PathError::NotAbsolute(_))));
        assert!(matches!(
            validate_path("/a/"),
            Err(PathError::TrailingSlash(_))
        ));
        assert!(matches!(
            validate_path("/a//b"),
            Err(PathError::EmptySegment { at: 3, .. })
        ));
        assert!(matches!(
            validate_path("/a/."),
            Err(PathError::Relative { .. })
        ));
        assert!(matches!(
            validate_path("/a/../b"),
            Err(PathError::Relative { .. })
        ));
        assert!(matches!(
            validate_path("/./b"),
            Err(PathError::Relative { .. })
        ));
        assert!(matches!(
            validate_path("/.."),
            Err(PathError::Relative { .. })
        ));
        assert!(matches!(
            validate_path("/a\0b"),
            Err(PathError::NulCharacter { at: 2, .. })
        ));
        for bad in [
            "/a\u{1}",
            "/a\u{1f}",
            "/a\u{7f}",
            "/a\u{9f}",
            "/a\u{e000}",
            "/a\u{fff0}",
        ] {
            assert!(
                matches!(validate_path(bad), Err(PathError::InvalidCharacter { .. })),
                "{bad:?}"
            );
        }
        // Outside the BMP a Java string holds surrogates, which D1 forbids.
        assert!(matches!(
            validate_path("/😀"),
            Err(PathError::InvalidCharacter { at: 1, .. })
        ));
    }

    /// D1: sequential creates are checked on `path + "1"`, so a trailing slash is allowed.
    #[test]
    fn d1_sequential_check_on_path_plus_one() {
        assert!(validate_create_path("/q/", false).is_err());
        assert_eq!(validate_create_path("/q/", true), Ok(()));
        assert_eq!(validate_create_path("/q/item-", true), Ok(()));
        assert!(validate_create_path("/q//", true).is_err());
        assert!(validate_create_path("/q/.", true).is_ok()); // "/q/.1" is a normal name
    }

    #[test]
    fn parent_basename_join() {
        assert_eq!(parent("/"), None);
        assert_eq!(parent("/a"), Some("/"));
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("nope"), None);
        assert_eq!(basename("/a/b"), "b");
        assert_eq!(basename("/"), "");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
        assert!(is_ancestor_or_self("/", "/a/b"));
        assert!(is_ancestor_or_self("/a", "/a/b"));
        assert!(is_ancestor_or_self("/a", "/a"));
        assert!(!is_ancestor_or_self("/a", "/ab"));
        assert!(!is_ancestor_or_self("/a/b", "/a"));
    }

    /// D8: `%010d` of a signed int, including the overflow value.
    #[test]
    fn d8_suffix_format() {
        assert_eq!(sequence_suffix(0), "0000000000");
        assert_eq!(sequence_suffix(42), "0000000042");
        assert_eq!(sequence_suffix(i32::MAX), "2147483647");
        assert_eq!(sequence_suffix(i32::MIN), "-2147483648");
        assert_eq!(sequence_suffix(-5), "-000000005");
    }
}
