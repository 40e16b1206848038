//! The gallery: a header button that opens a dialog listing the project's scenarios (the files in
//! `scenarios/`, embedded when the app is built, and the page's default scenario), each with its
//! title and what to watch in it. Choosing one opens it.

use yew::prelude::*;

use crate::components::dialogs::modal::Modal;
use crate::components::props::FromState;
use crate::hooks::use_dialog_open;
use crate::state::{Action, State, DEFAULT_SCENARIO};
use crate::text::Lang;

/// One scenario of the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GalleryEntry {
    /// The file's name (`leader-crash.scn`), or empty for the default scenario.
    pub file: &'static str,
    /// Its title: the file's `# Title:` line (`The leader crashes`), else made from its name.
    pub title: &'static str,
    /// What to watch: the file's leading `# Watch:` comment as one paragraph.
    pub watch: &'static str,
    /// Its Chinese title (the file's `# 标题：` line; empty if it has none).
    pub title_zh: &'static str,
    /// What to watch, in Chinese (the file's `# 看点：` paragraph; empty if it has none).
    pub watch_zh: &'static str,
    /// The scenario text.
    pub text: &'static str,
}

/// The files of `scenarios/` as they were when the app was built, in file-name order.
pub const FILES: &[GalleryEntry] = include!(concat!(env!("OUT_DIR"), "/gallery.rs"));

/// The title of the page's default scenario in the gallery.
pub const DEFAULT_TITLE: &str = "Default";

/// Everything the gallery lists: the default scenario first, then [`FILES`].
pub fn entries() -> Vec<GalleryEntry> {
    let default = GalleryEntry {
        file: "",
        title: DEFAULT_TITLE,
        watch: DEFAULT_WATCH,
        title_zh: "默认场景",
        watch_zh: DEFAULT_WATCH_ZH,
        text: DEFAULT_SCENARIO,
    };
    std::iter::once(default)
        .chain(FILES.iter().copied())
        .collect()
}

/// The default scenario's `# Watch:` comment, read by the build script like the files'.
const DEFAULT_WATCH: &str = include_str!(concat!(env!("OUT_DIR"), "/default_watch.txt"));
/// Its `# 看点：` paragraph.
const DEFAULT_WATCH_ZH: &str = include_str!(concat!(env!("OUT_DIR"), "/default_watch_zh.txt"));

/// A scenario title as shown in the UI language: a gallery scenario's Chinese title when the
/// UI is Chinese and the file has one; any other title as it is.
pub fn shown_title(title: &str, lang: Lang) -> &str {
    if title == DEFAULT_TITLE {
        return lang.pick("Default", "默认场景");
    }
    match FILES.iter().find(|e| e.title == title) {
        Some(e) if lang == Lang::Zh && !e.title_zh.is_empty() => e.title_zh,
        _ => title,
    }
}

/// What to watch in `entry`, in the UI language if the file says it in that language, and
/// the language it is in (for the `lang` attribute screen readers go by).
pub fn description(entry: &GalleryEntry, lang: Lang) -> (&'static str, &'static str) {
    if lang == Lang::Zh && !entry.watch_zh.is_empty() {
        (entry.watch_zh, "zh")
    } else {
        (entry.watch, "en")
    }
}

/// Whether `entry` matches a lower-case filter (in its titles, file name or descriptions).
pub fn matches(entry: &GalleryEntry, wanted: &str) -> bool {
    wanted.is_empty()
        || [
            entry.title,
            entry.file,
            entry.watch,
            entry.title_zh,
            entry.watch_zh,
        ]
        .iter()
        .any(|t| t.to_lowercase().contains(wanted))
}

/// The action that opens `entry`.
pub fn open_action(entry: &GalleryEntry) -> Action {
    Action::Open {
        text: entry.text.to_string(),
        title: Some(entry.title.to_string()),
    }
}

