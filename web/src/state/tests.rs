//! The reducer's tests (native and, in Chromium, wasm-bindgen).
use super::*;
use engine::scenario::Target;
use engine::Role;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn starts_paused_at_zero_with_the_default_scenario() {
    let s = State::default();
    assert!(!s.playing);
    assert_eq!(s.now(), 0);
    let names: Vec<String> = s.view.servers.iter().map(|v| v.id.to_string()).collect();
    assert_eq!(names, ["s1", "s2", "s3", "s4", "s5"]);
    assert_eq!(s.view.clients.len(), 3);
}

#[test]
fn frames_advance_only_while_playing_at_the_chosen_speed() {
    let s = State::default().reduce(Action::Frame(16.0));
    assert_eq!(s.now(), 0, "a frame while paused does nothing");
    let s = s.reduce(Action::SetSpeed(9)).reduce(Action::Play);
    let s = s.reduce(Action::Frame(50.0)).reduce(Action::Frame(50.0));
    assert_eq!(
        s.now(),
        ms(100),
        "1× speed: 100 ms of frames is 100 ms simulated"
    );
    let s = s.reduce(Action::Frame(10_000.0));
    assert_eq!(
        s.now(),
        ms(200),
        "one frame advances at most 100 ms of real time"
    );
    let s = s.reduce(Action::Pause).reduce(Action::Frame(50.0));
    assert_eq!(s.now(), ms(200));
}

#[test]
fn seek_goes_back_and_forth_and_gives_the_same_picture() {
    let s = State::default().reduce(Action::Seek(ms(3000)));
    let at3 = s.view.clone();
    let s = s
        .reduce(Action::Seek(ms(500)))
        .reduce(Action::Seek(ms(3000)));
    assert_eq!(s.view, at3);
    assert_eq!(s.horizon, ms(3000), "the furthest instant reached");
    assert_eq!(s.end(), ms(120_000), "the scenario's length");
}

#[test]
fn crashing_the_leader_forks_the_scenario_and_a_new_leader_appears() {
    let s = State::default().reduce(Action::Seek(ms(3000)));
    let old = s.view.leader.expect("a leader after 3 s");
    let s = s.reduce(Action::Inject(ScenarioAction::Crash(Target::Leader)));
    assert!(
        s.scenario_text().contains("at 3s crash leader"),
        "{}",
        s.scenario_text()
    );
    let s = s.reduce(Action::Advance(ms(2000)));
    let new = s.view.leader.expect("a new leader within 2 s");
    assert_ne!(new, old);
    let down = &s.view.servers[old.0 as usize - 1];
    assert_eq!(down.role, Role::Down);
}

#[test]
fn a_share_link_reopens_the_same_instant() {
    let s = State::default()
        .reduce(Action::Seek(ms(2500)))
        .reduce(Action::Inject(ScenarioAction::Crash(Target::Leader)))
        .reduce(Action::Advance(ms(1500)));
    let link = s.link_fragment();
    let t = State::from_link(&format!("#{link}"));
    assert_eq!(t.notice, None);
    assert_eq!(t.now(), ms(4000));
    assert_eq!(t.view, s.view);
}

#[test]
fn a_bad_link_opens_the_default_scenario_with_a_notice() {
    for bad in [
        "#s=v1.garbage!!",
        "#nothing",
        "#s=v9.AAAA",
        "#s=v1.K04&t=zz",
    ] {
        let s = State::from_link(bad);
        let notice = s.notice.clone().expect("a notice");
        assert!(
            notice.text(Lang::En).starts_with("This link does not open"),
            "{bad}: {notice:?}"
        );
        assert_eq!(s.view.servers.len(), 5);
    }
}

#[test]
fn console_commands_become_scenario_actions_and_errors_become_notices() {
    let s = State::default().reduce(Action::Seek(ms(2000)));
    let s = s.reduce(Action::Console {
        client: "alice".into(),
        text: "create /hello world".into(),
    });
    assert_eq!(s.notice, None);
    assert!(s
        .scenario_text()
        .contains("at 2s alice create /hello world"));
    let s = s.reduce(Action::Console {
        client: "nobody".into(),
        text: "ls /".into(),
    });
    assert!(s.notice.is_some(), "an unknown client is refused");
}

