//! QR codes of share links, as one SVG path (a phone in the lecture hall scans the projector).
//!
//! The `qrcode` crate encodes; drawing is ours: each row's runs of dark modules become one
//! rectangle of a single `<path>`, which stays small and needs no raw HTML.

use qrcode::types::QrError;
use qrcode::{Color, EcLevel, QrCode};
use yew::prelude::*;

/// White modules around the code, as the standard asks (4).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPath {
    /// Modules per side, without the quiet zone.
    pub width: usize,
    /// The SVG path of the dark modules, one unit per module, origin at the code's corner.
    pub path: String,
}

/// Why a text has no QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrProblem {
    /// More than the largest QR code holds (2,953 bytes at the lowest error correction).
    TooLong(usize),
    /// Anything else the encoder refuses.
    Other(String),
}

/// The QR code of `data`: error correction M (15 % of the code may be damaged), or L when the
/// text does not fit at M.
pub fn qr_path(data: &str) -> Result<QrPath, QrProblem> {
    let code = QrCode::with_error_correction_level(data, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(data, EcLevel::L))
        .map_err(|e| match e {
            QrError::DataTooLong => QrProblem::TooLong(data.len()),
            other => QrProblem::Other(other.to_string()),
        })?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{start} {y}h{}v1h-{}z", x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Ok(QrPath { width, path })
}

/// Properties of [`QrSvg`].
#[derive(Properties, PartialEq)]
pub struct QrSvgProps {
    /// The code.
    pub code: QrPath,
    /// What it encodes, for screen readers (`QR code of the link`).
    pub label: AttrValue,
}

/// A QR code as inline SVG, dark on white whatever the page's colours.
#[function_component(QrSvg)]
pub fn qr_svg(props: &QrSvgProps) -> Html {
    let side = props.code.width + 2 * QUIET_ZONE;
    let view_box = format!("-{QUIET_ZONE} -{QUIET_ZONE} {side} {side}");
    html! {
        <svg class="qr" data-testid="share-qr" viewBox={view_box} role="img"
             aria-label={props.label.clone()} shape-rendering="crispEdges"
             xmlns="http://www.w3.org/2000/svg">
            <rect x={format!("-{QUIET_ZONE}")} y={format!("-{QUIET_ZONE}")}
                  width={side.to_string()} height={side.to_string()} fill="#fff" />
            <path d={props.code.path.clone()} fill="#000" />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_link_gives_a_square_code_with_finder_patterns() {
        let code = qr_path("https://example.org/zooscope/#s=v1.K04").unwrap();
        assert!(
            code.width >= 21 && (code.width - 17).is_multiple_of(4),
            "{}",
            code.width
        );
        // The top-left finder pattern: a 7-module dark run on the first row.
        assert!(
            code.path.starts_with("M0 0h7v1h-7z"),
            "{}",
            &code.path[..40]
        );
    }

    #[test]
    fn too_long_a_text_is_refused_not_a_panic() {
        let long = "x".repeat(5000);
        assert_eq!(qr_path(&long), Err(QrProblem::TooLong(5000)));
    }
}
