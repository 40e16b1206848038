//! Hostile input: whatever the text or fragment, an answer or one clear error, never a panic.

use super::gen;
use crate::lang::scenario::*;
use crate::rng::Rng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

const SOUP: &[&str] = &[
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
    "s1",
    "s3",
    "s9",
    "s0",
    "s256",
    "c1",
    "c2",
    "alice",
    "1s",
    "0s",
    "-1s",
    "1.5s",
    "250ms",
    "40us",
    "1.0000001s",
    "9e9s",
    "3600s",
    "3601s",
    "99999999999999999999999999s",
    "+20%",
    "-20%",
    "-90%",
    "1000%",
    "0.5%",
    "%",
    "servers=5",
    "servers=99",
    "observers=2",
    "tick=2000ms",
    "tick=1.5ms",
    "init=10",
    "sync=0",
    "latency=5ms..15ms",
    "latency=9ms..1ms",
    "loss=0%",
    "loss=101%",
    "connect=s2",
    "timeout=10s",
    "->",
    "<->",
    "s1->s2",
    "s1<->c1",
    "|",
    ",",
    "s1,s2",
    "#",
    "\"",
    "\\",
    "=",
    "..",
    "create",
    "/a",
    "-w",
    "\"a #b\"",
    "é",
    "\u{0}",
    "\u{feff}",
    "🦀",
    "\t",
    "  ",
    "18446744073709551616",
    "",
];

fn random_text(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.range(0, 12) {
        for _ in 0..rng.range(0, 7) {
            text.push_str(SOUP[rng.range(0, SOUP.len() as u64 - 1) as usize]);
            text.push(if rng.range(0, 5) == 0 { '\r' } else { ' ' });
        }
        text.push('\n');
    }
    text
}

/// `text` with a few random edits at character boundaries.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.range(1, 4) {
        let at = rng.range(0, chars.len() as u64) as usize;
        match rng.range(0, 3) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars.insert(at, char::from(rng.range(0x20, 0x7e) as u8)),
            2 => {
                let piece = SOUP[rng.range(0, SOUP.len() as u64 - 1) as usize];
                chars.splice(at..at, piece.chars());
            }
            _ => chars.truncate(at),
        }
    }
    chars.into_iter().collect()
}

/// Anything parse accepts must print and parse back to itself. Returns whether it was accepted.
fn check(text: &str) -> bool {
    match parse(text) {
        Ok(scenario) => {
            let printed = print(&scenario);
            let back = parse(&printed);
            assert_eq!(
                back.as_ref(),
                Ok(&scenario),
                "from {text:?}\nprinted {printed:?}"
            );
            true
        }
        Err(e) => {
            assert!(!e.to_string().contains('\n'), "{e}");
            false
        }
    }
}

#[test]
fn parse_never_panics_and_what_it_accepts_round_trips() {
    let mut rng = Rng::new(5);
    let mut accepted = 0;
    for _ in 0..20_000 {
        accepted += usize::from(check(&random_text(&mut rng)));
    }
    for _ in 0..3_000 {
        let text = print(&gen::scenario(&mut rng));
        for _ in 0..5 {
            accepted += usize::from(check(&mutate(&mut rng, &text)));
        }
    }
    // Enough inputs get through for the round-trip property to mean something.
    assert!(accepted > 2_000, "only {accepted} accepted");
}

