//! The zkCli console: pick a client, type a command (`create /a x`, `ls /`, `get -w /a` …). It
//! becomes a scenario action at the current instant (`at NOW alice create /a x`, so it is in the
//! share link), and the output shows what that client heard afterwards (answers, watch events,
//! session events) once the simulation has carried the request and its answer.
//!
//! The transcript is read from the scenario (the client's commands) and from what the client
//! heard ([`ClientDetail::heard`]), so it is the same after seeking or opening a share link.
//! Commands are checked with the engine's own zkCli parser before they are sent.

pub mod plain;

use engine::scenario::{Action as ScenarioAction, Scenario};
use engine::tree::{ErrorCode, Reply, Stat};
use engine::watches::AddWatchMode;
use engine::Micros;
use engine::{proto::Outcome, zkcli::Command};
use engine::{session_hex, ClientDetail};
use engine::{ClientEvent, SessionEvent};
use yew::prelude::*;

use crate::components::panels::inspector::server::zxid_raw;
use crate::components::props::FromState;
use crate::state::{format_time, Action, RunRef, Selection, State};
use crate::text::{words, Lang};
use engine::ClusterView;
use std::rc::Rc;

/// At most this many lines in the console's output (the newest).
pub const OUTPUT_LIMIT: usize = 100;

/// What a typed line is, before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Precheck {
    /// Nothing typed.
    Empty,
    /// `help`: show the commands (nothing is sent).
    Help,
    /// A command the client can run.
    Send(String),
    /// Not a command: why.
    Error(String),
}

/// Check a typed line with the engine's zkCli parser (and the scenario's client verbs `close`,
/// `crash`, `runs PROGRAM`, which the scenario parser checks when it is sent).
pub fn precheck(text: &str) -> Precheck {
    let text = text.trim();
    let first = text.split_whitespace().next().unwrap_or("");
    match first {
        "" => Precheck::Empty,
        "help" | "?" => Precheck::Help,
        "close" | "crash" | "runs" => Precheck::Send(text.to_string()),
        _ => match Command::parse_line(text) {
            Ok(_) => Precheck::Send(text.to_string()),
            Err(e) => Precheck::Error(e.to_string()),
        },
    }
}

/// Up (older) or down (newer) through the typed history from position `at` (`None`: the fresh
/// line): the new position and the text to show.
pub fn history_step(history: &[String], at: Option<usize>, up: bool) -> (Option<usize>, String) {
    let pos = match (at, up) {
        (_, true) if history.is_empty() => None,
        (None, true) => Some(history.len() - 1),
        (Some(i), true) => Some(i.saturating_sub(1)),
        (None, false) => None,
        (Some(i), false) if i + 1 < history.len() => Some(i + 1),
        (Some(_), false) => None,
    };
    let text = pos.map(|i| history[i].clone()).unwrap_or_default();
    (pos, text)
}

/// zkCli's message for an error code (the text of its `KeeperException`), with the code.
pub fn error_text(code: ErrorCode) -> String {
    let why = match code {
        ErrorCode::NoNode => "Node does not exist",
        ErrorCode::NodeExists => "Node already exists",
        ErrorCode::BadVersion => "version No is not valid",
        ErrorCode::NotEmpty => "Node not empty",
        ErrorCode::NoChildrenForEphemerals => "Ephemerals cannot have children",
        ErrorCode::BadArguments => "Bad arguments (an invalid path?)",
        ErrorCode::ConnectionLoss => "Connection lost: the request may or may not have happened",
        ErrorCode::SessionExpired => "Session expired",
        ErrorCode::NoAuth => "Not authenticated (read-only node)",
        _ => "",
    };
    if why.is_empty() {
        code.name().to_string()
    } else {
        format!("{}: {why}", code.name())
    }
}

fn stat_text(s: &Stat) -> String {
    format!(
        "czxid {} mzxid {} pzxid {} version {} cversion {} ephemeralOwner {} dataLength {} numChildren {}",
        zxid_raw(s.czxid),
        zxid_raw(s.mzxid),
        zxid_raw(s.pzxid),
        s.version,
        s.cversion,
        session_hex(s.ephemeral_owner),
        s.data_length,
        s.num_children
    )
}

