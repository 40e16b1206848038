//! Finding the failure for you: random schedules of faults added to a scenario (crashes,
//! partitions, pauses, clock drift, message loss; which kinds and how many are the caller's),
//! each run to the scenario's end and checked (the protocol's invariants, the recipes' rules,
//! the clients' consistency); the first schedule that breaks something is shrunk to the fewest
//! faults that still break it, and given back as a scenario (hence a share link).
//!
//! Each schedule is a pure function of (options, its number): a search is deterministic, and
//! [`Search::run_one`] does one schedule at a time so that a browser can spread the work over
//! frames and show progress.

use crate::ids::ServerId;
use crate::lang::build::{build, BuildError};
use crate::lang::scenario::{Action, Member, Scenario, Subject, Target, TimedAction};
use crate::observe::consistency;
use crate::rng::Rng;
use crate::time::{ms, Micros};

/// A kind of fault the search may add.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultKind {
    /// A server crashes, and restarts a few seconds later.
    Crash,
    /// The servers split in two, healed a few seconds later.
    Partition,
    /// A server or a client stops for a while (a GC pause).
    Pause,
    /// A process's clock runs fast or slow.
    Drift,
    /// The network loses messages for a while.
    Loss,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 5] = [
        FaultKind::Crash,
        FaultKind::Partition,
        FaultKind::Pause,
        FaultKind::Drift,
        FaultKind::Loss,
    ];

    /// Its name (`crash`, `partition`, `pause`, `drift`, `loss`).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Crash => "crash",
            FaultKind::Partition => "partition",
            FaultKind::Pause => "pause",
            FaultKind::Drift => "drift",
            FaultKind::Loss => "loss",
        }
    }

    /// The kind named `name`.
    pub fn from_name(name: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// How many schedules to try.
    pub schedules: usize,
    /// Which kinds of fault.
    pub kinds: Vec<FaultKind>,
    /// At most this many faults in one schedule (at least one).
    pub max_faults: usize,
    /// The search's own seed (the scenario keeps its own).
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            schedules: 500,
            kinds: FaultKind::ALL.to_vec(),
            max_faults: 3,
            seed: 1,
        }
    }
}

/// One fault of a schedule: the actions it adds (a crash and its restart, a partition and its
/// heal…), kept together so that shrinking removes them together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Its kind.
    pub kind: FaultKind,
    /// Its timed actions.
    pub actions: Vec<TimedAction>,
}

/// A schedule that broke something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Which schedule (from 0).
    pub schedule: usize,
    /// Its faults, shrunk.
    pub faults: Vec<Fault>,
    /// How many faults it had before shrinking.
    pub unshrunk: usize,
    /// The scenario with those faults: open it, share it.
    pub scenario: Scenario,
    /// What broke (checker names), in the order first broken.
    pub broken: Vec<String>,
}

