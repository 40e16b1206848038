//! The line-oriented parser: scenario text to [`Scenario`].
//!
//! Declarations are read first (`ensemble`, then `client` lines), wherever they stand in the
//! file, so that an action may name a client declared further down; their errors are reported
//! first. Everything else is then read in file order. Any input, however hostile, gives a
//! scenario or one [`ScenarioError`], never a panic.

use super::action::{duration, duration_message, parse_action};
use super::model::{ClientDecl, Ensemble, Network, Scenario, TimedAction};
use super::quantity::{parse_duration, parse_percent_ppm, QuantityError};
use super::syntax::{check_client_name, parse_count, split_word, strip_comment, Names};
use crate::time::Micros;

/// The most voting servers an ensemble may have.
pub const MAX_SERVERS: u64 = 9;
/// The most observers an ensemble may have.
pub const MAX_OBSERVERS: u64 = 4;
/// The most clients a scenario may declare.
pub const MAX_CLIENTS: usize = 64;
/// The most `at` lines a scenario may have.
pub const MAX_ACTIONS: usize = 10_000;
/// The longest `tickTime`, in milliseconds.
pub const MAX_TICK_MS: u64 = 60_000;
/// The largest `initLimit` or `syncLimit`, in ticks.
pub const MAX_LIMIT_TICKS: u64 = 1_000;
/// The largest canonical text of a scenario, in bytes: what a share link can carry.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// Why a scenario text was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line_prefix(.line))]
pub struct ScenarioError {
    /// The 1-based line at fault, or 0 when the fault is the scenario as a whole.
    pub line: usize,
    /// What is wrong, in one sentence.
    pub message: String,
}

fn line_prefix(line: &usize) -> String {
    if *line == 0 {
        String::new()
    } else {
        format!("line {line}: ")
    }
}

/// The scenario that `text` describes.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, strip_comment(line).trim()))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    let at = |line: usize| move |message: String| ScenarioError { line, message };
    let mut scenario = Scenario::default();

    let mut ensemble_line = None;
    for &(n, line) in lines.iter().filter(|(_, l)| split_word(l).0 == "ensemble") {
        once("ensemble", &mut ensemble_line, n)?;
        scenario.ensemble = parse_ensemble(split_word(line).1).map_err(at(n))?;
    }
    for &(n, line) in lines.iter().filter(|(_, l)| split_word(l).0 == "client") {
        if scenario.clients.len() == MAX_CLIENTS {
            return Err(at(n)(format!("too many clients (at most {MAX_CLIENTS})")));
        }
        let client = parse_client(split_word(line).1, &scenario).map_err(at(n))?;
        scenario.clients.push(client);
    }

    let (mut seed_line, mut network_line) = (None, None);
    for &(n, line) in &lines {
        let (word, rest) = split_word(line);
        match word {
            "ensemble" | "client" => {}
            "seed" => {
                once("seed", &mut seed_line, n)?;
                let seed = parse_count(rest, "the seed", 0, u64::MAX).map_err(at(n))?;
                scenario.seed = seed;
            }
            "network" => {
                once("network", &mut network_line, n)?;
                scenario.network = parse_network(rest).map_err(at(n))?;
            }
            "run" => scenario.run_until_us = time(rest, "run").map_err(at(n))?,
            "at" => {
                if scenario.actions.len() == MAX_ACTIONS {
                    return Err(at(n)(format!("too many actions (at most {MAX_ACTIONS})")));
                }
                let (when, what) = split_word(rest);
                let time_us = time(when, "time").map_err(at(n))?;
                let names = Names {
                    ensemble: &scenario.ensemble,
                    clients: &scenario.clients,
                };
                let action = parse_action(what, &names).map_err(at(n))?;
                scenario.actions.push(TimedAction { time_us, action });
            }
            _ => return Err(at(n)(unknown_statement(word))),
        }
    }

    let size = super::print::print(&scenario).len();
    if size > MAX_TEXT_BYTES {
        return Err(at(0)(format!(
            "scenario too large: {size} bytes once written out (at most {MAX_TEXT_BYTES})"
        )));
    }
    Ok(scenario)
}

/// Records the line of a statement that may appear once, refusing a second one.
fn once(what: &str, first: &mut Option<usize>, line: usize) -> Result<(), ScenarioError> {
    match *first {
        Some(earlier) => Err(ScenarioError {
            line,
            message: format!("a second {what} line (the first is line {earlier})"),
        }),
        None => {
            *first = Some(line);
            Ok(())
        }
    }
}

