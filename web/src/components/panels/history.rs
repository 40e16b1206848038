//! What each client saw: every client's operations as intervals on one time axis (asked →
//! answered, or still waiting, or lost), with what came back (data, version, the change it
//! saw); and what ZooKeeper promises each client, checked on those histories. Clicking an
//! operation takes the whole app to the instant of its answer and selects the server that gave
//! it.

use engine::{FindingView, OpView};
use std::rc::Rc;
use yew::prelude::*;

use crate::components::props::FromState;
use crate::state::{format_time, Action, Selection, State};
use crate::text::{words, Lang};

/// How many operations the view draws at most (the latest).
pub const SHOWN: usize = crate::state::HISTORY_SHOWN;

/// What the history view shows.
#[derive(Properties, PartialEq, Clone)]
pub struct HistoryProps {
    /// Every operation so far.
    pub ops: Rc<Vec<OpView>>,
    /// What the checks found.
    pub findings: Rc<Vec<FindingView>>,
    /// The instant the history was taken (its open requests end there).
    pub now: engine::Micros,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for HistoryProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        HistoryProps {
            ops: state.history.clone(),
            findings: state.findings.clone(),
            // The instant the history was taken: the view is drawn again when it is.
            now: state.history_at,
            lang: state.lang,
            dispatch,
        }
    }
}

/// One promise, its name and what it means, in `lang`.
pub fn promise(check: &str, lang: Lang) -> (&'static str, &'static str) {
    match check {
        "linearizable-writes" => (
            lang.pick("Writes in one order", "写入只有一个顺序"),
            lang.pick(
                "Every acknowledged create, set and delete fits one order that respects real time (writes are linearizable).",
                "每个已确认的创建、修改和删除都能排进同一个尊重真实时间的顺序（写入是可线性化的）。",
            ),
        ),
        "client-order" => (
            lang.pick("Each client sees in order", "每个客户端按顺序看到"),
            lang.pick(
                "What a client reads never goes back in time, and it sees its own writes.",
                "客户端读到的内容不会倒退，并且能看到自己的写入。",
            ),
        ),
        _ => (
            lang.pick("Reads are not linearizable", "读不是可线性化的"),
            lang.pick(
                "A read is answered by the client's own server, from its own copy; sync catches that server up, but is not a read a majority vouches for. A read after sync may still miss a write already acknowledged: ZooKeeper allows it.",
                "读由客户端所连的服务器用它自己的副本回答；sync 让这台服务器追上领导者，但并不是由多数服务器担保的读。sync 之后的读仍可能错过一个已确认的写入：ZooKeeper 允许这样。",
            ),
        ),
    }
}

/// One operation's words, for its tooltip and screen readers.
fn op_label(op: &OpView, lang: Lang) -> String {
    let mut s = format!("{} {}", op.client, op.what);
    if !op.result.is_empty() {
        s.push_str(&format!(" → {}", op.result));
    }
    if let Some(z) = op.zxid {
        s.push_str(&lang.choose(
            format!(" (change {})", words::zxid(z)),
            format!("（修改 {}）", words::zxid(z)),
        ));
    }
    s.push_str(&match (op.answered, op.lost) {
        (Some(t), false) => lang.choose(
            format!(
                ", asked at {}, answered at {}{}",
                format_time(op.invoked),
                format_time(t),
                op.server.map(|s| format!(" by {s}")).unwrap_or_default()
            ),
            format!(
                "，{} 发出，{} 得到回答{}",
                format_time(op.invoked),
                format_time(t),
                op.server
                    .map(|s| format!("（由 {s} 回答）"))
                    .unwrap_or_default()
            ),
        ),
        (Some(t), true) => lang.choose(
            format!(
                ", asked at {}, lost at {}: it may or may not have happened",
                format_time(op.invoked),
                format_time(t)
            ),
            format!(
                "，{} 发出，{} 丢失：它可能发生了，也可能没有",
                format_time(op.invoked),
                format_time(t)
            ),
        ),
        (None, _) => lang.choose(
            format!(", asked at {}, no answer yet", format_time(op.invoked)),
            format!("，{} 发出，尚无回答", format_time(op.invoked)),
        ),
    });
    s
}

