//! The messages in flight as elements of the map: every one of them paused or in slow motion
//! (each focusable and described), only the selected one while playing fast (the others are dots
//! on the canvas, [`super::fleet`]). They move every frame, with the [`Motion`].

use engine::lesson::Highlight;
use engine::ClusterView;
use std::rc::Rc;
use yew::prelude::*;

use super::ring::Layout;
use super::{flight_point, name, sel_key, Lit};
use crate::state::{Motion, Selection};
use crate::text::{words, Lang};

/// What the messages' elements need.
#[derive(Properties, PartialEq)]
pub(super) struct MessagesProps {
    /// The clock and the messages now.
    pub motion: Rc<Motion>,
    /// The ensemble (where each process sits, its name).
    pub view: Rc<ClusterView>,
    /// Playing fast: only the selected message is an element.
    pub fast: bool,
    /// The selected message, if a message is selected.
    pub selected: Option<u64>,
    /// What a lesson's step points at (the rest is dimmed).
    pub highlight: Rc<Vec<Highlight>>,
    /// The UI language.
    pub lang: Lang,
}

/// The map's group of message elements.
#[function_component(Messages)]
pub(super) fn messages(props: &MessagesProps) -> Html {
    let (view, motion, lang) = (&*props.view, &*props.motion, props.lang);
    let layout = Layout::new(view.servers.len(), view.clients.len());
    let lit = Lit {
        show: &props.highlight,
        view,
    };
    let dim = !props.highlight.is_empty();
    let shown = motion
        .in_flight
        .iter()
        .filter(|f| !props.fast || Some(f.id) == props.selected);
    let items = shown.filter_map(|f| {
        let (x, y) = flight_point(&layout, view, f, motion.time)?;
        let key = sel_key(&Selection::Message(f.id));
        let cls = f.class.as_str();
        let class = classes!(
            "message",
            cls,
            (props.selected == Some(f.id)).then_some("selected"),
            (dim && lit.message(f)).then_some("lit")
        );
        let label = format!(
            "{} #{} {} → {}",
            words::message_kind(f.kind, lang),
            f.id,
            name(view, f.from),
            name(view, f.to)
        );
        Some(html! {
            <g key={f.id} {class} data-testid="message" data-class={cls}
               data-message={f.id.to_string()} data-sel={key} tabindex="0" role="button"
               aria-label={label.clone()} transform={format!("translate({x:.1} {y:.1})")}>
                <title>{ format!("{label} — {}", f.text) }</title>
                <circle class="hit" r="14" />
                <circle class="dot" r="7" />
            </g>
        })
    });
    html! {
        <g class="messages" data-testid="messages"
           data-count={motion.in_flight.len().to_string()}>
            { for items }
        </g>
    }
}
