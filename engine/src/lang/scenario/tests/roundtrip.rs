//! print then parse gives back the same scenario; so does encode then decode.

use super::gen;
use crate::lang::scenario::*;
use crate::rng::Rng;

#[test]
fn print_then_parse_is_identity_on_random_scenarios() {
    let mut rng = Rng::new(20_240_601);
    for i in 0..3_000 {
        let scenario = gen::scenario(&mut rng);
        let text = print(&scenario);
        match parse(&text) {
            Ok(back) => assert_eq!(back, scenario, "case {i}:\n{text}"),
            Err(e) => panic!("case {i}: {e}\n{text}"),
        }
    }
}

#[test]
fn canonical_text_is_a_fixed_point() {
    let text = "\
seed 7
ensemble servers=5   tick=1000ms
client c1
at 1500ms  partition s1,s2|s3,s4,s5   # split
at 0.25s c1 create  /a   \"x  y\"
at 2s drift s2 20%
run 90000ms
";
    let scenario = parse(text).unwrap();
    let canonical = print(&scenario);
    assert_eq!(
        canonical,
        "\
seed 7
ensemble servers=5 observers=0 tick=1s init=10 sync=5
network latency=5ms..15ms loss=0%
client c1 timeout=10s

at 1.5s partition s1,s2 | s3,s4,s5
at 250ms c1 create  /a   \"x  y\"
at 2s drift s2 +20%

run 90s
"
    );
    assert_eq!(print(&parse(&canonical).unwrap()), canonical);
}

#[test]
fn share_links_round_trip() {
    let mut rng = Rng::new(99);
    for _ in 0..300 {
        let scenario = gen::scenario(&mut rng);
        let fragment = encode(&scenario);
        assert!(fragment.starts_with("s=v1."), "{fragment}");
        assert!(fragment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=._-".contains(&b)));
        assert_eq!(decode(&fragment), Ok(scenario.clone()));
        assert_eq!(decode(&format!("#{fragment}")), Ok(scenario.clone()));
        let url = format!("https://zooscope.example/#t=5&{fragment}&x=1");
        assert_eq!(decode(&url), Ok(scenario));
    }
}

#[test]
fn a_typical_link_is_short() {
    let text = "\
ensemble servers=5
client c1
at 1s c1 create /a hello
at 2s crash leader
at 4s partition s1,s2 | s3,s4,s5
at 8s heal
run 20s
";
    let fragment = encode(&parse(text).unwrap());
    assert!(fragment.len() < 250, "{} chars: {fragment}", fragment.len());
}
