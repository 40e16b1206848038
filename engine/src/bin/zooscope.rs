//! `zooscope`: the headless command line of the ZooScope engine.
//!
//! ```text
//! zooscope run FILE [--summary | --trace]          simulate a scenario
//! zooscope script FILE [--servers N] [--on leader|follower] [--seed S]
//!                                                  run a conformance script
//! zooscope encode FILE                             print the share URL fragment
//! zooscope decode FRAGMENT                         print the scenario text back
//! zooscope lesson verify FILE...                   check lessons (one line each)
//! zooscope search FILE [--schedules N] [--faults crash,partition,pause,drift,loss]
//!                      [--max K] [--seed S]         find a schedule of faults that breaks it
//! ```
//! `search` prints the share-link fragment of the shrunk failing scenario and exits 0, or exits 1
//! when no schedule broke anything.
//! Errors go to stderr as one line; the exit code is 0 on success, 1 on a bad input, 2 on a
//! bad command line.

use engine::build;
use engine::lesson;
use engine::report;
use engine::scenario;
use engine::{run_script, Placement, ScriptOptions};
use std::process::ExitCode;

const USAGE: &str = "usage: zooscope run FILE [--summary | --trace]
       zooscope script FILE [--servers N] [--on leader|follower] [--seed S]
       zooscope encode FILE
       zooscope decode FRAGMENT
       zooscope lesson verify FILE...
       zooscope search FILE [--schedules N] [--faults crash,partition,pause,drift,loss] [--max K] [--seed S]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("zooscope: {msg}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(msg)) => {
            eprintln!("zooscope: {msg}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    Usage(String),
    Input(String),
}

/// Print a line on stdout; a reader that went away (`zooscope run … | head`) ends the
/// program quietly instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

fn read(path: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{path}: {e}")))
}

fn dispatch(args: &[String]) -> Result<(), Failure> {
    let Some((cmd, rest)) = args.split_first() else {
        return Err(Failure::Usage("no command".into()));
    };
    match cmd.as_str() {
        "script" => script(rest),
        "run" | "encode" | "decode" => scenario_command(cmd, rest),
        "lesson" => lesson_command(rest),
        "search" => search_command(rest),
        "-h" | "--help" | "help" => {
            out!("{USAGE}");
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command `{other}`"))),
    }
}

/// The value after the flag `name`.
fn flag_value<'a>(
    it: &mut impl Iterator<Item = &'a String>,
    name: &str,
) -> Result<String, Failure> {
    it.next()
        .cloned()
        .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
}

/// The number after the flag `name`.
fn flag_number<'a>(it: &mut impl Iterator<Item = &'a String>, name: &str) -> Result<u64, Failure> {
    let v = flag_value(it, name)?;
    v.parse()
        .map_err(|_| Failure::Usage(format!("{name} takes a number, not `{v}`")))
}

fn script(args: &[String]) -> Result<(), Failure> {
    let mut file = None;
    let mut opts = ScriptOptions {
        servers: 1,
        placement: Placement::Leader,
        seed: 1,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--servers" => {
                let v = flag_value(&mut it, "--servers")?;
                opts.servers = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=9).contains(n))
                    .ok_or_else(|| Failure::Usage(format!("--servers takes 1 to 9, not `{v}`")))?;
            }
            "--on" => {
                opts.placement = match flag_value(&mut it, "--on")?.as_str() {
                    "leader" => Placement::Leader,
                    "follower" => Placement::Follower,
                    v => {
                        return Err(Failure::Usage(format!(
                            "--on takes leader or follower, not `{v}`"
                        )))
                    }
                }
            }
            "--seed" => opts.seed = flag_number(&mut it, "--seed")?,
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            other => return Err(Failure::Usage(format!("unexpected argument `{other}`"))),
        }
    }
    let file = file.ok_or_else(|| Failure::Usage("script needs a FILE".into()))?;
    let text = read(&file)?;
    let lines = run_script(&text, opts).map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    for l in lines {
        out!("{l}");
    }
    Ok(())
}

