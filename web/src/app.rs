//! The page: header, notice, time controls, the cluster, the panels; the play loop (one
//! animation frame, one [`Action::Frame`]), keyboard shortcuts, the language switch (remembered)
//! and share links (opened from the URL's `#…`).

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::cluster::{Cluster, ClusterProps};
use crate::components::compare::{VersusBar, VersusHead};
use crate::components::course::{Course, CourseProps, LessonPanel, Welcome};
use crate::components::diagram::{Lamport, LamportProps};
use crate::components::dialogs::gallery::shown_title;
use crate::components::dialogs::gallery::{Gallery, GalleryProps};
use crate::components::dialogs::help::Help;
use crate::components::dialogs::new_scenario::NewScenario;
use crate::components::dialogs::search::{FindFailure, SearchProps};
use crate::components::dialogs::share::{Share, ShareProps};
use crate::components::modes::{set_mode_in_url, toggle_fullscreen, EmbedBar, PresentBar};
use crate::components::panels::console::{Console, ConsoleProps};
use crate::components::panels::faults::{Faults, FaultsProps};
use crate::components::panels::history::{History, HistoryProps};
use crate::components::panels::inspector::{Inspector, InspectorProps};
use crate::components::panels::invariants::{Invariants, InvariantsProps};
use crate::components::props::{FromState, LangProps};
use crate::components::time::scrubber::{Scrubber, ScrubberProps};
use crate::components::time::{Controls, ControlsProps};
use crate::hooks::use_play_loop;
use crate::hooks::{use_lesson_link, use_progress};
use crate::state::{Action, Mode, State};
use crate::text::Lang;

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Yew holds the previous state: move on from a copy sharing its run.
        let next = Rc::try_unwrap(self).unwrap_or_else(|shared| shared.share());
        Rc::new(next.reduce(action))
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
        s.frame_ms = Some(crate::state::FRAME_SIM_MS);
        s.mode = Mode::from_query(
            &gloo::utils::window()
                .location()
                .search()
                .unwrap_or_default(),
        );
        s
    });
    let help = use_state(|| false);
    let help_button = use_node_ref();
    // Opened without a link (the page someone new lands on).
    let first_page = use_state(|| link_in_url().is_none());
    // Presenter mode: the panels unfolded, the screen blanked.
    let panels = use_state(|| false);
    let blank = use_state(|| false);
    let main_ref = use_node_ref();

    // Embedded: pause whenever nobody can see it (a hidden tab, the frame scrolled away).
    {
        let d = state.dispatcher();
        let main_ref = main_ref.clone();
        use_effect_with(state.mode, move |&mode| {
            let watch = (mode == Mode::Embed)
                .then(|| main_ref.cast::<web_sys::Element>())
                .flatten()
                .map(|el| crate::browser::Unseen::watch(&el, move || d.dispatch(Action::Pause)));
            move || drop(watch)
        });
    }

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

    // The page's root knows the mode, so that type sizes (in rem) follow it.
    use_effect_with(state.mode, |&mode| {
        if let Some(root) = gloo::utils::document().document_element() {
            let list = root.class_list();
            let _ = list.toggle_with_force("present", mode == Mode::Present);
            let _ = list.toggle_with_force("embed", mode == Mode::Embed);
        }
    });

    // Keyboard shortcuts: space plays/pauses, arrows step, ? shows them; a changed URL opens.
    {
        let dispatcher = state.dispatcher();
        let help = help.clone();
        let (panels, blank) = (panels.clone(), blank.clone());
        use_effect_with(state.mode, move |&mode| {
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
                // A blank screen comes back on any key (and that key does nothing else).
                if *blank {
                    blank.set(false);
                    e.prevent_default();
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
                    "b" | "B" | "." if mode == Mode::Present => blank.set(true),
                    "f" | "F" if mode == Mode::Present => toggle_fullscreen(),
                    "p" | "P" if mode == Mode::Present => panels.set(!*panels),
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
    // The second run of a comparison is only looked at: its map sends nothing.
    let noop = (*use_memo((), |_| Callback::from(|_: Action| ()))).clone();
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

    let mode = state.mode;
    // Someone new, on the plain first page: point at the course.
    let welcome = *first_page
        && mode == Mode::Full
        && state.lesson.is_none()
        && state.done.is_empty()
        && state.title.is_none();
    let comparing = state.versus.is_some();
    let title = state
        .lesson
        .as_ref()
        .map(|l| crate::components::course::pick(&l.lesson.title, lang).to_string())
        .or_else(|| {
            state
                .title
                .as_deref()
                .map(|t| shown_title(t, lang).to_string())
        });
    let present = {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            set_mode_in_url(Mode::Present);
            d.emit(Action::SetMode(Mode::Present));
        })
    };
    let toggle_panels = {
        let panels = panels.clone();
        Callback::from(move |()| panels.set(!*panels))
    };
    let to_blank = {
        let blank = blank.clone();
        Callback::from(move |()| blank.set(true))
    };
    let unblank = {
        let blank = blank.clone();
        Callback::from(move |_: MouseEvent| blank.set(false))
    };
    // Only an embedded page needs its link on demand; holding the state elsewhere would make
    // every frame copy the run (the reducer copies what someone else still holds).
    let fragment = if mode == Mode::Embed {
        let state = state.clone();
        Callback::from(move |()| state.link_fragment())
    } else {
        Callback::from(|()| String::new())
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let d = dispatch.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let file = e
                .data_transfer()
                .and_then(|t| t.files())
                .and_then(|f| f.get(0));
            if let Some(file) = file {
                open_file(&file, d.clone());
            }
        })
    };
    let folded = mode == Mode::Embed || (mode == Mode::Present && !*panels);
    let classes = classes!(
        "app",
        match mode {
            Mode::Full => None,
            Mode::Present => Some("mode-present"),
            Mode::Embed => Some("mode-embed"),
        },
        state.selection.is_some().then_some("has-selection"),
        comparing.then_some("comparing"),
        (mode == Mode::Present && *panels).then_some("panels-open"),
    );
    let versus = state.versus.as_ref().map(|side| {
        let left = title.clone().unwrap_or_else(|| lang.pick("This scenario", "本场景").to_string());
        let right = side
            .title
            .as_deref()
            .map(|t| shown_title(t, lang).to_string())
            .unwrap_or_else(|| lang.pick("The other scenario", "另一个场景").to_string());
        html! {
            <div class="versus" data-testid="versus">
                <VersusBar {lang} dispatch={d()} />
                <div class="versus-side">
                    <VersusHead title={left.clone()} checks={state.checks.clone()} side="a" {lang} />
                    <Cluster ..ClusterProps { label: Some(left), ..ClusterProps::of(s, d()) } />
                </div>
                <div class="versus-side">
                    <VersusHead title={right.clone()} checks={side.checks.clone()} side="b" {lang} />
                    <Cluster ..ClusterProps::of_side(side, right, s.fast_forward(), lang, noop.clone()) />
                </div>
            </div>
        }
    });

    html! {
        <main class={classes} lang={lang.tag()} ref={main_ref} {ondragover} {ondrop}>
            if mode != Mode::Embed {
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
                    if mode == Mode::Full {
                        <NewScenario ..LangProps::of(s, d()) />
                        <OpenFile {lang} dispatch={d()} />
                    }
                    if mode == Mode::Full {
                        <FindFailure ..SearchProps::of(s, d()) />
                    }
                    <Share ..ShareProps::of(s, d()) />
                    if mode == Mode::Present {
                        <PresentBar panels={*panels} on_panels={toggle_panels} on_blank={to_blank} {lang} dispatch={d()} />
                    } else {
                        <button type="button" data-testid="present-open" onclick={present}
                                title={lang.pick("Large type for a projector; PageDown/PageUp step, B blanks, F fullscreen",
                                                 "适合投影的大字体；PageDown/PageUp 翻页，B 黑屏，F 全屏")}>
                            { lang.pick("Present", "演示") }
                        </button>
                    }
                    <button type="button" class="lang" data-testid="lang-switch" onclick={switch_lang}
                            lang={lang.other().tag()}
                            aria-label={lang.pick("中文 (switch language)", "English (切换语言)")}>
                        { lang.other().own_name() }
                    </button>
                    <button type="button" data-testid="help" onclick={show_help} ref={help_button.clone()}
                            aria-label={lang.pick("Keyboard shortcuts", "键盘快捷键")}>{ "?" }</button>
                </nav>
            </header>
            }
            if let Some(notice) = state.notice.as_ref().filter(|n| n.field.is_none()) {
                <div class="notice" role="alert" data-testid="notice">
                    <span>{ notice.text(lang) }</span>
                    <button type="button" onclick={dismiss}>{ lang.pick("Dismiss", "关闭") }</button>
                </div>
            }
            if welcome {
                <Welcome {lang} dispatch={d()} />
            }
            if mode != Mode::Embed {
                <section class="time" aria-label={lang.pick("Time", "时间")}>
                    <Controls ..ControlsProps::of(s, d()) />
                    <Scrubber ..ScrubberProps::of(s, d()) />
                </section>
            }
            <div class="stage">
                if let Some(lesson) = &state.lesson {
                    <LessonPanel lesson={lesson.clone()} {lang} dispatch={d()} />
                }
                if let Some(v) = versus {
                    { v }
                } else {
                    <Cluster ..ClusterProps::of(s, d()) />
                }
                if !folded && !comparing {
                    <aside class="side">
                        <Faults ..FaultsProps::of(s, d()) />
                        <Invariants ..InvariantsProps::of(s, d()) />
                    </aside>
                }
            </div>
            if !folded {
                <div class="panels">
                    <Inspector ..InspectorProps::of(s, d()) />
                    <Console ..ConsoleProps::of(s, d()) />
                </div>
                <History ..HistoryProps::of(s, d()) />
                <Lamport ..LamportProps::of(s, d()) />
            }
            if mode == Mode::Embed {
                <h1 class="visually-hidden">{ "ZooScope" }</h1>
                <EmbedBar playing={state.playing} now={state.now()} {title} {fragment} {lang} dispatch={d()} />
            }
            if *help {
                <Help {lang} on_close={hide_help} opener={help_button.clone()} />
            }
            if *blank {
                <div class="blank" data-testid="blank" onclick={unblank}
                     aria-label={lang.pick("Blank screen: press any key", "黑屏：按任意键返回")}></div>
            }
        </main>
    }
}

