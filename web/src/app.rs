//! The page: header, notice, time controls, the cluster, the panels; the play loop (one
//! animation frame, one [`Action::Frame`]), keyboard shortcuts, the language switch (remembered)
//! and share links (opened from the URL's `#…`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cluster::Cluster;
use crate::console::Console;
use crate::controls::Controls;
use crate::faults::Faults;
use crate::gallery::Gallery;
use crate::help::Help;
use crate::i18n::Lang;
use crate::inspector::Inspector;
use crate::invariants::Invariants;
use crate::lamport::Lamport;
use crate::learn::Learn;
use crate::model::{Action, State};
use crate::new_scenario::NewScenario;
use crate::scrubber::Scrubber;
use crate::share::Share;
use crate::shared::StateRef;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Rc::unwrap_or_clone(self).reduce(action))
    }
}

/// Where the language choice is remembered.
const LANG_KEY: &str = "zooscope.lang";

/// The language to start in: the remembered one, else the browser's.
fn initial_lang() -> Lang {
    let window = gloo::utils::window();
    let stored = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let tag = stored.or_else(|| window.navigator().language());
    tag.map_or(Lang::En, |t| Lang::from_tag(&t))
}

fn remember_lang(lang: Lang) {
    if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
    if let Some(html) = gloo::utils::document().document_element() {
        let _ = html.set_attribute("lang", lang.tag());
    }
}

/// The URL fragment, if it holds a share link.
fn link_in_url() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    (hash.len() > 1).then_some(hash)
}

/// True if a key press belongs to a text field (shortcuts must not steal typing).
fn typing(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let mut s = match link_in_url() {
            Some(link) => State::from_link(&link),
            None => State::default(),
        };
        s.lang = initial_lang();
        s
    });
    let help = use_state(|| false);

    // The play loop: one animation frame, one Frame action with the real time elapsed.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(state.playing, move |&playing| {
            let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
            if playing {
                schedule_frame(handle.clone(), dispatcher, None);
            }
            move || {
                handle.borrow_mut().take();
            }
        });
    }

    {
        let lang = state.lang;
        use_effect_with(lang, move |&lang| remember_lang(lang));
    }

    // Keyboard shortcuts: space plays/pauses, arrows step, ? shows them; a changed URL opens.
    {
        let dispatcher = state.dispatcher();
        let help = help.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let d = dispatcher.clone();
            // Not passive: the shortcuts prevent the browser's own use of space and arrows.
            let active = EventListenerOptions::enable_prevent_default();
            let keys = EventListener::new_with_options(&document, "keydown", active, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if typing(e) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let on_button = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.tag_name() == "BUTTON");
                match e.key().as_str() {
                    " " if !on_button => d.dispatch(Action::TogglePlay),
                    "ArrowRight" => d.dispatch(Action::StepEvent),
                    "ArrowLeft" => d.dispatch(Action::StepBack),
                    "?" => help.set(!*help),
                    "Escape" => help.set(false),
                    _ => return,
                }
                e.prevent_default();
            });
            let d = dispatcher;
            let hash = EventListener::new(&gloo::utils::window(), "hashchange", move |_| {
                if let Some(link) = link_in_url() {
                    d.dispatch(Action::OpenLink(link));
                }
            });
            move || drop((keys, hash))
        });
    }

    let lang = state.lang;
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    let shared = StateRef(Rc::new((*state).clone()));
    let switch_lang = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::SetLang(lang.other())))
    };
    let show_help = {
        let help = help.clone();
        Callback::from(move |_: MouseEvent| help.set(true))
    };
    let hide_help = {
        let help = help.clone();
        Callback::from(move |()| help.set(false))
    };
    let dismiss = dispatch.reform(|_: MouseEvent| Action::Dismiss);

    html! {
        <main class="app" lang={lang.tag()}>
            <header class="top">
                <div class="brand">
                    <h1>{ "ZooScope" }</h1>
                    <p class="tagline">
                        { lang.pick("A ZooKeeper ensemble, simulated in your browser.",
                                    "在浏览器中模拟的 ZooKeeper 集群。") }
                    </p>
                </div>
                <nav class="top-actions" aria-label={lang.pick("Scenario", "场景")}>
                    <Learn state={shared.clone()} dispatch={dispatch.clone()} />
                    <Gallery state={shared.clone()} dispatch={dispatch.clone()} />
                    <NewScenario state={shared.clone()} dispatch={dispatch.clone()} />
                    <Share state={shared.clone()} dispatch={dispatch.clone()} />
                    <button type="button" class="lang" data-testid="lang-switch" onclick={switch_lang}
                            lang={lang.other().tag()}
                            aria-label={lang.pick("中文 (switch language)", "English (切换语言)")}>
                        { lang.other().own_name() }
                    </button>
                    <button type="button" data-testid="help" onclick={show_help}
                            aria-label={lang.pick("Keyboard shortcuts", "键盘快捷键")}>{ "?" }</button>
                </nav>
            </header>
            if let Some(notice) = &state.notice {
                <div class="notice" role="alert" data-testid="notice">
                    <span>{ notice }</span>
                    <button type="button" onclick={dismiss}>{ lang.pick("Dismiss", "关闭") }</button>
                </div>
            }
            <section class="time" aria-label={lang.pick("Time", "时间")}>
                <Controls state={shared.clone()} dispatch={dispatch.clone()} />
                <Scrubber state={shared.clone()} dispatch={dispatch.clone()} />
            </section>
            <div class="stage">
                <Cluster state={shared.clone()} dispatch={dispatch.clone()} />
                <aside class="side">
                    <Faults state={shared.clone()} dispatch={dispatch.clone()} />
                    <Invariants state={shared.clone()} dispatch={dispatch.clone()} />
                </aside>
            </div>
            <div class="panels">
                <Inspector state={shared.clone()} dispatch={dispatch.clone()} />
                <Console state={shared.clone()} dispatch={dispatch.clone()} />
            </div>
            <Lamport state={shared.clone()} dispatch={dispatch.clone()} />
            if *help {
                <Help {lang} on_close={hide_help} />
            }
        </main>
    }
}

/// Ask for the next animation frame; on it, dispatch the real time since the last one and ask
/// again. Dropping the handle (pause, unmount) ends the loop.
fn schedule_frame(
    handle: Rc<RefCell<Option<AnimationFrame>>>,
    dispatcher: UseReducerDispatcher<State>,
    last: Option<f64>,
) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now| {
        if let Some(last) = last {
            dispatcher.dispatch(Action::Frame(now - last));
        }
        schedule_frame(next, dispatcher, Some(now));
    });
    *handle.borrow_mut() = Some(frame);
}
