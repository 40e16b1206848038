//! Reading a lesson. Lines that start with a lesson word (`lesson`, `title`, `summary`, `pace`,
//! `step`, `task`, `say`, `show`, `until`, `goal`, `hint`, `praise`, `solution`) are the
//! lesson's; every other line belongs to its scenario and keeps its line number, so an error in
//! either names the line it is on.

use super::goal::Goal;
use super::model::{Highlight, Lesson, Step, Task, Text, Until, DEFAULT_PACE};
use crate::ids::ServerId;
use crate::lang::scenario::{self, quantity::parse_duration, Action, Scenario};
use crate::observe::FlightClass;

/// What is wrong with a lesson, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if *line == 0 { String::new() } else { format!("line {line}: ") })]
pub struct LessonError {
    /// The 1-based line at fault (0 for the lesson as a whole).
    pub line: usize,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// The words that make a line the lesson's.
const WORDS: [&str; 13] = [
    "lesson", "title", "summary", "pace", "step", "task", "say", "show", "until", "goal", "hint",
    "praise", "solution",
];

/// The most steps a lesson may have.
pub const MAX_STEPS: usize = 40;

/// Read a lesson named `name` (the file's stem, unless a `lesson` line says otherwise).
pub fn parse(name: &str, text: &str) -> Result<Lesson, LessonError> {
    let mut scenario_text = String::new();
    let mut own: Vec<(usize, &str, &str)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = scenario::strip_comment(raw).trim();
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        if WORDS.contains(&word) {
            own.push((i + 1, word, rest.trim()));
            scenario_text.push('\n');
        } else {
            scenario_text.push_str(raw);
            scenario_text.push('\n');
        }
    }
    let scenario = scenario::parse(&scenario_text).map_err(|e| LessonError {
        line: e.line,
        message: e.message,
    })?;
    let mut lesson = Lesson {
        name: name.to_string(),
        title: Text::default(),
        summary: Text::default(),
        pace: DEFAULT_PACE,
        scenario,
        steps: Vec::new(),
    };
    for (line, word, rest) in own {
        let err = |message: String| LessonError { line, message };
        let step = lesson.steps.last_mut();
        match (word, step) {
            ("lesson", _) => {
                if rest.is_empty() || rest.contains(char::is_whitespace) {
                    return Err(err("`lesson` takes one name".into()));
                }
                lesson.name = rest.to_string();
            }
            ("title", _) => language(word, &mut lesson.title, rest).map_err(err)?,
            ("summary", _) => language(word, &mut lesson.summary, rest).map_err(err)?,
            ("pace", None) => lesson.pace = pace(rest).map_err(err)?,
            ("pace", Some(step)) => step.pace = Some(pace(rest).map_err(err)?),
            ("step" | "task", _) => {
                if !rest.is_empty() {
                    return Err(err(format!("`{word}` takes nothing after it")));
                }
                if lesson.steps.len() == MAX_STEPS {
                    return Err(err(format!("too many steps (at most {MAX_STEPS})")));
                }
                let task = (word == "task").then(|| Task {
                    goal: Goal::Leader,
                    hint: Text::default(),
                    praise: Text::default(),
                    solution: Vec::new(),
                });
                lesson.steps.push(Step {
                    line,
                    say: Text::default(),
                    show: Vec::new(),
                    until: Until::Here,
                    pace: None,
                    task,
                });
            }
            (_, None) => return Err(err(format!("`{word}` belongs in a step or a task"))),
            ("say", Some(step)) => language(word, &mut step.say, rest).map_err(err)?,
            ("show", Some(step)) => step.show.extend(highlights(rest).map_err(err)?),
            ("until", Some(step)) => step.until = until(rest).map_err(err)?,
            (_, Some(Step { task: None, .. })) => {
                return Err(err(format!("`{word}` belongs in a task, not a step")))
            }
            ("goal", Some(Step { task: Some(t), .. })) => {
                t.goal = Goal::parse(rest).map_err(err)?
            }
            ("hint", Some(Step { task: Some(t), .. })) => {
                language(word, &mut t.hint, rest).map_err(err)?
            }
            ("praise", Some(Step { task: Some(t), .. })) => {
                language(word, &mut t.praise, rest).map_err(err)?
            }
            ("solution", Some(Step { task: Some(t), .. })) => t
                .solution
                .push(action(&lesson.scenario, rest).map_err(err)?),
            _ => return Err(err(format!("`{word}` is not understood here"))),
        }
    }
    if lesson.steps.is_empty() {
        return Err(LessonError {
            line: 0,
            message: "a lesson needs at least one step".into(),
        });
    }
    Ok(lesson)
}

