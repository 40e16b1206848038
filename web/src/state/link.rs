//! What a link's fragment holds: a lesson, or a scenario at an instant, with the speed it played
//! at, what was selected, and a second scenario to compare with.

use engine::scenario::{self, Scenario};
use engine::{ms, Micros};

use super::lesson::course_text;
use super::notice::{Lead, Notice};
use super::{RunRef, Selection, Side, SPEEDS};

/// The key of the second scenario of a comparison (`s=…` holds the first).
pub const VERSUS_KEY: &str = "vs=";

/// The lesson a link opens, if it names one: `lesson=NAME[&step=K]` (a lesson of the course,
/// K counted from 1) or `l=v1.…` (a lesson's own text), as (name, text, of the course, step
/// from 0).
pub fn lesson_link(fragment: &str) -> Option<Result<(String, String, bool, usize), Notice>> {
    let body = fragment.trim_start_matches('#');
    let part = |key: &str| body.split('&').find_map(|p| p.strip_prefix(key));
    let step = part("step=")
        .and_then(|k| k.parse::<usize>().ok())
        .map_or(0, |k| k.saturating_sub(1));
    if let Some(name) = part("lesson=") {
        return Some(match course_text(name) {
            Some(text) => Ok((name.to_string(), text.to_string(), true, step)),
            None => Err(Notice::new(Lead::NoLesson, name)),
        });
    }
    part("l=")?;
    Some(
        engine::lesson::decode(body)
            .map(|text| ("lesson".to_string(), text, false, step))
            .map_err(|e| Notice::new(Lead::LessonDoesNotOpen, e.to_string())),
    )
}

/// The scenario and instant (`&t=MILLIS`, default 0) a share-link fragment holds.
pub fn parse_link(fragment: &str) -> Result<(Scenario, Micros), String> {
    let scenario = scenario::decode(fragment).map_err(|e| e.to_string())?;
    let body = fragment.split_once('#').map_or(fragment, |(_, b)| b);
    let at = body
        .split('&')
        .find_map(|p| p.strip_prefix("t="))
        .map(|t| {
            t.parse::<u64>()
                .map_err(|_| format!("the link's time 't={t}' is not a number of milliseconds"))
        })
        .transpose()?
        .unwrap_or(0);
    Ok((scenario, ms(at.min(3_600_000))))
}

/// The parts of a fragment after the scenario: `&speed=F` (a factor of [`SPEEDS`]) and
/// `&sel=server:s3` / `client:alice` / `msg:42`. Anything unreadable is left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Extras {
    /// The speed, as an index into [`SPEEDS`].
    pub speed: Option<usize>,
    /// What was selected.
    pub selection: Option<Selection>,
}

impl Extras {
    /// The extras a fragment holds.
    pub fn read(fragment: &str) -> Extras {
        let body = fragment.split_once('#').map_or(fragment, |(_, b)| b);
        let part = |key: &str| body.split('&').find_map(|p| p.strip_prefix(key));
        let speed = part("speed=")
            .and_then(|f| f.parse::<f64>().ok())
            .and_then(|f| SPEEDS.iter().position(|&s| (s - f).abs() < 1e-9));
        let selection = part("sel=").and_then(|s| match s.split_once(':')? {
            ("server", id) => id.strip_prefix('s')?.parse().ok().map(Selection::Server),
            ("client", name) if !name.is_empty() => Some(Selection::Client(name.to_string())),
            ("msg", id) => id.parse().ok().map(Selection::Message),
            _ => None,
        });
        Extras { speed, selection }
    }

    /// The fragment's tail for `speed` and `selection` (starting with `&`).
    pub fn write(speed: usize, selection: Option<&Selection>) -> String {
        let mut out = format!("&speed={}", SPEEDS[speed.min(SPEEDS.len() - 1)]);
        match selection {
            Some(Selection::Server(id)) => out.push_str(&format!("&sel=server:s{id}")),
            Some(Selection::Client(name)) if is_link_safe(name) => {
                out.push_str(&format!("&sel=client:{name}"));
            }
            Some(Selection::Message(id)) => out.push_str(&format!("&sel=msg:{id}")),
            _ => {}
        }
        out
    }
}

/// True if `name` can stand in a fragment as it is.
fn is_link_safe(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// The share-link fragment (without `#`) of `run` at its instant, with the run compared with
/// it, the speed and the selection.
pub fn fragment(
    run: &RunRef,
    versus: Option<&Side>,
    speed: usize,
    selection: Option<&Selection>,
) -> String {
    let versus = versus
        .map(|v| versus_part(&v.scenario()))
        .unwrap_or_default();
    let extras = Extras::write(speed, selection);
    format!("{}{versus}{extras}", run.link_fragment())
}

/// The second scenario of a comparison, if the fragment holds one.
pub fn versus(fragment: &str) -> Option<Result<Scenario, String>> {
    let body = fragment.split_once('#').map_or(fragment, |(_, b)| b);
    body.split('&').any(|p| p.starts_with(VERSUS_KEY)).then(|| {
        scenario::decode_keyed(VERSUS_KEY, fragment)
            .map_err(|e| e.to_string())
            .and_then(|text| scenario::parse(&text).map_err(|e| e.to_string()))
    })
}

/// The fragment part that holds `scenario` as the second of a comparison (starting with `&`).
pub fn versus_part(scenario: &Scenario) -> String {
    format!(
        "&{}",
        scenario::encode_keyed(VERSUS_KEY, &scenario::print(scenario))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn speed_and_selection_go_into_the_link_and_come_back() {
        for sel in [
            None,
            Some(Selection::Server(3)),
            Some(Selection::Client("alice".into())),
            Some(Selection::Message(42)),
        ] {
            let tail = Extras::write(8, sel.as_ref());
            let back = Extras::read(&format!("#s=v1.x&t=5{tail}"));
            assert_eq!(back.speed, Some(8), "{tail}");
            assert_eq!(back.selection, sel, "{tail}");
        }
        let odd = Extras::read("#s=v1.x&speed=7&sel=server:zz");
        assert_eq!(odd, Extras::default(), "unreadable extras are left out");
    }
}
