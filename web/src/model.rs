//! The app's state and its reducer, in the style of Yew's `function_todomvc` example.
//!
//! No Yew here: the reducer is a plain function of (state, action), tested natively and in the
//! browser. The only thing that knows about the ensemble is the engine's [`Simulation`]; the UI
//! reads it through [`ClusterView`] snapshots.

use engine::sim::view::ClusterView;
use engine::sim::Simulation;
use engine::time::{ms, Micros};

/// The number of servers in the ensemble the page shows.
pub const SERVERS: u8 = 5;

/// Simulated time one tick of the play loop advances.
pub const TICK: Micros = ms(50);

/// Simulated time one press of "Step" advances.
pub const STEP: Micros = ms(500);

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct State {
    sim: Simulation,
    /// Whether the simulated clock is running.
    pub playing: bool,
    /// The latest snapshot of the simulation (refreshed after every action that moves time).
    pub view: ClusterView,
}

/// What can happen to the [`State`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// One tick of the play loop: advance by [`TICK`] if playing, otherwise nothing.
    Tick,
    /// Advance by `n` microseconds of simulated time, playing or not.
    Advance(Micros),
    /// A fresh ensemble at time zero, paused.
    Reset,
}

impl Default for State {
    fn default() -> Self {
        Self::new(SERVERS)
    }
}

impl State {
    /// A paused ensemble of `servers` servers at time zero.
    pub fn new(servers: u8) -> Self {
        let sim = Simulation::with_servers(servers);
        let view = sim.view();
        State {
            sim,
            playing: false,
            view,
        }
    }

    /// Current simulated time.
    pub fn now(&self) -> Micros {
        self.sim.now()
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Play => self.playing = true,
            Action::Pause => self.playing = false,
            Action::TogglePlay => self.playing = !self.playing,
            Action::Tick if self.playing => self.advance(TICK),
            Action::Tick => {}
            Action::Advance(d) => self.advance(d),
            Action::Reset => *self = State::new(self.view.servers.len() as u8),
        }
    }

    /// The reducer: the state after `action`.
    pub fn reduce(mut self, action: Action) -> Self {
        self.apply(action);
        self
    }

    fn advance(&mut self, by: Micros) {
        let until = self.sim.now().saturating_add(by);
        self.sim.run_until(until);
        self.view = self.sim.view();
    }
}

/// Simulated time as the clock readout shows it: seconds with millisecond precision, `12.345 s`.
pub fn format_time(t: Micros) -> String {
    let millis = t / 1_000;
    format!("{}.{:03} s", millis / 1_000, millis % 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn starts_paused_at_zero_with_five_servers() {
        let s = State::default();
        assert!(!s.playing);
        assert_eq!(s.now(), 0);
        assert_eq!(s.view.time, 0);
        let names: Vec<String> = s.view.servers.iter().map(|v| v.id.to_string()).collect();
        assert_eq!(names, ["s1", "s2", "s3", "s4", "s5"]);
    }

    #[test]
    fn tick_advances_only_while_playing() {
        let s = State::default().reduce(Action::Tick);
        assert_eq!(s.now(), 0, "a tick while paused does nothing");
        let s = s
            .reduce(Action::Play)
            .reduce(Action::Tick)
            .reduce(Action::Tick);
        assert_eq!(s.now(), 2 * TICK);
        assert_eq!(s.view.time, 2 * TICK, "the view follows the clock");
        let s = s.reduce(Action::Pause).reduce(Action::Tick);
        assert_eq!(s.now(), 2 * TICK);
    }

    #[test]
    fn toggle_flips_and_advance_works_when_paused() {
        let s = State::default().reduce(Action::TogglePlay);
        assert!(s.playing);
        let s = s.reduce(Action::TogglePlay).reduce(Action::Advance(STEP));
        assert!(!s.playing);
        assert_eq!(s.now(), STEP);
    }

    #[test]
    fn reset_goes_back_to_zero_and_pauses() {
        let s = State::default()
            .reduce(Action::Play)
            .reduce(Action::Advance(ms(1234)))
            .reduce(Action::Reset);
        assert!(!s.playing);
        assert_eq!(s.now(), 0);
        assert_eq!(s.view.servers.len(), 5);
    }

    #[test]
    fn formats_time_as_seconds_with_millis() {
        assert_eq!(format_time(0), "0.000 s");
        assert_eq!(format_time(ms(50)), "0.050 s");
        assert_eq!(format_time(ms(12_345) + 999), "12.345 s");
    }
}