/// `en TEXT` or `zh TEXT`, appended to `text` (several lines make paragraphs).
fn language(word: &str, text: &mut Text, rest: &str) -> Result<(), String> {
    let (lang, words) = rest.split_once(' ').unwrap_or((rest, ""));
    let words = words.trim();
    if words.is_empty() {
        return Err(format!("write `{word} en TEXT` or `{word} zh TEXT`"));
    }
    let target = match lang {
        "en" => &mut text.en,
        "zh" => &mut text.zh,
        other => return Err(format!("`{other}` is not a language: write en or zh")),
    };
    if !target.is_empty() {
        target.push('\n');
    }
    target.push_str(words);
    Ok(())
}

fn pace(rest: &str) -> Result<f64, String> {
    let factor: f64 = rest
        .trim_end_matches(['x', '×'])
        .parse()
        .map_err(|_| format!("`{rest}` is not a speed such as 0.2"))?;
    if !(0.001..=10.0).contains(&factor) {
        return Err(format!("a speed is between 0.001 and 10, not {rest}"));
    }
    Ok(factor)
}

fn until(rest: &str) -> Result<Until, String> {
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_duration(rest)
            .map(Until::Time)
            .map_err(|e| format!("`{rest}`: {e}"));
    }
    Goal::parse(rest).map(Until::Goal)
}

fn highlights(rest: &str) -> Result<Vec<Highlight>, String> {
    let mut out = Vec::new();
    let mut words = rest.split_whitespace();
    while let Some(w) = words.next() {
        out.push(match w {
            "leader" => Highlight::Leader,
            "znode" | "queue" => {
                let path = words
                    .next()
                    .filter(|p| p.starts_with('/'))
                    .ok_or_else(|| format!("`{w}` needs a path"))?
                    .to_string();
                if w == "znode" {
                    Highlight::Znode(path)
                } else {
                    Highlight::Queue(path)
                }
            }
            "votes" => Highlight::Messages(FlightClass::Vote),
            "sync" => Highlight::Messages(FlightClass::Sync),
            "broadcast" => Highlight::Messages(FlightClass::Broadcast),
            "pings" => Highlight::Messages(FlightClass::Ping),
            "requests" => Highlight::Messages(FlightClass::Request),
            "answers" => Highlight::Messages(FlightClass::Answer),
            "watches" => Highlight::Messages(FlightClass::Watch),
            s if s.starts_with('s') && s[1..].parse::<u8>().is_ok_and(|n| n >= 1) => {
                Highlight::Server(ServerId(s[1..].parse().unwrap_or(1)))
            }
            name => Highlight::Client(name.to_string()),
        });
    }
    if out.is_empty() {
        return Err("`show` needs something to point at".into());
    }
    Ok(out)
}

/// A scenario action (as after `at TIME`), checked against the scenario's names.
fn action(scenario: &Scenario, rest: &str) -> Result<Action, String> {
    let mut probe = scenario.clone();
    probe.actions.clear();
    let text = format!("{}at 0s {rest}\n", scenario::print(&probe));
    let parsed = scenario::parse(&text).map_err(|e| e.message)?;
    parsed
        .actions
        .into_iter()
        .next()
        .map(|a| a.action)
        .ok_or_else(|| "no action".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::lesson::Goal;

    const LESSON: &str = "title en T\ntitle zh 标题\nseed 2\nensemble servers=3\nrun 10s\n\
        step\nsay en Hello.\nsay zh 你好。\nshow s1 leader votes znode /a\nuntil 1.5s\n\
        task\nsay en Crash it.\nsay zh 让它崩溃。\ngoal new-leader\nhint en Click.\n\
        hint zh 点击。\npraise en Good.\npraise zh 好。\nsolution crash leader\n";

    #[test]
    fn a_lesson_reads_its_steps_and_its_scenario() {
        let l = parse("01-x", LESSON).unwrap();
        assert_eq!(l.name, "01-x");
        assert_eq!(l.title.zh, "标题");
        assert_eq!(l.scenario.seed, 2);
        assert_eq!(l.steps.len(), 2);
        assert_eq!(l.steps[0].until, Until::Time(1_500_000));
        assert_eq!(l.steps[0].show.len(), 4);
        let t = l.steps[1].task.as_ref().unwrap();
        assert_eq!(t.goal, Goal::NewLeader);
        assert_eq!(t.solution.len(), 1);
        assert_eq!(l.steps[1].line, 11);
    }

    #[test]
    fn errors_name_their_line() {
        let cases = [
            ("step\nsay fr Bonjour\n", 2, "not a language"),
            ("say en Hi\n", 1, "belongs in a step"),
            ("step\ngoal leader\n", 2, "belongs in a task"),
            ("task\ngoal fly\n", 2, "unknown goal"),
            ("task\nsolution crash s9\n", 2, ""),
            ("step\nuntil 1.5 s\n", 2, ""),
            ("step\npace 99\n", 2, "between 0.001 and 10"),
            ("seed x\nstep\n", 1, ""),
            ("run 10s\n", 0, "at least one step"),
            ("step\nshow znode\n", 2, "needs a path"),
        ];
        for (text, line, words) in cases {
            let e = parse("x", text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
