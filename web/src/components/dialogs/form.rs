//! The new-scenario form as plain data: its fields, the scenario text they make, and what is
//! wrong with them. No Yew here, so all of it is tested natively.
//!
//! The engine is the judge: every field that is a duration or a percentage is checked by parsing
//! a one-line scenario with it (so the form accepts exactly what the language does, with the
//! engine's own words when it does not), then the whole text is parsed and built into a
//! simulation, as opening it will.

use engine::scenario;
use engine::Program;

use crate::text::Lang;

/// The most clients the form makes (the language allows more; a form that big is unreadable).
pub const MAX_FORM_CLIENTS: usize = 30;

/// When the first client's program starts: after the first election (about 1 s on defaults).
const PROGRAM_START_MS: u64 = 2_000;
/// Each next client's program starts this much later, so locks queue in a visible order.
const PROGRAM_STAGGER_MS: u64 = 100;

/// The form's values, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    /// The PRNG seed.
    pub seed: String,
    /// Voting servers, 1–9.
    pub servers: String,
    /// Observers, 0–4.
    pub observers: String,
    /// How many clients (`c1`…`cN`), 0–30; ignored when `names` lists some.
    pub clients: String,
    /// Client names separated by commas or spaces, or empty for `c1`…`cN`.
    pub names: String,
    /// One program for every client (`program`), else one each (`programs`).
    pub same_program: bool,
    /// The program every client runs, or empty for none.
    pub program: String,
    /// Each client's program by position, empty for none.
    pub programs: Vec<String>,
    /// Each client's session timeout.
    pub timeout: String,
    /// The shortest one-way latency.
    pub latency_min: String,
    /// The longest one-way latency.
    pub latency_max: String,
    /// Message loss, in percent.
    pub loss: String,
    /// How long the run lasts.
    pub run: String,
}

impl Form {
    /// The form as it first appears, with this seed.
    pub fn new(seed: u64) -> Form {
        Form {
            seed: seed.to_string(),
            servers: "3".into(),
            observers: "0".into(),
            clients: "2".into(),
            names: String::new(),
            same_program: true,
            program: "lock".into(),
            programs: Vec::new(),
            timeout: "10s".into(),
            latency_min: "5ms".into(),
            latency_max: "15ms".into(),
            loss: "0".into(),
            run: "60s".into(),
        }
    }
}

/// A field of the form (where an error is shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `seed`.
    Seed,
    /// `servers`.
    Servers,
    /// `observers`.
    Observers,
    /// `clients`.
    Clients,
    /// `names`.
    Names,
    /// `program` / `programs`.
    Programs,
    /// `timeout`.
    Timeout,
    /// `latency_min` and `latency_max`.
    Latency,
    /// `loss`.
    Loss,
    /// `run`.
    Run,
}

impl Field {
    /// The field's label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Seed => lang.pick("Seed", "随机种子"),
            Field::Servers => lang.pick("Servers", "服务器"),
            Field::Observers => lang.pick("Observers", "观察者"),
            Field::Clients => lang.pick("Clients", "客户端"),
            Field::Names => lang.pick("Client names", "客户端名称"),
            Field::Programs => lang.pick("Program", "程序"),
            Field::Timeout => lang.pick("Session timeout", "会话超时"),
            Field::Latency => lang.pick("Network latency", "网络延迟"),
            Field::Loss => lang.pick("Message loss", "消息丢失"),
            Field::Run => lang.pick("Run length", "运行时长"),
        }
    }
}

/// What is wrong with the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// The field at fault, if one is.
    pub field: Option<Field>,
    /// One sentence, starting with the field's label.
    pub message: String,
}

/// The form's outcome: the scenario text and, if it does not open, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// The scenario text (as far as the form could make it).
    pub text: String,
    /// Why it cannot be opened, or `None` when it can.
    pub error: Option<FormError>,
}

fn fail(field: Field, lang: Lang, what: impl AsRef<str>) -> FormError {
    FormError {
        field: Some(field),
        message: format!("{}: {}", field.label(lang), what.as_ref()),
    }
}

/// A whole number in `min..=max`.
fn count(value: &str, field: Field, lang: Lang, min: u64, max: u64) -> Result<u64, FormError> {
    value
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            let en = format!("a whole number from {min} to {max}");
            let zh = format!("请输入 {min} 到 {max} 之间的整数");
            fail(field, lang, if lang == Lang::En { en } else { zh })
        })
}

