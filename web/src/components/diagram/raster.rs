//! Arrows drawn into pixels by the page itself: a window over a long run can hold tens of
//! thousands of arrows, and the canvas's own strokes (anti-aliased, on a machine without a GPU)
//! take about 4 ms a thousand; setting pixels here and handing the canvas one image takes a few
//! milliseconds however many there are.

/// An RGBA picture, four bytes a pixel (R, G, B, A), row after row.
pub struct Pixels {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    data: Vec<u8>,
}

/// An opaque colour from `#rrggbb`.
pub fn rgba(hex: &str) -> [u8; 4] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8, 0xff]
}

impl Pixels {
    /// A `w`×`h` picture filled with `colour`.
    pub fn new(w: usize, h: usize, colour: [u8; 4]) -> Self {
        Pixels {
            w,
            h,
            data: colour.repeat(w * h),
        }
    }

    /// The colour at (`x`, `y`).
    pub fn at(&self, x: usize, y: usize) -> [u8; 4] {
        let i = 4 * (y * self.w + x);
        [
            self.data[i],
            self.data[i + 1],
            self.data[i + 2],
            self.data[i + 3],
        ]
    }

    /// A one-pixel line from (`x0`, `y0`) to (`x1`, `y1`), cut to the picture and to `x < clip`.
    pub fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), clip: f64, colour: [u8; 4]) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        let limit = clip.min(self.w as f64);
        for i in 0..=steps as usize {
            let (x, y) = (x0 + dx * i as f64, y0 + dy * i as f64);
            if x >= 0.0 && y >= 0.0 && x < limit && y < self.h as f64 {
                let i = 4 * (y as usize * self.w + x as usize);
                self.data[i..i + 4].copy_from_slice(&colour);
            }
        }
    }

    /// The bytes, as an `ImageData` takes them.
    pub fn bytes(&self) -> &[u8] {
        &self.data
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_line_sets_the_pixels_between_its_ends_and_stops_at_the_clip() {
        let (white, red) = (rgba("#ffffff"), rgba("#ff0000"));
        assert_eq!(red, [0xff, 0, 0, 0xff]);
        let mut p = Pixels::new(10, 10, white);
        p.line((1.0, 1.0), (8.0, 8.0), 100.0, red);
        for i in 1..=8 {
            assert_eq!(p.at(i, i), red, "({i}, {i})");
        }
        assert_eq!(p.at(0, 0), white);
        assert_eq!(p.at(9, 9), white);
        // Vertical, partly off the picture, cut at x < 5.
        p.line((3.0, -4.0), (3.0, 20.0), 5.0, red);
        assert!((0..10).all(|y| p.at(3, y) == red));
        let mut q = Pixels::new(10, 10, white);
        q.line((6.0, 0.0), (6.0, 9.0), 5.0, red);
        assert!((0..10).all(|y| q.at(6, y) == white));
        assert_eq!(p.bytes().len(), 400);
        assert_eq!(&p.bytes()[..4], &[0xff, 0xff, 0xff, 0xff]);
    }
}
