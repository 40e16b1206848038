//! A ZooKeeper server as a sans-IO state machine: [`Server::step`] takes one [`Input`] (a
//! message, a timer, a command) at the server's local time and writes what it wants done into an
//! [`Out`] buffer. It never reads a clock and never does IO; the simulator delivers and fires.

pub mod config;
pub mod durable;
mod election;
mod leader;
mod learner;
pub mod msg;
mod serve;
mod sessions;
pub mod state;
pub mod sync_plan;

use crate::ids::{ClientId, ServerId};
use crate::machine::{Effects, Machine};
use crate::proto::Role as ViewRole;
use crate::proto::{ToClient, ToServer};
use crate::time::Micros;
use crate::zxid::Zxid;
pub use config::{Bug, Config};
pub use durable::{Durable, LogEntry};
pub use state::Payload;

use election::Election;
use leader::Leader;
use learner::Learner;
use msg::{Msg, PeerState, Vote};
use state::ReplicatedState;
use std::sync::Arc;

/// Timers a server can set. At most one of each kind is pending: setting one again replaces it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimerKind {
    /// FLE: no notification for a while; re-send the vote (Z6).
    ElectionTimeout,
    /// FLE: finalizeWait after a quorum agreed (Z6).
    Finalize,
    /// Learner: retry FOLLOWERINFO while the leader is not yet accepting.
    Reconnect,
    /// Learner: nothing heard from the leader for too long (Z13).
    LeaderSilent,
    /// Leader: ping learners every tick/2 and check the quorum every tick (Z13).
    LeaderTick,
    /// Leader: discovery and sync must finish within initLimit ticks (Z7, Z9).
    SetupDeadline,
}

impl TimerKind {
    /// Its name in a trace.
    pub fn name(self) -> &'static str {
        match self {
            TimerKind::ElectionTimeout => "election-timeout",
            TimerKind::Finalize => "finalize-wait",
            TimerKind::Reconnect => "reconnect",
            TimerKind::LeaderSilent => "leader-silent",
            TimerKind::LeaderTick => "leader-tick",
            TimerKind::SetupDeadline => "setup-deadline",
        }
    }
}

/// A timer instance: its kind and the role generation that set it. A timer set in an earlier
/// role (before the server went LOOKING again, say) is stale and ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timer {
    /// What it is for.
    pub kind: TimerKind,
    /// The role generation it belongs to.
    pub generation: u64,
}

/// What happens to a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A message from another server.
    Message {
        /// The sender.
        from: ServerId,
        /// The message.
        msg: Msg,
    },
    /// A timer fired.
    Timer(Timer),
    /// Propose an opaque write if leading (benchmarks and protocol tests drive Zab with these).
    Propose(Payload),
    /// The TCP connection to this peer closed (its process died and the OS sent FIN/RST).
    PeerClosed(ServerId),
    /// A message from a client.
    Client {
        /// The client process.
        from: ClientId,
        /// The message.
        msg: ToServer,
    },
    /// A client's connection closed.
    ClientClosed(ClientId),
}

/// Something a server did that the simulator records and the checkers inspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// The server changed role, and why (empty when the role says it all).
    Role(ViewRole, String),
    /// A txn was appended to the durable log.
    Logged(Zxid),
    /// The durable log was truncated to this zxid.
    Truncated(Zxid),
    /// The durable state was replaced by a snapshot at this zxid.
    SnapshotInstalled(Zxid),
    /// A committed txn was applied (zxid, payload hash).
    Applied(Zxid, u64),
    /// The leader has a quorum of NEWLEADER acks: it leads this epoch (Z15 Leadership).
    Established(u32),
    /// A sync was chosen for a learner.
    Sync(ServerId, &'static str),
    /// Free text worth a line in the trace (why a role ended, …).
    Text(String),
}

/// What a server asks the simulator to do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Send a message to another server.
    Send(ServerId, Msg),
    /// Send a message to a client connected here.
    Answer(ClientId, ToClient),
    /// (Re)set a timer, with its delay in the server's local time.
    SetTimer(Timer, Micros),
    /// Cancel every pending timer (the server changed role).
    CancelTimers,
    /// Close the Zab connection to this peer (the server left the role that had it).
    Close(ServerId),
    /// Something worth recording.
    Note(Note),
}

/// The effects of one server step.
pub type Out = Effects<Effect>;

impl Effects<Effect> {
    fn send(&mut self, to: ServerId, msg: Msg) {
        self.push(Effect::Send(to, msg));
    }

    fn answer(&mut self, to: ClientId, msg: ToClient) {
        self.push(Effect::Answer(to, msg));
    }

    fn note(&mut self, note: Note) {
        self.push(Effect::Note(note));
    }
}

