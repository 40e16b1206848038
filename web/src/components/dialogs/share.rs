//! Share: a header button that opens a dialog with a link to this scenario at this instant (to
//! copy, or to scan as a QR code) and the scenario's text. Opening the dialog pauses the clock on
//! a whole millisecond (what the link can say) and puts the link in the address bar too.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::dialogs::export::{embed_url, iframe_snippet, Export};
use crate::components::dialogs::modal::Modal;
use crate::components::dialogs::qr::{qr_path, QrPath, QrProblem, QrSvg};
use crate::components::props::FromState;
use crate::state::{format_time, link, Action, LiveRun, RunRef, Selection, Side, State};
use crate::text::Lang;

/// What the dialog shows, taken once when it opens (the link must not change under the reader).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The whole link.
    pub url: String,
    /// The scenario text the link carries.
    pub text: String,
    /// The instant it opens at.
    pub time: String,
    /// The link's QR code, or why there is none.
    pub qr: Result<QrPath, QrProblem>,
    /// The `<iframe>` that embeds the same instant.
    pub snippet: String,
}

/// `page` (any URL, its `#…` dropped) with the share fragment of `fragment`.
pub fn share_url(page: &str, fragment: &str) -> String {
    let base = page.split_once('#').map_or(page, |(b, _)| b);
    format!("{base}#{fragment}")
}

/// The snapshot of `run` for a page at `page`, its link ending in `fragment`.
pub fn snapshot(run: &RunRef, fragment: &str, page: &str) -> Snapshot {
    let url = share_url(page, fragment);
    let snippet = iframe_snippet(
        &embed_url(page, fragment),
        &format!("ZooScope: {}", format_time(run.now() / 1000 * 1000)),
    );
    Snapshot {
        qr: qr_path(&url),
        text: run.scenario_text(),
        time: format_time(run.now() / 1000 * 1000),
        url,
        snippet,
    }
}

/// Put `#fragment` in the address bar without reloading or firing `hashchange`.
fn set_link_in_url(fragment: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
    }
}

/// Drop the `#…` from the address bar (a scenario opened from the gallery or the form is no
/// longer the one the link holds; a reload must not bring the link's back).
pub fn forget_link_in_url() {
    let window = gloo::utils::window();
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if location.hash().is_ok_and(|h| !h.is_empty()) {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&(path + &search)));
        }
    }
}

/// What became of the last "Copy link".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Copied {
    /// Not tried yet.
    Idle,
    /// On the clipboard.
    Yes,
    /// The browser refused: the link is selected for the user to copy.
    Manual,
}

/// Write `text` to the clipboard; `done(true)` on success, `done(false)` if the browser has no
/// clipboard here or refuses (a rejected promise is handled, so nothing reaches the console).
fn write_clipboard(text: &str, done: Callback<bool>) {
    let navigator = gloo::utils::window().navigator();
    // `navigator.clipboard` is undefined outside secure contexts: calling it would throw.
    let has = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has {
        done.emit(false);
        return;
    }
    let promise: JsValue = navigator.clipboard().write_text(text).into();
    let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(then) = then else {
        done.emit(false);
        return;
    };
    let ok = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| done.emit(true))
    };
    let failed = {
        let done = done.clone();
        Closure::once_into_js(move |_: JsValue| done.emit(false))
    };
    if then.call2(&promise, &ok, &failed).is_err() {
        done.emit(false);
    }
}

/// Properties of [`ShareDialog`].
#[derive(Properties, PartialEq)]
struct DialogProps {
    snap: Snapshot,
    run: LiveRun,
    title: Option<String>,
    lang: Lang,
    on_close: Callback<()>,
    opener: NodeRef,
}

