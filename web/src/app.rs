//! The page: header, notice, time controls, the cluster, the panels; the play loop (one
//! animation frame, one [`Action::Frame`]), keyboard shortcuts, the language switch (remembered)
//! and share links (opened from the URL's `#…`).

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::cluster::{Cluster, ClusterProps};
use crate::components::course::{Course, CourseProps, LessonPanel};
use crate::components::diagram::{Lamport, LamportProps};
use crate::components::dialogs::gallery::{Gallery, GalleryProps};
use crate::components::dialogs::help::Help;
use crate::components::dialogs::new_scenario::NewScenario;
use crate::components::dialogs::share::{Share, ShareProps};
use crate::components::panels::console::{Console, ConsoleProps};
use crate::components::panels::faults::{Faults, FaultsProps};
use crate::components::panels::inspector::{Inspector, InspectorProps};
use crate::components::panels::invariants::{Invariants, InvariantsProps};
use crate::components::props::{FromState, LangProps};
use crate::components::time::scrubber::{Scrubber, ScrubberProps};
use crate::components::time::{Controls, ControlsProps};
use crate::hooks::use_play_loop;
use crate::hooks::{use_lesson_link, use_progress};
use crate::state::{Action, State};
use crate::text::Lang;

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

    use_play_loop(state.playing, state.dispatcher());
    use_progress(state.done.clone(), state.dispatcher());
    use_lesson_link(
        state
            .lesson
            .as_ref()
            .filter(|l| l.in_course)
            .map(|l| (l.lesson.name.clone(), l.step)),
    );

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
                    "ArrowRight" | "PageDown" => d.dispatch(Action::Forward),
                    "ArrowLeft" | "PageUp" => d.dispatch(Action::Backward),
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
    // One callback for the page's life: components compare their props, and a new callback
    // every render would make every component draw again.
    let dispatch = {
        let d = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };
    let s: &State = &state;
    let d = || dispatch.clone();
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
                    <Course ..CourseProps::of(s, d()) />
                    <Gallery ..GalleryProps::of(s, d()) />
                    <NewScenario ..LangProps::of(s, d()) />
                    <Share ..ShareProps::of(s, d()) />
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
                    <span>{ notice.text(lang) }</span>
                    <button type="button" onclick={dismiss}>{ lang.pick("Dismiss", "关闭") }</button>
                </div>
            }
            <section class="time" aria-label={lang.pick("Time", "时间")}>
                <Controls ..ControlsProps::of(s, d()) />
                <Scrubber ..ScrubberProps::of(s, d()) />
            </section>
            <div class="stage">
                if let Some(lesson) = &state.lesson {
                    <LessonPanel lesson={lesson.clone()} {lang} dispatch={d()} />
                }
                <Cluster ..ClusterProps::of(s, d()) />
                <aside class="side">
                    <Faults ..FaultsProps::of(s, d()) />
                    <Invariants ..InvariantsProps::of(s, d()) />
                </aside>
            </div>
            <div class="panels">
                <Inspector ..InspectorProps::of(s, d()) />
                <Console ..ConsoleProps::of(s, d()) />
            </div>
            <Lamport ..LamportProps::of(s, d()) />
            if *help {
                <Help {lang} on_close={hide_help} />
            }
        </main>
    }
}
