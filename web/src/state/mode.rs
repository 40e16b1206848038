//! How the page is laid out: in full, for a projector, or inside another page's frame, and
//! how a page address asks for it.

/// How the page is laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Everything: header, map, panels, diagram.
    #[default]
    Full,
    /// For a projector: the map and the lesson large, the panels folded away.
    Present,
    /// Inside another page's frame: the map and a small control bar.
    Embed,
}

impl Mode {
    /// The mode a page address asks for (`?mode=present`, `?mode=embed`).
    pub fn from_query(search: &str) -> Mode {
        let q = search.trim_start_matches('?');
        match q.split('&').find_map(|p| p.strip_prefix("mode=")) {
            Some("present") => Mode::Present,
            Some("embed") => Mode::Embed,
            _ => Mode::Full,
        }
    }

    /// Its name in a page address (`None` for the full page).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Mode::Full => None,
            Mode::Present => Some("present"),
            Mode::Embed => Some("embed"),
        }
    }

    /// The query that asks for it (`?mode=embed`; empty for the full page).
    pub fn query(self) -> String {
        self.name()
            .map(|m| format!("?mode={m}"))
            .unwrap_or_default()
    }

    /// The address of `page` (its query and fragment dropped) in this mode at `fragment`.
    pub fn url(self, page: &str, fragment: &str) -> String {
        let base = page.split(['#', '?']).next().unwrap_or(page);
        format!("{base}{}#{fragment}", self.query())
    }
}
