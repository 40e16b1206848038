//! The cluster picture's badges drawn as SVG shapes (crown, pause, clock, key), not as emoji: a
//! projector's or a phone's fonts may lack the emoji, the shapes are always there.

use yew::prelude::*;

/// The leader's crown, centred on the origin (about 34 × 22 units).
pub fn crown() -> Html {
    html! {
        <polygon class="crown-shape" points="-17,10 -17,-8 -8,1 0,-12 8,1 17,-8 17,10" />
    }
}

/// A pause sign on a disc, centred on the origin (radius 11).
pub fn pause() -> Html {
    html! {
        <g class="icon pause-icon">
            <circle class="icon-disc" r="11" />
            <rect x="-5.5" y="-6" width="4" height="12" />
            <rect x="1.5" y="-6" width="4" height="12" />
        </g>
    }
}

/// A clock face, centred on the origin (radius 8).
pub fn clock() -> Html {
    html! {
        <g class="icon clock-icon">
            <circle class="icon-disc" r="8" />
            <path d="M0,-5 L0,0 L4,2" />
        </g>
    }
}

/// A key, centred on the origin (about 22 × 12 units).
pub fn key() -> Html {
    html! {
        <g class="icon key-icon">
            <circle cx="-6" cy="0" r="5" />
            <path d="M-1,0 L11,0 M7,0 L7,5 M10,0 L10,4" />
        </g>
    }
}

/// A flag: the acting master (a client), centred on the origin (about 16 × 22 units).
pub fn flag() -> Html {
    html! {
        <g class="icon flag-icon">
            <path class="flag-pole" d="M-7,11 L-7,-11" />
            <path class="flag-cloth" d="M-7,-11 L9,-6 L-7,-1 Z" />
        </g>
    }
}

/// A warning triangle with "!": believes it holds what it has lost (about 22 × 20 units).
pub fn warn() -> Html {
    html! {
        <g class="icon warn-icon">
            <path class="warn-shape" d="M0,-10 L11,9 L-11,9 Z" />
            <path class="warn-mark" d="M0,-4 L0,3 M0,5.5 L0,6.5" />
        </g>
    }
}

/// A cross on a disc: a rule was broken here (radius 10).
pub fn broke() -> Html {
    html! {
        <g class="icon broke-icon">
            <circle class="icon-disc" r="10" />
            <path d="M-4.5,-4.5 L4.5,4.5 M4.5,-4.5 L-4.5,4.5" />
        </g>
    }
}

/// An icon inline in text (the legend), in a small SVG of its own.
pub fn inline(icon: Html) -> Html {
    html! {
        <svg class="legend-icon" viewBox="-18 -14 36 28" aria-hidden="true">{ icon }</svg>
    }
}
