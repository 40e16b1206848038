//! Arrows drawn into pixels by the page itself: a window over a long run can hold tens of
//! thousands of arrows, and the canvas's own strokes (anti-aliased, on a machine without a GPU)
//! take about 4 ms a thousand; setting pixels here and handing the canvas one image takes a
//! few milliseconds however many there are, and the bands of [`Columns`](super::scene::Columns)
//! are a picture one pixel tall a band, which the canvas stretches.

use super::scene::BANDS;

/// An RGBA picture, four bytes a pixel (R, G, B, A), row after row, as an `ImageData` holds
/// it: the canvas takes it without a copy.
pub struct Pixels {
    /// Width in pixels.
    pub w: usize,
    /// Height in pixels.
    pub h: usize,
    data: Vec<u8>,
}

/// An opaque colour from `#rrggbb`, as [`Pixels`] takes it (R, G, B, A from the lowest byte).
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
            data: colour.to_le_bytes().repeat(w * h),
        }
    }

    /// The colour at (`x`, `y`).
    pub fn at(&self, x: usize, y: usize) -> u32 {
        let i = (y * self.w + x) * 4;
        u32::from_le_bytes([
            self.data[i],
            self.data[i + 1],
            self.data[i + 2],
            self.data[i + 3],
        ])
    }

    fn set(&mut self, x: usize, y: usize, colour: u32) {
        let i = (y * self.w + x) * 4;
        self.data[i..i + 4].copy_from_slice(&colour.to_le_bytes());
    }

    /// A one-pixel line from (`x0`, `y0`) to (`x1`, `y1`), cut to the picture and to `x < clip`.
    pub fn line(&mut self, (x0, y0): (f64, f64), (x1, y1): (f64, f64), clip: f64, colour: u32) {
        let steps = (x1 - x0).abs().max((y1 - y0).abs()).ceil().max(1.0);
        let (dx, dy) = ((x1 - x0) / steps, (y1 - y0) / steps);
        let limit = clip.min(self.w as f64);
        for i in 0..=steps as usize {
            let (x, y) = (x0 + dx * i as f64, y0 + dy * i as f64);
            if x >= 0.0 && y >= 0.0 && x < limit && y < self.h as f64 {
                self.set(x as usize, y as usize, colour);
            }
        }
    }

    /// Vertical arrows, column by column, over horizontal bands (the room between two
    /// lifelines; band `g` is the pixel rows `bands[g].0..bands[g].1`). `cover[x * k + c]`
    /// holds the bands that arrows of class `c` cross in column `x` ([`crossing`](super::scene::crossing)), for the
    /// `k = colours.len()` classes; where several cross, the last class is on top. A band is
    /// set a whole row at a time, however many arrows there were: a window over a whole run
    /// holds a hundred thousand, most of them narrower than a pixel and crossing the same bands.
    pub fn bands(&mut self, bands: &[(usize, usize)], cover: &[u128], colours: &[u32]) {
        let (w, k) = (self.w, colours.len());
        if k == 0 || cover.len() < w * k {
            return;
        }
        let mut row = vec![0u8; w * 4];
        for (g, &(top, bottom)) in bands.iter().enumerate().take(BANDS) {
            let (top, bottom) = (top.min(self.h), bottom.min(self.h));
            if top >= bottom {
                continue;
            }
            let bit = 1u128 << g;
            // The band's first row as it stands, with the arrows over it, then copied down.
            row.copy_from_slice(&self.data[top * w * 4..(top + 1) * w * 4]);
            let mut any = false;
            for (x, classes) in cover.chunks_exact(k).enumerate() {
                if let Some(c) = classes.iter().rposition(|m| m & bit != 0) {
                    row[x * 4..x * 4 + 4].copy_from_slice(&colours[c].to_le_bytes());
                    any = true;
                }
            }
            if any {
                for y in top..bottom {
                    self.data[y * w * 4..(y + 1) * w * 4].copy_from_slice(&row);
                }
            }
        }
    }

    /// The bytes, as an `ImageData` takes them.
    #[cfg(test)]
    fn bytes(&self) -> &[u8] {
        &self.data
    }

    /// The pixels as one image for a canvas, made over the page's memory (no copy: the canvas
    /// copies it once when it is put, which must be before anything else is allocated).
    pub fn image(&self) -> Option<web_sys::ImageData> {
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&self.data),
            self.w as u32,
            self.h as u32,
        )
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::diagram::scene::crossing;
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
        // Bands: each class's arrows fill their bands' rows in their columns, the last class
        // on top, other pixels untouched; a band beyond the picture is cut.
        let mut r = Pixels::new(4, 10, white);
        let blue = rgba("#0000ff");
        assert_eq!(crossing(3, 1), 0b110);
        assert_eq!(crossing(2, 2), 0);
        assert_eq!(crossing(0, 200), u128::MAX);
        let bands = [(0, 3), (3, 6), (6, 12)];
        let mut cover = vec![0u128; 4 * 2];
        cover[2] = crossing(0, 2); // column 1, red: bands 0 and 1
        cover[3] = crossing(1, 3); // column 1, blue: bands 1 and 2, over the red
        cover[4 + 1] = crossing(2, 3); // column 2, blue: band 2 (rows 6 to 9 here)
        r.bands(&bands, &cover, &[red, blue]);
        let column = |x: usize| (0..10).map(|y| r.at(x, y)).collect::<Vec<u32>>();
        let mut want = vec![blue; 10];
        want[..3].fill(red);
        assert_eq!(column(1), want);
        let mut want = vec![white; 10];
        want[6..].fill(blue);
        assert_eq!(column(2), want);
        assert!(column(0).iter().chain(&column(3)).all(|&c| c == white));
        // A band over a line keeps the line beside the arrows.
        let mut q = Pixels::new(4, 4, white);
        q.line((3.0, 0.0), (3.0, 3.0), 100.0, red);
        let mut cover = vec![0u128; 4];
        cover[0] = crossing(0, 1);
        q.bands(&[(0, 4)], &cover, &[blue]);
        assert!((0..4).all(|y| q.at(0, y) == blue && q.at(3, y) == red && q.at(1, y) == white));
        assert_eq!(p.bytes().len(), 400);
        assert_eq!(&p.bytes()[..4], &[0xff, 0xff, 0xff, 0xff]);
    }
}
