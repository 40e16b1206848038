//! The share form of a scenario: a URL fragment `s=v1.<base64url(deflate(canonical text))>`.
//!
//! The version prefix lets a later format come in without breaking old links: `v1` links decode
//! with this code forever. Decoding treats its input as hostile: every failure is one
//! [`UrlError`], no input makes it panic, and nothing it allocates grows past a fixed bound.

use super::model::Scenario;
use super::parse::{parse, ScenarioError, MAX_TEXT_BYTES};
use super::print::print;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// The key of the scenario in a fragment (`#s=...`).
const KEY: &str = "s=";
/// The current format's version tag.
const VERSION: &str = "v1";
/// The longest fragment decoded: the base64 of any deflated text of [`MAX_TEXT_BYTES`] fits.
pub const MAX_FRAGMENT_BYTES: usize = 2 * MAX_TEXT_BYTES;
/// The deflate level: the best ratio, as links are made rarely and should be short.
const LEVEL: u8 = 9;

/// Why a fragment does not give a scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    /// The fragment has no `s=` part.
    #[error("the link holds no scenario (expected s=v1....)")]
    Missing,
    /// The fragment is longer than any valid link.
    #[error("the link is too long ({0} characters, at most {MAX_FRAGMENT_BYTES})")]
    TooLong(usize),
    /// The `s=` value has no `vN.` prefix.
    #[error("the link's scenario has no version (expected s=v1....)")]
    NoVersion,
    /// The version is not one this build reads.
    #[error(
        "the link is in format {0}, which this version of ZooScope does not read (it reads v1)"
    )]
    UnknownVersion(String),
    /// The payload is not base64url.
    #[error("the link is damaged: its scenario is not valid base64url")]
    NotBase64,
    /// The payload is not a complete deflate stream.
    #[error("the link is damaged or truncated: its scenario does not decompress")]
    NotDeflate,
    /// The payload decompresses past the size any scenario may have.
    #[error("the link's scenario is larger than {MAX_TEXT_BYTES} bytes")]
    TooLarge,
    /// The decompressed text is not UTF-8.
    #[error("the link is damaged: its scenario is not UTF-8 text")]
    NotUtf8,
    /// The text decompressed but is not a valid scenario.
    #[error("the link's scenario is invalid: {0}")]
    Scenario(#[from] ScenarioError),
}

/// The fragment that shares `scenario`, such as `s=v1.K04...`, without the leading `#`.
///
/// A scenario that came from [`parse`] always gives a fragment that [`decode`]s to it; one built
/// by hand must satisfy the parser's rules and bounds too.
pub fn encode(scenario: &Scenario) -> String {
    encode_keyed(KEY, &print(scenario))
}

/// The fragment `KEYv1.<base64url(raw deflate(text))>` for any text (a lesson uses `l=`).
pub fn encode_keyed(key: &str, text: &str) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), LEVEL);
    format!("{key}{VERSION}.{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// The scenario a fragment shares. Takes the fragment with or without its `#`, or a whole URL
/// (everything after its first `#`); other `key=value` parts joined by `&` are ignored, so
/// later versions may add some.
pub fn decode(fragment: &str) -> Result<Scenario, UrlError> {
    let text = decode_text(fragment)?;
    Ok(parse(&text)?)
}

/// The scenario text a fragment holds, as written (not checked to be a valid scenario).
pub fn decode_text(fragment: &str) -> Result<String, UrlError> {
    decode_keyed(KEY, fragment)
}

/// The text a fragment holds under `key` (see [`encode_keyed`]), with the same checks as
/// [`decode_text`].
pub fn decode_keyed(key: &str, fragment: &str) -> Result<String, UrlError> {
    if fragment.len() > MAX_FRAGMENT_BYTES {
        return Err(UrlError::TooLong(fragment.len()));
    }
    let fragment = fragment.trim();
    let fragment = fragment
        .split_once('#')
        .map_or(fragment, |(_, after)| after);
    let value = fragment
        .split('&')
        .find_map(|part| part.strip_prefix(key))
        .ok_or(UrlError::Missing)?;
    let (version, payload) = value.split_once('.').ok_or(UrlError::NoVersion)?;
    if version != VERSION {
        // Only a well-formed version is named in the error (a line of its own, nothing else).
        let word = version.len() <= 8
            && version.starts_with('v')
            && version[1..].chars().all(|c| c.is_ascii_alphanumeric());
        if !word {
            return Err(UrlError::NoVersion);
        }
        return Err(UrlError::UnknownVersion(version.to_string()));
    }
    // Tolerate padding some tools add; the canonical link has none.
    let payload = payload.trim_end_matches('=');
    let compressed = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| UrlError::NotBase64)?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_TEXT_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => UrlError::TooLarge,
            _ => UrlError::NotDeflate,
        })?;
    String::from_utf8(bytes).map_err(|_| UrlError::NotUtf8)
}