#[test]
fn step_event_moves_to_the_next_event_and_step_back_rewinds() {
    let s = State::default().reduce(Action::Seek(ms(100)));
    let s = s.reduce(Action::StepEvent);
    assert!(s.now() >= ms(100));
    let t = s.now();
    let s = s.reduce(Action::StepBack);
    assert_eq!(s.now(), t - STEP_BACK);
}

#[test]
fn the_default_scenario_queues_alice_then_bob_then_carol() {
    // alice asks at 1 s, bob at 1.2 s, carol at 1.4 s; each holds for 1.5 s.
    let s = State::default().reduce(Action::Seek(ms(500)));
    assert!(s.view.queues.is_empty(), "no queue before anyone asks");
    let s = s.reduce(Action::Seek(ms(1_700)));
    let q = &s.view.queues;
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].parent, "/lock");
    assert_eq!(q[0].members, ["alice", "bob", "carol"]);
    assert_eq!(q[0].place("bob"), Some(2));
    let holder = s.view.clients.iter().find(|c| c.holding).map(|c| &c.name);
    assert_eq!(holder.map(String::as_str), Some("alice"));
    // After alice lets go, bob holds and alice queues again behind carol.
    let s = s.reduce(Action::Seek(ms(3_300)));
    let q = &s.view.queues;
    assert_eq!(q[0].members.first().map(String::as_str), Some("bob"));
    assert_eq!(q[0].place("carol"), Some(2));
}

#[test]
fn snapshots_are_kept_when_nothing_they_show_changed() {
    let s = State::default().reduce(Action::Seek(ms(3_000)));
    let (view, checks) = (s.view.clone(), s.checks.clone());
    let s = s
        .reduce(Action::SetLang(Lang::Zh))
        .reduce(Action::Select(None));
    assert!(
        Rc::ptr_eq(&view, &s.view),
        "no new picture for a language switch"
    );
    assert!(Rc::ptr_eq(&checks, &s.checks));
    let s = s.reduce(Action::Seek(ms(3_500)));
    assert!(!Rc::ptr_eq(&view, &s.view), "time moved: a new picture");
    assert!(
        Rc::ptr_eq(&checks, &s.checks),
        "the checkers' rows did not change"
    );
}

#[test]
fn playback_stops_at_the_scenarios_end_until_run_on() {
    let s = State::default()
        .reduce(Action::Seek(ms(119_950)))
        .reduce(Action::SetSpeed(9))
        .reduce(Action::Play)
        .reduce(Action::Frame(100.0));
    assert_eq!(s.now(), s.end(), "stops exactly at the end");
    assert!(!s.playing);
    let s = s.reduce(Action::Frame(100.0));
    assert_eq!(s.now(), s.end(), "stays stopped");
    let s = s.reduce(Action::RunOn).reduce(Action::Frame(100.0));
    assert!(s.playing);
    assert_eq!(s.now(), s.end() + ms(100), "runs on past the end");
    // Play at the end means run on, too.
    let t = State::default()
        .reduce(Action::Seek(ms(120_000)))
        .reduce(Action::SetSpeed(9))
        .reduce(Action::TogglePlay)
        .reduce(Action::Frame(50.0));
    assert!(t.run_on && t.playing);
    assert_eq!(t.now(), ms(120_050));
}

/// Twenty clients writing every 10 ms: too busy for 10x in one frame's events.
fn busy() -> String {
    let mut text = String::from("seed 2\nensemble servers=5\n");
    for i in 0..20 {
        text.push_str(&format!("client p{i}\n"));
    }
    for i in 0..20 {
        text.push_str(&format!(
            "at 1s p{i} runs producer count=100000 every=10ms\n"
        ));
    }
    text.push_str("run 60s\n");
    text
}

