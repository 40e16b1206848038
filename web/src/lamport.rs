//! Lamport (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Lamport.
#[function_component(Lamport)]
pub fn lamport(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="lamport" data-testid="lamport"></section> }
}
