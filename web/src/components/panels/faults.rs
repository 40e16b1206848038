//! Breaking things: what can be done to the selected server, client or message, and to the
//! network. Every button injects a scenario action at the current instant (the run forks), so
//! whatever the user broke is in the share link.

use engine::{ClusterView, MessageRecord, Role};
use yew::prelude::*;

use crate::components::cluster::flight_text;
use crate::components::field::{put, read};
use crate::components::panels::generals_form::GeneralsForm;
use crate::components::props::FromState;
use crate::state::{format_time, Action, Field, Selection, State};
use crate::text::Lang;
use std::rc::Rc;

/// The partition that cuts the leader off from everyone else (`partition s5 | s1,s2,s3,s4`).
pub fn isolate(view: &ClusterView, server: u8) -> Option<String> {
    let others: Vec<String> = view
        .servers
        .iter()
        .filter(|s| s.id.0 != server)
        .map(|s| s.id.to_string())
        .collect();
    (!others.is_empty()).then(|| format!("partition s{server} | {}", others.join(",")))
}

/// A minority holding the leader against a majority: the leader and the lowest-numbered others
/// up to a minority, the rest on the other side (the majority elects a new leader).
pub fn split_minority(view: &ClusterView) -> Option<String> {
    let n = view.servers.len();
    if n < 3 {
        return None;
    }
    let leader = view.leader.map(|l| l.0);
    let mut minority: Vec<u8> = leader.into_iter().collect();
    for s in &view.servers {
        if minority.len() >= (n - 1) / 2 {
            break;
        }
        if Some(s.id.0) != leader {
            minority.push(s.id.0);
        }
    }
    let majority: Vec<String> = view
        .servers
        .iter()
        .filter(|s| !minority.contains(&s.id.0))
        .map(|s| s.id.to_string())
        .collect();
    let minority: Vec<String> = minority.iter().map(|s| format!("s{s}")).collect();
    Some(format!(
        "partition {} | {}",
        minority.join(","),
        majority.join(",")
    ))
}

fn button(label: &'static str, testid: &'static str, text: String, d: &Callback<Action>) -> Html {
    let onclick = d.reform(move |_: MouseEvent| Action::InjectText(text.clone()));
    html! { <button type="button" data-testid={testid} {onclick}>{ label }</button> }
}

/// A button that stays in its place when it cannot act now (greyed, saying why), so the
/// buttons after it do not move.
fn maybe_button(
    label: &'static str,
    testid: &'static str,
    text: Option<String>,
    why_not: &'static str,
    d: &Callback<Action>,
) -> Html {
    match text {
        Some(text) => button(label, testid, text, d),
        None => html! {
            <button type="button" data-testid={testid} disabled=true title={why_not}>{ label }</button>
        },
    }
}

/// A number field and a button that injects `make(number)`.
#[derive(Properties, PartialEq)]
struct AmountProps {
    label: &'static str,
    unit: &'static str,
    initial: i64,
    testid: &'static str,
    make: Callback<i64, String>,
    /// Greyed (a down server cannot be paused), kept in place.
    #[prop_or_default]
    disabled: bool,
    dispatch: Callback<Action>,
}

#[function_component(Amount)]
fn amount(p: &AmountProps) -> Html {
    // The field holds what is typed (see `components::field`): written once, with the usual
    // amount.
    let field = use_node_ref();
    {
        let (field, initial) = (field.clone(), p.initial);
        use_effect_with((), move |_| put(&field, &initial.to_string()));
    }
    let onclick = {
        let (make, d, field, initial) =
            (p.make.clone(), p.dispatch.clone(), field.clone(), p.initial);
        Callback::from(move |_: MouseEvent| {
            // Not a number: the usual amount, shown again.
            let v = read(&field).trim().parse().unwrap_or_else(|_| {
                put(&field, &initial.to_string());
                initial
            });
            d.emit(Action::InjectText(make.emit(v)))
        })
    };
    html! {
        <span class="amount">
            <button type="button" data-testid={p.testid} {onclick} disabled={p.disabled}>{ p.label }</button>
            <input type="number" ref={field} disabled={p.disabled}
                   aria-label={format!("{} ({})", p.label, p.unit)} />
            <span class="unit" aria-hidden="true">{ p.unit }</span>
        </span>
    }
}