/// The role a server plays, with that role's volatile state.
#[derive(Clone, Debug)]
enum Role {
    Looking(Election),
    Leading(Box<Leader>),
    Learning(Learner),
}

/// One ZooKeeper server.
#[derive(Clone, Debug)]
pub struct Server {
    id: ServerId,
    cfg: Arc<Config>,
    durable: Durable,
    state: ReplicatedState,
    role: Role,
    generation: u64,
    /// FLE's logicalclock: the election round (volatile, Z4).
    logical_clock: u64,
    /// The vote this server reports to others once the election has ended.
    current_vote: Vote,
    now: Micros,
    serving: serve::Serving,
}

impl Server {
    /// Start (or restart after a crash) from durable state only; the server begins LOOKING.
    pub fn boot(
        id: ServerId,
        cfg: Arc<Config>,
        durable: Durable,
        now: Micros,
        out: &mut Out,
    ) -> Self {
        let state = durable.snapshot.state.clone();
        let mut server = Server {
            id,
            cfg,
            current_vote: Vote {
                leader: id,
                zxid: durable.last_zxid(),
                peer_epoch: durable.current_epoch,
            },
            durable,
            state,
            role: Role::Looking(Election::default()),
            generation: 0,
            logical_clock: 0,
            now,
            serving: serve::Serving::default(),
        };
        // S3: session ids carry the server id in the top byte and the start time below.
        server.serving.next_session = ((id.0 as u64) << 56) | (((now / 1000) << 24) >> 8);
        server.go_looking("start", out);
        server
    }

    /// Handle one input at local time `now`.
    pub fn step(&mut self, now: Micros, input: Input, out: &mut Out) {
        self.handle(now, input, out)
    }
}

impl Machine for Server {
    type Input = Input;
    type Effect = Effect;

    fn handle(&mut self, now: Micros, input: Input, out: &mut Out) {
        self.now = now;
        match input {
            Input::Timer(t) if t.generation != self.generation => {}
            Input::Timer(t) => self.on_timer(t.kind, out),
            Input::Message { from, msg } => self.on_message(from, msg, out),
            Input::PeerClosed(peer) => self.on_peer_closed(peer, out),
            Input::Client { from, msg } => self.on_client(from, msg, out),
            Input::ClientClosed(c) => self.drop_connection(c),
            Input::Propose(payload) => {
                if let Role::Leading(_) = self.role {
                    let _ = self.lead_propose(payload, out);
                }
            }
        }
    }
}

impl Server {
    fn on_timer(&mut self, kind: TimerKind, out: &mut Out) {
        match (&self.role, kind) {
            (Role::Looking(_), TimerKind::ElectionTimeout) => self.election_timeout(out),
            (Role::Looking(_), TimerKind::Finalize) => self.election_finalize(out),
            (Role::Learning(_), TimerKind::Reconnect) => self.learner_reconnect(out),
            (Role::Learning(_), TimerKind::LeaderSilent) => {
                self.go_looking("leader silent too long (syncLimit)", out)
            }
            (Role::Leading(_), TimerKind::LeaderTick) => self.leader_tick(out),
            (Role::Leading(_), TimerKind::SetupDeadline) => self.leader_setup_deadline(out),
            _ => {}
        }
    }

    fn on_message(&mut self, from: ServerId, msg: Msg, out: &mut Out) {
        if let Msg::Notification {
            vote,
            election_epoch,
            state,
        } = msg
        {
            return self.on_notification(from, vote, election_epoch, state, out);
        }
        // Z13: only a leader listens for learners, and only on a connection it still has does
        // a packet arrive; anything else meets a reset, as TCP answers a closed socket (a
        // FOLLOWERINFO to a server that is not leading, even one that takes the sender for its
        // own leader; a packet from a learner the leader dropped; Zab traffic for a role this
        // server no longer plays).
        let info = matches!(msg, Msg::FollowerInfo { .. });
        match &self.role {
            Role::Leading(l) if info || l.has_learner(from) => {
                self.leader_on_message(from, msg, out)
            }
            Role::Learning(l) if !info && l.leader == from => self.learner_on_message(msg, out),
            _ => out.push(Effect::Close(from)),
        }
    }

    /// A Zab connection broke: a learner whose leader went away looks for a new one; a leader
    /// drops the learner's handler. FLE connections are re-made on demand and matter not.
    fn on_peer_closed(&mut self, peer: ServerId, out: &mut Out) {
        match &mut self.role {
            Role::Learning(l) if l.leader == peer => {
                if l.try_again_after_refusal() {
                    return; // the reconnect timer tries again
                }
                self.go_looking(&format!("connection to leader {peer} closed"), out)
            }
            Role::Leading(_) => self.leader_drop_learner(peer),
            _ => {}
        }
    }