/// One word (no spaces, no `#` which would start a comment), for values put into the text.
fn word(value: &str, field: Field, lang: Lang) -> Result<String, FormError> {
    let v = value.trim();
    if v.is_empty() || v.contains(char::is_whitespace) || v.contains('#') {
        return Err(fail(
            field,
            lang,
            lang.pick(
                "write one value without spaces, such as 10s or 250ms",
                "请填写一个不含空格的值，例如 10s 或 250ms",
            ),
        ));
    }
    Ok(v.to_string())
}

/// Whether the engine accepts `line` as a scenario on its own (its own message if not).
fn probe(line: &str, field: Field, lang: Lang) -> Result<(), FormError> {
    scenario::parse(line)
        .map(drop)
        .map_err(|e| fail(field, lang, e.message))
}

/// The clients' names: the list typed, else `c1`…`cN`.
pub fn client_names(form: &Form, lang: Lang) -> Result<Vec<String>, FormError> {
    let listed: Vec<String> = form
        .names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect();
    if listed.is_empty() {
        let n = count(
            &form.clients,
            Field::Clients,
            lang,
            0,
            MAX_FORM_CLIENTS as u64,
        )?;
        return Ok((1..=n).map(|i| format!("c{i}")).collect());
    }
    if listed.len() > MAX_FORM_CLIENTS {
        let en = format!("at most {MAX_FORM_CLIENTS} names");
        let zh = format!("最多 {MAX_FORM_CLIENTS} 个名称");
        return Err(fail(
            Field::Names,
            lang,
            if lang == Lang::En { en } else { zh },
        ));
    }
    for name in &listed {
        probe(&format!("client {name}"), Field::Names, lang)?;
    }
    Ok(listed)
}

/// The program client `i` runs (empty: none).
fn program_of(form: &Form, i: usize) -> &str {
    if form.same_program {
        &form.program
    } else {
        form.programs.get(i).map_or("", String::as_str)
    }
}

/// `2.3s` for 2300 ms.
fn seconds(ms: u64) -> String {
    let tenths = ms % 1000 / 100;
    if tenths == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{}.{tenths}s", ms / 1000)
    }
}

/// The scenario text the form describes, each field checked on the way.
pub fn scenario_text(form: &Form, lang: Lang) -> Result<String, FormError> {
    let seed = form.seed.trim();
    if seed.parse::<u64>().is_err() {
        return Err(fail(
            Field::Seed,
            lang,
            lang.pick(
                "a whole number from 0 to 18446744073709551615",
                "请输入 0 到 18446744073709551615 之间的整数",
            ),
        ));
    }
    let servers = count(&form.servers, Field::Servers, lang, 1, 9)?;
    let observers = count(&form.observers, Field::Observers, lang, 0, 4)?;
    let names = client_names(form, lang)?;
    let timeout = word(&form.timeout, Field::Timeout, lang)?;
    probe(&format!("client c timeout={timeout}"), Field::Timeout, lang)?;
    let min = word(&form.latency_min, Field::Latency, lang)?;
    let max = word(&form.latency_max, Field::Latency, lang)?;
    probe(
        &format!("network latency={min}..{max}"),
        Field::Latency,
        lang,
    )?;
    let loss = word(form.loss.trim().trim_end_matches('%'), Field::Loss, lang)?;
    probe(&format!("network loss={loss}%"), Field::Loss, lang)?;
    let run = word(&form.run, Field::Run, lang)?;
    probe(&format!("run {run}"), Field::Run, lang)?;
    for i in 0..names.len() {
        let p = program_of(form, i);
        if !p.is_empty() && !Program::NAMES.contains(&p) {
            let what = format!("{p}? ({})", Program::NAMES.join(", "));
            return Err(fail(Field::Programs, lang, what));
        }
    }

    let mut text = format!("seed {seed}\nensemble servers={servers}");
    if observers > 0 {
        text.push_str(&format!(" observers={observers}"));
    }
    text.push_str(&format!("\nnetwork latency={min}..{max} loss={loss}%\n"));
    for name in &names {
        text.push_str(&format!("client {name} timeout={timeout}\n"));
    }
    let mut started = 0;
    for (i, name) in names.iter().enumerate() {
        let p = program_of(form, i);
        if p.is_empty() {
            continue;
        }
        if started == 0 {
            text.push('\n');
        }
        let at = seconds(PROGRAM_START_MS + PROGRAM_STAGGER_MS * started);
        text.push_str(&format!("at {at} {name} runs {p}\n"));
        started += 1;
    }
    text.push_str(&format!("\nrun {run}\n"));
    Ok(text)
}

