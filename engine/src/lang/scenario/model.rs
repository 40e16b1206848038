//! The parsed form of a scenario: what a run is made of, independent of how it was written.
//!
//! Every value here is exact (integer microseconds, parts per million) so that a scenario printed
//! and parsed again is the same value, and a shared link replays the same run forever.

use crate::ids::ServerId;
use crate::time::Micros;

/// The seed used when a scenario gives none.
pub const DEFAULT_SEED: u64 = 1;
/// Voting servers when a scenario has no `ensemble` line (or it leaves `servers=` out): the
/// smallest ensemble that survives a crash.
pub const DEFAULT_SERVERS: u8 = 3;
/// ZooKeeper's `tickTime` default, in milliseconds.
pub const DEFAULT_TICK_MS: u64 = 2_000;
/// ZooKeeper's `initLimit` default, in ticks.
pub const DEFAULT_INIT_LIMIT: u32 = 10;
/// ZooKeeper's `syncLimit` default, in ticks.
pub const DEFAULT_SYNC_LIMIT: u32 = 5;
/// The lower end of the default one-way latency: slow enough for messages to be seen moving.
pub const DEFAULT_LATENCY_MIN_US: Micros = 5_000;
/// The upper end of the default one-way latency.
pub const DEFAULT_LATENCY_MAX_US: Micros = 15_000;
/// A client's session timeout when its line gives none.
pub const DEFAULT_CLIENT_TIMEOUT_MS: u64 = 10_000;
/// How long a scenario runs when it has no `run` line.
pub const DEFAULT_RUN_US: Micros = 60_000_000;

/// A whole scenario: the ensemble, its network, its clients and what happens to them when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The seed of the run's one PRNG.
    pub seed: u64,
    /// The servers and their timing configuration.
    pub ensemble: Ensemble,
    /// The links between every pair of processes.
    pub network: Network,
    /// The clients, in the order they are declared (a client's index is its `ClientId`).
    pub clients: Vec<ClientDecl>,
    /// What happens, in file order. Times may go backwards from one action to the next; the
    /// simulator orders by time and keeps file order among equal times.
    pub actions: Vec<TimedAction>,
    /// Simulated time at which the run stops.
    pub run_until_us: Micros,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: DEFAULT_SEED,
            ensemble: Ensemble::default(),
            network: Network::default(),
            clients: Vec::new(),
            actions: Vec::new(),
            run_until_us: DEFAULT_RUN_US,
        }
    }
}

impl Scenario {
    /// The declared client named `name`, with its index.
    pub fn client(&self, name: &str) -> Option<(usize, &ClientDecl)> {
        self.clients
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == name)
    }
}

/// The servers of the ensemble. Voters are `s1`…`sN` (N = `servers`); observers follow them,
/// `s(N+1)`…`s(N+M)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ensemble {
    /// How many voting participants.
    pub servers: u8,
    /// How many observers (non-voting servers that follow the leader).
    pub observers: u8,
    /// ZooKeeper's `tickTime`, in milliseconds.
    pub tick_ms: u64,
    /// ZooKeeper's `initLimit`, in ticks: how long a follower may take to sync with the leader.
    pub init_limit: u32,
    /// ZooKeeper's `syncLimit`, in ticks: how far a follower may fall behind the leader.
    pub sync_limit: u32,
}

impl Default for Ensemble {
    fn default() -> Self {
        Ensemble {
            servers: DEFAULT_SERVERS,
            observers: 0,
            tick_ms: DEFAULT_TICK_MS,
            init_limit: DEFAULT_INIT_LIMIT,
            sync_limit: DEFAULT_SYNC_LIMIT,
        }
    }
}

impl Ensemble {
    /// Voters plus observers.
    pub fn total(&self) -> u8 {
        self.servers.saturating_add(self.observers)
    }

    /// Every server, voters first.
    pub fn server_ids(&self) -> impl Iterator<Item = ServerId> {
        (1..=self.total()).map(ServerId)
    }

    /// Whether `id` names a server of this ensemble.
    pub fn contains(&self, id: ServerId) -> bool {
        (1..=self.total()).contains(&id.0)
    }

    /// Whether `id` is one of the observers (they are numbered after the voters).
    pub fn is_observer(&self, id: ServerId) -> bool {
        id.0 > self.servers && self.contains(id)
    }
}

/// The network every link starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// The shortest one-way delay of a message, in microseconds.
    pub latency_min_us: Micros,
    /// The longest one-way delay of a message (at least `latency_min_us`).
    pub latency_max_us: Micros,
    /// The chance that a message is lost, in parts per million (`1%` = 10 000).
    pub loss_ppm: u32,
}

