//! The inspector, the console and the invariant panel, each mounted alone in headless Chromium
//! with a [`State`] made by the reducer and a dispatcher that records what the panel sends.
//! Native builds compile this file to nothing.
#![cfg(target_arch = "wasm32")]

use engine::{ms, secs};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web::components::panels::console::Console;
use web::components::panels::faults::Faults;
use web::components::panels::inspector::Inspector;
use web::components::panels::invariants::Invariants;
use web::components::props::FromState;
use web::state::{Action, Selection, State};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

/// Three servers (s3 leads with seed 1), two clients, a few writes.
const WRITES: &str = "seed 1\nensemble servers=3\nclient alice\nclient bob\n\
    at 1s alice create /demo hello\nat 1.2s alice create /demo/child x\nrun 30s\n";

/// s2 is cut off at 2 s; then alice writes: s2 misses /b and the new data of /a.
const PARTITION: &str = "seed 1\nensemble servers=3\nclient alice\n\
    at 1s alice create /a x\nat 2s partition s2 | s1,s3,alice\n\
    at 3s alice create /b y\nat 3.1s alice set /a z\nrun 30s\n";

/// R12's GC-pause pitfall: the lock holder c1 pauses past its 4 s session and c2 takes the
/// lock while c1 still believes it holds it (engine/tests/recipes.rs).
const PAUSED_HOLDER: &str = "seed 1\nensemble servers=3\nclient c1 timeout=4s\n\
    client c2 timeout=4s\nat 2s c1 runs lock hold=5s\nat 3s c2 runs lock hold=1s\n\
    at 4s pause c1 for 10s\nrun 30s\n";

async fn mount<C>(state: State) -> (Element, Log)
where
    C: BaseComponent,
    C::Properties: FromState,
{
    let root = mount_point();
    let (p, log) = props(state);
    yew::Renderer::<C>::with_root_and_props(root.clone(), p).render();
    settle(30).await;
    (root, log)
}

fn state_at(text: &str, t: u64) -> State {
    State::open(text, None).unwrap().reduce(Action::Seek(t))
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn fire(el: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn key(el: &Element, key: &str) {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"KeyboardEvent".into()).unwrap();
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
    let args = js_sys::Array::of2(&"keydown".into(), &init);
    let ctor: &js_sys::Function = ctor.unchecked_ref();
    let ev = js_sys::Reflect::construct(ctor, &args).unwrap();
    el.dispatch_event(ev.unchecked_ref()).unwrap();
}

fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = one(root, selector).dyn_into().unwrap();
    input.set_value(value);
    fire(&input, "input");
}

#[wasm_bindgen_test]
async fn with_nothing_selected_the_inspector_hints_and_its_picker_selects() {
    let (root, log) = mount::<Inspector>(state_at(WRITES, secs(2))).await;
    assert_eq!(
        one(&root, "[data-testid=inspector]").get_attribute("data-selected"),
        Some("none".into())
    );
    assert!(text(&one(&root, "[data-testid=inspector-hint]")).contains("Select a server"));
    click(&root, "[data-testid=inspect-pick][data-target=s2]");
    click(&root, "[data-testid=inspect-pick][data-target=bob]");
    assert_eq!(
        *log.borrow(),
        [
            Action::Select(Some(Selection::Server(2))),
            Action::Select(Some(Selection::Client("bob".into())))
        ]
    );
}