#[test]
fn a_busy_run_plays_slower_than_asked_says_so_and_is_the_same_run() {
    let text = busy();
    let mut s = State::open(&text, None)
        .unwrap()
        .reduce(Action::Seek(ms(2000)))
        .reduce(Action::SetSpeed(12))
        .reduce(Action::Play);
    for _ in 0..10 {
        s = s.reduce(Action::Frame(100.0));
    }
    let reached = s.reached.expect("too busy for 10x in one frame's events");
    assert!(reached < 10.0, "{reached}");
    assert!(s.now() < ms(12_000));
    // Stopping short changes nothing but the pace: the same instant seeked directly.
    let direct = State::open(&text, None)
        .unwrap()
        .reduce(Action::Seek(s.now()));
    // One frame that keeps up (a short one) does not take the notice away; a run back at the
    // speed asked for a few frames does.
    let quiet = s.clone().reduce(Action::Frame(0.2));
    assert!(quiet.reached.is_some(), "gone after one frame that kept up");
    let mut calm = quiet;
    for _ in 0..30 {
        calm = calm.reduce(Action::Frame(0.2));
    }
    assert_eq!(
        calm.reached, None,
        "still shown long after keeping up again"
    );
    let paused = s.reduce(Action::Pause);
    assert_eq!(paused.reached, None);
    assert_eq!(direct.view, paused.view);
}

#[test]
fn a_link_keeps_the_speed_and_the_selection() {
    let s = State::default()
        .reduce(Action::Seek(ms(2000)))
        .reduce(Action::SetSpeed(3))
        .reduce(Action::Select(Some(Selection::Server(4))));
    let back = State::from_link(&s.link_fragment());
    assert_eq!(back.speed, 3);
    assert_eq!(back.selection, Some(Selection::Server(4)));
    assert_eq!(back.now(), ms(2000));
}

#[test]
fn a_refused_partition_is_said_beside_its_field_and_goes_once_one_works() {
    let s = State::default().reduce(Action::InjectAt {
        field: Field::Partition,
        text: "partition s1 | s9".into(),
    });
    let why = s
        .notice_at(Field::Partition)
        .expect("said beside the field");
    assert!(why.starts_with("That did not work"), "{why}");
    assert_eq!(s.notice_at(Field::Console), None);
    let s = s.reduce(Action::InjectAt {
        field: Field::Partition,
        text: "partition s1 | s2".into(),
    });
    assert_eq!(s.notice, None, "fixed: the error is gone");
}

#[test]
fn a_file_that_is_not_a_scenario_says_so_and_keeps_the_run() {
    let s = State::default().reduce(Action::Seek(ms(1000)));
    let s = s.reduce(Action::OpenFile {
        name: "notes.txt".into(),
        text: "hello world\n".into(),
    });
    let n = s.notice.clone().expect("a notice");
    assert!(
        n.text(Lang::En)
            .starts_with("This file does not open: notes.txt: line 1"),
        "{n:?}"
    );
    assert_eq!(s.now(), ms(1000), "the run on show stays");
    let s = s.reduce(Action::OpenFile {
        name: "mine.scn".into(),
        text: DEFAULT_SCENARIO.into(),
    });
    assert_eq!(s.notice, None);
    assert_eq!(s.now(), 0);
}

#[test]
fn a_dropped_message_is_said_to_be_dropped() {
    let s = State::default().reduce(Action::Seek(ms(1500)));
    let f = s
        .view
        .in_flight
        .first()
        .expect("a message in flight")
        .clone();
    let s = s
        .reduce(Action::Select(Some(Selection::Message(f.id))))
        .reduce(Action::Inject(ScenarioAction::DropMessage(f.id)))
        .reduce(Action::Advance(ms(1)));
    let end = s.selected_message_end().expect("it ended");
    assert!(!end.delivered, "dropped, not arrived");
}

#[test]
fn formats_time_as_seconds_with_millis() {
    assert_eq!(format_time(0), "0.000 s");
    assert_eq!(format_time(ms(50)), "0.050 s");
    assert_eq!(format_time(ms(12_345) + 999), "12.345 s");
}

#[test]
fn a_frame_moves_the_run_in_place_and_a_handle_from_before_differs() {
    let s = State::default().reduce(Action::Play);
    let before = s.run();
    let next = s.share().reduce(Action::Frame(16.0));
    assert!(next.now() > 0);
    assert_ne!(
        before,
        next.run(),
        "components holding the old handle are drawn again"
    );
    assert_eq!(before.now(), next.now(), "moved in place, not copied");
    // Components that read the run only when used are not drawn again by playing.
    assert_eq!(s.live_run(), next.live_run());
    // A copy (a test's "what if") has a run of its own.
    let copy = next.clone().reduce(Action::Seek(ms(500)));
    assert_eq!(copy.now(), ms(500));
    assert_ne!(next.now(), ms(500));
}