fn multi_text(results: &[Reply]) -> String {
    let failed = results.iter().find_map(|r| match r {
        Reply::Error(c) if *c != ErrorCode::Ok && *c != ErrorCode::RuntimeInconsistency => Some(*c),
        _ => None,
    });
    let parts: Vec<String> = results
        .iter()
        .map(|r| match r {
            Reply::Created { path, .. } => format!("created {path}"),
            Reply::DataSet { stat } => format!("set (version {})", stat.version),
            Reply::Deleted => "deleted".into(),
            Reply::Checked => "checked".into(),
            Reply::Error(c) => c.name().into(),
            _ => "?".into(),
        })
        .collect();
    match failed {
        Some(c) => format!(
            "multi failed, nothing done: {} [{}]",
            c.name(),
            parts.join(", ")
        ),
        None => format!("multi OK: {}", parts.join("; ")),
    }
}

/// What a client heard, as zkCli would print it (watch and session events as its `WATCHER::`
/// lines).
pub fn heard_text(event: &ClientEvent) -> String {
    match event {
        ClientEvent::Answer { outcome, .. } => match outcome {
            Outcome::Opened => "session opened".into(),
            Outcome::Closed => "session closed".into(),
            Outcome::Created(p) => format!("Created {p}"),
            Outcome::Data { data, stat } => format!(
                "{}    (version {}, mzxid {})",
                engine::data_text(data, 200),
                stat.version,
                zxid_raw(stat.mzxid)
            ),
            Outcome::Exists(Some(s)) => stat_text(s),
            Outcome::Exists(None) => "Node does not exist (null)".into(),
            Outcome::Children(c) => format!("[{}]", c.join(", ")),
            Outcome::DataSet(s) => format!("OK, now version {}", s.version),
            Outcome::Deleted => "OK, deleted".into(),
            Outcome::Synced => "Sync is OK".into(),
            Outcome::Checked => "OK".into(),
            Outcome::WatchAdded => "OK, watch added".into(),
            Outcome::Multi(results) => multi_text(results),
            Outcome::Error(code) => error_text(*code),
        },
        ClientEvent::Watch(ev) => format!(
            "WATCHER:: WatchedEvent state:SyncConnected type:{} path:{}",
            ev.kind.name(),
            ev.path
        ),
        ClientEvent::Session(ev) => {
            let state = match ev {
                SessionEvent::Disconnected => "Disconnected",
                SessionEvent::SyncConnected => "SyncConnected",
                SessionEvent::Expired => "Expired",
                SessionEvent::Closed => "Closed",
            };
            format!("WATCHER:: WatchedEvent state:{state} type:None path:null")
        }
    }
}

/// What a console line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A command the client issued (from the scenario).
    Command,
    /// The answer to a command.
    Answer,
    /// A watch event.
    Event,
    /// A session event (connected, disconnected, expired).
    Session,
}

impl LineKind {
    /// Lower-case name (CSS, test ids).
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Command => "command",
            LineKind::Answer => "answer",
            LineKind::Event => "event",
            LineKind::Session => "session",
        }
    }
}

/// One line of the console's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// When.
    pub time: Micros,
    /// What.
    pub kind: LineKind,
    /// The text (the command as typed, or what was heard).
    pub text: String,
    /// The command an answer answers.
    pub cmd: Option<&'static str>,
    /// The conformance-format JSON line of what was heard.
    pub json: Option<String>,
    /// What was heard (shown in words; `text` is zkCli's line for it).
    pub event: Option<ClientEvent>,
    /// False for what the client's recipe program (not the user) asked for: answers to its
    /// operations (the simulator knows them), and watch events on paths the user did not
    /// watch (a watch event does not say who set the watch).
    pub mine: bool,
}