fn unknown_statement(word: &str) -> String {
    const ACTIONS: [&str; 8] = [
        "crash",
        "restart",
        "partition",
        "cut",
        "heal",
        "latency",
        "pause",
        "drift",
    ];
    if ACTIONS.contains(&word) {
        format!("'{word}' is an action: write it after a time, e.g. at 5s {word} ...")
    } else {
        format!("unknown statement '{word}' (expected seed, ensemble, network, client, at or run)")
    }
}

/// A point in simulated time (`at`, `run`): a duration from the start.
fn time(word: &str, what: &str) -> Result<Micros, String> {
    if word.is_empty() {
        return Err(format!("expected a {what} such as 5s or 250ms"));
    }
    match parse_duration(word) {
        Err(QuantityError::Negative) => Err(format!("negative time '{word}'")),
        other => other.map_err(|e| duration_message(e, word, what)),
    }
}

/// `key=value` words, each key at most once and from `keys`.
fn options<'t>(text: &'t str, keys: &[&str]) -> Result<Vec<(&'t str, &'t str)>, String> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for word in text.split_whitespace() {
        let Some((key, value)) = word.split_once('=') else {
            return Err(format!("expected key=value, not '{word}'"));
        };
        if !keys.contains(&key) {
            let expected: Vec<String> = keys.iter().map(|k| format!("{k}=")).collect();
            return Err(format!(
                "unknown option '{key}' (expected {})",
                expected.join(", ")
            ));
        }
        if seen.iter().any(|(k, _)| *k == key) {
            return Err(format!("option {key}= given twice"));
        }
        seen.push((key, value));
    }
    Ok(seen)
}

/// A duration that must be a whole number of milliseconds in `1..=max_ms`.
fn millis(word: &str, what: &str, max_ms: u64) -> Result<u64, String> {
    let us = duration(word, what)?;
    if us % 1_000 != 0 {
        return Err(format!(
            "{what} must be a whole number of milliseconds, not '{word}'"
        ));
    }
    let ms = us / 1_000;
    if !(1..=max_ms).contains(&ms) {
        return Err(format!(
            "{what} must be from 1ms to {max_ms}ms, not '{word}'"
        ));
    }
    Ok(ms)
}

fn parse_ensemble(text: &str) -> Result<Ensemble, String> {
    let mut ensemble = Ensemble::default();
    for (key, value) in options(text, &["servers", "observers", "tick", "init", "sync"])? {
        match key {
            "servers" => ensemble.servers = parse_count(value, "servers", 1, MAX_SERVERS)? as u8,
            "observers" => {
                ensemble.observers = parse_count(value, "observers", 0, MAX_OBSERVERS)? as u8
            }
            "tick" => ensemble.tick_ms = millis(value, "tick", MAX_TICK_MS)?,
            "init" => ensemble.init_limit = parse_count(value, "init", 1, MAX_LIMIT_TICKS)? as u32,
            _ => ensemble.sync_limit = parse_count(value, "sync", 1, MAX_LIMIT_TICKS)? as u32,
        }
    }
    Ok(ensemble)
}

fn parse_network(text: &str) -> Result<Network, String> {
    let mut network = Network::default();
    for (key, value) in options(text, &["latency", "loss"])? {
        if key == "loss" {
            let ppm = parse_percent_ppm(value, 0, 1_000_000)
                .map_err(|_| format!("loss must be a percentage from 0% to 100%, not '{value}'"))?;
            network.loss_ppm = ppm as u32;
            continue;
        }
        // `latency=5ms` is shorthand for `latency=5ms..5ms`.
        let (lo, hi) = value.split_once("..").unwrap_or((value, value));
        let (lo, hi) = (duration(lo, "latency")?, duration(hi, "latency")?);
        if lo > hi {
            return Err(format!("latency range '{value}' ends before it starts"));
        }
        (network.latency_min_us, network.latency_max_us) = (lo, hi);
    }
    Ok(network)
}

fn parse_client(text: &str, scenario: &Scenario) -> Result<ClientDecl, String> {
    let (name, rest) = split_word(text);
    if name.is_empty() {
        return Err("write: client NAME [connect=sK] [timeout=10s]".to_string());
    }
    check_client_name(name)?;
    if scenario.client(name).is_some() {
        return Err(format!("client {name} is declared twice"));
    }
    let names = Names {
        ensemble: &scenario.ensemble,
        clients: &[],
    };
    let mut client = ClientDecl::new(name);
    for (key, value) in options(rest, &["connect", "timeout"])? {
        if key == "connect" {
            client.connect = Some(names.server(value)?);
        } else {
            client.timeout_ms = millis(value, "timeout", 3_600_000)?;
        }
    }
    Ok(client)
}
