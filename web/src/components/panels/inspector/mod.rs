//! The inspector: the selected server (its znode tree with the differences from the leader's,
//! its log with the committed point, its sessions and watches) or client (session, state,
//! server, pending requests, what it heard), read from the engine on demand
//! ([`engine::Simulation::server_detail`], [`engine::Simulation::client_detail`]).
//! A row of buttons picks what to inspect; so does clicking in the cluster view.

pub mod client;
pub mod server;

use engine::scenario::Action as ScenarioAction;
use engine::ClusterView;
use engine::ServerId;
use yew::prelude::*;

use crate::components::panels::inspector::client::ClientInspector;
use crate::components::panels::inspector::server::ServerInspector;
use crate::components::props::FromState;
use crate::state::{format_time, Action, RunRef, Selection, State};
use crate::text::Lang;
use std::rc::Rc;

/// The program `client` runs at `state`'s instant, as the scenario wrote it (`lock hold=1s`).
pub fn program_of(run: &RunRef, client: &str) -> Option<String> {
    let now = run.now();
    run.scenario()
        .actions
        .iter()
        .filter(|a| a.time_us <= now)
        .filter_map(|a| match &a.action {
            ScenarioAction::Run {
                client: c,
                program,
                args,
            } if c == client => Some(
                std::iter::once(program.as_str())
                    .chain(args.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            _ => None,
        })
        .next_back()
}

/// The selection's name as the picker and tests know it (`s3`, `alice`, `#42`).
pub fn selection_name(selection: &Option<Selection>) -> String {
    match selection {
        None => "none".into(),
        Some(Selection::Server(n)) => format!("s{n}"),
        Some(Selection::Client(c)) => c.clone(),
        Some(Selection::Message(id)) => format!("#{id}"),
    }
}

fn picker(
    view: &ClusterView,
    selection: &Option<Selection>,
    lang: Lang,
    d: &Callback<Action>,
) -> Html {
    let servers = view.servers.iter().map(|s| {
        let n = s.id.0;
        let on = *selection == Some(Selection::Server(n));
        let onclick = d.reform(move |_: MouseEvent| {
            Action::Select((!on).then_some(Selection::Server(n)))
        });
        let name = s.id.to_string();
        html! {
            <button type="button" class={classes!("pick", "pick-server", format!("role-{}", s.role.as_str().to_ascii_lowercase()))}
                    aria-pressed={on.to_string()} data-testid="inspect-pick" data-target={name.clone()} {onclick}>
                { name }
            </button>
        }
    });
    let clients = view.clients.iter().map(|c| {
        let sel = Selection::Client(c.name.clone());
        let on = selection.as_ref() == Some(&sel);
        let onclick = d.reform(move |_: MouseEvent| Action::Select((!on).then(|| sel.clone())));
        html! {
            <button type="button" class="pick pick-client" aria-pressed={on.to_string()}
                    data-testid="inspect-pick" data-target={c.name.clone()} {onclick}>
                { &c.name }
            </button>
        }
    });
    html! {
        <div class="picker" role="group" aria-label={lang.pick("Inspect", "查看")}>
            { for servers }
            { for clients }
        </div>
    }
}

fn message(view: &ClusterView, id: u64, run: &RunRef, lang: Lang) -> Html {
    match view.in_flight.iter().find(|f| f.id == id) {
        Some(f) => html! {
            <div class="message-detail" data-testid="message-detail">
                <h3>{ format!("{} #{id}: {} → {}", lang.pick("Message", "消息"), view.name(f.from), view.name(f.to)) }</h3>
                <p><code>{ &*f.text }</code></p>
                <p class="hint">{ format!("{} {} → {} {}", lang.pick("sent", "发送于"), format_time(f.sent),
                                          lang.pick("arrives", "到达于"), format_time(f.arrives)) }</p>
            </div>
        },
        None => html! {
            <p class="hint" data-testid="message-detail-fate">
                { crate::components::panels::faults::message_fate(id, run.message_end(id).as_ref(), view, lang) }
            </p>
        },
    }
}

/// What the inspector shows.
#[derive(Properties, PartialEq, Clone)]
pub struct InspectorProps {
    /// The ensemble now.
    pub view: Rc<ClusterView>,
    /// What the user has selected.
    pub selection: Option<Selection>,
    /// The run, for the selected thing's details.
    pub run: RunRef,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for InspectorProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        InspectorProps {
            view: state.view.clone(),
            selection: state.selection.clone(),
            run: state.run_at_words(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The inspector.
#[function_component(Inspector)]
pub fn inspector(props: &InspectorProps) -> Html {
    let s = props;
    let lang = s.lang;
    let body = match &s.selection {
        None => html! {
            <p class="hint" data-testid="inspector-hint">
                { lang.pick("Select a server or a client (click it in the cluster, or pick it above) to see its data tree, log, sessions and watches, or its session and what it heard.",
                            "选择一个服务器或客户端（在集群图中点击，或在上方选择），查看它的数据树、日志、会话和监视，或它的会话与收到的内容。") }
            </p>
        },
        Some(Selection::Server(n)) => match s.run.server_detail(ServerId(*n)) {
            Some(detail) => html! { <ServerInspector {detail} {lang} /> },
            None => {
                html! { <p class="hint">{ lang.pick("No such server.", "没有这个服务器。") }</p> }
            }
        },
        Some(Selection::Client(name)) => match s.run.client_detail(name) {
            Some(detail) => {
                let holding = s.view.clients.iter().any(|c| &c.name == name && c.holding);
                let program = program_of(&s.run, name);
                html! { <ClientInspector {detail} {program} {holding} {lang} /> }
            }
            None => {
                html! { <p class="hint">{ lang.pick("No such client.", "没有这个客户端。") }</p> }
            }
        },
        Some(Selection::Message(id)) => message(&s.view, *id, &s.run, lang),
    };
    html! {
        <section class="inspector" data-testid="inspector" data-selected={selection_name(&s.selection)}
                 aria-label={lang.pick("Inspector", "检查器")}>
            <h2>{ lang.pick("Inspector", "检查器") }</h2>
            { picker(&s.view, &s.selection, lang, &props.dispatch) }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::secs;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_program_a_client_runs_is_read_from_the_scenario() {
        let s = State::default();
        assert_eq!(program_of(&s.run(), "alice"), None, "not yet at 0 s");
        let s = s.reduce(Action::Seek(secs(2)));
        assert_eq!(
            program_of(&s.run(), "alice").as_deref(),
            Some("lock hold=1500ms rest=500ms")
        );
        assert_eq!(selection_name(&Some(Selection::Server(3))), "s3");
        assert_eq!(selection_name(&None), "none");
    }
}
