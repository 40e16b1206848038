//! The app's state and its reducer, in the style of Yew's `function_todomvc` example.
//!
//! No Yew here: the reducer is a plain function of (state, action), tested natively and in the
//! browser. The engine is reached only through a [`ScenarioRun`]'s snapshots (the picture of the
//! ensemble, the checkers' rows, details on demand through a [`RunRef`]); every change the user
//! makes becomes a timed scenario action (a fork), so what the user did is in the share link.
//! Each snapshot is shared (`Rc`) and replaced only when it changes, so a component whose props
//! did not change is not drawn again.

use engine::scenario::{self, Action as ScenarioAction, Scenario};
use engine::{
    ms, CheckRow, ClusterView, FindingView, Marker, MessageRecord, Micros, OpView, ScenarioRun,
};
use std::cell::Ref;
use std::rc::Rc;

use crate::text::Lang;
pub use lesson::{course_text, LessonState, Phase, COURSE};
pub use play::{Motion, FRAME_EVENTS, FRAME_SIM_MS, WORDS_EVERY};
use std::collections::BTreeSet;

mod clock;
pub mod compare;
pub mod lesson;
pub mod link;
pub mod mode;
pub mod notice;
mod play;
mod run;

pub use compare::{verdict, Side, Verdict};
pub use link::{lesson_link, parse_link, Extras};
pub use mode::Mode;
pub use notice::{Field, Lead, Notice};
pub use run::{LiveRun, RunRef};

/// The scenario a fresh page opens with.
pub const DEFAULT_SCENARIO: &str = include_str!("default.scn");

/// The playback speeds, simulated seconds per real second, slowest first (a log scale: from
/// slow motion where a 10 ms message takes seconds to cross, to fast forward).
pub const SPEEDS: [f64; 13] = [
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0,
];

/// The speed a page starts at: 0.05×, so a 10 ms message crosses in 0.2 s and a whole election
/// takes a few seconds.
pub const DEFAULT_SPEED: usize = 5;

/// While playing, the client histories and their checks are refreshed every this many frames
/// (about a second: checking a long history takes a while).
const HISTORY_EVERY: u32 = 60;

/// How many of the latest client operations the history view gets.
pub const HISTORY_SHOWN: usize = 120;

/// How far "step back" goes.
pub const STEP_BACK: Micros = ms(10);

/// What the user has selected, for the inspector and the fault menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// A server, by id number (`s3` is 3).
    Server(u8),
    /// A client, by name.
    Client(String),
    /// A message in flight, by id.
    Message(u64),
}

/// Everything the page shows.
#[derive(Debug)]
pub struct State {
    /// The run, moved in place (see [`RunRef`]): a copy of the state shares it.
    run: RunRef,
    /// The latest snapshot of the run (refreshed after every action that moves time; while
    /// playing fast, its words only ten times a second: see [`Motion`]).
    pub view: Rc<ClusterView>,
    /// The clock and the messages in flight now, every frame.
    pub motion: Rc<Motion>,
    /// Whether the simulated clock is running.
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// What the inspector and the fault menu are about.
    pub selection: Option<Selection>,
    /// The UI language.
    pub lang: Lang,
    /// The furthest instant the run has reached (what the timeline fits by default).
    pub horizon: Micros,
    /// Whether playback goes on past the scenario's end (`run` line) instead of stopping there.
    pub run_on: bool,
    /// The speed actually reached while frames fall short of the one asked for (the ensemble
    /// is too busy to simulate that fast here); `None` while playback keeps up.
    pub reached: Option<f64>,
    /// How the page is laid out.
    pub mode: Mode,
    /// The real milliseconds a frame may spend simulating ([`FRAME_SIM_MS`] on the page): a
    /// frame stops at that or at [`FRAME_EVENTS`] events, whichever comes first. `None` (tests):
    /// only the event count, so a run's frames do not depend on the machine's speed.
    pub frame_ms: Option<f64>,
    /// The second run of a comparison, on the same clock.
    pub versus: Option<Side>,
    /// A message for the user (a refused action, a bad link), until dismissed.
    pub notice: Option<Notice>,
    /// The name of the scenario, when it came from the gallery.
    pub title: Option<String>,
    /// The timeline markers of the whole explored run (also those after now, once reached).
    pub markers: Rc<Vec<Marker>>,
    /// Every checker's row now.
    pub checks: Rc<Vec<CheckRow>>,
    /// Every client operation so far (the history view).
    pub history: Rc<Vec<OpView>>,
    /// What the consistency checks find in those operations.
    pub findings: Rc<Vec<FindingView>>,
    /// The instant `history` was taken.
    pub history_at: Micros,
    /// The histories' progress when `history` was taken (operations asked, answered).
    ops_seen: (usize, usize),
    /// Frames to wait, while playing, before the histories are looked at again.
    history_wait: u32,
    /// Frames to wait, while playing fast, before the view's words are looked at again.
    words_wait: u32,
    /// True when only the view's messages and clock have moved since its words were taken.
    words_stale: bool,
    /// The run's moves when the words were last taken (see [`State::run_at_words`]).
    words_moves: u64,
    /// The lesson being taken, if any.
    pub lesson: Option<LessonState>,
    /// The lessons of the course the student has finished (remembered by the browser).
    pub done: Rc<BTreeSet<String>>,
}

