//! The window's messages as a list (folded until opened, so playing does not rebuild it): each
//! a button that selects its message, for whoever does not point at a canvas.

use std::rc::Rc;
use yew::prelude::*;

use super::component::{describe, LamportProps};
use super::scene::Scene;
use crate::state::{Action, Selection};

/// The most messages the list names (the latest).
pub const LISTED: usize = 200;

/// What the list needs: the scene drawn (with every arrow while the list is open), the
/// diagram's props, whether it is open and who to tell when it opens or closes.
#[derive(Properties, PartialEq)]
pub struct ListProps {
    /// What the diagram draws now.
    pub scene: Rc<Scene>,
    /// The diagram's props (the run, the view, the language, where actions go).
    pub props: LamportProps,
    /// True while the list is open.
    pub open: bool,
    /// Told `true` when the list opens, `false` when it closes.
    pub ontoggle: Callback<bool>,
}

/// The list of the window's messages.
#[function_component(MessageList)]
pub fn message_list(p: &ListProps) -> Html {
    let lang = p.props.lang;
    let ontoggle = {
        let told = p.ontoggle.clone();
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            told.emit(el.open());
        })
    };
    let items = if p.open {
        let segs = &p.scene.segs;
        let skip = segs.len().saturating_sub(LISTED);
        segs[skip..]
            .iter()
            .map(|s| {
                let text = describe(&p.props, s.id).unwrap_or_default();
                let d = p.props.dispatch.clone();
                let id = s.id;
                let state = if s.in_flight {
                    "in-flight"
                } else if s.delivered {
                    "delivered"
                } else {
                    "lost"
                };
                html! {
                    <li key={s.id}>
                        <button type="button" data-testid="arrow" data-message={s.id.to_string()}
                                data-class={s.class.as_str()} data-state={state}
                                onclick={Callback::from(move |_: MouseEvent| d.emit(Action::Select(Some(Selection::Message(id)))))}>
                            { text }
                        </button>
                    </li>
                }
            })
            .collect::<Html>()
    } else {
        Html::default()
    };
    html! {
        <details class="lamport-list" data-testid="lamport-list" {ontoggle}>
            <summary>{ lang.pick("List the messages in this window", "列出此窗口中的消息") }</summary>
            <ol>{ items }</ol>
        </details>
    }
}
