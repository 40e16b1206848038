//! A generator of random valid scenarios, driven by the crate's seeded PRNG.

use crate::ids::ServerId;
use crate::lang::scenario::*;
use crate::rng::Rng;

/// A number of microseconds at a random granularity (whole seconds, ms or µs), at most `max`.
pub fn duration(rng: &mut Rng, max: u64) -> u64 {
    let unit = [1, 1_000, 1_000_000][rng.range(0, 2) as usize];
    let value = match rng.range(0, 3) {
        0 => rng.range(0, 10) * unit,
        _ => rng.range(0, max / unit) * unit,
    };
    value.min(max)
}

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.range(0, items.len() as u64 - 1) as usize]
}

fn word(rng: &mut Rng, alphabet: &[u8], len: u64) -> String {
    (0..rng.range(1, len))
        .map(|_| *pick(rng, alphabet) as char)
        .collect()
}

fn client_name(rng: &mut Rng, taken: &[ClientDecl]) -> String {
    loop {
        let first = *pick(rng, b"abcdefghijklmnopqrtuvwxyzABCZ") as char;
        let name = format!("{first}{}", word(rng, b"abcz019_-", 6));
        let name = if rng.range(0, 3) == 0 {
            first.to_string()
        } else {
            name
        };
        if !taken.iter().any(|c| c.name == name) && !["at", "cut", "run"].contains(&name.as_str()) {
            return name;
        }
    }
}

fn server(rng: &mut Rng, ensemble: &Ensemble) -> ServerId {
    ServerId(rng.range(1, ensemble.total().into()) as u8)
}

fn member(rng: &mut Rng, scenario: &Scenario) -> Member {
    if scenario.clients.is_empty() || rng.range(0, 2) > 0 {
        Member::Server(server(rng, &scenario.ensemble))
    } else {
        Member::Client(pick(rng, &scenario.clients).name.clone())
    }
}

fn target(rng: &mut Rng, ensemble: &Ensemble) -> Target {
    if rng.range(0, 3) == 0 {
        Target::Leader
    } else {
        Target::Server(server(rng, ensemble))
    }
}

fn subject(rng: &mut Rng, scenario: &Scenario) -> Subject {
    match member(rng, scenario) {
        Member::Client(name) => Subject::Client(name),
        Member::Server(_) => Subject::Server(target(rng, &scenario.ensemble)),
    }
}

/// A zkCli-ish command text, as the parser would keep it: quoted data may hold spaces, `#` and
/// escapes; bare words may hold `#` but not start with it.
fn command_text(rng: &mut Rng) -> String {
    let verbs = [
        "create",
        "get",
        "stat",
        "ls",
        "set",
        "delete",
        "sync",
        "multi",
        "create -s -e",
    ];
    let mut text = pick(rng, &verbs).to_string();
    for _ in 0..rng.range(0, 4) {
        text.push(' ');
        match rng.range(0, 3) {
            0 => {
                text.push('"');
                for _ in 0..rng.range(0, 8) {
                    let piece: &&str = pick(rng, &["a", " ", "#", "\\\"", "\\\\", "  ", ";"]);
                    text.push_str(piece);
                }
                text.push('"');
            }
            _ => text.push_str(&word(rng, b"/abc019-;#", 8).replacen('#', "x", 1)),
        }
    }
    text
}