impl Clone for State {
    /// A copy with its own run (a test's "what if"): moving one does not move the other.
    fn clone(&self) -> Self {
        State {
            run: self.run.copy(),
            versus: self.versus.as_ref().map(Side::copy),
            ..self.share()
        }
    }
}

/// What can happen to the [`State`].
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// One animation frame, `real_ms` after the previous one: advances by the speed if playing.
    Frame(f64),
    /// Advance by this much simulated time, playing or not.
    Advance(Micros),
    /// Process exactly one more event (paused).
    StepEvent,
    /// Go back by [`STEP_BACK`] (paused).
    StepBack,
    /// Go to this instant (paused), forwards or backwards.
    Seek(Micros),
    /// Go to this instant (paused) and select this (the server that answered a request).
    SeekAndSelect(Micros, Option<Selection>),
    /// Set the speed (an index into [`SPEEDS`], clamped).
    SetSpeed(usize),
    /// Do this scenario action now: the run forks here and the action joins the scenario.
    Inject(ScenarioAction),
    /// Do the scenario actions written in `text` (one a line, as after `at TIME`) now, or say
    /// what is wrong and do none.
    InjectText(String),
    /// Keep the run up to now and drop the scenario's actions after now.
    Fork,
    /// Do the scenario action typed in `field` now, or say beside the field what is wrong.
    InjectAt {
        /// Where it was typed.
        field: Field,
        /// The action, as after `at TIME`.
        text: String,
    },
    /// Client `client` types zkCli command `text` now (a forked `at NOW client text`).
    Console {
        /// The client's name.
        client: String,
        /// The command.
        text: String,
    },
    /// Select something (or nothing).
    Select(Option<Selection>),
    /// Switch language.
    SetLang(Lang),
    /// Open a scenario from its text (gallery, new-scenario form), with an optional title.
    Open {
        /// The scenario text.
        text: String,
        /// Its name in the gallery.
        title: Option<String>,
    },
    /// Open the scenario and instant a share link holds (the part after `#`).
    OpenLink(String),
    /// Go back to time zero of the same scenario, paused.
    Restart,
    /// Forget the notice.
    Dismiss,
    /// Open lesson `name` of the course at step `step` (from 0).
    OpenLesson {
        /// The lesson's name (its file's stem).
        name: String,
        /// The step (from 0).
        step: usize,
    },
    /// The "forward" key (→, PageDown): the lesson's next step, or the next event.
    Forward,
    /// The "back" key (←, PageUp): the lesson's previous step, or 10 ms back.
    Backward,
    /// Go to the lesson's next step.
    LessonNext,
    /// Go back to the lesson's previous step (the run replays from where it started).
    LessonBack,
    /// Leave the lesson (the run stays open).
    CloseLesson,
    /// The lessons the student finished before (read from the browser's storage).
    SetDone(Vec<String>),
    /// Lay the page out for a projector, a frame in another page, or in full.
    SetMode(Mode),
    /// Play on past the scenario's end.
    RunOn,
    /// Play the scenario in `text` beside this one, on the same clock.
    Compare {
        /// The scenario text.
        text: String,
        /// Its name in the gallery.
        title: Option<String>,
    },
    /// Stop comparing (the first run stays).
    EndCompare,
    /// Open a scenario file the user chose (its name, its text).
    OpenFile {
        /// The file's name.
        name: String,
        /// What it holds.
        text: String,
    },
}