/// `fragment` with one random corruption: truncation, a flipped or inserted character, or a
/// splice with another fragment.
fn corrupt(rng: &mut Rng, fragment: &str, other: &str) -> String {
    let bytes = fragment.as_bytes();
    let at = rng.range(0, bytes.len() as u64) as usize;
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.#&+/ \xff";
    let mut out = bytes.to_vec();
    match rng.range(0, 4) {
        0 => out.truncate(at),
        1 if at < out.len() => out[at] = alphabet[rng.range(0, alphabet.len() as u64 - 1) as usize],
        2 => out.insert(
            at,
            alphabet[rng.range(0, alphabet.len() as u64 - 1) as usize],
        ),
        _ => {
            let cut = rng.range(0, other.len() as u64) as usize;
            out.truncate(at);
            out.extend_from_slice(&other.as_bytes()[cut..]);
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn decode_survives_100_000_corrupted_links() {
    let mut rng = Rng::new(77);
    let fragments: Vec<String> = (0..64).map(|_| encode(&gen::scenario(&mut rng))).collect();
    let mut outcomes = [0usize; 2];
    for i in 0..100_000 {
        let a = &fragments[i % fragments.len()];
        let b = &fragments[rng.range(0, fragments.len() as u64 - 1) as usize];
        let mut input = corrupt(&mut rng, a, b);
        for _ in 0..rng.range(0, 2) {
            input = corrupt(&mut rng, &input, b);
        }
        match decode(&input) {
            Ok(_) => outcomes[0] += 1,
            Err(e) => {
                assert!(!e.to_string().contains('\n'), "{e}");
                outcomes[1] += 1;
            }
        }
    }
    assert!(outcomes[1] > 50_000, "{outcomes:?}");
}

fn link(bytes: &[u8]) -> String {
    format!("s=v1.{}", URL_SAFE_NO_PAD.encode(bytes))
}

fn deflated(bytes: &[u8]) -> String {
    link(&miniz_oxide::deflate::compress_to_vec(bytes, 6))
}

#[test]
fn each_kind_of_bad_link_has_its_error() {
    assert_eq!(decode(""), Err(UrlError::Missing));
    assert_eq!(decode("#t=3"), Err(UrlError::Missing));
    assert_eq!(decode("#s=abc"), Err(UrlError::NoVersion));
    assert_eq!(decode("s=x1.abc"), Err(UrlError::NoVersion));
    assert_eq!(
        decode("s=v2.abc"),
        Err(UrlError::UnknownVersion("v2".into()))
    );
    assert!(decode("s=v2.abc")
        .unwrap_err()
        .to_string()
        .contains("does not read"));
    assert_eq!(decode("s=v1.a*b"), Err(UrlError::NotBase64));
    assert_eq!(decode("s=v1.A"), Err(UrlError::NotBase64));
    assert_eq!(
        decode(&link(b"not deflate at all")),
        Err(UrlError::NotDeflate)
    );
    assert_eq!(decode("s=v1."), Err(UrlError::NotDeflate));
    let good = encode(&Scenario::default());
    assert_eq!(decode(&good[..good.len() - 6]), Err(UrlError::NotDeflate));
    assert_eq!(
        decode(&deflated(&[0xff, 0xfe, b'a'])),
        Err(UrlError::NotUtf8)
    );
    match decode(&deflated(b"seed 1\nbogus\n")) {
        Err(UrlError::Scenario(e)) => assert_eq!(e.line, 2),
        other => panic!("{other:?}"),
    }
    match decode(&deflated(
        b"# x\nseed 999999999999999999999999999999999999999\n",
    )) {
        Err(UrlError::Scenario(e)) => assert!(e.message.contains("seed must be")),
        other => panic!("{other:?}"),
    }
    let huge = "A".repeat(MAX_FRAGMENT_BYTES + 1);
    assert_eq!(decode(&huge), Err(UrlError::TooLong(huge.len())));
    // Padding from other tools is tolerated.
    assert!(decode(&format!("{good}==")).is_ok());
}

#[test]
fn a_decompression_bomb_stops_at_the_cap() {
    // 8 MiB of spaces deflate to about 8 KiB; decoding must stop at MAX_TEXT_BYTES.
    let bomb = deflated(&vec![b' '; 8 << 20]);
    assert!(bomb.len() < 20_000, "{}", bomb.len());
    assert_eq!(decode(&bomb), Err(UrlError::TooLarge));
    // Just under the cap is fine: blank lines are a valid scenario.
    assert_eq!(
        decode(&deflated(&vec![b'\n'; MAX_TEXT_BYTES])),
        Ok(Scenario::default())
    );
}