/// A command of the client in the scenario: when, its text, and for a zkCli command what
/// answers it (name, path).
struct Issued {
    time: Micros,
    text: String,
    answered_as: Option<(&'static str, Option<String>)>,
    watch: Option<(String, bool)>,
}

fn issued(scenario: &Scenario, client: &str) -> Vec<Issued> {
    scenario
        .actions
        .iter()
        .filter_map(|a| {
            let (text, answered_as, watch) = match &a.action {
                ScenarioAction::ClientCommand { client: c, text } if c == client => {
                    let parsed = Command::parse_line(text).ok();
                    let answered = parsed.as_ref().map(|cmd| {
                        let path = match cmd {
                            Command::Create { path, .. } => Some(path.clone()),
                            _ => None,
                        };
                        (cmd.name(), path)
                    });
                    let watch = parsed.and_then(|cmd| match cmd {
                        Command::Get { path, watch: true }
                        | Command::Stat { path, watch: true }
                        | Command::Ls { path, watch: true } => Some((path, false)),
                        Command::AddWatch { path, mode } => {
                            Some((path, mode == AddWatchMode::PersistentRecursive))
                        }
                        _ => None,
                    });
                    (text.clone(), answered, watch)
                }
                ScenarioAction::ClientClose(c) if c == client => {
                    ("close".to_string(), Some(("close", None)), None)
                }
                ScenarioAction::ClientCrash(c) if c == client => ("crash".to_string(), None, None),
                ScenarioAction::Run {
                    client: c,
                    program,
                    args,
                } if c == client => {
                    let mut t = format!("runs {program}");
                    for a in args {
                        t.push(' ');
                        t.push_str(a);
                    }
                    (t, None, None)
                }
                _ => return None,
            };
            Some(Issued {
                time: a.time_us,
                text,
                answered_as,
                watch,
            })
        })
        .collect()
}

/// True if `answer` (of command `cmd`) can be the answer to a command answered as `want`.
fn answers(want: &(&'static str, Option<String>), cmd: Option<&str>, event: &ClientEvent) -> bool {
    if cmd != Some(want.0) {
        return false;
    }
    match (&want.1, event) {
        (
            Some(prefix),
            ClientEvent::Answer {
                outcome: Outcome::Created(p),
                ..
            },
        ) => p.starts_with(prefix.as_str()),
        _ => true,
    }
}

/// The console's output for `detail`'s client at `now`: its typed commands (the scenario's
/// zkCli commands for it, and `close`, `crash`, `runs`) and everything it heard from its first
/// typed command on, in time order, at most [`OUTPUT_LIMIT`]; then the commands issued whose
/// answer has not arrived yet, and those the scenario schedules later.
pub fn transcript(
    scenario: &Scenario,
    detail: &ClientDetail,
    now: Micros,
) -> (Vec<Line>, Vec<String>, Vec<(Micros, String)>) {
    let all = issued(scenario, &detail.name);
    let (past, future): (Vec<&Issued>, Vec<&Issued>) = all.iter().partition(|c| c.time <= now);
    let Some(start) = past
        .iter()
        .find(|c| c.answered_as.is_some())
        .map(|c| c.time)
    else {
        let later = future.iter().map(|c| (c.time, c.text.clone())).collect();
        return (Vec::new(), Vec::new(), later);
    };
    let heard: Vec<_> = detail.heard.iter().filter(|h| h.time >= start).collect();
    // Match each typed command with the first later answer of its kind that is not the
    // program's (a client answers its requests in order).
    let mut waiting = Vec::new();
    let mut from = 0;
    for c in past.iter().filter(|c| c.time >= start) {
        let Some(want) = &c.answered_as else { continue };
        let hit = (from..heard.len()).find(|&j| {
            heard[j].time >= c.time
                && !heard[j].program
                && matches!(heard[j].event, ClientEvent::Answer { .. })
                && answers(want, heard[j].cmd, &heard[j].event)
        });
        match hit {
            Some(j) => from = j + 1,
            None => waiting.push(c.text.clone()),
        }
    }
    let watched: Vec<(String, bool)> = past.iter().filter_map(|c| c.watch.clone()).collect();
    let watched_by_user = |path: &str| {
        watched.iter().any(|(w, recursive)| {
            w == path || (*recursive && engine::tree::path::is_ancestor_or_self(w, path))
        })
    };
    let mut lines: Vec<Line> = past
        .iter()
        .filter(|c| c.time >= start)
        .map(|c| Line {
            time: c.time,
            kind: LineKind::Command,
            text: c.text.clone(),
            cmd: None,
            json: None,
            event: None,
            mine: true,
        })
        .collect();
    for h in &heard {
        let (kind, mine) = match &h.event {
            ClientEvent::Answer { .. } => (LineKind::Answer, !h.program),
            ClientEvent::Watch(ev) => (LineKind::Event, watched_by_user(&ev.path)),
            ClientEvent::Session(_) => (LineKind::Session, true),
        };
        lines.push(Line {
            time: h.time,
            kind,
            text: heard_text(&h.event),
            cmd: h.cmd,
            json: Some(h.json.clone()),
            event: Some(h.event.clone()),
            mine: mine || !detail.runs_program,
        });
    }
    // Stable: a command comes before what is heard at the same instant.
    lines.sort_by_key(|l| (l.time, l.kind != LineKind::Command));
    let cut = lines.len().saturating_sub(OUTPUT_LIMIT);
    lines.drain(..cut);
    let later = future.iter().map(|c| (c.time, c.text.clone())).collect();
    (lines, waiting, later)
}

/// The commands `help` lists.
const HELP: [&str; 11] = [
    "create [-s] [-e] [-c] PATH [DATA]",
    "get [-w] PATH",
    "stat [-w] PATH",
    "ls [-w] PATH",
    "set [-v VERSION] PATH DATA",
    "delete [-v VERSION] PATH",
    "sync PATH",
    "multi OP ; OP ; …",
    "addWatch [-m PERSISTENT|PERSISTENT_RECURSIVE] PATH",
    "close | crash",
    "runs lock | election | member | producer | consumer …",
];

fn output_line(l: &Line, lang: Lang, client: &str) -> Html {
    let kind = l.kind.as_str();
    let raw = |json: &Option<String>| {
        Some(format!(
            "zkCli: {}\n{}",
            l.text,
            json.clone().unwrap_or_default()
        ))
    };
    let (prefix, title) = match l.kind {
        LineKind::Command => (format!("{client}> "), None),
        LineKind::Answer => (format!("← {} ", l.cmd.unwrap_or("?")), raw(&l.json)),
        _ => ("⚑ ".to_string(), raw(&l.json)),
    };
    let shown = l
        .event
        .as_ref()
        .map_or_else(|| l.text.clone(), |e| plain::plain_text(e, lang));
    let program = (!l.mine).then(|| {
        html! { <span class="console-program">{ lang.pick(" (its program)", "（其程序）") }</span> }
    });
    html! {
        <li class={classes!("console-line", kind, (!l.mine).then_some("other"))}
            data-testid="console-line" data-kind={kind} title={title.unwrap_or_default()}>
            <span class="console-time">{ format_time(l.time) }</span>
            <span class="console-prefix">{ prefix }</span>
            <span class="console-text">{ shown }</span>
            { for program }
        </li>
    }
}

/// What the console shows.
#[derive(Properties, PartialEq, Clone)]
pub struct ConsoleProps {
    /// The ensemble now (its clients).
    pub view: Rc<ClusterView>,
    /// What the user has selected (a selected client is the console's).
    pub selection: Option<Selection>,
    /// The run, for the client's transcript.
    pub run: RunRef,
    /// Why the command sent last was refused, if it was.
    pub refused: Option<String>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for ConsoleProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        ConsoleProps {
            view: state.view.clone(),
            selection: state.selection.clone(),
            run: state.run_at_words(),
            refused: state.notice_at(crate::state::Field::Console),
            lang: state.lang,
            dispatch,
        }
    }
}

/// What the console's transcript depends on, besides the run's time (see [`Console`]).
#[derive(PartialEq)]
struct TranscriptKey {
    run: usize,
    client: Option<String>,
    client_now: Option<(
        usize,
        engine::ClientStatus,
        Option<engine::ServerId>,
        u64,
        engine::Part,
    )>,
    actions: usize,
    past: usize,
}

/// The console.
#[function_component(Console)]
pub fn console(props: &ConsoleProps) -> Html {
    let s = props;
    let lang = s.lang;
    let chosen = use_state(|| None::<String>);
    let history = use_state(Vec::<String>::new);
    let hist_pos = use_state(|| None::<usize>);
    let error = use_state(|| None::<String>);
    let help = use_state(|| false);
    let output = use_node_ref();
    let field = use_node_ref();

    let names: Vec<String> = s.view.clients.iter().map(|c| c.name.clone()).collect();
    let selected_client = match &s.selection {
        Some(Selection::Client(n)) if names.contains(n) => Some(n.clone()),
        _ => None,
    };
    let client = (*chosen)
        .clone()
        .filter(|c| names.contains(c))
        .or(selected_client)
        .or_else(|| names.first().cloned());

    // The client's detail and transcript change only when it hears something, its connection
    // changes, the scenario changes or time passes one of its actions: they are worked out
    // again only then (playing fast, a busy client's detail, its last answers written as JSON,
    // was made again on every frame).
    let worked = {
        let run = s.run.clone();
        let view = client
            .as_ref()
            .and_then(|n| s.view.clients.iter().find(|c| &c.name == n));
        let scenario = run.scenario();
        let now = run.now();
        let key = TranscriptKey {
            run: run.identity(),
            client: client.clone(),
            client_now: view.map(|c| (c.heard, c.state, c.server, c.session, c.part.clone())),
            actions: scenario.actions.len(),
            past: scenario.actions.iter().filter(|a| a.time_us <= now).count(),
        };
        drop(scenario);
        use_memo(key, move |key| {
            let detail = key.client.as_ref().and_then(|n| run.client_detail(n));
            let transcript = match &detail {
                Some(d) => transcript(&run.scenario(), d, run.now()),
                None => (Vec::new(), Vec::new(), Vec::new()),
            };
            let typed = key
                .client
                .as_ref()
                .map_or(0, |n| issued(&run.scenario(), n).len());
            (detail, transcript, typed)
        })
    };
    let (detail, (lines, waiting, later), typed) = &*worked;

    // Keep the newest line in view.
    {
        let output = output.clone();
        let n = lines.len();
        let last = lines.last().map(|l| l.time);
        use_effect_with((n, last), move |_| {
            if let Some(el) = output.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let on_client = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            chosen.set(Some(select.value()));
        })
    };
    // The field holds what is typed (see `components::field`); only ↑/↓ and sending write it.
    use crate::components::field::{put, read};
    let on_input = {
        let hist_pos = hist_pos.clone();
        Callback::from(move |_: InputEvent| hist_pos.set(None))
    };
    let on_key = {
        let (field, history, hist_pos) = (field.clone(), history.clone(), hist_pos.clone());
        Callback::from(move |e: KeyboardEvent| {
            let up = match e.key().as_str() {
                "ArrowUp" => true,
                "ArrowDown" => false,
                _ => return,
            };
            e.prevent_default();
            let (pos, text) = history_step(&history, *hist_pos, up);
            hist_pos.set(pos);
            put(&field, &text);
        })
    };
    let on_submit = {
        let (history, hist_pos, error, help) = (
            history.clone(),
            hist_pos.clone(),
            error.clone(),
            help.clone(),
        );
        let (d, client, field) = (props.dispatch.clone(), client.clone(), field.clone());
        let no_client = lang.pick(
            "There is no client to send it from.",
            "没有可以发送命令的客户端。",
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match precheck(&read(&field)) {
                Precheck::Empty => {}
                Precheck::Help => {
                    help.set(true);
                    error.set(None);
                    put(&field, "");
                }
                Precheck::Error(why) => error.set(Some(why)),
                Precheck::Send(text) => {
                    let Some(client) = client.clone() else {
                        error.set(Some(no_client.to_string()));
                        return;
                    };
                    let mut h = (*history).clone();
                    if h.last() != Some(&text) {
                        h.push(text.clone());
                    }
                    history.set(h);
                    hist_pos.set(None);
                    error.set(None);
                    help.set(false);
                    put(&field, "");
                    d.emit(Action::Console { client, text });
                }
            }
        })
    };
    let close_help = {
        let help = help.clone();
        Callback::from(move |_: MouseEvent| help.set(false))
    };