impl Default for State {
    fn default() -> Self {
        Self::open(DEFAULT_SCENARIO, None).expect("the default scenario is valid")
    }
}

impl State {
    /// A paused run of the scenario in `text`, at time zero.
    pub fn open(text: &str, title: Option<String>) -> Result<Self, String> {
        let scenario = scenario::parse(text).map_err(|e| e.to_string())?;
        Self::from_scenario(scenario, title)
    }

    /// A paused run of `scenario` at time zero.
    pub fn from_scenario(scenario: Scenario, title: Option<String>) -> Result<Self, String> {
        let run = ScenarioRun::new(scenario).map_err(|e| e.to_string())?;
        let view = Rc::new(run.view());
        let motion = Rc::new(Motion::of(&view));
        let checks = Rc::new(run.check_rows(&[]));
        let run = RunRef::new(run);
        Ok(State {
            run,
            view,
            motion,
            playing: false,
            speed: DEFAULT_SPEED,
            selection: None,
            lang: Lang::default(),
            horizon: 0,
            run_on: false,
            reached: None,
            mode: Mode::Full,
            frame_ms: None,
            versus: None,
            notice: None,
            title,
            markers: Rc::default(),
            checks,
            history: Rc::default(),
            findings: Rc::default(),
            ops_seen: (0, 0),
            history_wait: 0,
            words_wait: 0,
            words_stale: false,
            words_moves: 0,
            history_at: 0,
            lesson: None,
            done: Rc::default(),
        })
    }

    /// The state a share link opens: its scenario at the instant it was shared. A bad link
    /// gives the default scenario and a notice saying what was wrong with the link.
    pub fn from_link(fragment: &str) -> Self {
        if let Some(lesson) = lesson_link(fragment) {
            let mut s = State::default();
            match lesson {
                Ok((name, text, in_course, step)) => s.open_lesson(&name, &text, in_course, step),
                Err(e) => s.notice = Some(e),
            }
            return s;
        }
        let opened = parse_link(fragment).and_then(|(scenario, at)| {
            let mut s = Self::from_scenario(scenario, None)?;
            if let Some(other) = link::versus(fragment) {
                s.versus = Some(Side::new(other?, None, 0)?);
            }
            s.seek(at);
            let extras = Extras::read(fragment);
            s.speed = extras.speed.unwrap_or(s.speed);
            s.selection = extras.selection;
            Ok(s)
        });
        opened.unwrap_or_else(Self::bad_link)
    }

    fn bad_link(why: String) -> Self {
        State {
            notice: Some(Notice::new(Lead::BadLink, why)),
            ..State::default()
        }
    }

    /// Current simulated time.
    pub fn now(&self) -> Micros {
        self.run.now()
    }

    /// A read-only handle on the run (for components that ask for details on demand).
    pub fn run(&self) -> RunRef {
        self.run.clone()
    }

    /// The handle [`State::run`] gave when the view's words were last taken: for components that
    /// show only words (the inspector, the console), so that playing fast they are drawn again
    /// with the words, not every frame. It reads the run as it is now.
    pub fn run_at_words(&self) -> RunRef {
        self.run.as_of(self.words_moves)
    }

    /// A handle for components that read the run only when the user acts on them.
    pub fn live_run(&self) -> LiveRun {
        LiveRun(self.run.clone())
    }