/// Read a dropped or chosen file and open the scenario in it (or say why not).
pub fn open_file(file: &web_sys::File, dispatch: Callback<Action>) {
    crate::browser::read_text(file, move |name, text| {
        crate::components::dialogs::share::forget_link_in_url();
        match text {
            Ok(text) => dispatch.emit(Action::OpenFile { name, text }),
            Err(why) => dispatch.emit(Action::OpenFile {
                name: name.clone(),
                text: format!("# {why}\nnot a scenario"),
            }),
        }
    });
}

/// What the "Open file" button needs.
#[derive(Properties, PartialEq, Clone)]
pub struct OpenFileProps {
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// A button that opens a scenario file (`.scn`) from the user's disk.
#[function_component(OpenFile)]
pub fn open_file_button(props: &OpenFileProps) -> Html {
    let lang = props.lang;
    let onchange = {
        let d = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                open_file(&file, d.clone());
            }
            input.set_value("");
        })
    };
    html! {
        <label class="button open-file" title={lang.pick("Open a .scn scenario file (or drop one on the page)",
                                                         "打开 .scn 场景文件（或把文件拖到页面上）")}>
            { lang.pick("Open file", "打开文件") }
            <input type="file" accept=".scn,text/plain" data-testid="open-file" {onchange}
                   class="visually-hidden" />
        </label>
    }
}