    let options = names.iter().map(|n| {
        html! { <option value={n.clone()} selected={Some(n) == client.as_ref()}>{ n }</option> }
    });
    let name = client.clone().unwrap_or_default();
    let status = detail.as_ref().map(|d| {
        let server = d
            .server
            .map(|s| s.to_string())
            .unwrap_or_else(|| "—".into());
        let text = lang.choose(
            format!(
                "{} is {} (server {server})",
                d.name,
                words::client_status_long(d.state, Lang::En),
            ),
            format!(
                "{} 状态 {}（服务器 {server}）",
                d.name,
                words::client_status_long(d.state, Lang::Zh),
            ),
        );
        let title = format!("session {}", session_hex(d.session));
        html! { <p class="console-status" data-testid="console-status" {title}>{ text }</p> }
    });
    let down = detail
        .as_ref()
        .is_some_and(|d| d.state == engine::ClientStatus::Down);
    let pending = (!waiting.is_empty()).then(|| {
        let what = waiting.join(", ");
        let text = if down {
            lang.choose(format!("No answer to {what}: {name} has crashed."),
                format!("{what} 没有回答：{name} 已崩溃。"),
            )
        } else {
            lang.choose(format!("Waiting for the answer to {what} — press Play or → to let the request travel."),
                format!("正在等待 {what} 的回答——按“播放”或 → 让请求在网络中传递。"),
            )
        };
        html! { <p class="console-pending" data-testid="console-pending" role="status">{ text }</p> }
    });
    let scheduled = later.iter().take(5).map(|(t, text)| {
        html! {
            <li class="console-line scheduled" data-testid="console-scheduled">
                <span class="console-time">{ format_time(*t) }</span>
                <span class="console-prefix">{ format!("{name}> ") }</span>
                <span class="console-text">{ text }</span>
                <span class="console-program">{ lang.pick(" (scheduled)", "（已排定）") }</span>
            </li>
        }
    });
    let program_note = detail.as_ref().filter(|d| d.runs_program).map(|d| {
        html! {
            <p class="hint">{ lang.choose(format!("{} runs a recipe program: what the program hears is listed too, dimmed.", d.name),
                format!("{} 正在运行一个配方程序：程序收到的内容也会列出（淡色显示）。", d.name)) }</p>
        }
    });
    let empty = lines.is_empty() && later.is_empty();

