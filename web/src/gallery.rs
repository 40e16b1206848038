//! The gallery: a header button that opens a dialog listing the project's scenarios (the files in
//! `scenarios/`, embedded when the app is built, and the page's default scenario), each with its
//! title and what to watch in it. Choosing one opens it.

use yew::prelude::*;

use crate::dialog_modal::Modal;
use crate::i18n::Lang;
use crate::model::{Action, DEFAULT_SCENARIO};
use crate::shared::PanelProps;

/// One scenario of the gallery.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GalleryEntry {
    /// The file's name (`leader-crash.scn`), or empty for the default scenario.
    pub file: &'static str,
    /// Its title (`Leader crash`), made from the file's name.
    pub title: &'static str,
    /// What to watch: the file's leading `# Watch:` comment as one paragraph.
    pub watch: &'static str,
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
        text: DEFAULT_SCENARIO,
    };
    std::iter::once(default)
        .chain(FILES.iter().copied())
        .collect()
}

/// The default scenario's `# Watch:` comment, read by the build script like the files'.
const DEFAULT_WATCH: &str = include_str!(concat!(env!("OUT_DIR"), "/default_watch.txt"));

/// A gallery title as shown: the default scenario's in the UI language, the files' as named.
pub fn shown_title(title: &str, lang: Lang) -> &str {
    if title == DEFAULT_TITLE {
        lang.pick("Default", "默认场景")
    } else {
        title
    }
}

/// Whether `entry` matches a lower-case filter (in its title, file name or description).
pub fn matches(entry: &GalleryEntry, wanted: &str) -> bool {
    wanted.is_empty()
        || [entry.title, entry.file, entry.watch]
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

/// The gallery's button, the current scenario's title, and the dialog.
#[function_component(Gallery)]
pub fn gallery(props: &PanelProps) -> Html {
    let open = use_state(|| false);
    let filter = use_state(String::new);
    let opener = use_node_ref();
    let lang = props.state.lang;
    let current = props.state.title.clone();

    // The scenario's name in the tab's title, so a projected or bookmarked page says what it is.
    use_effect_with(current.clone(), |title| {
        let doc = gloo::utils::document();
        match title {
            Some(t) => doc.set_title(&format!("{t} · ZooScope")),
            None => doc.set_title("ZooScope"),
        }
    });

    let show = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
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
                    crate::share::forget_link_in_url();
                    dispatch.emit(open_action(&entry));
                    open.set(false);
                })
            };
            let desc_id = format!("gallery-desc-{i}");
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
                    // The files' comments are English; say so, for screen readers reading Chinese.
                    <p id={desc_id} class="gallery-desc" lang="en">{ entry.watch }</p>
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
