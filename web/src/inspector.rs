//! Inspector (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Inspector.
#[function_component(Inspector)]
pub fn inspector(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="inspector" data-testid="inspector"></section> }
}