    html! {
        <section class="console" data-testid="console" aria-label={lang.pick("zkCli console", "zkCli 控制台")}>
            <h2>{ lang.pick("Console", "控制台") }</h2>
            <form class="console-form" onsubmit={on_submit}>
                <label class="console-client">
                    <span>{ lang.pick("Client", "客户端") }</span>
                    <select data-testid="console-client" onchange={on_client}>{ for options }</select>
                </label>
                <label class="console-line-input">
                    <span class="console-prompt" aria-hidden="true">{ format!("{name}>") }</span>
                    <input type="text" data-testid="console-input" ref={field}
                           oninput={on_input} onkeydown={on_key} autocomplete="off" spellcheck="false"
                           placeholder="create /demo hello"
                           aria-label={lang.choose(format!("zkCli command for {name} (↑ ↓: history; help: the commands)"),
                                             format!("{name} 的 zkCli 命令（↑ ↓：历史；help：命令列表）"))} />
                </label>
                <button type="submit" data-testid="console-send">{ lang.pick("Send", "发送") }</button>
            </form>
            if let Some(e) = error.as_ref().or(props.refused.as_ref()) {
                <p class="console-error" role="alert" data-testid="console-error">{ e }</p>
            }
            if *help {
                <div class="console-help" data-testid="console-help">
                    <ul>{ for HELP.iter().map(|h| html! { <li><code>{ *h }</code></li> }) }</ul>
                    <button type="button" onclick={close_help}>{ lang.pick("Hide", "隐藏") }</button>
                </div>
            }
            { status.unwrap_or_default() }
            { program_note.unwrap_or_default() }
            <ol class="console-out" ref={output} data-testid="console-output" aria-live="polite"
                data-commands={typed.to_string()}>
                { for lines.iter().map(|l| output_line(l, lang, &name)) }
                { for scheduled }
            </ol>
            if empty {
                <p class="hint">{ lang.choose(format!("Type a command for {name}, e.g. create /demo hello, then press Play: the request travels to its server, and the answer appears here."),
                    format!("为 {name} 输入命令，例如 create /demo hello，然后按“播放”：请求会传到服务器，回答会显示在这里。")) }</p>
            }
            { pending.unwrap_or_default() }
        </section>
    }
}

#[cfg(test)]
mod tests;