/// The dialog's contents.
#[function_component(ShareDialog)]
fn share_dialog(props: &DialogProps) -> Html {
    let lang = props.lang;
    let snap = &props.snap;
    let copied = use_state(|| Copied::Idle);
    let input = use_node_ref();
    let copy = {
        let copied = copied.clone();
        let input = input.clone();
        let url = snap.url.clone();
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            let input = input.clone();
            write_clipboard(
                &url,
                Callback::from(move |ok: bool| {
                    if ok {
                        copied.set(Copied::Yes);
                    } else {
                        if let Some(field) = input.cast::<HtmlInputElement>() {
                            let _ = field.focus();
                            field.select();
                        }
                        copied.set(Copied::Manual);
                    }
                }),
            );
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        let field: HtmlInputElement = e.target_unchecked_into();
        field.select();
    });
    let status = match *copied {
        Copied::Idle => "",
        Copied::Yes => lang.pick("Link copied.", "链接已复制。"),
        Copied::Manual => lang.pick(
            "This browser did not let the page copy: the link is selected, press Ctrl+C (⌘C on a Mac) to copy it.",
            "浏览器不允许页面复制：链接已选中，请按 Ctrl+C（Mac 上按 ⌘C）复制。",
        ),
    };
    let qr = match &snap.qr {
        Ok(code) => html! {
            <QrSvg code={code.clone()} label={lang.pick("QR code of the link", "链接的二维码")} />
        },
        Err(QrProblem::TooLong(n)) => html! {
            <p class="qr-missing" data-testid="qr-missing">
                { format!("{} ({n} {})",
                    lang.pick("This link is too long for a QR code: copy it instead",
                              "此链接太长，无法生成二维码：请改为复制链接"),
                    lang.pick("characters", "个字符")) }
            </p>
        },
        Err(QrProblem::Other(why)) => html! {
            <p class="qr-missing" data-testid="qr-missing">
                { format!("{}: {why}", lang.pick("No QR code for this link", "无法为此链接生成二维码")) }
            </p>
        },
    };
    html! {
        <Modal id="share" title={lang.pick("Share this instant", "分享此刻")} {lang}
               on_close={props.on_close.clone()} opener={props.opener.clone()}
               testid="share-dialog" class="share-dialog">
            <p class="dialog-hint">
                { lang.pick("Whoever opens this link sees this scenario, with every change you made, paused at ",
                            "打开此链接的人会看到这个场景（包括你做的所有改动），暂停在 ") }
                <strong data-testid="share-time">{ snap.time.clone() }</strong>
                { lang.pick(".", "。") }
            </p>
            <label class="field-label" for="share-link">{ lang.pick("Link", "链接") }</label>
            <div class="share-row">
                <input id="share-link" ref={input} type="text" readonly=true value={snap.url.clone()}
                       data-testid="share-link" onfocus={select_all} spellcheck="false" />
                <button type="button" class="primary" data-testid="copy-link" data-autofocus=""
                        onclick={copy}>{ lang.pick("Copy link", "复制链接") }</button>
            </div>
            <p class="copy-status" role="status" data-testid="copy-status">{ status }</p>
            <figure class="share-qr">
                { qr }
                <figcaption>{ lang.pick("Scan to open the link on a phone.", "用手机扫码打开此链接。") }</figcaption>
            </figure>
            <details class="share-text" data-testid="share-details">
                <summary>{ lang.pick("Scenario text", "场景文本") }</summary>
                <textarea readonly=true rows="12" spellcheck="false" data-testid="share-text"
                          aria-label={lang.pick("Scenario text", "场景文本")} value={snap.text.clone()} />
            </details>
            <Export run={props.run.clone()} title={props.title.clone()} snippet={snap.snippet.clone()} {lang} />
        </Modal>
    }
}

/// What the share button needs.
#[derive(Properties, PartialEq, Clone)]
pub struct ShareProps {
    /// The run to share.
    pub run: LiveRun,
    /// The run compared with it, if any (the link holds both).
    pub versus: Option<Side>,
    /// The speed (the link keeps it).
    pub speed: usize,
    /// What is selected (the link keeps it).
    pub selection: Option<Selection>,
    /// The scenario's name, if it has one.
    pub title: Option<String>,
    /// Whether the clock runs (sharing stops it).
    pub playing: bool,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for ShareProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        ShareProps {
            run: state.live_run(),
            versus: state.versus.clone(),
            speed: state.speed,
            selection: state.selection.clone(),
            title: state.title.clone(),
            playing: state.playing,
            lang: state.lang,
            dispatch,
        }
    }
}

impl ShareProps {
    /// The link's fragment: the run at its instant, the run compared with it, speed, selection.
    fn fragment(&self) -> String {
        link::fragment(
            &self.run,
            self.versus.as_ref(),
            self.speed,
            self.selection.as_ref(),
        )
    }
}

/// The share button and its dialog.
#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let snap = use_state(|| None::<Snapshot>);
    let opener = use_node_ref();
    let lang = props.lang;
    let show = {
        let snap = snap.clone();
        let state = props.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            let page = gloo::utils::window().location().href().unwrap_or_default();
            let fragment = state.fragment();
            let taken = snapshot(&state.run, &fragment, &page);
            // The link says whole milliseconds: stop there, so this page and the link agree.
            let now = state.run.now();
            if !now.is_multiple_of(1000) {
                dispatch.emit(Action::Seek(now / 1000 * 1000));
            } else if state.playing {
                dispatch.emit(Action::Pause);
            }
            set_link_in_url(&fragment);
            snap.set(Some(taken));
        })
    };
    let close = {
        let snap = snap.clone();
        Callback::from(move |()| snap.set(None))
    };
    html! {
        <>
            <button type="button" ref={opener.clone()} data-testid="share-open" onclick={show}
                    aria-haspopup="dialog">
                { lang.pick("Share", "分享") }
            </button>
            if let Some(s) = &*snap {
                <ShareDialog snap={s.clone()} run={props.run.clone()} title={props.title.clone()}
                             {lang} on_close={close} {opener} />
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::ms;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_link_replaces_the_pages_fragment_and_reopens_the_instant() {
        assert_eq!(
            share_url("http://h/zooscope/?x=1#s=v1.old&t=5", "s=v1.new&t=7"),
            "http://h/zooscope/?x=1#s=v1.new&t=7"
        );
        let state = State::default().reduce(Action::Seek(ms(2345) + 678));
        let snap = snapshot(&state.run(), &state.link_fragment(), "http://h/");
        assert_eq!(snap.time, "2.345 s");
        assert!(snap.qr.is_ok());
        let back = State::from_link(&snap.url);
        assert_eq!(back.notice, None);
        assert_eq!(back.now(), ms(2345));
        assert_eq!(back.scenario_text(), snap.text);
    }
}
