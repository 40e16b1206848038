//! The modal dialog the header's gallery, new-scenario and share buttons open.
//!
//! A native `<dialog>` shown with `showModal()`, so the browser makes the rest of the page inert
//! (clicks and Tab stay inside) and puts it in the top layer. On top of that: it is labelled by
//! its heading, focus moves to the element marked `data-autofocus` (else the close button),
//! Escape or a click on the backdrop closes it, and focus returns to the button that opened it.
//! Key presses inside do not reach the page's shortcuts (space would play, arrows step).

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlElement};
use yew::prelude::*;

use crate::text::Lang;

/// Properties of [`Modal`].
#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// A prefix for ids (the heading is `{id}-title`); unique on the page.
    pub id: AttrValue,
    /// The heading.
    pub title: AttrValue,
    /// The UI language (the close button's label).
    pub lang: Lang,
    /// Close the dialog (the owner stops rendering it).
    pub on_close: Callback<()>,
    /// The button that opened it: focus goes back there on close.
    pub opener: NodeRef,
    /// `data-testid` of the `<dialog>`.
    pub testid: AttrValue,
    /// Extra classes on the `<dialog>`.
    #[prop_or_default]
    pub class: Classes,
    /// The contents.
    #[prop_or_default]
    pub children: Html,
}

/// An accessible modal dialog, open as long as it is rendered.
#[function_component(Modal)]
pub fn modal(props: &ModalProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let opener = props.opener.clone();
        let on_close = props.on_close.clone();
        use_effect_with((), move |_| {
            let dialog: Option<HtmlDialogElement> = node.cast();
            let listeners = dialog.as_ref().map(|dialog| {
                if !dialog.open() {
                    // Fails only if the element is not connected; the dialog then stays closed.
                    let _ = dialog.show_modal();
                }
                let first = dialog
                    .query_selector("[data-autofocus]")
                    .ok()
                    .flatten()
                    .or_else(|| dialog.query_selector(".dialog-close").ok().flatten());
                if let Some(el) = first.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
                let active = EventListenerOptions::enable_prevent_default();
                let close = on_close.clone();
                let keys = EventListener::new_with_options(dialog, "keydown", active, move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    // The page's shortcuts listen on the document: keep this dialog's keys here.
                    e.stop_propagation();
                    if e.key() == "Escape" {
                        e.prevent_default();
                        close.emit(());
                    }
                });
                // The browser's own close request (e.g. a second Escape while one is handled).
                let close = on_close.clone();
                let cancel = EventListener::new_with_options(dialog, "cancel", active, move |e| {
                    e.prevent_default();
                    close.emit(());
                });
                // A click on the backdrop targets the <dialog> itself (its contents fill it).
                let own = dialog.clone();
                let close = on_close;
                let backdrop = EventListener::new(dialog, "click", move |e| {
                    let on_self = e
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlDialogElement>().ok())
                        .is_some_and(|t| t == own);
                    if on_self {
                        close.emit(());
                    }
                });
                (keys, cancel, backdrop)
            });
            move || {
                drop(listeners);
                if let Some(dialog) = dialog {
                    // Closing first lifts the page's inertness, so the opener can take focus.
                    dialog.close();
                }
                if let Some(button) = opener.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    let lang = props.lang;
    let title_id = format!("{}-title", props.id);
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <dialog ref={node} class={classes!("zs-dialog", props.class.clone())} role="dialog"
                aria-modal="true" aria-labelledby={title_id.clone()} data-testid={props.testid.clone()}>
            <div class="zs-dialog-frame">
                <header class="zs-dialog-head">
                    <h2 id={title_id}>{ props.title.clone() }</h2>
                    <button type="button" class="dialog-close" data-testid="dialog-close"
                            aria-label={lang.pick("Close", "关闭")} onclick={close}>{ "×" }</button>
                </header>
                <div class="zs-dialog-body">{ props.children.clone() }</div>
            </div>
        </dialog>
    }
}