    /// Enter a new role: bump the generation so timers of the old role go stale.
    fn set_role(&mut self, role: Role, why: &str, out: &mut Out) {
        // Leaving a role closes its sockets: a leader's learners and a learner's leader hear of
        // it at once, as ZooKeeper's shutdown closes them.
        if self.is_serving() {
            self.close_all_clients(out);
        }
        match &self.role {
            Role::Leading(l) => l.learners().for_each(|p| out.push(Effect::Close(p))),
            Role::Learning(l) => out.push(Effect::Close(l.leader)),
            Role::Looking(_) => {}
        }
        self.generation += 1;
        self.role = role;
        out.push(Effect::CancelTimers);
        out.note(Note::Role(self.view_role(), why.to_string()));
    }

    fn set_timer(&self, kind: TimerKind, after: Micros, out: &mut Out) {
        let timer = Timer {
            kind,
            generation: self.generation,
        };
        out.push(Effect::SetTimer(timer, after));
    }

    /// Apply every logged txn up to `zxid` that is not applied yet, in zxid order.
    fn commit_upto(&mut self, zxid: Zxid, out: &mut Out) {
        let from = self.state.applied;
        let entries: Vec<LogEntry> = self
            .durable
            .entries_after(from)
            .iter()
            .take_while(|e| e.zxid <= zxid)
            .cloned()
            .collect();
        for e in &entries {
            let result = self.state.apply(e);
            out.note(Note::Applied(e.zxid, e.payload_hash()));
            if let (Some(result), state::Payload::Client(meta)) = (result, &*e.payload) {
                self.track_session(&meta.txn);
                self.after_apply(meta, &result, out);
            }
            if e.zxid.counter() % self.cfg.snap_count == 0 {
                self.durable.snapshot(&self.state);
            }
        }
    }

    /// The leader's session tracker follows the committed session table.
    fn track_session(&mut self, txn: &crate::tree::Txn) {
        let (now, tick) = (self.now, self.cfg.tick);
        if let Role::Leading(l) = &mut self.role {
            match txn {
                crate::tree::Txn::CreateSession {
                    session_id,
                    timeout_ms,
                } => l.sessions.add(*session_id, *timeout_ms as u64, now, tick),
                crate::tree::Txn::CloseSession { session_id, .. } => l.sessions.remove(*session_id),
                _ => {}
            }
        }
    }

    fn peer_state(&self) -> PeerState {
        match &self.role {
            Role::Looking(_) => PeerState::Looking,
            Role::Leading(_) => PeerState::Leading,
            Role::Learning(l) if l.observer => PeerState::Observing,
            Role::Learning(_) => PeerState::Following,
        }
    }

    // ---- read-only accessors for views, checkers and tests ----

    /// Its id.
    pub fn id(&self) -> ServerId {
        self.id
    }
    /// Its role as the UI shows it.
    pub fn view_role(&self) -> ViewRole {
        match self.peer_state() {
            PeerState::Looking => ViewRole::Looking,
            PeerState::Leading => ViewRole::Leading,
            PeerState::Following => ViewRole::Following,
            PeerState::Observing => ViewRole::Observing,
        }
    }
    /// Its durable state (what a crash would leave).
    pub fn durable(&self) -> &Durable {
        &self.durable
    }
    /// Its applied state.
    pub fn state(&self) -> &ReplicatedState {
        &self.state
    }
    /// The last committed (applied) zxid.
    pub fn committed(&self) -> Zxid {
        self.state.applied
    }
    /// True if it leads with an established quorum (broadcast phase).
    pub fn is_established_leader(&self) -> bool {
        matches!(&self.role, Role::Leading(l) if l.established)
    }
    /// True if it leads or follows in the broadcast phase and could serve clients.
    pub fn is_serving(&self) -> bool {
        match &self.role {
            Role::Leading(l) => l.established,
            Role::Learning(l) => l.is_up_to_date(),
            Role::Looking(_) => false,
        }
    }
    /// The leader it follows (or itself when leading), once the election is over.
    pub fn leader(&self) -> Option<ServerId> {
        match &self.role {
            Role::Looking(_) => None,
            Role::Leading(_) => Some(self.id),
            Role::Learning(l) => Some(l.leader),
        }
    }
    /// Connected clients and their sessions.
    pub fn connections(&self) -> Vec<(ClientId, u64)> {
        self.serving.connections().collect()
    }
    /// The watches held here for the clients connected here.
    pub fn watches(&self) -> &crate::watches::WatchManager {
        &self.serving.watches
    }
    /// The FLE round.
    pub fn election_round(&self) -> u64 {
        self.logical_clock
    }
    /// Its current vote (its proposal while LOOKING).
    pub fn vote(&self) -> Vote {
        match &self.role {
            Role::Looking(e) => e.proposal,
            _ => self.current_vote,
        }
    }
}
