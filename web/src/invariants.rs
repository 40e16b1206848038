//! Invariants (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Invariants.
#[function_component(Invariants)]
pub fn invariants(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="invariants" data-testid="invariants"></section> }
}
