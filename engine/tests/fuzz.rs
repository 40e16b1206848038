//! Fuzzing everything that reads user input, with a structured random generator: share-link
//! decoding, the scenario parser, zkCli commands and scripts, the lesson format, and a running
//! scenario driven by arbitrary actions. Inputs are the project's own files (gallery scenarios,
//! lessons, conformance scripts, their share links) mutated at random — bytes flipped, inserted,
//! deleted, lines swapped and duplicated, texts spliced, tokens from the languages dropped in —
//! plus pure noise. Nothing may panic; every error is one line; a parsed scenario prints and
//! parses back to itself; a driven run keeps every protocol invariant.
//!
//! Why not cargo-fuzz: it needs a nightly compiler, and these machines have only stable (and no
//! way to fetch another); cargo-afl needs AFL++ built with an LLVM plugin. Coverage guidance is
//! lost; the generator knows the languages' words instead.
//!
//! `FUZZ=N` sets the executions per target (default 20,000; the figures in the notes were made
//! with `FUZZ=10000000 cargo test --release -p engine --test fuzz`). `FUZZ_SEED=S` changes the
//! seed. Every input that ever failed is kept in `tests/fuzz/` and replayed first.

use engine::lesson;
use engine::scenario;
use engine::zkcli::{Command, Script, Statement};
use engine::{Rng, ScenarioRun};
use std::path::Path;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn files(dir: &str, ext: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out.iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Words of the languages, to drop into inputs.
const TOKENS: &[&str] = &[
    "at ",
    "run ",
    "seed ",
    "ensemble ",
    "servers=",
    "observers=",
    "client ",
    "crash ",
    "restart ",
    "partition ",
    " | ",
    "heal",
    "pause ",
    " for ",
    "drift ",
    "+50%",
    "-90%",
    "loss ",
    "drop ",
    "message ",
    "delay ",
    " by ",
    "latency ",
    "->",
    "<->",
    "leader",
    "runs ",
    "lock ",
    "fenced=yes",
    "s1",
    "s9",
    "s0",
    "999999999s",
    "0ms",
    "1.5s",
    "-1",
    "create ",
    "-e ",
    "-s ",
    "-c ",
    "-t ",
    "get ",
    "-w ",
    "set ",
    "-v ",
    "delete ",
    "ls ",
    "-R ",
    "stat ",
    "sync ",
    "addWatch ",
    "multi ",
    "\"",
    "'",
    "\\",
    ";",
    "#",
    "\n",
    "\t",
    "\u{a0}",
    "\u{0}",
    "/",
    "//",
    "/zookeeper/quota",
    "step\n",
    "task\n",
    "say en ",
    "say zh ",
    "show ",
    "goal ",
    "until ",
    "trace ",
    "hint en ",
    "praise en ",
    "solution ",
    "title en ",
    "pace ",
    "s=v1.",
    "l=v1.",
    "&t=",
    "%",
    "€",
    "🦓",
];

/// A mutation of `base` (or of `other` spliced into it).
fn mutate(rng: &mut Rng, base: &str, other: &str) -> String {
    let mut b: Vec<u8> = base.as_bytes().to_vec();
    for _ in 0..rng.range(1, 6) {
        let len = b.len();
        match rng.range(0, 7) {
            0 if len > 0 => {
                let i = rng.range(0, len as u64 - 1) as usize;
                b[i] = rng.next_u64() as u8;
            }
            1 => {
                let i = rng.range(0, len as u64) as usize;
                let t = TOKENS[rng.range(0, TOKENS.len() as u64 - 1) as usize];
                b.splice(i..i, t.bytes());
            }
            2 if len > 0 => {
                let i = rng.range(0, len as u64 - 1) as usize;
                let j = (i + rng.range(1, 40) as usize).min(len);
                b.drain(i..j);
            }
            3 => {
                let cut = rng.range(0, len as u64) as usize;
                b.truncate(cut);
            }
            4 => {
                // Swap or duplicate lines.
                let text = String::from_utf8_lossy(&b).to_string();
                let mut lines: Vec<&str> = text.lines().collect();
                if lines.len() > 1 {
                    let i = rng.range(0, lines.len() as u64 - 1) as usize;
                    let j = rng.range(0, lines.len() as u64 - 1) as usize;
                    if rng.range(0, 1) == 0 {
                        lines.swap(i, j);
                    } else {
                        let l = lines[i];
                        lines.insert(j, l);
                    }
                }
                b = lines.join("\n").into_bytes();
            }
            5 if !other.is_empty() => {
                let o = other.as_bytes();
                let i = rng.range(0, o.len() as u64 - 1) as usize;
                let j = (i + rng.range(1, 200) as usize).min(o.len());
                let at = rng.range(0, b.len() as u64) as usize;
                b.splice(at..at, o[i..j].iter().copied());
            }
            _ => {
                let n = rng.range(1, 8) as usize;
                let at = rng.range(0, b.len() as u64) as usize;
                let noise: Vec<u8> = (0..n).map(|_| rng.next_u64() as u8).collect();
                b.splice(at..at, noise);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// Run `target` on every input kept in `tests/fuzz/NAME/`, then on `n` inputs made from `corpus`.
fn fuzz(name: &str, corpus: &[String], mut target: impl FnMut(&str)) -> u64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(name);
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries {
            let input = std::fs::read_to_string(e.unwrap().path()).unwrap();
            target(&input);
        }
    }
    let n = env("FUZZ", 20_000);
    let mut rng = Rng::new(env("FUZZ_SEED", 1) ^ name.len() as u64);
    let started = std::time::Instant::now();
    for k in 0..n {
        let input = if k % 16 == 0 {
            let len = rng.range(0, 64) as usize;
            (0..len)
                .map(|_| char::from_u32(rng.range(0, 0x2000) as u32).unwrap_or('?'))
                .collect()
        } else {
            let a = &corpus[rng.range(0, corpus.len() as u64 - 1) as usize];
            let b = &corpus[rng.range(0, corpus.len() as u64 - 1) as usize];
            mutate(&mut rng, a, b)
        };
        target(&input);
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "fuzz {name}: {n} executions in {secs:.1} s ({:.0}/s)",
        n as f64 / secs.max(1e-9)
    );
    n
}

fn one_line(what: &str, input: &str, e: &str) {
    assert!(
        !e.contains('\n') && !e.is_empty(),
        "{what}: a multi-line or empty error {e:?} for {input:?}"
    );
}

#[test]
fn scenario_texts_parse_or_say_why_in_one_line_and_print_back_to_themselves() {
    let corpus: Vec<String> = files("../scenarios", "scn");
    fuzz("scenario", &corpus, |input| match scenario::parse(input) {
        Ok(s) => {
            let printed = scenario::print(&s);
            let again = scenario::parse(&printed).expect("a printed scenario parses");
            assert_eq!(again, s, "print then parse changes {input:?}");
        }
        Err(e) => one_line("scenario", input, &e.to_string()),
    });
}

#[test]
fn share_links_decode_or_say_why_in_one_line() {
    let corpus: Vec<String> = files("../scenarios", "scn")
        .iter()
        .map(|t| format!("#{}&t=1500", scenario::encode(&scenario::parse(t).unwrap())))
        .collect();
    fuzz("link", &corpus, |input| {
        if let Err(e) = scenario::decode(input) {
            one_line("link", input, &e.to_string());
        }
        if let Err(e) = lesson::decode(input) {
            one_line("lesson link", input, &e.to_string());
        }
    });
}

#[test]
fn zkcli_commands_and_scripts_parse_or_say_why_in_one_line() {
    let corpus = files("tests/conformance", "zk");
    fuzz("zkcli", &corpus, |input| {
        if let Err(e) = Script::parse(input) {
            one_line("script", input, &e.to_string());
        }
        for line in input.lines().take(20) {
            if let Err(e) = Statement::parse_line(line) {
                one_line("statement", line, &e.to_string());
            }
            if let Err(e) = Command::parse_line(line) {
                one_line("command", line, &e.to_string());
            }
        }
    });
}

#[test]
fn lessons_parse_or_say_why_in_one_line() {
    let corpus = files("../lessons", "lesson");
    fuzz("lesson", &corpus, |input| {
        if let Err(e) = lesson::parse("fuzzed", input) {
            one_line("lesson", input, &e.to_string());
        }
    });
}

#[test]
fn a_run_driven_by_arbitrary_actions_never_panics_and_keeps_every_invariant() {
    // Scenarios whose actions are random lines of the language, put in while the run goes on
    // (as the UI does), at random instants.
    let corpus = files("../scenarios", "scn");
    let lines: Vec<String> = corpus
        .iter()
        .flat_map(|t| {
            t.lines()
                .filter(|l| l.starts_with("at "))
                .map(str::to_string)
        })
        .collect();
    let n = env("FUZZ", 20_000) / 200 + 5;
    let mut rng = Rng::new(env("FUZZ_SEED", 1));
    let started = std::time::Instant::now();
    for _ in 0..n {
        let base = &corpus[rng.range(0, corpus.len() as u64 - 1) as usize];
        let Ok(s) = scenario::parse(base) else {
            continue;
        };
        let mut run = ScenarioRun::new(engine::search::without_faults(&s)).unwrap();
        for _ in 0..rng.range(1, 12) {
            let t = run.now() + engine::ms(rng.range(0, 3000));
            run.seek(t);
            let pick = rng.range(0, lines.len() as u64 - 1) as usize;
            let line = mutate(&mut rng, &lines[pick], "");
            let text = format!(
                "{}{}\n",
                scenario::print(&{
                    let mut p = run.scenario().clone();
                    p.actions.clear();
                    p
                }),
                line.trim()
            );
            if let Ok(parsed) = scenario::parse(&text) {
                let actions = parsed
                    .actions
                    .into_iter()
                    .map(|a| (run.now(), a.action))
                    .collect();
                let _ = run.insert(actions);
            }
        }
        run.seek(run.now() + engine::secs(5));
        assert!(
            run.sim().violations().is_empty(),
            "a protocol invariant broke: {:?}\n{}",
            run.sim().violations(),
            scenario::print(run.scenario())
        );
    }
    eprintln!(
        "fuzz run: {n} driven runs in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
