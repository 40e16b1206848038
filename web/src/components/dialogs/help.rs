//! The keyboard shortcuts, shown by `?` (the key or the header's button), in the page's modal
//! dialog: the page behind is inert, Tab stays inside, Escape closes it wherever the focus is.

use yew::prelude::*;

use crate::components::dialogs::modal::Modal;
use crate::text::Lang;

/// Properties of [`Help`].
#[derive(Properties, PartialEq)]
pub struct HelpProps {
    /// The UI language.
    pub lang: Lang,
    /// Close the dialog.
    pub on_close: Callback<()>,
    /// The header's `?` button: focus goes back there on close.
    pub opener: NodeRef,
}

/// A modal list of shortcuts.
#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let lang = props.lang;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let rows = [
        ("Space", lang.pick("play / pause", "播放 / 暂停")),
        (
            "→",
            lang.pick(
                "step to the next event (in a lesson: the next step)",
                "前进到下一个事件（课程中：下一步）",
            ),
        ),
        (
            "←",
            lang.pick(
                "step back 10 ms (in a lesson: the step before)",
                "后退 10 毫秒（课程中：上一步）",
            ),
        ),
        (
            "← → + − Home End",
            lang.pick(
                "on the focused space-time diagram: move in time, zoom, the whole run, follow now",
                "在聚焦的时空图上：在时间上移动、缩放、整个运行、跟随当前",
            ),
        ),
        (
            "↑ ↓ Enter",
            lang.pick(
                "on the focused space-time diagram: go through the arrows, select one",
                "在聚焦的时空图上：逐个查看箭头，选中一个",
            ),
        ),
        ("?", lang.pick("show these shortcuts", "显示快捷键")),
        ("Esc", lang.pick("close", "关闭")),
    ];
    html! {
        <Modal id="help" title={lang.pick("Keyboard shortcuts", "键盘快捷键")} {lang}
               on_close={props.on_close.clone()} opener={props.opener.clone()} testid="help-dialog">
            <dl class="shortcuts">
                { for rows.iter().map(|(k, what)| html! { <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></> }) }
            </dl>
            <div class="dialog-actions">
                <button type="button" class="primary" onclick={close} data-autofocus="">
                    { lang.pick("Close", "关闭") }
                </button>
            </div>
        </Modal>
    }
}