/// `lesson verify FILE...`: one line per lesson (`ok NAME: S steps, T tasks` or
/// `FAIL NAME: problem; problem`); fails if any lesson does.
fn lesson_command(args: &[String]) -> Result<(), Failure> {
    let Some((sub, files)) = args.split_first() else {
        return Err(Failure::Usage("lesson needs a subcommand: verify".into()));
    };
    if sub != "verify" {
        return Err(Failure::Usage(format!("unknown lesson subcommand `{sub}`")));
    }
    if files.is_empty() {
        return Err(Failure::Usage(
            "lesson verify needs at least one FILE".into(),
        ));
    }
    let mut failed = 0;
    for file in files {
        let name = std::path::Path::new(file)
            .file_stem()
            .map_or_else(|| file.clone(), |s| s.to_string_lossy().into_owned());
        let verdict = read(file).and_then(|text| {
            lesson::parse(&name, &text).map_err(|e| Failure::Input(format!("{file}: {e}")))
        });
        match verdict.map(|l| lesson::verify(&l)) {
            Ok(v) if v.ok() => out!("ok   {}: {} steps, {} tasks", v.name, v.steps, v.tasks),
            Ok(v) => {
                failed += 1;
                out!("FAIL {}: {}", v.name, v.problems.join("; "));
            }
            Err(Failure::Input(e) | Failure::Usage(e)) => {
                failed += 1;
                out!("FAIL {name}: {e}");
            }
        }
    }
    if failed > 0 {
        return Err(Failure::Input(format!(
            "{failed} of {} lessons failed",
            files.len()
        )));
    }
    Ok(())
}

/// `search FILE …`: random fault schedules until one breaks a checker; print its link.
fn search_command(args: &[String]) -> Result<(), Failure> {
    let mut file = None;
    let mut opts = engine::search::Options::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--schedules" => opts.schedules = flag_number(&mut it, "--schedules")? as usize,
            "--max" => opts.max_faults = (flag_number(&mut it, "--max")? as usize).max(1),
            "--seed" => opts.seed = flag_number(&mut it, "--seed")?,
            "--faults" => {
                let v = flag_value(&mut it, "--faults")?;
                opts.kinds = v
                    .split(',')
                    .map(|k| {
                        engine::search::FaultKind::from_name(k.trim()).ok_or_else(|| {
                            Failure::Usage(format!(
                                "--faults takes crash, partition, pause, drift or loss, not `{k}`"
                            ))
                        })
                    })
                    .collect::<Result<_, _>>()?;
            }
            f if file.is_none() && !f.starts_with("--") => file = Some(f.to_string()),
            other => return Err(Failure::Usage(format!("unexpected argument `{other}`"))),
        }
    }
    let file = file.ok_or_else(|| Failure::Usage("search needs a FILE".into()))?;
    let text = read(&file)?;
    let s = scenario::parse(&text).map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    let total = opts.schedules;
    let mut search = engine::search::Search::new(s, opts);
    match search
        .run()
        .map_err(|e| Failure::Input(format!("{file}: {e}")))?
    {
        Some(found) => {
            eprintln!(
                "zooscope: schedule {} of {total} broke {} with {} fault(s) (shrunk from {})",
                found.schedule + 1,
                found.broken.join(", "),
                found.faults.len(),
                found.unshrunk
            );
            out!("{}", scenario::encode(&found.scenario));
            Ok(())
        }
        None => Err(Failure::Input(format!(
            "no schedule of {total} broke anything"
        ))),
    }
}

fn scenario_command(cmd: &str, args: &[String]) -> Result<(), Failure> {
    let (arg, flags) = args
        .split_first()
        .ok_or_else(|| Failure::Usage(format!("{cmd} needs an argument")))?;
    let (mut summary, mut trace) = (false, false);
    for f in flags {
        match (cmd, f.as_str()) {
            ("run", "--summary") => summary = true,
            ("run", "--trace") => trace = true,
            _ => return Err(Failure::Usage(format!("unexpected argument `{f}`"))),
        }
    }
    match cmd {
        "decode" => {
            let s = scenario::decode(arg).map_err(|e| Failure::Input(format!("bad link: {e}")))?;
            print!("{}", scenario::print(&s));
            Ok(())
        }
        _ => {
            let text = read(arg)?;
            let s = scenario::parse(&text).map_err(|e| Failure::Input(format!("{arg}: {e}")))?;
            if cmd == "encode" {
                out!("{}", scenario::encode(&s));
                return Ok(());
            }
            let mut sim = build(&s).map_err(|e| Failure::Input(format!("{arg}: {e}")))?;
            sim.run_until(s.run_until_us);
            if trace {
                for line in sim.trace().lines() {
                    out!("{line}");
                }
                return Ok(());
            }
            for line in report::client_lines(&sim) {
                out!("{line}");
            }
            if summary {
                out!("{}", report::summary(&sim));
            }
            Ok(())
        }
    }
}
