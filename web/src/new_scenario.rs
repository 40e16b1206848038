//! NewScenario (placeholder until it is built).

use yew::prelude::*;

use crate::shared::PanelProps;

/// NewScenario.
#[function_component(NewScenario)]
pub fn new_scenario(props: &PanelProps) -> Html {
    let _ = props;
    html! { <section class="new-scenario" data-testid="new-scenario"></section> }
}