fn action(rng: &mut Rng, scenario: &Scenario) -> Action {
    let clients = &scenario.clients;
    let kind = rng.range(0, if clients.is_empty() { 6 } else { 10 });
    let ensemble = &scenario.ensemble;
    if rng.range(0, 9) == 0 {
        return match rng.range(0, 2) {
            0 => Action::Loss {
                ppm: rng.range(0, 1_000_000) as u32,
            },
            1 => Action::DropMessage(rng.range(1, 1 << 40)),
            _ => Action::DelayMessage {
                id: rng.range(1, 1 << 40),
                by_us: duration(rng, MAX_DURATION_US),
            },
        };
    }
    match kind {
        0 => Action::Crash(target(rng, ensemble)),
        1 => Action::Restart(server(rng, ensemble)),
        2 => partition(rng, scenario),
        3 | 4 if ensemble.total() as usize + clients.len() < 2 => Action::Heal,
        3 | 4 => {
            let from = member(rng, scenario);
            let mut to = member(rng, scenario);
            while to == from {
                to = member(rng, scenario);
            }
            let both_ways = rng.range(0, 1) == 1;
            if kind == 3 {
                Action::Cut {
                    from,
                    to,
                    both_ways,
                }
            } else {
                let extra_us = duration(rng, MAX_DURATION_US);
                Action::Latency {
                    from,
                    to,
                    extra_us,
                    both_ways,
                }
            }
        }
        5 => Action::Heal,
        6 => {
            let target = subject(rng, scenario);
            if rng.range(0, 1) == 0 {
                Action::Pause {
                    target,
                    duration_us: duration(rng, MAX_DURATION_US),
                }
            } else {
                let span = (MAX_DRIFT_PPM as i64 - MIN_DRIFT_PPM as i64) as u64;
                let drift_ppm = (MIN_DRIFT_PPM as i64 + rng.range(0, span) as i64) as i32;
                Action::Drift { target, drift_ppm }
            }
        }
        _ => {
            let client = pick(rng, clients).name.clone();
            match kind {
                7 => Action::ClientClose(client),
                8 => Action::ClientCrash(client),
                9 => Action::Run {
                    client,
                    program: format!("p{}", word(rng, b"abc_-1", 5)),
                    args: (0..rng.range(0, 3))
                        .map(|_| word(rng, b"/a1=.\"-", 6))
                        .collect(),
                },
                _ => Action::ClientCommand {
                    client,
                    text: command_text(rng),
                },
            }
        }
    }
}

fn partition(rng: &mut Rng, scenario: &Scenario) -> Action {
    let mut everyone: Vec<Member> = scenario.ensemble.server_ids().map(Member::Server).collect();
    everyone.extend(
        scenario
            .clients
            .iter()
            .map(|c| Member::Client(c.name.clone())),
    );
    // Shuffle, keep a prefix of at least two, cut it into two or more non-empty sides.
    for i in (1..everyone.len()).rev() {
        everyone.swap(i, rng.range(0, i as u64) as usize);
    }
    if everyone.len() < 2 {
        return Action::Heal;
    }
    everyone.truncate(rng.range(2, everyone.len() as u64) as usize);
    let mut sides = vec![vec![everyone[0].clone()]];
    for (i, m) in everyone.into_iter().enumerate().skip(1) {
        if i == 1 || rng.range(0, 2) == 0 {
            sides.push(vec![m]);
        } else {
            sides.last_mut().expect("sides is never empty").push(m);
        }
    }
    Action::Partition(sides)
}

/// A random scenario that the parser accepts.
pub fn scenario(rng: &mut Rng) -> Scenario {
    let mut s = Scenario {
        seed: if rng.range(0, 1) == 0 {
            rng.range(0, 100)
        } else {
            rng.next_u64()
        },
        ..Scenario::default()
    };
    s.ensemble = Ensemble {
        servers: rng.range(1, MAX_SERVERS) as u8,
        observers: rng.range(0, MAX_OBSERVERS) as u8,
        tick_ms: rng.range(1, MAX_TICK_MS),
        init_limit: rng.range(1, MAX_LIMIT_TICKS) as u32,
        sync_limit: rng.range(1, MAX_LIMIT_TICKS) as u32,
    };
    let lo = duration(rng, MAX_DURATION_US);
    let hi = lo + duration(rng, MAX_DURATION_US - lo);
    s.network = Network {
        latency_min_us: lo,
        latency_max_us: hi,
        loss_ppm: rng.range(0, 1_000_000) as u32,
    };
    let clients = if rng.range(0, 20) == 0 {
        MAX_CLIENTS as u64
    } else {
        rng.range(0, 5)
    };
    for _ in 0..clients {
        let mut client = ClientDecl::new(client_name(rng, &s.clients));
        if rng.range(0, 1) == 0 {
            client.connect = Some(server(rng, &s.ensemble));
        }
        client.timeout_ms = rng.range(1, 3_600_000);
        s.clients.push(client);
    }
    for _ in 0..rng.range(0, 25) {
        let time_us = duration(rng, MAX_DURATION_US);
        let action = action(rng, &s);
        s.actions.push(TimedAction { time_us, action });
    }
    s.run_until_us = duration(rng, MAX_DURATION_US);
    s
}