/// The form's text and whether it opens: parsed, then built into a simulation, as
/// [`crate::state::Action::Open`] will.
pub fn check(form: &Form, lang: Lang) -> Checked {
    let text = match scenario_text(form, lang) {
        Ok(text) => text,
        Err(error) => {
            return Checked {
                text: String::new(),
                error: Some(error),
            }
        }
    };
    let prefix = |what: &str| -> String {
        let head = lang.pick("The scenario does not open", "无法打开此场景");
        format!("{head}: {what}")
    };
    let error = match scenario::parse(&text) {
        Err(e) => Some(FormError {
            field: None,
            message: prefix(&e.to_string()),
        }),
        Ok(s) => engine::build(&s).err().map(|e| FormError {
            field: None,
            message: prefix(&e.to_string()),
        }),
    };
    Checked { text, error }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_first_form_opens_with_two_clients_queueing_for_the_lock() {
        let c = check(&Form::new(42), Lang::En);
        assert_eq!(c.error, None);
        assert_eq!(
            c.text,
            "seed 42\nensemble servers=3\nnetwork latency=5ms..15ms loss=0%\n\
             client c1 timeout=10s\nclient c2 timeout=10s\n\n\
             at 2s c1 runs lock\nat 2.1s c2 runs lock\n\nrun 60s\n"
        );
    }

    #[test]
    fn out_of_range_counts_name_their_field() {
        let mut f = Form::new(1);
        f.servers = "10".into();
        let e = check(&f, Lang::En).error.unwrap();
        assert_eq!(e.field, Some(Field::Servers));
        assert_eq!(e.message, "Servers: a whole number from 1 to 9");
        f.servers = "3".into();
        f.clients = "31".into();
        assert_eq!(
            check(&f, Lang::Zh).error.unwrap().field,
            Some(Field::Clients)
        );
    }

    #[test]
    fn bad_durations_get_the_engines_words_on_their_field() {
        let mut f = Form::new(1);
        f.latency_min = "20ms".into();
        let e = check(&f, Lang::En).error.unwrap();
        assert_eq!(e.field, Some(Field::Latency));
        assert!(e.message.starts_with("Network latency: "), "{}", e.message);
        let mut f = Form::new(1);
        f.timeout = "ten".into();
        assert_eq!(
            check(&f, Lang::En).error.unwrap().field,
            Some(Field::Timeout)
        );
        let mut f = Form::new(1);
        f.run = "5s extra".into();
        assert_eq!(check(&f, Lang::En).error.unwrap().field, Some(Field::Run));
        let mut f = Form::new(1);
        f.loss = "150".into();
        assert_eq!(check(&f, Lang::En).error.unwrap().field, Some(Field::Loss));
    }

    #[test]
    fn named_clients_each_with_a_program_or_none() {
        let mut f = Form::new(7);
        f.names = "alice, bob carol".into();
        f.same_program = false;
        f.programs = vec!["producer".into(), String::new(), "consumer".into()];
        f.observers = "2".into();
        let c = check(&f, Lang::En);
        assert_eq!(c.error, None, "{}", c.text);
        assert!(c.text.contains("ensemble servers=3 observers=2\n"));
        assert!(c.text.contains("client carol timeout=10s\n"));
        assert!(c
            .text
            .contains("at 2s alice runs producer\nat 2.1s carol runs consumer\n"));
        let s = scenario::parse(&c.text).unwrap();
        assert_eq!(s.clients.len(), 3);
        assert_eq!(s.seed, 7);
    }

    #[test]
    fn bad_names_and_programs_are_refused() {
        let mut f = Form::new(1);
        f.names = "s1".into();
        assert_eq!(check(&f, Lang::En).error.unwrap().field, Some(Field::Names));
        f.names = "alice alice".into();
        let e = check(&f, Lang::En).error.unwrap();
        assert_eq!(e.field, None);
        assert!(e.message.contains("declared twice"), "{}", e.message);
        let mut f = Form::new(1);
        f.program = "fly".into();
        assert_eq!(
            check(&f, Lang::En).error.unwrap().field,
            Some(Field::Programs)
        );
    }

    #[test]
    fn no_clients_and_no_program_is_a_plain_ensemble() {
        let mut f = Form::new(3);
        f.clients = "0".into();
        f.servers = "9".into();
        let c = check(&f, Lang::En);
        assert_eq!(c.error, None);
        assert!(!c.text.contains("client"));
        let mut f = Form::new(3);
        f.program = String::new();
        assert!(!check(&f, Lang::En).text.contains(" at "));
    }

    #[test]
    fn thirty_clients_start_a_tenth_of_a_second_apart() {
        let mut f = Form::new(3);
        f.clients = "30".into();
        let c = check(&f, Lang::En);
        assert_eq!(c.error, None);
        assert!(c.text.contains("at 4.9s c30 runs lock\n"), "{}", c.text);
    }
}
