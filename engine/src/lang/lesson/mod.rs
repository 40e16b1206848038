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

pub use goal::Goal;
pub use model::{Highlight, Lesson, Step, Task, Text, Until, DEFAULT_PACE, PATIENCE};
pub use parse::{parse, LessonError};
pub use verify::{verify, Verdict};
