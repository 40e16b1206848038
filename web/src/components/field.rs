//! Text fields that hold what is typed. Yew writes a field's `value={…}` back into it on every
//! render where the two differ, and the panels are drawn on every frame while playing, so a
//! field bound that way loses what is being typed. These fields are left to the browser: read
//! when Enter or a button uses them, written only when the page means to (a recalled command,
//! a sent one emptied, a starting amount).

use yew::NodeRef;

/// What `field` holds now ("" if it is not on the page).
pub fn read(field: &NodeRef) -> String {
    field
        .cast::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

/// Put `text` in `field`.
pub fn put(field: &NodeRef, text: &str) {
    if let Some(i) = field.cast::<web_sys::HtmlInputElement>() {
        i.set_value(text);
    }
}
