//! The canonical printer: [`Scenario`] to text, such that `parse(&print(s)) == Ok(s)`.
//!
//! Canonical form: every setting is written, defaults included, so that a shared scenario keeps
//! its meaning even if a later version changes a default. The order is fixed (`seed`,
//! `ensemble`, `network`, clients, a blank line, actions in file order, a blank line, `run`);
//! durations take the shortest exact unit ([`format_duration`]); one space between words.

use super::model::{Action, ClientDecl, Member, Scenario, Subject, Target};
use crate::time::{format_duration, format_percent, format_signed_percent};
use std::fmt::Write;

/// The canonical text of `scenario`.
pub fn print(scenario: &Scenario) -> String {
    let mut out = String::new();
    let e = &scenario.ensemble;
    let n = &scenario.network;
    // Writing into a String cannot fail, hence the ignored results.
    let _ = writeln!(out, "seed {}", scenario.seed);
    let _ = writeln!(
        out,
        "ensemble servers={} observers={} tick={} init={} sync={}",
        e.servers,
        e.observers,
        format_duration(e.tick_ms.saturating_mul(1_000)),
        e.init_limit,
        e.sync_limit
    );
    let _ = writeln!(
        out,
        "network latency={}..{} loss={}",
        format_duration(n.latency_min_us),
        format_duration(n.latency_max_us),
        format_percent(n.loss_ppm)
    );
    for client in &scenario.clients {
        print_client(&mut out, client);
    }
    if !scenario.actions.is_empty() {
        out.push('\n');
    }
    for timed in &scenario.actions {
        let _ = writeln!(
            out,
            "at {} {}",
            format_duration(timed.time_us),
            action_text(&timed.action)
        );
    }
    let _ = write!(out, "\nrun {}\n", format_duration(scenario.run_until_us));
    out
}

fn print_client(out: &mut String, client: &ClientDecl) {
    let _ = write!(out, "client {}", client.name);
    if let Some(server) = client.connect {
        let _ = write!(out, " connect={server}");
    }
    let timeout = format_duration(client.timeout_ms.saturating_mul(1_000));
    let _ = writeln!(out, " timeout={timeout}");
}

/// The text of one action, as it follows `at TIME`.
pub fn action_text(action: &Action) -> String {
    match action {
        Action::Crash(target) => format!("crash {}", target_text(target)),
        Action::Restart(server) => format!("restart {server}"),
        Action::Partition(sides) => {
            let sides: Vec<String> = sides
                .iter()
                .map(|side| side.iter().map(member_text).collect::<Vec<_>>().join(","))
                .collect();
            format!("partition {}", sides.join(" | "))
        }
        Action::Cut {
            from,
            to,
            both_ways,
        } => format!("cut {}", link_text(from, to, *both_ways)),
        Action::Heal => "heal".to_string(),
        Action::Latency {
            from,
            to,
            extra_us,
            both_ways,
        } => format!(
            "latency {} {}",
            link_text(from, to, *both_ways),
            format_duration(*extra_us)
        ),
        Action::Pause {
            target,
            duration_us,
        } => {
            format!(
                "pause {} for {}",
                subject_text(target),
                format_duration(*duration_us)
            )
        }
        Action::Drift { target, drift_ppm } => {
            format!(
                "drift {} {}",
                subject_text(target),
                format_signed_percent(*drift_ppm)
            )
        }
        Action::ClientCommand { client, text } => format!("{client} {text}"),
        Action::ClientClose(client) => format!("{client} close"),
        Action::ClientCrash(client) => format!("{client} crash"),
        Action::Run {
            client,
            program,
            args,
        } => {
            let mut text = format!("{client} runs {program}");
            for arg in args {
                text.push(' ');
                text.push_str(arg);
            }
            text
        }
        Action::Loss { ppm } => format!("loss {}", format_percent(*ppm)),
        Action::DropMessage(id) => format!("drop message {id}"),
        Action::DelayMessage { id, by_us } => {
            format!("delay message {id} by {}", format_duration(*by_us))
        }
    }
}

fn target_text(target: &Target) -> String {
    match target {
        Target::Server(id) => id.to_string(),
        Target::Leader => "leader".to_string(),
    }
}

fn member_text(member: &Member) -> String {
    match member {
        Member::Server(id) => id.to_string(),
        Member::Client(name) => name.clone(),
    }
}

fn subject_text(subject: &Subject) -> String {
    match subject {
        Subject::Server(target) => target_text(target),
        Subject::Client(name) => name.clone(),
    }
}

fn link_text(from: &Member, to: &Member, both_ways: bool) -> String {
    let arrow = if both_ways { "<->" } else { "->" };
    format!("{}{arrow}{}", member_text(from), member_text(to))
}
