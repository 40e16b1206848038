//! The bars of the two special layouts: presenter mode (for a projector: the panels folded away
//! behind one key, fullscreen, a blank screen, the way back) and embed mode (inside another page:
//! play, restart, the time, and a link that opens the same run in the full app).

use yew::prelude::*;

use crate::state::{format_time, Action, Mode};
use crate::text::Lang;

/// Show the page fullscreen, or leave fullscreen.
pub fn toggle_fullscreen() {
    let doc = gloo::utils::document();
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

/// Put `mode` in the address bar (`?mode=present`), keeping the fragment, without reloading.
pub fn set_mode_in_url(mode: Mode) {
    let window = gloo::utils::window();
    let location = window.location();
    let (Ok(path), Ok(hash)) = (location.pathname(), location.hash()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{}{hash}", mode.query())),
        );
    }
}

/// What the presenter bar needs.
#[derive(Properties, PartialEq, Clone)]
pub struct PresentBarProps {
    /// Whether the panels are unfolded.
    pub panels: bool,
    /// Unfold or fold the panels.
    pub on_panels: Callback<()>,
    /// Blank the screen.
    pub on_blank: Callback<()>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The presenter's buttons (in the header): the keys, as buttons.
#[function_component(PresentBar)]
pub fn present_bar(props: &PresentBarProps) -> Html {
    let lang = props.lang;
    let leave = props.dispatch.reform(|_: MouseEvent| {
        set_mode_in_url(Mode::Full);
        Action::SetMode(Mode::Full)
    });
    let panels = props.on_panels.reform(|_: MouseEvent| ());
    let blank = props.on_blank.reform(|_: MouseEvent| ());
    let full = Callback::from(|_: MouseEvent| toggle_fullscreen());
    html! {
        <>
            <button type="button" data-testid="present-panels" aria-keyshortcuts="P"
                    aria-pressed={props.panels.to_string()} onclick={panels}
                    title={lang.pick("Show or fold the panels (P)", "显示或收起面板 (P)")}>
                { lang.pick("Panels", "面板") }
            </button>
            <button type="button" data-testid="present-fullscreen" aria-keyshortcuts="F" onclick={full}
                    title={lang.pick("Fullscreen (F)", "全屏 (F)")}>
                { lang.pick("Fullscreen", "全屏") }
            </button>
            <button type="button" data-testid="present-blank" aria-keyshortcuts="B" onclick={blank}
                    title={lang.pick("Blank the screen (B); any key brings it back", "黑屏 (B)；按任意键恢复")}>
                { lang.pick("Blank", "黑屏") }
            </button>
            <button type="button" data-testid="present-leave" onclick={leave}
                    title={lang.pick("PageDown / → next, PageUp / ← back", "PageDown / → 下一步，PageUp / ← 上一步")}>
                { lang.pick("Leave presenter mode", "退出演示模式") }
            </button>
        </>
    }
}

/// What the embed bar needs.
#[derive(Properties, PartialEq, Clone)]
pub struct EmbedBarProps {
    /// Whether the clock runs.
    pub playing: bool,
    /// The simulated time now.
    pub now: engine::Micros,
    /// The scenario's or lesson's name.
    pub title: Option<String>,
    /// The share fragment of the run now (asked for when the link is followed).
    pub fragment: Callback<(), String>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The embed's small control bar.
#[function_component(EmbedBar)]
pub fn embed_bar(props: &EmbedBarProps) -> Html {
    let lang = props.lang;
    let toggle = props.dispatch.reform(|_: MouseEvent| Action::TogglePlay);
    let restart = props.dispatch.reform(|_: MouseEvent| Action::Restart);
    let page = gloo::utils::window().location().href().unwrap_or_default();
    let plain = full_url(&page, "");
    let anchor = use_node_ref();
    let follow = {
        let (fragment, anchor) = (props.fragment.clone(), anchor.clone());
        Callback::from(move |_: MouseEvent| {
            // The link says the run as it is when followed, not as it was drawn.
            if let Some(a) = anchor.cast::<web_sys::Element>() {
                let page = gloo::utils::window().location().href().unwrap_or_default();
                let _ = a.set_attribute("href", &full_url(&page, &fragment.emit(())));
            }
        })
    };
    let (text, label) = if props.playing {
        ("❚❚", lang.pick("Pause", "暂停"))
    } else {
        ("▶", lang.pick("Play", "播放"))
    };
    html! {
        <div class="embed-bar" role="toolbar" data-testid="embed-bar" aria-label={lang.pick("Controls", "控制")}>
            <button type="button" class="primary" data-testid="play-toggle" aria-label={label}
                    aria-keyshortcuts="Space" onclick={toggle}>{ text }</button>
            <button type="button" data-testid="restart" onclick={restart}
                    aria-label={lang.pick("Back to time zero", "回到时间零点")}>{ "|◀" }</button>
            <output class="embed-time" data-testid="sim-clock" data-micros={props.now.to_string()}>{ format_time(props.now) }</output>
            if let Some(t) = &props.title {
                <span class="embed-title">{ t }</span>
            }
            <a class="embed-open" data-testid="embed-open" href={plain} onclick={follow} ref={anchor}
               target="_blank" rel="noopener">{ lang.pick("Open in ZooScope ↗", "在 ZooScope 中打开 ↗") }</a>
        </div>
    }
}

/// The address of the page without its mode: the full app, at `fragment`.
pub fn full_url(page: &str, fragment: &str) -> String {
    Mode::Full.url(page, fragment)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn modes_come_from_the_query_and_go_back_into_it() {
        assert_eq!(Mode::from_query("?mode=present"), Mode::Present);
        assert_eq!(Mode::from_query("?lang=zh&mode=embed"), Mode::Embed);
        assert_eq!(Mode::from_query("?mode=other"), Mode::Full);
        assert_eq!(Mode::from_query(""), Mode::Full);
        for m in [Mode::Full, Mode::Present, Mode::Embed] {
            assert_eq!(Mode::from_query(&m.query()), m);
        }
        assert_eq!(
            full_url("http://h/z/index.html?mode=embed#old", "s=v1.x&t=3"),
            "http://h/z/index.html#s=v1.x&t=3"
        );
    }
}