fn server_actions(view: &ClusterView, id: u8, lang: Lang, d: &Callback<Action>) -> Html {
    let Some(server) = view.servers.iter().find(|s| s.id.0 == id) else {
        return html! {};
    };
    let down = server.role == Role::Down;
    let peers: Vec<u8> = view
        .servers
        .iter()
        .map(|s| s.id.0)
        .filter(|p| *p != id)
        .collect();
    let isolate_it =
        isolate(view, id).map(|t| button(lang.pick("Isolate", "隔离"), "isolate-server", t, d));
    html! {
        <div class="fault-group" data-testid="server-faults">
            <h3>{ format!("{} s{id}", lang.pick("Server", "服务器")) }</h3>
            // Crash and Restart share one place; what a down server cannot do stays, greyed.
            if down {
                { button(lang.pick("Restart", "重启"), "restart-server", format!("restart s{id}"), d) }
            } else {
                { button(lang.pick("Crash", "崩溃"), "crash-server", format!("crash s{id}"), d) }
            }
            <Amount label={lang.pick("Pause", "暂停")} unit="s" initial={5} testid="pause-server"
                    make={Callback::from(move |v: i64| format!("pause s{id} for {}s", v.max(1)))}
                    disabled={down} dispatch={d.clone()} />
            <Amount label={lang.pick("Drift clock", "时钟漂移")} unit="%" initial={50} testid="drift-server"
                    make={Callback::from(move |v: i64| format!("drift s{id} {v:+}%"))}
                    disabled={down} dispatch={d.clone()} />
            <Amount label={lang.pick("Slow its links", "减慢其链路")} unit="ms" initial={200} testid="slow-server"
                    make={Callback::from(move |v: i64| slow_links(&peers, id, v))}
                    disabled={down} dispatch={d.clone()} />
            { isolate_it.unwrap_or_default() }
        </div>
    }
}

/// Extra latency on every link between server `id` and its peers, one action a link.
fn slow_links(peers: &[u8], id: u8, ms: i64) -> String {
    peers
        .iter()
        .map(|p| format!("latency s{id}<->s{p} {}ms\n", ms.max(0)))
        .collect()
}

fn client_actions(view: &ClusterView, name: &str, lang: Lang, d: &Callback<Action>) -> Html {
    let n = name.to_string();
    let generals_open = !view.generals.is_empty();
    let (n1, n2) = (n.clone(), n.clone());
    html! {
        <div class="fault-group" data-testid="client-faults">
            <h3>{ format!("{} {name}", lang.pick("Client", "客户端")) }</h3>
            { button(lang.pick("Crash", "崩溃"), "crash-client", format!("{n} crash"), d) }
            { button(lang.pick("Close session", "关闭会话"), "close-client", format!("{n} close"), d) }
            <Amount label={lang.pick("Pause", "暂停")} unit="s" initial={12} testid="pause-client"
                    make={Callback::from(move |v: i64| format!("pause {n1} for {}s", v.max(1)))}
                    dispatch={d.clone()} />
            <Amount label={lang.pick("Drift clock", "时钟漂移")} unit="%" initial={50} testid="drift-client"
                    make={Callback::from(move |v: i64| format!("drift {n2} {v:+}%"))}
                    dispatch={d.clone()} />
            <GeneralsForm client={n.clone()} open={generals_open} {lang} dispatch={d.clone()} />
        </div>
    }
}

/// What became of message `id` once it left the wire, in words.
pub fn message_fate(
    id: u64,
    end: Option<&MessageRecord>,
    view: &ClusterView,
    lang: Lang,
) -> String {
    match end {
        Some(m) if m.delivered => lang.choose(
            format!(
                "Message #{id} arrived at {} at {}.",
                view.name(m.to),
                format_time(m.ended)
            ),
            format!(
                "消息 #{id} 已于 {} 送达 {}。",
                format_time(m.ended),
                view.name(m.to)
            ),
        ),
        Some(m) => lang.choose(
            format!(
                "Message #{id} was dropped at {}: {} never got it.",
                format_time(m.ended),
                view.name(m.to)
            ),
            format!(
                "消息 #{id} 已于 {} 被丢弃：{} 永远收不到它。",
                format_time(m.ended),
                view.name(m.to)
            ),
        ),
        None => lang.choose(
            format!("Message #{id} is not on the wire at this instant."),
            format!("此刻消息 #{id} 不在传输中。"),
        ),
    }
}

fn message_actions(
    view: &ClusterView,
    id: u64,
    end: Option<&MessageRecord>,
    lang: Lang,
    d: &Callback<Action>,
) -> Html {
    let Some(f) = view.in_flight.iter().find(|f| f.id == id) else {
        let dropped = end.is_some_and(|m| !m.delivered);
        return html! {
            <div class="fault-group" data-testid="message-faults">
                <h3>{ format!("{} #{id}", lang.pick("Message", "消息")) }</h3>
                <p data-testid="message-fate" data-dropped={dropped.to_string()}>
                    { message_fate(id, end, view, lang) }
                </p>
            </div>
        };
    };
    html! {
        <div class="fault-group" data-testid="message-faults">
            <h3>{ format!("{} #{id}: {} → {}", lang.pick("Message", "消息"), view.name(f.from), view.name(f.to)) }</h3>
            <p class="message-text" title={f.text.clone()}>{ flight_text(f, view, lang) }</p>
            { button(lang.pick("Drop", "丢弃"), "drop-message", format!("drop message {id}"), d) }
            <Amount label={lang.pick("Delay", "延迟")} unit="ms" initial={300} testid="delay-message"
                    make={Callback::from(move |v: i64| format!("delay message {id} by {}ms", v.max(1)))}
                    dispatch={d.clone()} />
        </div>
    }
}