#[wasm_bindgen_test]
async fn the_inspector_shows_a_servers_tree_with_the_created_node() {
    let s = state_at(WRITES, secs(3)).reduce(Action::Select(Some(Selection::Server(1))));
    let (root, _) = mount::<Inspector>(s).await;
    let detail = one(&root, "[data-testid=server-detail]");
    assert_eq!(detail.get_attribute("data-server"), Some("s1".into()));
    let demo = one(&root, "[data-testid=znode][data-path='/demo']");
    assert!(text(&demo).contains("\"hello\""), "{}", text(&demo));
    assert!(text(&demo).contains("1 child"), "{}", text(&demo));
    // Nested: /demo/child sits in a list inside /demo's item.
    let child = one(&root, "[data-testid=znode][data-path='/demo/child']");
    let li = child.parent_element().unwrap();
    let nested_in = li.parent_element().unwrap().parent_element().unwrap();
    assert_eq!(
        nested_in
            .query_selector(":scope > [data-testid=znode]")
            .unwrap()
            .unwrap()
            .get_attribute("data-path"),
        Some("/demo".into())
    );
    // A follower in sync: same tree as the leader, nothing highlighted.
    let summary = one(&root, "[data-testid=diff-summary]");
    assert_eq!(summary.get_attribute("data-same"), Some("true".into()));
    assert!(text(&summary).contains("Same tree as the leader s3"));
    assert!(all(&root, "[data-testid=znode][data-diff=differs]").is_empty());

    // The log: every txn committed, the creates among them.
    click(&root, "[data-testid=tab-log]");
    settle(20).await;
    let entries = all(&root, "[data-testid=log-entry]");
    assert!(entries.len() >= 4, "two sessions, two creates");
    assert!(entries
        .iter()
        .all(|e| e.get_attribute("data-committed").as_deref() == Some("true")));
    assert!(entries
        .iter()
        .any(|e| text(e).contains("create /demo \"hello\"")));
    assert!(text(&one(&root, "[data-testid=log-head]")).contains("committed (applied) up to"));

    click(&root, "[data-testid=tab-sessions]");
    settle(20).await;
    let sessions = all(&root, "[data-testid=session-row]");
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().any(|r| text(r).contains("alice")));
}

#[wasm_bindgen_test]
async fn the_inspector_highlights_and_explains_what_a_cut_off_server_misses() {
    let s = state_at(PARTITION, secs(4)).reduce(Action::Select(Some(Selection::Server(2))));
    let (root, _) = mount::<Inspector>(s).await;
    let summary = one(&root, "[data-testid=diff-summary]");
    assert_eq!(summary.get_attribute("data-same"), Some("false".into()));
    let why = text(&summary);
    assert!(
        why.contains("The network between s2 and s3 is cut"),
        "{why}"
    );
    let a = one(&root, "[data-testid=znode][data-path='/a']");
    assert_eq!(a.get_attribute("data-diff"), Some("differs".into()));
    assert!(a.class_name().contains("diff-differs"));
    assert!(a
        .get_attribute("title")
        .unwrap()
        .starts_with("Differs in data, version, mzxid: here \"x\""));
    let b = one(&root, "[data-testid=diff-entry][data-path='/b']");
    assert_eq!(b.get_attribute("data-kind"), Some("missing".into()));
    assert!(text(&b).contains("Missing here: the leader s3 created it in txn"));
    // The leader itself is the reference.
    let s = state_at(PARTITION, secs(4)).reduce(Action::Select(Some(Selection::Server(3))));
    let (root, _) = mount::<Inspector>(s).await;
    assert_eq!(
        one(&root, "[data-testid=diff-summary]").get_attribute("data-same"),
        Some("leader".into())
    );
}

#[wasm_bindgen_test]
async fn a_crashed_server_shows_its_disk_only_and_the_language_switches() {
    let s = state_at(WRITES, secs(3))
        .reduce(Action::InjectText("crash s1".into()))
        .reduce(Action::Advance(ms(100)))
        .reduce(Action::Select(Some(Selection::Server(1))))
        .reduce(Action::SetLang(web::text::Lang::Zh));
    let (root, _) = mount::<Inspector>(s).await;
    let detail = text(&one(&root, "[data-testid=server-detail]"));
    assert!(detail.contains("宕机"), "{detail}");
    assert!(all(&root, "[data-testid=znode]").is_empty());
    click(&root, "[data-testid=tab-log]");
    settle(20).await;
    assert!(!all(&root, "[data-testid=log-entry]").is_empty());
    assert!(text(&one(&root, "[data-testid=log-head]")).contains("提交点只在内存中"));
}

#[wasm_bindgen_test]
async fn the_inspector_shows_a_client_its_pending_request_and_what_it_heard() {
    let s = state_at(WRITES, secs(1) + ms(1))
        .reduce(Action::Select(Some(Selection::Client("alice".into()))));
    let (root, _) = mount::<Inspector>(s).await;
    let d = one(&root, "[data-testid=client-detail]");
    assert!(text(&d).contains("alice — connected"), "{}", text(&d));
    let pending = all(&root, "[data-testid=pending-request]");
    assert_eq!(pending.len(), 1);
    assert!(text(&pending[0]).contains("create") && text(&pending[0]).contains("/demo"));

    let s =
        state_at(WRITES, secs(3)).reduce(Action::Select(Some(Selection::Client("alice".into()))));
    let (root, _) = mount::<Inspector>(s).await;
    assert!(all(&root, "[data-testid=pending-request]").is_empty());
    let heard: Vec<String> = all(&root, "[data-testid=heard-line]")
        .iter()
        .map(text)
        .collect();
    assert!(
        heard.iter().any(|h| h.contains("Created /demo")),
        "{heard:?}"
    );
    assert!(heard[0].contains("state:SyncConnected"), "{heard:?}");
}