impl Default for Network {
    fn default() -> Self {
        Network {
            latency_min_us: DEFAULT_LATENCY_MIN_US,
            latency_max_us: DEFAULT_LATENCY_MAX_US,
            loss_ppm: 0,
        }
    }
}

/// A client process; it opens its session at time 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientDecl {
    /// Its name: a letter, then letters, digits, `_` or `-`; never `sK` nor a keyword.
    pub name: String,
    /// The server it connects to first, or `None` to let the seeded PRNG pick, as ZooKeeper's
    /// client picks from its shuffled connect string.
    pub connect: Option<ServerId>,
    /// The session timeout it asks for, in milliseconds.
    pub timeout_ms: u64,
}

impl ClientDecl {
    /// A client with the default timeout and no preferred server.
    pub fn new(name: impl Into<String>) -> Self {
        ClientDecl {
            name: name.into(),
            connect: None,
            timeout_ms: DEFAULT_CLIENT_TIMEOUT_MS,
        }
    }
}

/// One action and the simulated time at which it happens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimedAction {
    /// When, in microseconds from the start of the run.
    pub time_us: Micros,
    /// What.
    pub action: Action,
}

/// A server, named directly or as "whoever leads at that instant".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `sK`.
    Server(ServerId),
    /// `leader`: the server leading when the action happens (none: the action does nothing).
    Leader,
}

/// Any process that can be paused or have its clock drift.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A server (or the leader).
    Server(Target),
    /// A client, by name.
    Client(String),
}

/// One end of a link, or one member of a partition side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// `sK`.
    Server(ServerId),
    /// A client, by name.
    Client(String),
}

/// Something that happens at one instant. New actions are new variants; the printer and parser
/// are the only code that must learn them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// `crash TARGET`: the server stops; its durable state (log, snapshot, epochs) survives.
    Crash(Target),
    /// `restart sK`: the server starts again from its durable state.
    Restart(ServerId),
    /// `partition A,B | C,D`: links between different sides are cut both ways. At least two
    /// sides, none empty, no member twice.
    Partition(Vec<Vec<Member>>),
    /// `cut A->B` (or `A<->B`): the link stops carrying messages.
    Cut {
        /// The sending end.
        from: Member,
        /// The receiving end (never `from`).
        to: Member,
        /// `<->`: the reverse direction too.
        both_ways: bool,
    },
    /// `heal`: every cut and partition is removed.
    Heal,
    /// `latency A->B 200ms` (or `A<->B`): a fixed extra delay on the link.
    Latency {
        /// The sending end.
        from: Member,
        /// The receiving end (never `from`).
        to: Member,
        /// The extra one-way delay, in microseconds.
        extra_us: Micros,
        /// `<->`: the reverse direction too.
        both_ways: bool,
    },
    /// `pause TARGET for DURATION`: the process stops (a GC pause); timers and messages wait.
    Pause {
        /// Who stops.
        target: Subject,
        /// For how long, in microseconds.
        duration_us: Micros,
    },
    /// `drift TARGET +20%`: the process's clock runs fast (or slow) from now on.
    Drift {
        /// Whose clock.
        target: Subject,
        /// The rate offset in parts per million: `+20%` = `200_000`, `-20%` = `-200_000`;
        /// `+0%` puts the clock back to true rate.
        drift_ppm: i32,
    },
    /// `NAME COMMAND`: the client issues a zkCli command (conformance/FORMAT.md syntax). The
    /// text is kept raw; the client model parses it.
    ClientCommand {
        /// The client's name.
        client: String,
        /// The command as written, trimmed (never starting with `close`, `crash` or `runs`).
        text: String,
    },
    /// `NAME close`: the client closes its session.
    ClientClose(String),
    /// `NAME crash`: the client's process dies; its session is left to expire.
    ClientCrash(String),
    /// `NAME runs PROGRAM ARGS...`: the client starts a recipe program (a recipe).
    Run {
        /// The client's name.
        client: String,
        /// The recipe's name.
        program: String,
        /// Its arguments, one word each.
        args: Vec<String>,
    },
    /// `loss 5%`: every link loses this share of messages from now on.
    Loss {
        /// Parts per million.
        ppm: u32,
    },
    /// `drop message N`: the message in flight with id N is lost (ids count messages in send
    /// order, so they name the same message whenever the scenario replays).
    DropMessage(u64),
    /// `delay message N by DURATION`: the message in flight with id N arrives later; what
    /// follows it on its link waits behind it.
    DelayMessage {
        /// The message's id.
        id: u64,
        /// How much later, in microseconds.
        by_us: Micros,
    },
}
