//! Playing: the clock's speed, one animation frame's move, and what a frame refreshes.

use engine::{ClusterView, Flight, Micros};
use std::rc::Rc;

use super::{clock, Phase, State, SPEEDS};

/// The longest real time one frame may advance (a backgrounded tab must not jump minutes).
const MAX_FRAME_MS: f64 = 100.0;

/// The most events one animation frame may process: a busy ensemble at a high speed then runs
/// slower than asked (and says so) instead of making the page wait (a frame is 16.7 ms).
pub const FRAME_EVENTS: usize = 4_000;

/// The events a frame processes between two looks at the clock ([`State::frame_ms`]).
const SLICE_EVENTS: usize = 250;

/// The page's budget for simulating in one frame, in real milliseconds: the rest of a 60 Hz
/// frame's 16.7 ms is for drawing.
pub const FRAME_SIM_MS: f64 = 4.0;

/// Playing at real time or faster, the map's messages and clock move every frame but its words
/// and numbers (roles, zxids, lock queues, what each client does, the checkers) are looked at
/// every this many frames, ten times a second: too fast to read any faster, and every change of
/// text costs the page a relayout. Anything else that happens (a pause, a click) takes them
/// again at once.
pub const WORDS_EVERY: u32 = 6;

/// What moves every frame while playing: the clock and the messages in flight. The view has
/// them too, but takes them only with its words (see [`WORDS_EVERY`]): the map's messages and
/// the space-time diagram follow this, so the parts of the page that show only words and
/// numbers (the map's servers and clients, the panels) are not drawn again between.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Motion {
    /// The simulated time now.
    pub time: Micros,
    /// The messages in flight now, oldest first.
    pub in_flight: Vec<Flight>,
}

impl Motion {
    /// The view's clock and messages.
    pub fn of(view: &ClusterView) -> Self {
        Motion {
            time: view.time,
            in_flight: view.in_flight.clone(),
        }
    }
}

impl State {
    /// True if playing stops at the scenario's end (not in a lesson, nor after "run on").
    fn stops_at_end(&self) -> bool {
        self.lesson.is_none() && !self.run_on
    }

    /// Stop the clock, and look at the client histories now (playing, they lag a little).
    pub(super) fn pause(&mut self) {
        self.playing = false;
        self.reached = None;
        self.refresh();
    }

    /// Start the clock; at or past the scenario's end, that means running on.
    pub(super) fn play(&mut self) {
        if self.stops_at_end() && self.now() >= self.end() {
            self.run_on = true;
        }
        self.playing = true;
    }

    /// Simulated seconds per real second at the current speed.
    pub fn speed_factor(&self) -> f64 {
        SPEEDS[self.speed]
    }

    /// Playing at real time or faster: a message crosses its link within a few frames.
    pub fn fast_forward(&self) -> bool {
        self.playing && self.speed_factor() >= 1.0
    }

    /// One animation frame of `real_ms` real milliseconds: while playing, the run moves on by
    /// that much simulated time at the chosen speed (or as far as the frame's budget goes).
    pub(super) fn frame(&mut self, real_ms: f64) {
        let real = real_ms.clamp(0.0, MAX_FRAME_MS);
        if let Some(l) = self.lesson.as_mut().filter(|l| l.phase == Phase::Task) {
            l.waited_ms += real;
        }
        if self.playing {
            let by = (real * 1000.0 * self.speed_factor()).round() as Micros;
            let mut target = self.lesson_frame_target(self.now().saturating_add(by.max(1)));
            if self.stops_at_end() {
                target = target.min(self.end().max(self.now()));
            }
            let before = self.now();
            let kept_up = self.advance(target);
            // The speed reached, smoothed over a few frames; once shown, it goes only when the
            // run is back to (nearly) the speed asked, not on the first frame that kept up (it
            // would come and go from one frame to the next, and be read out each time).
            let asked = self.speed_factor();
            let got = if kept_up {
                asked
            } else {
                (self.now() - before) as f64 / 1000.0 / real.max(1.0)
            };
            self.reached = match self.reached {
                None if kept_up => None,
                None => Some(got),
                Some(r) => Some(0.8 * r + 0.2 * got).filter(|r| *r < 0.95 * asked),
            };
            if self.stops_at_end() && self.now() >= self.end() {
                self.playing = false;
            }
        }
        if self.words_stale && !self.fast_forward() {
            self.refresh();
        }
    }

    /// Play forward towards `t`, at most [`FRAME_EVENTS`] events and (with a budget) at most
    /// [`State::frame_ms`] of real time; true if `t` was reached.
    fn advance(&mut self, t: Micros) -> bool {
        let reached = t == self.now() || self.advance_within_budget(t);
        if self.fast_forward() && self.versus.is_none() && self.words_wait > 0 {
            self.words_wait -= 1;
            self.horizon = self.horizon.max(self.now());
            self.move_messages();
        } else {
            self.after_move();
        }
        reached
    }

    /// Only the messages and the clock move (see [`Motion`]); the view keeps its words.
    fn move_messages(&mut self) {
        let run = self.run.get();
        let motion = Motion {
            time: run.now(),
            in_flight: run.in_flight(),
        };
        drop(run);
        self.motion = Rc::new(motion);
        self.words_stale = true;
        self.lesson_progress();
    }

    fn advance_within_budget(&mut self, t: Micros) -> bool {
        let (budget, start) = (self.frame_ms, clock::now_ms());
        let mut run = self.run.mutate();
        for _ in 0..FRAME_EVENTS / SLICE_EVENTS {
            if run.advance_within(t, SLICE_EVENTS) {
                return true;
            }
            if budget.is_some_and(|b| clock::now_ms() - start >= b) {
                break;
            }
        }
        false
    }
}
