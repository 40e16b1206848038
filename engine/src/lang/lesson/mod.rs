//! Lessons: the course a student follows, as text files a teacher can write and share
//! (`lessons/NN-name.lesson`; the format is `docs/lessons.md`).
//!
//! A lesson is a scenario (any scenario statements) with narrated steps on top: each step says
//! something in English and in Chinese, points at what it talks about on the map, and runs the
//! simulation to an instant or until something happens; a task step asks the student to act
//! and waits until the engine sees its goal met (a condition over the simulation's state and
//! history, never over the page), with a hint and a word of praise. Every task carries a
//! reference solution, so `zooscope lesson verify` can check that its goal is not met when
//! nobody acts and is met when the solution is applied.

mod goal;
mod model;
mod parse;
mod verify;

pub use goal::{Goal, Start, Who};
pub use model::{Highlight, Lesson, Step, Task, Text, Until, DEFAULT_PACE, PATIENCE};
pub use parse::{parse, LessonError};
pub use verify::{verify, Verdict};

use crate::lang::scenario::{decode_keyed, encode_keyed, UrlError};

/// The share-link key of a lesson's text.
const LINK_KEY: &str = "l=";

/// The fragment that shares a lesson's text (`l=v1.…`, deflated and base64url-encoded like a
/// scenario's link), so a teacher can send a lesson of their own.
pub fn encode(text: &str) -> String {
    encode_keyed(LINK_KEY, text)
}

/// The lesson text a fragment holds (`l=v1.…`), not yet checked to be a lesson.
pub fn decode(fragment: &str) -> Result<String, UrlError> {
    decode_keyed(LINK_KEY, fragment)
}
