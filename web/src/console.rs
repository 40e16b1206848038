//! Console (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// Console.
#[function_component(Console)]
pub fn console(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="console" data-testid="console"></section> }
}
