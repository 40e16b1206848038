//! A message for the user (a refused action, a link that does not open), kept as what it is
//! about and why, and worded in the UI's language when shown (so it follows a language switch,
//! and a link opened before the language is known still reads in it).

use crate::text::Lang;

/// What a notice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lead {
    /// A share link that does not open.
    BadLink,
    /// A lesson link naming no lesson (the why is the name).
    NoLesson,
    /// A lesson whose text does not read.
    LessonDoesNotOpen,
    /// A scenario that does not open.
    ScenarioDoesNotOpen,
    /// A scenario file the user opened that does not read.
    FileDoesNotOpen,
    /// An action (a button, a console command) the scenario refused.
    Refused,
}

/// A field whose input a notice is about: the notice is shown beside it, not at the top.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The console's command line.
    Console,
    /// The fault panel's partition field.
    Partition,
}

/// A notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// What it is about.
    pub lead: Lead,
    /// Why: the engine's explanation (a name, for [`Lead::NoLesson`]).
    pub why: String,
    /// The field it is about, if it is about what the user typed in one.
    pub field: Option<Field>,
}

impl Notice {
    /// A notice about `lead`, because `why`.
    pub fn new(lead: Lead, why: impl Into<String>) -> Self {
        Notice {
            lead,
            why: why.into(),
            field: None,
        }
    }

    /// The same notice, shown beside `field`.
    pub fn at(self, field: Field) -> Self {
        Notice {
            field: Some(field),
            ..self
        }
    }

    /// The lead sentence in `lang`.
    pub fn lead(&self, lang: Lang) -> &'static str {
        match self.lead {
            Lead::BadLink => lang.pick("This link does not open", "无法打开此链接"),
            Lead::NoLesson => lang.pick("There is no lesson named", "没有这个名字的课程"),
            Lead::LessonDoesNotOpen => lang.pick("This lesson does not open", "无法打开此课程"),
            Lead::ScenarioDoesNotOpen => lang.pick("This scenario does not open", "无法打开此场景"),
            Lead::FileDoesNotOpen => lang.pick("This file does not open", "无法打开此文件"),
            Lead::Refused => lang.pick("That did not work", "操作未执行"),
        }
    }

    /// The whole notice in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let sep = lang.pick(": ", "：");
        format!("{}{sep}{}", self.lead(lang), self.why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_notice_reads_in_either_language() {
        let n = Notice::new(Lead::NoLesson, "99-nothing");
        assert_eq!(n.text(Lang::En), "There is no lesson named: 99-nothing");
        assert_eq!(n.text(Lang::Zh), "没有这个名字的课程：99-nothing");
    }
}