#[wasm_bindgen_test]
async fn the_console_sends_what_is_typed_checks_it_first_and_keeps_a_history() {
    let (root, log) = mount::<Console>(state_at(WRITES, secs(2))).await;
    let select: HtmlSelectElement = one(&root, "[data-testid=console-client]")
        .dyn_into()
        .unwrap();
    assert_eq!(select.value(), "alice", "the first client by default");

    type_into(&root, "[data-testid=console-input]", "create /typed hi");
    settle(20).await;
    click(&root, "[data-testid=console-send]");
    settle(20).await;
    assert_eq!(
        *log.borrow(),
        [Action::Console {
            client: "alice".into(),
            text: "create /typed hi".into()
        }]
    );
    let input: HtmlInputElement = one(&root, "[data-testid=console-input]")
        .dyn_into()
        .unwrap();
    assert_eq!(input.value(), "", "cleared after sending");

    // A bad command is refused inline and not sent.
    type_into(&root, "[data-testid=console-input]", "frobnicate /a");
    settle(20).await;
    click(&root, "[data-testid=console-send]");
    settle(20).await;
    assert_eq!(log.borrow().len(), 1);
    assert!(text(&one(&root, "[data-testid=console-error]")).contains("frobnicate"));

    // ↑ brings back the last command sent.
    type_into(&root, "[data-testid=console-input]", "");
    settle(20).await;
    key(&input, "ArrowUp");
    settle(20).await;
    assert_eq!(input.value(), "create /typed hi");
    key(&input, "ArrowDown");
    settle(20).await;
    assert_eq!(input.value(), "");

    // Another client.
    select.set_value("bob");
    fire(&select, "change");
    settle(20).await;
    type_into(&root, "[data-testid=console-input]", "ls /");
    settle(20).await;
    click(&root, "[data-testid=console-send]");
    settle(20).await;
    assert_eq!(
        log.borrow().last().unwrap(),
        &Action::Console {
            client: "bob".into(),
            text: "ls /".into()
        }
    );
}

