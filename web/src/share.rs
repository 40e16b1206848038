//! Share (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Share.
#[function_component(Share)]
pub fn share(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="share" data-testid="share"></section> }
}