/// The history view.
#[function_component(History)]
pub fn history(props: &HistoryProps) -> Html {
    let lang = props.lang;
    let skip = props.ops.len().saturating_sub(SHOWN);
    let shown: Vec<&OpView> = props.ops.iter().skip(skip).collect();
    let from = shown.first().map_or(0, |o| o.invoked);
    let to = props.now.max(from + 1);
    let frac = |t: engine::Micros| 100.0 * (t.saturating_sub(from)) as f64 / (to - from) as f64;
    let mut clients: Vec<&str> = Vec::new();
    for o in &shown {
        if !clients.contains(&o.client.as_str()) {
            clients.push(&o.client);
        }
    }
    clients.sort_unstable();
    let rows = clients.iter().map(|name| {
        let ops = shown.iter().filter(|o| o.client == *name).map(|o| {
            let end = o.answered.unwrap_or(props.now);
            let left = frac(o.invoked);
            let width = (frac(end) - left).max(0.0);
            let (t, server) = (o.answered.unwrap_or(o.invoked), o.server);
            let go = props.dispatch.reform(move |_: MouseEvent| {
                Action::SeekAndSelect(t, server.map(|s| Selection::Server(s.0)))
            });
            let label = op_label(o, lang);
            html! {
                <button type="button" class={classes!("op", o.class.as_str(), o.lost.then_some("lost"),
                                                      o.answered.is_none().then_some("open"), o.program.then_some("program"))}
                        style={format!("left: {left:.2}%; width: calc({width:.2}% + 2px)")}
                        title={label.clone()} aria-label={label} data-testid="op" data-class={o.class.as_str()}
                        onclick={go}>
                    <span class="op-text">{ format!("{} {}", o.what, o.result) }</span>
                </button>
            }
        });
        html! {
            <li class="history-row">
                <span class="history-client">{ *name }</span>
                <div class="history-lane">{ for ops }</div>
            </li>
        }
    });
    let checks = engine::consistency::CHECKS.iter().map(|check| {
        let found: Vec<&FindingView> = props.findings.iter().filter(|f| f.finding.check == *check).collect();
        let allowed = *check == "sync-read";
        let (name, what) = promise(check, lang);
        let (mark, class, status) = match (found.is_empty(), allowed) {
            (true, false) => ("✓", "ok", lang.pick("holds so far", "至今成立").to_string()),
            (true, true) => ("✓", "ok", lang.pick("no stale read after sync so far", "至今没有 sync 后的旧读").to_string()),
            (false, true) => ("⚠", "allowed", lang.choose(
                format!("{} read(s) after sync missed a newer write: not linearizable, allowed by ZooKeeper", found.len()),
                format!("{} 次 sync 之后的读错过了更新的写入：不是可线性化的，但 ZooKeeper 允许", found.len()),
            )),
            (false, false) => ("✗", "broken", lang.choose(
                format!("broken {} time(s)", found.len()),
                format!("已违反 {} 次", found.len()),
            )),
        };
        let first = found.first().map(|f| {
            let t = f.finding.time;
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(t));
            let who = f.client.clone().unwrap_or_default();
            html! {
                <button type="button" class="link" data-testid="finding-jump" onclick={go}
                        title={f.finding.what.clone()}>
                    { lang.choose(format!("{who} at {}", format_time(t)), format!("{who} 于 {}", format_time(t))) }
                </button>
            }
        });
        html! {
            <li class={classes!("promise", class)} data-testid="promise" data-check={*check} data-state={class}>
                <span class="verdict" aria-hidden="true">{ mark }</span>
                <span class="promise-name" title={what}>{ name }</span>
                <span class="promise-status">{ status }</span>
                { for first }
            </li>
        }
    });
    html! {
        <section class="history" data-testid="history" aria-label={lang.pick("What each client saw", "每个客户端看到了什么")}>
            <h2>{ lang.pick("What each client saw", "每个客户端看到了什么") }</h2>
            <ul class="promises">{ for checks }</ul>
            if shown.is_empty() {
                <p class="hint">{ lang.pick("No client has asked anything yet.", "还没有客户端发出请求。") }</p>
            } else {
                <div class="history-axis" aria-hidden="true">
                    <span>{ format_time(from) }</span>
                    <span>{ format_time(to) }</span>
                </div>
                <ul class="history-rows">{ for rows }</ul>
                <p class="hint">{ lang.pick("Each bar is one request, from when it was sent to its answer (dashed: lost, it may or may not have happened). Click one to go to its answer and see the server that gave it.",
                                            "每一条表示一个请求，从发出到得到回答（虚线：丢失，可能发生也可能没有）。点击即可跳到回答的时刻，并看到回答它的服务器。") }</p>
            }
        </section>
    }
}
