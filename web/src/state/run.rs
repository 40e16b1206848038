//! The run the page shows, moved in place.
//!
//! Yew keeps the previous state while the reducer makes the next, so a run held by `Rc` and
//! moved with `Rc::make_mut` was copied whole on every frame (a copy of every server's tree,
//! then the old one dropped): most of a frame's time on a busy ensemble. The run is one cell
//! instead, shared by the reducer's copies of the state ([`State::share`](super::State::share)),
//! with a count of its moves, so a handle taken before a move and one taken after differ and a
//! component holding one is drawn again exactly when the run moved.

use engine::scenario::{self, Scenario};
use engine::{ClientDetail, MessageRecord, Micros, ScenarioRun, ServerDetail, ServerId};
use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

/// A handle on the run: read-only for components (details on demand: a client's transcript, a
/// server's tree, the messages of a time window); the state moves it.
#[derive(Clone, Debug)]
pub struct RunRef {
    run: Rc<RefCell<ScenarioRun>>,
    /// How many times the run had been moved when this handle was taken.
    moves: u64,
}

impl PartialEq for RunRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run) && self.moves == other.moves
    }
}

impl RunRef {
    /// A handle on a new run.
    pub(super) fn new(run: ScenarioRun) -> Self {
        RunRef {
            run: Rc::new(RefCell::new(run)),
            moves: 0,
        }
    }

    /// A handle on a copy of the run, its own from now on.
    pub(super) fn copy(&self) -> Self {
        RunRef::new(self.get().clone())
    }

    /// Which run this handle is on (equal for handles on one run, moved or not).
    pub fn identity(&self) -> usize {
        Rc::as_ptr(&self.run) as usize
    }

    /// This handle as it was after `moves` moves of the run: equal to the handle taken then,
    /// though it reads the run as it is now.
    pub(super) fn as_of(&self, moves: u64) -> Self {
        RunRef {
            run: self.run.clone(),
            moves,
        }
    }

    /// How many times the run had been moved when this handle was taken.
    pub(super) fn moves(&self) -> u64 {
        self.moves
    }

    /// The run, to read (never held across a move).
    pub(super) fn get(&self) -> Ref<'_, ScenarioRun> {
        self.run.borrow()
    }

    /// The run, to move; this handle then differs from every one taken before.
    pub(super) fn mutate(&mut self) -> RefMut<'_, ScenarioRun> {
        self.moves += 1;
        self.run.borrow_mut()
    }

    /// The znodes at `paths`, as the ensemble has them now.
    pub fn znodes(&self, paths: &[String]) -> Vec<engine::ZnodeView> {
        self.get().znodes(paths)
    }

    /// The current instant.
    pub fn now(&self) -> Micros {
        self.get().now()
    }

    /// The scenario as it stands, with every action the user added.
    pub fn scenario(&self) -> Ref<'_, Scenario> {
        Ref::map(self.get(), ScenarioRun::scenario)
    }

    /// What the inspector shows of server `id`.
    pub fn server_detail(&self, id: ServerId) -> Option<ServerDetail> {
        self.get().server_detail(id)
    }

    /// What the inspector and the console show of the client named `name`.
    pub fn client_detail(&self, name: &str) -> Option<ClientDetail> {
        self.get().client_detail(name)
    }

    /// How message `id` ended (arrived or dropped), if it has.
    pub fn message_end(&self, id: u64) -> Option<MessageRecord> {
        self.get().message_end(id)
    }

    /// What `zooscope run` prints for the scenario as it stands (the trace to download).
    pub fn report_lines(&self) -> Result<Vec<String>, String> {
        self.get().report_lines().map_err(|e| e.to_string())
    }

    /// The messages that ended between `from` and `to`.
    pub fn messages_ending_in(&self, from: Micros, to: Micros) -> Vec<MessageRecord> {
        self.get().messages_ending_in(from, to)
    }

    /// Visit the messages that ended between `from` and `to`, without copying them.
    pub fn visit_messages_ending_in(
        &self,
        from: Micros,
        to: Micros,
        visit: impl FnMut(&MessageRecord),
    ) {
        self.get().visit_messages_ending_in(from, to, visit)
    }

    /// The timeline markers explored so far.
    pub fn markers(&self) -> Vec<engine::Marker> {
        self.get().markers()
    }

    /// The picture of the ensemble now (for an export drawn away from the page).
    pub fn view(&self) -> engine::ClusterView {
        self.get().view()
    }

    /// The scenario's text, as the share link carries it.
    pub fn scenario_text(&self) -> String {
        scenario::print(&self.scenario())
    }

    /// The share-link fragment (without `#`) for the scenario at the current instant.
    pub fn link_fragment(&self) -> String {
        format!(
            "{}&t={}",
            scenario::encode(&self.scenario()),
            self.now() / 1000
        )
    }
}

/// A handle for components that read the run only when the user acts on them (share, export,
/// the failure search): equal to every handle on the same run, so playing does not draw them
/// again; what they read is the run as it is when they read it.
#[derive(Clone, Debug)]
pub struct LiveRun(pub RunRef);

impl PartialEq for LiveRun {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0.run, &other.0.run)
    }
}

impl std::ops::Deref for LiveRun {
    type Target = RunRef;

    fn deref(&self) -> &RunRef {
        &self.0
    }
}