#[wasm_bindgen_test]
async fn the_console_shows_the_pending_request_then_its_answer() {
    let typed = state_at(WRITES, secs(2)).reduce(Action::Console {
        client: "bob".into(),
        text: "get -w /demo".into(),
    });
    let s = typed
        .clone()
        .reduce(Action::Select(Some(Selection::Client("bob".into()))));
    let (root, _) = mount::<Console>(s).await;
    let lines = all(&root, "[data-testid=console-line]");
    assert_eq!(lines.len(), 1);
    assert!(text(&lines[0]).contains("bob> get -w /demo"));
    assert!(text(&one(&root, "[data-testid=console-pending]")).contains("press Play or →"));

    let s = typed
        .reduce(Action::Advance(ms(300)))
        .reduce(Action::Select(Some(Selection::Client("bob".into()))));
    let (root, _) = mount::<Console>(s).await;
    assert!(all(&root, "[data-testid=console-pending]").is_empty());
    let answer = one(&root, "[data-testid=console-line][data-kind=answer]");
    assert!(text(&answer).contains("hello"), "{}", text(&answer));
    assert!(answer
        .get_attribute("title")
        .unwrap()
        .contains(r#""cmd":"get","data":"hello""#));
}

/// Holds a panel and lets the test hand it the next state, as the app does on every frame
/// (sharing the run, moved in place).
#[derive(Properties)]
struct Host {
    first: State,
    next: Rc<RefCell<Option<Callback<State>>>>,
    /// What the panel sent, in order.
    log: Log,
}

impl PartialEq for Host {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[function_component]
fn Hosted<C>(host: &Host) -> Html
where
    C: BaseComponent,
    C::Properties: FromState,
{
    let state = use_state(|| host.first.clone());
    let set = state.clone();
    *host.next.borrow_mut() = Some(Callback::from(move |s: State| set.set(s)));
    let log = host.log.clone();
    let dispatch = Callback::from(move |a: Action| log.borrow_mut().push(a));
    let props = C::Properties::of(&state, dispatch);
    html! { <C ..props /> }
}

/// Mounts `C` showing `first`; returns its root, what it sends, and a way to hand it the next
/// state.
async fn hosted<C>(first: State) -> (Element, Log, impl Fn(State))
where
    C: BaseComponent,
    C::Properties: FromState,
{
    let next: Rc<RefCell<Option<Callback<State>>>> = Rc::default();
    let log = Log::default();
    let root = mount_point();
    let host = Host {
        first,
        next: next.clone(),
        log: log.clone(),
    };
    yew::Renderer::<Hosted<C>>::with_root_and_props(root.clone(), host).render();
    settle(30).await;
    (root, log, move |s: State| {
        next.borrow().clone().unwrap().emit(s)
    })
}

/// The console works out its transcript again only when what it shows can have changed; the
/// same console, handed the state after the answer came, shows the answer.
#[wasm_bindgen_test]
async fn a_console_kept_on_the_page_shows_the_answer_when_it_arrives() {
    let typed = state_at(WRITES, secs(2))
        .reduce(Action::Console {
            client: "bob".into(),
            text: "get -w /demo".into(),
        })
        .reduce(Action::Select(Some(Selection::Client("bob".into()))));
    let (root, _, hand) = hosted::<Console>(typed.share()).await;
    assert!(text(&one(&root, "[data-testid=console-pending]")).contains("press Play or →"));
    // The field is the same element all along: a line that comes and goes below it (waiting,
    // then answered) must not make the form anew, or what is being typed vanishes.
    let field = one(&root, "[data-testid=console-input]");
    // A few milliseconds on: nothing heard yet, still waiting.
    hand(typed.share().reduce(Action::Advance(ms(1))));
    settle(30).await;
    assert_eq!(all(&root, "[data-testid=console-pending]").len(), 1);
    assert!(all(&root, "[data-testid=console-line][data-kind=answer]").is_empty());
    hand(typed.share().reduce(Action::Advance(ms(300))));
    settle(30).await;
    assert!(all(&root, "[data-testid=console-pending]").is_empty());
    assert!(
        one(&root, "[data-testid=console-input]") == field,
        "the form was made anew when the answer came"
    );
    let answer = one(&root, "[data-testid=console-line][data-kind=answer]");
    assert!(text(&answer).contains("hello"), "{}", text(&answer));
}

/// What is in the field when Enter is pressed is what is sent, even if frames are drawn
/// between a change of the field and its input event (the browser's autofill, an input
/// method, a test driver): drawing never writes an older text back into the field. Two
/// commands in a row, frames drawn between them, both go out and the field ends empty.
#[wasm_bindgen_test]
async fn what_the_field_holds_is_sent_whatever_frames_are_drawn_meanwhile() {
    let first = state_at(WRITES, secs(2));
    let (root, log, hand) = hosted::<Console>(first.share()).await;
    let input: HtmlInputElement = one(&root, "[data-testid=console-input]")
        .dyn_into()
        .unwrap();

    type_into(&root, "[data-testid=console-input]", "sync /demo");
    click(&root, "[data-testid=console-send]");
    // Frames go on while the next command is typed; its input event comes after them.
    let mut now = first;
    for _ in 0..3 {
        now = now.reduce(Action::Advance(ms(16)));
        hand(now.share());
        settle(20).await;
    }
    input.set_value("get /demo");
    for _ in 0..3 {
        now = now.reduce(Action::Advance(ms(16)));
        hand(now.share());
        settle(20).await;
    }
    assert_eq!(
        input.value(),
        "get /demo",
        "a frame put older text in the field"
    );
    click(&root, "[data-testid=console-send]");
    settle(20).await;
    let sent = |text: &str| Action::Console {
        client: "alice".into(),
        text: text.into(),
    };
    assert_eq!(*log.borrow(), [sent("sync /demo"), sent("get /demo")]);
    assert_eq!(input.value(), "", "emptied once sent");

    // ↑ recalls the last command into the field, and Enter sends it again.
    key(&input, "ArrowUp");
    settle(20).await;
    hand(now.reduce(Action::Advance(ms(16))));
    settle(20).await;
    assert_eq!(input.value(), "get /demo");
    click(&root, "[data-testid=console-send]");
    settle(20).await;
    assert_eq!(log.borrow().len(), 3);
}

/// The fault panel is drawn on every frame while playing: a number emptied to type another
/// stays empty, a partition typed stays typed, and the buttons use what the fields hold.
#[wasm_bindgen_test]
async fn the_fault_panel_keeps_what_is_typed_while_frames_are_drawn() {
    let first = state_at(WRITES, secs(2)).reduce(Action::Select(Some(Selection::Server(1))));
    let (root, log, hand) = hosted::<Faults>(first.share()).await;
    let slow = one(&root, ".amount:has([data-testid=slow-server]) input");
    let slow: HtmlInputElement = slow.dyn_into().unwrap();
    assert_eq!(slow.value(), "200", "the usual amount to start with");
    let partition: HtmlInputElement = one(&root, "[data-testid=partition-text]")
        .dyn_into()
        .unwrap();
    // Emptied, as one does to type another number; then typed, the input event not yet in.
    type_into(&root, ".amount:has([data-testid=slow-server]) input", "");
    partition.set_value("s1 | s2,s3");
    let mut now = first;
    for _ in 0..3 {
        now = now.reduce(Action::Advance(ms(16)));
        hand(now.share());
        settle(20).await;
    }
    assert_eq!(slow.value(), "", "a frame filled the emptied field again");
    assert_eq!(partition.value(), "s1 | s2,s3");
    slow.set_value("450");
    hand(now.reduce(Action::Advance(ms(16))));
    settle(20).await;
    click(&root, "[data-testid=slow-server]");
    click(&root, "[data-testid=partition-apply]");
    settle(20).await;
    let log = log.borrow();
    assert!(
        matches!(&log[..], [Action::InjectText(t), Action::InjectAt { text, .. }]
            if t.contains("450ms") && text == "partition s1 | s2,s3"),
        "{log:?}"
    );
}

#[wasm_bindgen_test]
async fn the_invariant_panel_shows_a_healthy_run_as_holding() {
    let (root, _) = mount::<Invariants>(state_at(WRITES, secs(5))).await;
    let rows = all(&root, "[data-testid=checker]");
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.get_attribute("data-name").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "one-leader-per-epoch",
            "committed-prefix",
            "log-monotonic",
            "committed-durability"
        ]
    );
    for r in &rows {
        assert_eq!(r.get_attribute("data-ok"), Some("true".into()));
        assert!(text(r).starts_with('✓'));
    }
    assert!(all(&root, "[data-testid=jump-violation]").is_empty());
    assert!(text(&one(&root, "[data-testid=invariants-summary]")).contains("Every invariant holds"));
}

#[wasm_bindgen_test]
async fn the_invariant_panel_shows_a_violation_and_jumps_to_it() {
    let s = state_at(PAUSED_HOLDER, secs(15));
    let first = s
        .checks
        .iter()
        .find(|r| r.name == "mutual-exclusion")
        .and_then(|r| r.first.clone())
        .expect("broken by 15 s");
    let (root, log) = mount::<Invariants>(s).await;
    let row = one(&root, "[data-testid=checker][data-name=mutual-exclusion]");
    assert_eq!(row.get_attribute("data-ok"), Some("false".into()));
    assert!(text(&row).starts_with('✗'));
    // The checker's words show; its own detail is the tooltip.
    let violation = one(&row, "[data-testid=violation-first]");
    assert!(
        text(&violation).starts_with("First broken at"),
        "{}",
        text(&violation)
    );
    assert_eq!(violation.get_attribute("title"), Some(first.1.clone()));
    for zab in all(&root, "[data-testid=checker].zab") {
        assert_eq!(zab.get_attribute("data-ok"), Some("true".into()));
    }
    click(
        &root,
        "[data-testid=checker][data-name=mutual-exclusion] [data-testid=jump-violation]",
    );
    assert_eq!(*log.borrow(), [Action::Seek(first.0)]);
    assert!(text(&one(&root, "[data-testid=invariants-summary]")).contains("1 invariant broken"));

    // Where the jump lands, the checker is broken; a moment before, it holds.
    let at = state_at(PAUSED_HOLDER, first.0);
    let (root, _) = mount::<Invariants>(at).await;
    assert_eq!(
        one(&root, "[data-testid=checker][data-name=mutual-exclusion]").get_attribute("data-ok"),
        Some("false".into())
    );
    let before = state_at(PAUSED_HOLDER, first.0 - 1);
    let (root, _) = mount::<Invariants>(before).await;
    assert_eq!(
        one(&root, "[data-testid=checker][data-name=mutual-exclusion]").get_attribute("data-ok"),
        Some("true".into())
    );
}
