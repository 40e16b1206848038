//! Parsing what follows `at TIME`: one action.

use super::model::{Action, Member};
use super::quantity::{parse_duration, parse_percent_ppm, QuantityError, MAX_DURATION_US};
use super::syntax::{check_program_name, split_word, Names};
use crate::time::Micros;

/// The slowest clock drift: the clock runs at a tenth of true rate.
pub const MIN_DRIFT_PPM: i32 = -900_000;
/// The fastest clock drift: the clock runs ten times as fast as true time.
pub const MAX_DRIFT_PPM: i32 = 9_000_000;

/// The action in `text` (everything after `at TIME`).
pub fn parse_action(text: &str, names: &Names<'_>) -> Result<Action, String> {
    let (word, rest) = split_word(text);
    match word {
        "" => Err("expected an action after the time".to_string()),
        "crash" => {
            let target = one_word(rest, "crash takes one server: crash sK or crash leader")?;
            if names.clients.iter().any(|c| c.name == target) {
                return Err(format!(
                    "to crash client {target} write: at TIME {target} crash"
                ));
            }
            names.target(target).map(Action::Crash)
        }
        "restart" => {
            let target = one_word(rest, "restart takes one server: restart sK")?;
            names.server(target).map(Action::Restart)
        }
        "partition" => parse_partition(rest, names),
        "cut" => {
            let (from, to, both_ways) = parse_link(rest, names)?;
            Ok(Action::Cut {
                from,
                to,
                both_ways,
            })
        }
        "heal" if rest.is_empty() => Ok(Action::Heal),
        "heal" => Err(format!("heal takes nothing, not '{rest}'")),
        "latency" => {
            let usage = "write: latency sA->sB 200ms (or sA<->sB for both ways)";
            let (link, delay) = rest.rsplit_once(char::is_whitespace).ok_or(usage)?;
            let extra_us = duration(delay, "latency")?;
            let (from, to, both_ways) = parse_link(link, names)?;
            Ok(Action::Latency {
                from,
                to,
                extra_us,
                both_ways,
            })
        }
        "pause" => {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let [target, "for", length] = words[..] else {
                return Err("write: pause TARGET for DURATION (e.g. pause s1 for 5s)".to_string());
            };
            Ok(Action::Pause {
                target: names.subject(target)?,
                duration_us: duration(length, "pause")?,
            })
        }
        "drift" => {
            let words: Vec<&str> = rest.split_whitespace().collect();
            let [target, rate] = words[..] else {
                return Err("write: drift TARGET +20% (or -20%)".to_string());
            };
            let target = names.subject(target)?;
            let range = "drift must be a percentage from -90% to +900% (e.g. +20%)";
            let ppm = parse_percent_ppm(rate, MIN_DRIFT_PPM.into(), MAX_DRIFT_PPM.into())
                .map_err(|_| format!("{range}, not '{rate}'"))?;
            // The bounds above fit in an i32.
            Ok(Action::Drift {
                target,
                drift_ppm: ppm as i32,
            })
        }
        // Words added after the contract: a declared client of that name keeps its meaning.
        "loss" | "drop" | "delay" if names.client(word).is_err() => {
            parse_message_action(word, rest)
        }
        name => parse_client_action(names.client(name).map_err(|e| unknown(name, e))?, rest),
    }
}

/// `loss 5%`, `drop message N`, `delay message N by DURATION`.
fn parse_message_action(word: &str, rest: &str) -> Result<Action, String> {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let id = |n: &str| {
        n.parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("a message id is a positive whole number, not '{n}'"))
    };
    match (word, &words[..]) {
        ("loss", [rate]) => parse_percent_ppm(rate, 0, 1_000_000)
            .map(|ppm| Action::Loss { ppm: ppm as u32 })
            .map_err(|_| format!("loss must be a percentage from 0% to 100%, not '{rate}'")),
        ("loss", _) => Err("write: loss 5% (every link, from now on)".to_string()),
        ("drop", ["message", n]) => id(n).map(Action::DropMessage),
        ("drop", _) => Err("write: drop message N (N: the message's id)".to_string()),
        ("delay", ["message", n, "by", d]) => Ok(Action::DelayMessage {
            id: id(n)?,
            by_us: duration(d, "delay")?,
        }),
        _ => Err("write: delay message N by DURATION (e.g. delay message 42 by 300ms)".into()),
    }
}