/// What the gallery needs.
#[derive(Properties, PartialEq, Clone)]
pub struct GalleryProps {
    /// The open scenario's name, when it came from the gallery.
    pub title: Option<String>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for GalleryProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        GalleryProps {
            title: state.title.clone(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The gallery's button, the current scenario's title, and the dialog.
#[function_component(Gallery)]
pub fn gallery(props: &GalleryProps) -> Html {
    let (open, show, close) = use_dialog_open();
    let filter = use_state(String::new);
    let opener = use_node_ref();
    let lang = props.lang;
    let current = props.title.clone();

    // The scenario's name in the tab's title, so a projected or bookmarked page says what it is.
    use_effect_with((current.clone(), props.lang), |(title, lang)| {
        let doc = gloo::utils::document();
        match title {
            Some(t) => doc.set_title(&format!("{} · ZooScope", shown_title(t, *lang))),
            None => doc.set_title("ZooScope"),
        }
    });

    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let dialog = (*open).then(|| {
        let all = entries();
        // Focus starts on the scenario on show (the first entry if it is not from the gallery).
        let focus = all
            .iter()
            .position(|e| current.as_deref() == Some(e.title))
            .unwrap_or(0);
        let wanted = filter.trim().to_lowercase();
        let shown: Vec<(usize, GalleryEntry)> = all
            .into_iter()
            .enumerate()
            .filter(|(_, e)| matches(e, &wanted))
            .collect();
        let none = shown.is_empty();
        let items = shown.into_iter().map(|(i, entry)| {
            let pick = {
                let dispatch = props.dispatch.clone();
                let open = open.clone();
                Callback::from(move |_: MouseEvent| {
                    crate::components::dialogs::share::forget_link_in_url();
                    dispatch.emit(open_action(&entry));
                    open.set(false);
                })
            };
            let pair = crate::components::compare::PAIRS
                .iter()
                .find(|(a, b)| *a == entry.file || *b == entry.file)
                .and_then(|&(a, b)| {
                    let find = |f: &str| FILES.iter().find(|e| e.file == f).copied();
                    Some((find(a)?, find(b)?))
                });
            let compare = pair.map(|(wrong, right)| {
                let other = if wrong.file == entry.file { right } else { wrong };
                let dispatch = props.dispatch.clone();
                let open = open.clone();
                let go = Callback::from(move |_: MouseEvent| {
                    crate::components::dialogs::share::forget_link_in_url();
                    dispatch.emit(open_action(&wrong));
                    dispatch.emit(Action::Compare {
                        text: right.text.to_string(),
                        title: Some(right.title.to_string()),
                    });
                    open.set(false);
                });
                let label = lang.choose(
                    format!("Side by side with “{}”", shown_title(other.title, lang)),
                    format!("与“{}”并排比较", shown_title(other.title, lang)),
                );
                html! {
                    <button type="button" class="gallery-compare" data-testid="gallery-compare"
                            data-file={entry.file} onclick={go}>{ label }</button>
                }
            });
            let desc_id = format!("gallery-desc-{i}");
            let (desc, desc_lang) = description(&entry, lang);
            let is_current = current.as_deref() == Some(entry.title);
            html! {
                <li class="gallery-entry">
                    <button type="button" class="gallery-pick" data-testid="gallery-item"
                            data-file={entry.file} aria-describedby={desc_id.clone()}
                            aria-current={is_current.then_some("true")}
                            data-autofocus={(i == focus).then_some("")} onclick={pick}>
                        <span class="gallery-name">{ shown_title(entry.title, lang) }</span>
                        if !entry.file.is_empty() {
                            <code class="gallery-file">{ entry.file }</code>
                        }
                    </button>
                    // Say which language the description is in, for screen readers.
                    <p id={desc_id} class="gallery-desc" lang={desc_lang}>{ desc }</p>
                    { for compare }
                </li>
            }
        });
        html! {
            <Modal id="gallery" title={lang.pick("Scenario gallery", "场景库")} {lang}
                   on_close={close} opener={opener.clone()} testid="gallery-dialog" class="gallery-dialog">
                <p class="dialog-hint">
                    { lang.pick("Each scenario shows one thing ZooKeeper does. Choose one to open it, paused at time zero.",
                                "每个场景展示 ZooKeeper 的一种行为。选择一个即可打开（暂停在时间零点）。") }
                </p>
                <div class="gallery-filter">
                    <label for="gallery-filter">{ lang.pick("Filter", "筛选") }</label>
                    <input id="gallery-filter" type="search" data-testid="gallery-filter"
                           value={(*filter).clone()} oninput={on_filter} autocomplete="off"
                           placeholder={lang.pick("lock, partition, s1…", "lock、partition、s1……")} />
                </div>
                <ul class="gallery-list" data-testid="gallery-list">{ for items }</ul>
                if none {
                    <p class="dialog-hint" role="status">{ lang.pick("No scenario matches.", "没有匹配的场景。") }</p>
                }
            </Modal>
        }
    });
    html! {
        <>
            <button type="button" ref={opener} data-testid="gallery-open" onclick={show}
                    aria-haspopup="dialog">
                { lang.pick("Gallery", "场景库") }
            </button>
            if let Some(title) = &current {
                <span class="scenario-title" data-testid="scenario-title"
                      title={lang.pick("The scenario on show", "当前场景")}>{ shown_title(title, lang).to_string() }</span>
            }
            { for dialog }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_default_scenario_comes_first_with_its_watch_line() {
        let all = entries();
        assert_eq!(all[0].title, DEFAULT_TITLE);
        assert!(all[0].watch.starts_with("five servers elect a leader"));
        assert_eq!(all.len(), FILES.len() + 1);
    }

    #[test]
    fn titles_and_descriptions_follow_the_ui_language() {
        let crash = FILES.iter().find(|e| e.file == "leader-crash.scn").unwrap();
        assert_eq!(shown_title(crash.title, Lang::En), "The leader crashes");
        assert_eq!(shown_title(crash.title, Lang::Zh), crash.title_zh);
        assert_eq!(description(crash, Lang::En), (crash.watch, "en"));
        assert_eq!(description(crash, Lang::Zh), (crash.watch_zh, "zh"));
        assert_eq!(shown_title("My own", Lang::Zh), "My own");
        let bare = GalleryEntry {
            watch_zh: "",
            ..*crash
        };
        assert_eq!(description(&bare, Lang::Zh), (crash.watch, "en"));
        assert!(matches(crash, "领导者崩溃"));
    }

    #[test]
    fn the_filter_looks_at_titles_files_and_descriptions() {
        let all = entries();
        let default = &all[0];
        assert!(matches(default, ""));
        assert!(matches(default, "default"));
        assert!(matches(default, "take turns holding a lock"));
        assert!(!matches(default, "no such words"));
        let barrier = all.iter().find(|e| e.file == "barrier.scn").unwrap();
        assert!(matches(barrier, "barrier.scn"));
    }
}
