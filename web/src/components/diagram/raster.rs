//! Arrows drawn into pixels by the page itself: a window over a long run can hold tens of
//! thousands of arrows, and the canvas's own strokes (anti-aliased, on a machine without a GPU)
//! take about 4 ms a thousand; setting pixels here and handing the canvas one image takes a few
//! milliseconds however many there are.

/// An RGBA picture, one `u32` a pixel (R, G, B, A from the lowest byte), row after row: a
/// pixel is one store.
pub struct Pixels {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    data: Vec<u32>,
}

/// An opaque colour from `#rrggbb`, as [`Pixels`] stores it.
pub fn rgba(hex: &str) -> u32 {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    u32::from_le_bytes([(v >> 16) as u8, (v >> 8) as u8, v as u8, 0xff])
}

impl Pixels {
    /// A `w`×`h` picture filled with `colour`.
    pub fn new(w: usize, h: usize, colour: u32) -> Self {
        Pixels {
            w,
            h,
            data: vec![colour; w * h],
        }
    }

    /// The colour at (`x`, `y`).
    pub fn at(&self, x: usize, y: usize) -> u32 {
        self.data[y * self.w + x]
    }

    /// A one-pixel line from (`x0`, `y0`) to (`x1`, `y1`), cut to the picture and to `x < clip`.
    pub fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), clip: f64, colour: u32) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        let limit = clip.min(self.w as f64);
        for i in 0..=steps as usize {
            let (x, y) = (x0 + dx * i as f64, y0 + dy * i as f64);
            if x >= 0.0 && y >= 0.0 && x < limit && y < self.h as f64 {
                self.data[y as usize * self.w + x as usize] = colour;
            }
        }
    }

    /// Vertical runs (`column`, colour, from `y0` to `y1` inclusive), given in any order and
    /// overlapping at will: each pixel is set once. A window over a whole run holds tens of
    /// thousands of arrows narrower than a pixel, most covering the same rows.
    pub fn runs(&mut self, mut runs: Vec<(u32, u8, u32, u32)>, colours: &[u32]) {
        // Arrows come in the order they ended, so nearly in column order: a stable sort,
        // which follows runs already in order, is the quick one here.
        runs.sort_by_key(|&(x, c, y0, _)| (x, c, y0));
        let mut i = 0;
        while i < runs.len() {
            let (x, c, mut y0, mut y1) = runs[i];
            i += 1;
            while i < runs.len() && runs[i].0 == x && runs[i].1 == c && runs[i].2 <= y1 + 1 {
                y1 = y1.max(runs[i].3);
                i += 1;
            }
            let colour = colours.get(c as usize).copied().unwrap_or(0xff00_0000);
            if (x as usize) < self.w && self.h > 0 {
                y0 = y0.min(self.h as u32);
                let last = y1.min(self.h as u32 - 1) as usize;
                let (w, x) = (self.w, x as usize);
                self.data
                    .iter_mut()
                    .skip(y0 as usize * w + x)
                    .step_by(w)
                    .take((last + 1).saturating_sub(y0 as usize))
                    .for_each(|p| *p = colour);
            }
        }
    }

    /// The bytes, as an `ImageData` takes them.
    #[cfg(test)]
    fn bytes(&self) -> Vec<u8> {
        self.data.iter().flat_map(|p| p.to_le_bytes()).collect()
    }

    /// The pixels as one image for a canvas: copied out of the page's memory in one go (byte
    /// by byte, the copy cost more than the drawing).
    pub fn image(&self) -> Option<web_sys::ImageData> {
        let words = js_sys::Uint32Array::from(self.data.as_slice());
        let bytes = js_sys::Uint8ClampedArray::new(&words.buffer());
        web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(
            &bytes,
            self.w as u32,
            self.h as u32,
        )
        .ok()
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
        assert_eq!(red.to_le_bytes(), [0xff, 0, 0, 0xff]);
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
        // Runs: overlapping ones set each pixel once, in their own column and colour.
        let mut r = Pixels::new(4, 10, white);
        let blue = rgba("#0000ff");
        r.runs(
            vec![
                (1, 0, 2, 5),
                (1, 0, 4, 8),
                (2, 1, 0, 0),
                (1, 1, 9, 20),
                (7, 0, 0, 9),
            ],
            &[red, blue],
        );
        let column: Vec<u32> = (0..10).map(|y| r.at(1, y)).collect();
        let mut want = vec![white; 10];
        want[2..=8].fill(red);
        want[9] = blue;
        assert_eq!(column, want);
        assert_eq!(r.at(2, 0), blue);
        assert!((0..10).all(|y| r.at(3, y) == white && r.at(0, y) == white));
        assert_eq!(p.bytes().len(), 400);
        assert_eq!(&p.bytes()[..4], &[0xff, 0xff, 0xff, 0xff]);
    }
}