/// The error for a word that is neither an action nor a declared client.
fn unknown(word: &str, client_error: String) -> String {
    if super::syntax::looks_like_server(word) {
        format!("'{word}' is a server; expected an action (crash, restart, partition, cut, heal, latency, pause, drift) or a client")
    } else {
        format!("unknown action or client '{word}': {client_error}")
    }
}

/// `NAME close`, `NAME crash`, `NAME runs PROGRAM ARGS...` or `NAME COMMAND`.
fn parse_client_action(client: String, rest: &str) -> Result<Action, String> {
    let (verb, args) = split_word(rest);
    match verb {
        "" => Err(format!(
            "client {client} needs a command (e.g. {client} create /a)"
        )),
        "close" | "crash" if !args.is_empty() => {
            Err(format!("{client} {verb} takes nothing, not '{args}'"))
        }
        "close" => Ok(Action::ClientClose(client)),
        "crash" => Ok(Action::ClientCrash(client)),
        "runs" => {
            let (program, args) = split_word(args);
            if program.is_empty() {
                return Err(format!("write: {client} runs PROGRAM [ARGS...]"));
            }
            check_program_name(program)?;
            Ok(Action::Run {
                client,
                program: program.to_string(),
                args: args.split_whitespace().map(str::to_string).collect(),
            })
        }
        _ => Ok(Action::ClientCommand {
            client,
            text: rest.to_string(),
        }),
    }
}

/// `text` as exactly one word, or `usage`.
fn one_word<'t>(text: &'t str, usage: &str) -> Result<&'t str, String> {
    match split_word(text) {
        (word, "") if !word.is_empty() => Ok(word),
        _ => Err(usage.to_string()),
    }
}

/// A duration argument, with `what` naming it in the error.
pub fn duration(word: &str, what: &str) -> Result<Micros, String> {
    parse_duration(word).map_err(|e| duration_message(e, word, what))
}

/// The message for a duration that did not parse.
pub fn duration_message(error: QuantityError, word: &str, what: &str) -> String {
    let limit = MAX_DURATION_US / 1_000_000;
    match error {
        QuantityError::Negative => format!("{what} can't be negative ('{word}')"),
        QuantityError::Malformed => format!(
            "malformed duration '{word}' for {what}: write a number and a unit, e.g. 250ms, 1.5s or 40us"
        ),
        QuantityError::TooFine => format!("{what} '{word}' is finer than a microsecond"),
        QuantityError::OutOfRange => format!("{what} '{word}' is too long (at most {limit}s)"),
    }
}

/// `A->B` or `A<->B` (spaces around the arrow allowed).
fn parse_link(text: &str, names: &Names<'_>) -> Result<(Member, Member, bool), String> {
    let usage = || format!("expected a link sA->sB or sA<->sB, not '{text}'");
    let (from, to, both_ways) = if let Some((a, b)) = text.split_once("<->") {
        (a, b, true)
    } else if let Some((a, b)) = text.split_once("->") {
        (a, b, false)
    } else {
        return Err(usage());
    };
    let (from, to) = (from.trim(), to.trim());
    if from.is_empty() || to.is_empty() || from.contains(char::is_whitespace) {
        return Err(usage());
    }
    if to.contains(char::is_whitespace) || to.contains("->") {
        return Err(usage());
    }
    let (from, to) = (names.member(from)?, names.member(to)?);
    if from == to {
        return Err("a link needs two different ends".to_string());
    }
    Ok((from, to, both_ways))
}

/// `A,B | C,D,E`: at least two sides, none empty, nobody on two sides.
fn parse_partition(text: &str, names: &Names<'_>) -> Result<Action, String> {
    let mut sides: Vec<Vec<Member>> = Vec::new();
    for side in text.split('|') {
        let mut members = Vec::new();
        for word in side.split(',').map(str::trim) {
            if word.is_empty() {
                return Err(
                    "empty partition side or name: write e.g. partition s1,s2 | s3".to_string(),
                );
            }
            if word.contains(char::is_whitespace) {
                return Err(format!("missing ',' or '|' in '{word}'"));
            }
            let member = names.member(word)?;
            // Compared resolved, so that `s1` and `s01` count as the same server.
            if sides.iter().flatten().chain(&members).any(|m| *m == member) {
                return Err(format!("{word} is named twice in the partition"));
            }
            members.push(member);
        }
        sides.push(members);
    }
    if sides.len() < 2 {
        return Err("a partition needs at least two sides separated by '|'".to_string());
    }
    Ok(Action::Partition(sides))
}