    /// The scenario as it stands, with every action the user added.
    pub fn scenario(&self) -> Ref<'_, Scenario> {
        self.run.scenario()
    }

    /// A copy of the state that shares its run: what the reducer moves on (copying the run
    /// every frame was most of a frame's time). Every other copy ([`Clone`]) has its own run.
    pub fn share(&self) -> Self {
        State {
            run: self.run.clone(),
            view: self.view.clone(),
            motion: self.motion.clone(),
            playing: self.playing,
            speed: self.speed,
            selection: self.selection.clone(),
            lang: self.lang,
            horizon: self.horizon,
            run_on: self.run_on,
            reached: self.reached,
            mode: self.mode,
            frame_ms: self.frame_ms,
            versus: self.versus.clone(),
            notice: self.notice.clone(),
            title: self.title.clone(),
            markers: self.markers.clone(),
            checks: self.checks.clone(),
            history: self.history.clone(),
            findings: self.findings.clone(),
            history_at: self.history_at,
            ops_seen: self.ops_seen,
            history_wait: self.history_wait,
            words_wait: self.words_wait,
            words_stale: self.words_stale,
            words_moves: self.words_moves,
            lesson: self.lesson.clone(),
            done: self.done.clone(),
        }
    }

    /// The scenario's text, as the share link carries it.
    pub fn scenario_text(&self) -> String {
        self.run().scenario_text()
    }

    /// The share-link fragment (without `#`) for the scenario at the current instant, with the
    /// scenario compared with it, the speed and the selection.
    pub fn link_fragment(&self) -> String {
        link::fragment(
            &self.run(),
            self.versus.as_ref(),
            self.speed,
            self.selection.as_ref(),
        )
    }

    /// How the selected message ended, when a message is selected and no longer on the wire.
    pub fn selected_message_end(&self) -> Option<MessageRecord> {
        match self.selection {
            Some(Selection::Message(id)) if !self.motion.in_flight.iter().any(|f| f.id == id) => {
                self.run.message_end(id)
            }
            _ => None,
        }
    }

    /// The instant the scenario's `run` line ends it (the later of two compared).
    pub fn end(&self) -> Micros {
        let other = self
            .versus
            .as_ref()
            .map_or(0, |v| v.scenario().run_until_us);
        self.scenario().run_until_us.max(other)
    }

    /// Apply one action.
    pub fn apply(&mut self, action: Action) {
        if self.words_stale && !matches!(action, Action::Frame(_)) {
            self.refresh();
        }
        match action {
            Action::Play => self.play(),
            Action::Pause => self.pause(),
            Action::TogglePlay if self.playing => self.pause(),
            Action::TogglePlay => self.play(),
            Action::Frame(real_ms) => self.frame(real_ms),
            Action::Advance(d) => self.seek(self.now().saturating_add(d)),
            Action::StepEvent => {
                self.playing = false;
                self.run.mutate().step();
                self.refresh();
            }
            Action::StepBack => {
                self.playing = false;
                self.seek(self.now().saturating_sub(STEP_BACK));
            }
            Action::Seek(t) => {
                self.playing = false;
                self.seek(t);
            }
            Action::SeekAndSelect(t, selection) => {
                self.playing = false;
                self.seek(t);
                if selection.is_some() {
                    self.selection = selection;
                }
            }
            Action::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            Action::Inject(action) => self.insert(vec![action]),
            Action::Fork => self.rewrite(Vec::new(), true),
            Action::InjectText(text) => {
                let actions: Result<Vec<_>, String> = text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| parse_action_line(&self.scenario(), &format!("at 0s {}", l.trim())))
                    .collect();
                match actions {
                    Ok(actions) => self.insert(actions),
                    Err(e) => self.notice = Some(Notice::new(Lead::Refused, e)),
                }
            }
            Action::Console { client, text } => {
                let line = format!("at 0s {client} {}", text.trim());
                let parsed = parse_action_line(&self.scenario(), &line);
                match parsed {
                    Ok(action) => {
                        self.clear_notice_at(Field::Console);
                        self.insert(vec![action]);
                    }
                    Err(e) => {
                        let why = format!("{}: {e}", text.trim());
                        self.notice = Some(Notice::new(Lead::Refused, why).at(Field::Console));
                    }
                }
            }
            Action::InjectAt { field, text } => {
                let parsed = parse_action_line(&self.scenario(), &format!("at 0s {}", text.trim()));
                match parsed {
                    Ok(action) => {
                        self.clear_notice_at(field);
                        self.insert(vec![action]);
                    }
                    Err(e) => self.notice = Some(Notice::new(Lead::Refused, e).at(field)),
                }
            }
            Action::Select(s) => self.selection = s,
            Action::SetLang(lang) => self.lang = lang,
            Action::Open { text, title } => match State::open(&text, title) {
                Ok(s) => self.replace(s),
                Err(e) => self.notice = Some(Notice::new(Lead::ScenarioDoesNotOpen, e)),
            },
            Action::OpenLink(fragment) => {
                let s = State::from_link(&fragment);
                self.replace(s);
            }
            Action::OpenLesson { name, step } => match course_text(&name) {
                Some(text) => self.open_lesson(&name, text, true, step),
                None => self.notice = Some(Notice::new(Lead::NoLesson, name)),
            },
            Action::Forward if self.lesson.is_some() => self.apply(Action::LessonNext),
            Action::Forward => self.apply(Action::StepEvent),
            Action::Backward if self.lesson.is_some() => self.apply(Action::LessonBack),
            Action::Backward => self.apply(Action::StepBack),
            Action::LessonNext => {
                if let Some(k) = self
                    .lesson
                    .as_ref()
                    .filter(|l| !l.last())
                    .map(|l| l.step + 1)
                {
                    self.enter_step(k);
                }
            }
            Action::LessonBack => {
                let back = self
                    .lesson
                    .as_ref()
                    .filter(|l| l.step > 0)
                    .map(|l| (l.step - 1, l.starts[l.step - 1].0));
                if let Some((k, t)) = back {
                    self.seek(t);
                    self.enter_step(k);
                }
            }
            Action::CloseLesson => {
                self.lesson = None;
                self.playing = false;
            }
            Action::SetDone(names) => self.done = Rc::new(names.into_iter().collect()),
            Action::Restart => {
                self.playing = false;
                self.seek(0);
            }
            Action::Dismiss => self.notice = None,
            Action::SetMode(mode) => self.mode = mode,
            Action::RunOn => {
                self.run_on = true;
                self.playing = true;
            }
            Action::Compare { text, title } => {
                let side = engine::scenario::parse(&text)
                    .map_err(|e| e.to_string())
                    .and_then(|s| Side::new(s, title, self.now()));
                match side {
                    Ok(side) => self.versus = Some(side),
                    Err(e) => self.notice = Some(Notice::new(Lead::ScenarioDoesNotOpen, e)),
                }
            }
            Action::EndCompare => self.versus = None,
            Action::OpenFile { name, text } => match State::open(&text, None) {
                Ok(s) => self.replace(s),
                Err(e) => {
                    self.notice = Some(Notice::new(Lead::FileDoesNotOpen, format!("{name}: {e}")));
                }
            },
        }
    }

    /// The reducer: the state after `action`.
    pub fn reduce(mut self, action: Action) -> Self {
        self.apply(action);
        self
    }

    /// Forget the notice if it is about `field` (what was typed there worked).
    fn clear_notice_at(&mut self, field: Field) {
        if self.notice.as_ref().is_some_and(|n| n.field == Some(field)) {
            self.notice = None;
        }
    }

    /// The notice about `field`, in the UI's language, if there is one.
    pub fn notice_at(&self, field: Field) -> Option<String> {
        self.notice
            .as_ref()
            .filter(|n| n.field == Some(field))
            .map(|n| n.text(self.lang))
    }

    /// Take over `other`'s run, keeping the user's language, speed, layout and progress (and
    /// leaving any lesson).
    fn replace(&mut self, other: State) {
        let (lang, speed, done, mode) = (self.lang, self.speed, self.done.clone(), self.mode);
        let frame_ms = self.frame_ms;
        *self = other;
        self.lang = lang;
        self.mode = mode;
        self.frame_ms = frame_ms;
        if self.lesson.is_none() {
            self.speed = speed; // a lesson plays at its own pace
        }
        self.done = done;
    }

    fn seek(&mut self, t: Micros) {
        if t != self.now() {
            self.run.mutate().seek(t);
        }
        self.after_move();
    }

    /// What follows any move in time: the horizon, the compared run, the snapshots.
    fn after_move(&mut self) {
        self.horizon = self.horizon.max(self.now());
        let now = self.now();
        if let Some(v) = self.versus.as_mut() {
            v.seek(now);
        }
        self.refresh();
    }

    /// Put `actions` in now, the scenario's script going on after them (a fault, a command).
    pub(super) fn insert(&mut self, actions: Vec<ScenarioAction>) {
        self.rewrite(actions, false);
    }

    /// Put `actions` in now; with `drop_future`, the scenario's later actions are dropped
    /// ("Fork here": the user takes over from now).
    fn rewrite(&mut self, actions: Vec<ScenarioAction>, drop_future: bool) {
        // Scenario times are whole milliseconds: act at the next one, so the share link's
        // text says exactly when.
        let now = self.now().div_ceil(1000) * 1000;
        let mut run = self.run.mutate();
        if now != run.now() {
            run.seek(now);
        }
        let timed = actions.into_iter().map(|a| (now, a)).collect();
        let done = if drop_future {
            run.fork(timed)
        } else {
            run.insert(timed)
        };
        drop(run);
        match done {
            Ok(()) => {
                // What was explored after now is another history now.
                let now = self.now();
                let kept: Vec<Marker> = self
                    .markers
                    .iter()
                    .filter(|m| m.time <= now)
                    .cloned()
                    .collect();
                self.markers = Rc::new(kept);
                self.refresh();
            }
            Err(e) => self.notice = Some(Notice::new(Lead::Refused, e.to_string())),
        }
    }

    fn refresh(&mut self) {
        self.words_wait = WORDS_EVERY - 1;
        self.words_stale = false;
        self.words_moves = self.run.moves();
        compare::Snapshots {
            view: &mut self.view,
            markers: &mut self.markers,
            checks: &mut self.checks,
        }
        .refresh(&self.run.get());
        let (view, motion) = (&self.view, &self.motion);
        if (view.time, &view.in_flight) != (motion.time, &motion.in_flight) {
            self.motion = Rc::new(Motion::of(view));
        }
        // The histories and their checks grow with the run: while playing, look again about
        // once a second, not every frame.
        self.history_wait = self.history_wait.saturating_sub(1);
        let seen = self.run.get().ops_progress();
        if seen != self.ops_seen && (!self.playing || self.history_wait == 0) {
            self.ops_seen = seen;
            self.history_wait = HISTORY_EVERY;
            self.history = Rc::new(self.run.get().op_views(HISTORY_SHOWN));
            self.history_at = self.now();
            let findings = self.run.get().findings();
            if *self.findings != findings {
                self.findings = Rc::new(findings);
            }
        }
        self.lesson_progress();
    }
}

/// The scenario action in one `at TIME ACTION` line, checked against `scenario`'s names.
fn parse_action_line(scenario: &Scenario, line: &str) -> Result<ScenarioAction, String> {
    let mut probe = scenario.clone();
    probe.actions.clear();
    let mut text = scenario::print(&probe);
    text.push_str(line);
    text.push('\n');
    // The error's line number counts the probe's lines: the user typed one line, so say why
    // without it.
    let parsed = scenario::parse(&text).map_err(|e| {
        let e = e.to_string();
        match e.split_once(": ") {
            Some((line, why)) if line.starts_with("line ") => why.to_string(),
            _ => e,
        }
    })?;
    parsed
        .actions
        .into_iter()
        .next()
        .map(|a| a.action)
        .ok_or_else(|| "no action".to_string())
}

/// Simulated time as the clock readout shows it: seconds with millisecond precision, `12.345 s`.
pub fn format_time(t: Micros) -> String {
    let millis = t / 1_000;
    format!("{}.{:03} s", millis / 1_000, millis % 1_000)
}

#[cfg(test)]
mod tests;
