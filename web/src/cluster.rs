//! Cluster (for now, the ring of servers).

use yew::prelude::*;

use crate::ring::Ring;
use crate::shared::PanelProps;

/// Cluster.
#[function_component(Cluster)]
pub fn cluster(props: &PanelProps) -> Html {
    html! { <section class="cluster" data-testid="cluster"><Ring servers={props.state.view.servers.clone()} /></section> }
}