#[test]
fn opening_a_lesson_keeps_the_layout_and_the_frame_budget() {
    let s = State {
        mode: Mode::Present,
        frame_ms: Some(FRAME_SIM_MS),
        ..State::default()
    };
    let (name, _) = COURSE[1];
    let s = s.reduce(Action::OpenLesson {
        name: name.to_string(),
        step: 0,
    });
    assert!(s.lesson.is_some());
    assert_eq!((s.mode, s.frame_ms), (Mode::Present, Some(FRAME_SIM_MS)));
}

#[test]
fn a_frame_with_a_budget_stops_when_the_budget_is_spent() {
    // 10x from a busy instant: more than a frame's events, so the frame stops short either
    // way; with no time to spend it stops after the first slice of events.
    let at_busy = |frame_ms| {
        let mut s = State::open(&busy(), None)
            .unwrap()
            .reduce(Action::Seek(ms(2000)))
            .reduce(Action::SetSpeed(12));
        s.frame_ms = frame_ms;
        s.reduce(Action::Play).reduce(Action::Frame(100.0))
    };
    let (s, unbounded) = (at_busy(Some(0.0)), at_busy(None));
    assert!(s.now() > ms(2000));
    assert!(
        s.now() < unbounded.now(),
        "{} vs {}",
        s.now(),
        unbounded.now()
    );
    assert!(s.reached.is_some(), "the speed reached is shown");
}

/// The map draws messages as a few paths while playing at real time or faster (a message then
/// lives a few frames at most), and as elements paused or in slow motion.
#[test]
fn messages_are_paths_only_while_playing_at_real_time_or_faster() {
    let one_x = SPEEDS.iter().position(|&s| s == 1.0).unwrap();
    let s = State::default();
    assert!(
        !s.reduce(Action::Play).fast_forward(),
        "the default pace is slow motion"
    );
    let s = State::default().reduce(Action::SetSpeed(one_x));
    assert!(!s.fast_forward(), "paused");
    assert!(s.clone().reduce(Action::Play).fast_forward(), "1×");
    let slower = State::default().reduce(Action::SetSpeed(one_x - 1));
    assert!(!slower.reduce(Action::Play).fast_forward(), "0.5×");
}

/// Playing at real time or faster, every frame moves the messages and the clock, and the words
/// and numbers (a server's zxids, what a client does) every [`WORDS_EVERY`] frames; a pause
/// shows everything as it is. In slow motion every frame shows everything. Between two takes of
/// the words the view is the very same snapshot, so no part of the page that shows only it is
/// drawn again.
#[test]
fn playing_fast_the_words_follow_ten_times_a_second_and_a_pause_catches_them_up() {
    let ten_x = SPEEDS.len() - 1;
    let mut s = State::default().reduce(Action::Seek(engine::secs(3)));
    s = s.reduce(Action::SetSpeed(ten_x)).reduce(Action::Play);
    let (mut kept, mut taken) = (0, 0);
    for _ in 0..3 * WORDS_EVERY {
        let before = s.view.clone();
        s = s.reduce(Action::Frame(16.0));
        let now = s.run().view();
        assert_eq!(
            (s.motion.time, &s.motion.in_flight),
            (now.time, &now.in_flight)
        );
        if *s.view == now {
            taken += 1;
        } else {
            assert!(Rc::ptr_eq(&s.view, &before), "the view is kept whole");
            kept += 1;
        }
    }
    assert!(kept > 0, "some frames kept the words of an earlier frame");
    assert_eq!(taken, 3, "the words are taken every {WORDS_EVERY} frames");
    let paused = s.reduce(Action::Pause);
    assert_eq!(*paused.view, paused.run().view());

    let mut s = State::default().reduce(Action::Seek(engine::secs(3)));
    s = s.reduce(Action::SetSpeed(ten_x - 4)).reduce(Action::Play);
    for _ in 0..WORDS_EVERY {
        s = s.reduce(Action::Frame(16.0));
        assert_eq!(*s.view, s.run().view(), "slow motion");
        assert_eq!(*s.motion, crate::state::Motion::of(&s.view));
    }
}