/// What the fault panel shows: the ensemble now and what is selected.
#[derive(Properties, PartialEq, Clone)]
pub struct FaultsProps {
    /// The ensemble now.
    pub view: Rc<ClusterView>,
    /// What the user has selected.
    pub selection: Option<Selection>,
    /// How the selected message ended, if it is a message no longer on the wire.
    pub ended: Option<MessageRecord>,
    /// Why the partition typed last was refused, if it was.
    pub refused: Option<String>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for FaultsProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        FaultsProps {
            view: state.view.clone(),
            selection: state.selection.clone(),
            ended: state.selected_message_end(),
            refused: state.notice_at(Field::Partition),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The fault panel.
#[function_component(Faults)]
pub fn faults(props: &FaultsProps) -> Html {
    let s = props;
    let (lang, d, view) = (s.lang, &props.dispatch, &s.view);
    // What is typed stays in the field (see `components::field`).
    let partition_text = use_node_ref();
    let unselect = d.reform(|_: MouseEvent| Action::Select(None));
    let selected = match &s.selection {
        Some(Selection::Server(id)) => server_actions(view, *id, lang, d),
        Some(Selection::Client(name)) => client_actions(view, name, lang, d),
        Some(Selection::Message(id)) => message_actions(view, *id, s.ended.as_ref(), lang, d),
        None => html! {
            <p class="hint">{ lang.pick("Click a server, a client or a message to break it.",
                                         "点击服务器、客户端或消息来制造故障。") }</p>
        },
    };
    let no_leader = lang.pick("There is no leader at this instant", "此刻没有领导者");
    let isolate_leader = maybe_button(
        lang.pick("Isolate the leader", "隔离领导者"),
        "isolate-leader",
        view.leader.and_then(|l| isolate(view, l.0)),
        no_leader,
        d,
    );
    let crash_leader = maybe_button(
        lang.pick("Crash the leader", "让领导者崩溃"),
        "crash-leader",
        view.leader.map(|_| "crash leader".into()),
        no_leader,
        d,
    );
    let split = maybe_button(
        lang.pick("Split: leader in a minority", "分区：领导者在少数派"),
        "split-minority",
        view.leader.and(split_minority(view)),
        no_leader,
        d,
    );
    let custom = {
        let (p, d) = (partition_text.clone(), d.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.emit(Action::InjectAt {
                field: Field::Partition,
                text: format!("partition {}", read(&p)),
            });
        })
    };
    let loss = d.reform(|e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Action::InjectText(format!("loss {}%", select.value()))
    });
    let loss_now = (view.loss_ppm / 10_000).to_string();
    html! {
        <section class="faults" data-testid="faults" aria-label={lang.pick("Break things", "制造故障")}>
            <h2>{ lang.pick("Break things", "制造故障") }</h2>
            if s.selection.is_some() {
                <div class="selected-actions" data-testid="action-sheet">
                    <button type="button" class="sheet-close" data-testid="sheet-close" onclick={unselect}
                            aria-label={lang.pick("Close", "关闭")}>{ "✕" }</button>
                    { selected }
                </div>
            } else {
                { selected }
            }
            <div class="fault-group">
                <h3>{ lang.pick("Network", "网络") }</h3>
                { crash_leader }
                { isolate_leader }
                { split }
                { button(lang.pick("Heal", "恢复网络"), "heal", "heal".into(), d) }
                <form class="custom-partition" onsubmit={custom}>
                    <label>
                        <span>{ lang.pick("Partition", "分区") }</span>
                        <input type="text" placeholder="s1,s2 | s3,s4,s5" ref={partition_text}
                               data-testid="partition-text"
                               aria-invalid={s.refused.is_some().then_some("true")}
                               aria-describedby={s.refused.is_some().then_some("partition-error")} />
                    </label>
                    <button type="submit" data-testid="partition-apply">{ lang.pick("Cut", "切断") }</button>
                    if let Some(why) = &s.refused {
                        <p id="partition-error" class="field-error" role="alert" data-testid="partition-error">{ why }</p>
                    }
                </form>
                <label class="loss">
                    <span>{ lang.pick("Message loss", "丢包率") }</span>
                    <select data-testid="loss" onchange={loss}>
                        { for ["0", "1", "5", "20", "50"].iter().map(|p| html! {
                            <option value={*p} selected={*p == loss_now}>{ format!("{p}%") }</option>
                        }) }
                    </select>
                </label>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;
    use engine::ms;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn presets_put_the_leader_in_the_minority_and_it_loses_leadership() {
        let s = State::default().reduce(Action::Seek(ms(3000)));
        let leader = s.view.leader.expect("a leader").0;
        let text = split_minority(&s.view).unwrap();
        assert!(text.starts_with(&format!("partition s{leader},")), "{text}");
        let s = s
            .reduce(Action::InjectText(text))
            .reduce(Action::Advance(ms(15_000)));
        let new = s.view.leader.expect("the majority elects a leader").0;
        assert_ne!(new, leader);
        assert_eq!(isolate(&s.view, 2).unwrap(), "partition s2 | s1,s3,s4,s5");
    }
}