/// What broke in `scenario` run to its end (empty: nothing).
pub fn broken(scenario: &Scenario) -> Result<Vec<String>, BuildError> {
    let mut sim = build(scenario)?;
    sim.run_until(scenario.run_until_us);
    let mut found: Vec<(Micros, String)> = sim
        .violations()
        .iter()
        .map(|v| (v.time, v.invariant.name().to_string()))
        .chain(
            sim.recipe_violations()
                .iter()
                .map(|v| (v.time, v.invariant.to_string())),
        )
        .chain(
            consistency::check(sim.client_ops().iter())
                .into_iter()
                .filter(|f| !f.allowed)
                .map(|f| (f.time, f.check.to_string())),
        )
        .collect();
    found.sort();
    let mut names: Vec<String> = Vec::new();
    for (_, n) in found {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    Ok(names)
}

/// `scenario` without its own faults (crashes, restarts, partitions, cuts, heals, latency,
/// pauses, drift, loss, dropped or delayed messages, client crashes): its clients and their
/// commands and programs stay.
pub fn without_faults(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.actions.retain(|a| {
        matches!(
            a.action,
            Action::ClientCommand { .. } | Action::ClientClose(_) | Action::Run { .. }
        )
    });
    s
}

/// `base` with `faults` added (in time order, after the base's own actions at an instant).
pub fn with_faults(base: &Scenario, faults: &[Fault]) -> Scenario {
    let mut s = base.clone();
    s.actions
        .extend(faults.iter().flat_map(|f| f.actions.iter().cloned()));
    s.actions.sort_by_key(|a| a.time_us);
    s
}

/// Schedule `k` of a search with `opts` over `base`.
pub fn schedule(base: &Scenario, opts: &Options, k: usize) -> Vec<Fault> {
    let mut rng = Rng::new(
        opts.seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(k as u64 + 1),
    );
    if opts.kinds.is_empty() {
        return Vec::new();
    }
    let n = rng.range(1, opts.max_faults.max(1) as u64) as usize;
    let end = base.run_until_us.max(ms(2000));
    let servers = base.ensemble.servers.max(1);
    let clients: Vec<String> = base.clients.iter().map(|c| c.name.clone()).collect();
    (0..n)
        .map(|_| {
            let kind = opts.kinds[rng.range(0, opts.kinds.len() as u64 - 1) as usize];
            let at = ms(rng.range(300, (end * 8 / 10 / 1000).max(400)));
            let for_ms = |rng: &mut Rng, lo: u64, hi: u64| ms(rng.range(lo, hi));
            let server = |rng: &mut Rng| ServerId(rng.range(1, u64::from(servers)) as u8);
            let timed = |time_us: Micros, action: Action| TimedAction { time_us, action };
            let actions = match kind {
                FaultKind::Crash => {
                    let target = if rng.range(0, 1) == 0 {
                        Target::Leader
                    } else {
                        Target::Server(server(&mut rng))
                    };
                    let down = for_ms(&mut rng, 500, 6000);
                    // Restart whichever server it was: a crashed leader is found by id later.
                    match target {
                        Target::Server(id) => vec![
                            timed(at, Action::Crash(Target::Server(id))),
                            timed(at + down, Action::Restart(id)),
                        ],
                        Target::Leader => vec![timed(at, Action::Crash(Target::Leader))],
                    }
                }
                FaultKind::Partition => {
                    let mut a = Vec::new();
                    let mut b = Vec::new();
                    for id in 1..=servers {
                        if rng.range(0, 1) == 0 {
                            a.push(Member::Server(ServerId(id)));
                        } else {
                            b.push(Member::Server(ServerId(id)));
                        }
                    }
                    // Clients go with one side or the other too.
                    for c in &clients {
                        if rng.range(0, 3) == 0 {
                            a.push(Member::Client(c.clone()));
                        }
                    }
                    if a.is_empty() || b.is_empty() {
                        let moved = if a.is_empty() {
                            b.remove(0)
                        } else {
                            a.remove(0)
                        };
                        if a.is_empty() {
                            a.push(moved)
                        } else {
                            b.push(moved)
                        }
                    }
                    let heal = for_ms(&mut rng, 1000, 8000);
                    vec![
                        timed(at, Action::Partition(vec![a, b])),
                        timed(at + heal, Action::Heal),
                    ]
                }
                FaultKind::Pause => {
                    let target = if !clients.is_empty() && rng.range(0, 1) == 0 {
                        Subject::Client(
                            clients[rng.range(0, clients.len() as u64 - 1) as usize].clone(),
                        )
                    } else {
                        Subject::Server(Target::Server(server(&mut rng)))
                    };
                    let duration_us = for_ms(&mut rng, 500, 10_000);
                    vec![timed(
                        at,
                        Action::Pause {
                            target,
                            duration_us,
                        },
                    )]
                }
                FaultKind::Drift => {
                    let target = if !clients.is_empty() && rng.range(0, 1) == 0 {
                        Subject::Client(
                            clients[rng.range(0, clients.len() as u64 - 1) as usize].clone(),
                        )
                    } else {
                        Subject::Server(Target::Server(server(&mut rng)))
                    };
                    let pct = rng.range(10, 60) as i32;
                    let sign = if rng.range(0, 1) == 0 { 1 } else { -1 };
                    vec![timed(
                        at,
                        Action::Drift {
                            target,
                            drift_ppm: sign * pct * 10_000,
                        },
                    )]
                }
                FaultKind::Loss => {
                    let pct = rng.range(5, 40) as u32;
                    let lasts = for_ms(&mut rng, 1000, 6000);
                    vec![
                        timed(at, Action::Loss { ppm: pct * 10_000 }),
                        timed(at + lasts, Action::Loss { ppm: 0 }),
                    ]
                }
            };
            Fault {
                kind,
                actions: actions
                    .into_iter()
                    .filter(|a| a.time_us < base.run_until_us)
                    .collect(),
            }
        })
        .filter(|f| !f.actions.is_empty())
        .collect()
}

/// The fewest of `faults` (removing one at a time, while what breaks still breaks) that
/// still break something in `base`.
pub fn shrink(
    base: &Scenario,
    faults: Vec<Fault>,
) -> Result<(Vec<Fault>, Vec<String>), BuildError> {
    let mut kept = faults;
    let mut why = broken(&with_faults(base, &kept))?;
    let mut i = 0;
    while i < kept.len() {
        let mut fewer = kept.clone();
        fewer.remove(i);
        let b = broken(&with_faults(base, &fewer))?;
        if b.is_empty() {
            i += 1;
        } else {
            kept = fewer;
            why = b;
        }
    }
    Ok((kept, why))
}

/// A search under way.
#[derive(Clone, Debug)]
pub struct Search {
    base: Scenario,
    opts: Options,
    next: usize,
}

impl Search {
    /// A search over `base` (the scenario as written; its own actions stay) with `opts`.
    pub fn new(base: Scenario, opts: Options) -> Search {
        Search {
            base,
            opts,
            next: 0,
        }
    }

    /// How many schedules have been tried.
    pub fn tried(&self) -> usize {
        self.next
    }

    /// How many schedules it tries in all.
    pub fn total(&self) -> usize {
        self.opts.schedules
    }

    /// True once every schedule has been tried.
    pub fn finished(&self) -> bool {
        self.next >= self.opts.schedules
    }

    /// Try the next schedule; if it breaks something, shrink it and give it back.
    pub fn run_one(&mut self) -> Result<Option<Found>, BuildError> {
        if self.finished() {
            return Ok(None);
        }
        let k = self.next;
        self.next += 1;
        let faults = schedule(&self.base, &self.opts, k);
        if broken(&with_faults(&self.base, &faults))?.is_empty() {
            return Ok(None);
        }
        let unshrunk = faults.len();
        let (faults, broken) = shrink(&self.base, faults)?;
        Ok(Some(Found {
            schedule: k,
            scenario: with_faults(&self.base, &faults),
            faults,
            unshrunk,
            broken,
        }))
    }

    /// Run schedules until one breaks something or none is left.
    pub fn run(&mut self) -> Result<Option<Found>, BuildError> {
        while !self.finished() {
            if let Some(found) = self.run_one()? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}
