//! Gallery (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Gallery.
#[function_component(Gallery)]
pub fn gallery(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="gallery" data-testid="gallery"></section> }
}
