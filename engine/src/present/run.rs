//! What a watched run shows, as snapshots: the API the web app reads a [`ScenarioRun`]
//! through (it never reaches into the simulation itself).

use super::checks::CheckRow;
use super::detail::{ClientDetail, ServerDetail};
use super::view::ClusterView;
use crate::ids::ServerId;
use crate::lang::lesson::{Goal, Start};
use crate::lang::run::ScenarioRun;
use crate::observe::history::Marker;
use crate::observe::MessageRecord;
use crate::time::Micros;

impl ScenarioRun {
    /// The ensemble now.
    pub fn view(&self) -> ClusterView {
        self.sim().view()
    }

    /// The messages in flight now, as [`ScenarioRun::view`] has them.
    pub fn in_flight(&self) -> Vec<crate::observe::Flight> {
        self.sim().in_flight().cloned().collect()
    }

    /// Everything the inspector shows of server `id`.
    pub fn server_detail(&self, id: ServerId) -> Option<ServerDetail> {
        self.sim().server_detail(id)
    }

    /// Everything the inspector and the console show of the client named `name`.
    pub fn client_detail(&self, name: &str) -> Option<ClientDetail> {
        let sim = self.sim();
        sim.client_by_name(name).and_then(|c| sim.client_detail(c))
    }

    /// Every checker's row now (see [`crate::Simulation::check_rows`]).
    pub fn check_rows(&self, explored: &[Marker]) -> Vec<CheckRow> {
        self.sim().check_rows(explored)
    }

    /// How many timeline markers the run has reached.
    pub fn marker_count(&self) -> usize {
        self.sim().history().markers.len()
    }

    /// The timeline markers so far, in time order.
    pub fn markers(&self) -> Vec<Marker> {
        self.sim().history().markers.iter().cloned().collect()
    }

    /// A lesson goal's start, now.
    pub fn goal_start(&self) -> Start {
        Start::now(self.sim())
    }

    /// True if `goal` holds now, counted from `start`.
    pub fn goal_met(&self, goal: &Goal, start: &Start) -> bool {
        goal.met(self.sim(), start)
    }

    /// When `goal` came true, if it holds now (see [`Goal::met_at`]).
    pub fn goal_met_at(&self, goal: &Goal, start: &Start) -> Option<Micros> {
        goal.met_at(self.sim(), start)
    }

    /// The znodes at `paths`, as the ensemble has them now.
    pub fn znodes(&self, paths: &[String]) -> Vec<crate::present::view::ZnodeView> {
        self.sim().znode_views(paths)
    }

    /// Go on through a quiet stretch (only heartbeats on the wire, timers ticking), event by
    /// event, up to `limit`: stop as soon as something a viewer would notice is on its way or
    /// due next (a timer that sends a vote, a scenario action), so a fast-forward never jumps
    /// over it.
    pub fn skip_quiet(&mut self, limit: Micros) {
        loop {
            if self.sim().notable_in_flight() {
                return;
            }
            match self.sim().next_event_time() {
                Some(t) if t <= limit => {
                    let action = self.sim().next_is_action();
                    self.step();
                    if action {
                        return; // a crash, a command: seen as it happens
                    }
                }
                _ => {
                    if limit > self.now() {
                        self.seek(limit);
                    }
                    return;
                }
            }
        }
    }

    /// The latest `last` client operations so far, as the history view draws them.
    pub fn op_views(&self, last: usize) -> Vec<crate::present::history::OpView> {
        crate::present::history::op_views(self.sim(), last)
    }

    /// What the consistency checks find in the client histories so far.
    pub fn findings(&self) -> Vec<crate::present::history::FindingView> {
        crate::present::history::findings(self.sim())
    }

    /// How far the client histories have got: operations asked, and those still waiting for
    /// an answer (a pair that changes whenever the history view would: an answer lowers the
    /// second). Counted, not searched: the page asks on every frame.
    pub fn ops_progress(&self) -> (usize, usize) {
        (self.sim().client_ops().len(), self.sim().open_op_count())
    }

    /// How message `id` ended (arrived, or dropped), if it has ended by now.
    pub fn message_end(&self, id: u64) -> Option<MessageRecord> {
        let now = self.now();
        self.sim()
            .history()
            .messages
            .iter()
            .rev()
            .find(|m| m.id == id && m.ended <= now)
            .cloned()
    }

    /// What `zooscope run` prints for this run's scenario (as it stands, with every action the
    /// user added): one JSON line per answer and watch event, to the scenario's end.
    pub fn report_lines(&self) -> Result<Vec<String>, crate::lang::build::BuildError> {
        let mut sim = crate::lang::build::build(self.scenario())?;
        sim.run_until(self.scenario().run_until_us);
        Ok(crate::present::report::client_lines(&sim))
    }

    /// The messages that ended (arrived or were dropped) between `from` and `to`.
    pub fn messages_ending_in(&self, from: Micros, to: Micros) -> Vec<MessageRecord> {
        self.sim().history().messages_ending_in(from, to)
    }

    /// Visit the messages that ended between `from` and `to`, in the order they ended, without
    /// copying them (a diagram of the whole run draws a hundred thousand).
    pub fn visit_messages_ending_in(
        &self,
        from: Micros,
        to: Micros,
        visit: impl FnMut(&MessageRecord),
    ) {
        self.sim()
            .history()
            .visit_messages_ending_in(from, to, visit)
    }
}
