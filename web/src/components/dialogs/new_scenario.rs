//! New scenario: a header button that opens a form (servers, observers, clients and their recipe
//! programs, session timeout, network, run length, seed), shows the scenario text it makes, and
//! opens it. The form's logic is in [`crate::dialog_form`]; this is its face.

use engine::Program;
use yew::prelude::*;

use crate::components::dialogs::form::{check, client_names, Field, Form};
use crate::components::dialogs::modal::Modal;
use crate::components::props::LangProps;
use crate::hooks::use_dialog_open;
use crate::state::Action;
use crate::text::{words, Lang};

/// A fresh seed from the browser's random source (`crypto.getRandomValues`), below 2³² so it
/// is easy to read out in class; `Math.random` if there is no crypto.
pub fn random_seed() -> u64 {
    let mut bytes = [0u8; 4];
    let crypto = gloo::utils::window().crypto().ok();
    if crypto.is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok()) {
        u64::from(u32::from_le_bytes(bytes))
    } else {
        (js_sys::Math::random() * 4_294_967_296.0) as u64
    }
}

/// Properties of [`NewScenarioDialog`].
#[derive(Properties, PartialEq)]
struct DialogProps {
    form: UseStateHandle<Form>,
    lang: Lang,
    dispatch: Callback<Action>,
    on_close: Callback<()>,
    opener: NodeRef,
}

/// One labelled text or number input of the form, wired to one of its `String` fields.
struct Input {
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    hint: Option<&'static str>,
    /// The form's error, if it is about this input (shown beside it).
    bad: Option<String>,
    get: fn(&Form) -> &String,
    set: fn(&mut Form, String),
}

fn text_input(props: &DialogProps, input: Input) -> Html {
    let Input {
        id,
        label,
        kind,
        hint,
        bad,
        get,
        set,
    } = input;
    let form = props.form.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let mut f = (*form).clone();
        set(&mut f, input.value());
        form.set(f);
    });
    let hint_id = format!("{id}-hint");
    let error = bad;
    let bad = error.is_some();
    let described = match (hint.is_some(), bad) {
        (true, true) => Some(format!("{hint_id} new-error")),
        (true, false) => Some(hint_id.clone()),
        (false, true) => Some("new-error".to_string()),
        (false, false) => None,
    };
    html! {
        <div class="form-field">
            <label for={id}>{ label }</label>
            <input {id} type={kind} value={get(&props.form).clone()} {oninput} data-testid={id}
                   aria-invalid={bad.then_some("true")} aria-describedby={described}
                   spellcheck="false" autocomplete="off" />
            if let Some(h) = hint {
                <span class="form-hint" id={hint_id}>{ h }</span>
            }
            if let Some(e) = error {
                <span class="field-error" data-testid="field-error" data-field={id}>{ e }</span>
            }
        </div>
    }
}

/// A `<select>` of the recipe programs (and none).
fn program_select(
    id: String,
    label: String,
    value: &str,
    lang: Lang,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="form-field">
            <label for={id.clone()}>{ label }</label>
            <select id={id.clone()} data-testid={id} {onchange}>
                <option value="" selected={value.is_empty()}>{ lang.pick("none", "无") }</option>
                { for Program::NAMES.iter().map(|p| html! {
                    <option value={*p} selected={value == *p}>{ if words::program(p, lang) == *p { p.to_string() } else { format!("{} ({p})", words::program(p, lang)) } }</option>
                }) }
            </select>
        </div>
    }
}

/// The form, its preview and its buttons.
#[function_component(NewScenarioDialog)]
fn new_scenario_dialog(props: &DialogProps) -> Html {
    let lang = props.lang;
    let form = &props.form;
    let checked = use_memo(((**form).clone(), lang), |(f, lang)| check(f, *lang));
    let bad_field = checked.error.as_ref().and_then(|e| e.field);
    let bad = |f: Field| {
        (bad_field == Some(f))
            .then(|| checked.error.as_ref().map(|e| e.message.clone()))
            .flatten()
    };
    let names = client_names(form, lang).unwrap_or_default();

    let new_seed = {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = (*form).clone();
            f.seed = random_seed().to_string();
            form.set(f);
        })
    };
    let same = {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut f = (*form).clone();
            f.same_program = input.checked();
            form.set(f);
        })
    };
    let on_program = |i: Option<usize>| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut f = (*form).clone();
            match i {
                None => f.program = select.value(),
                Some(i) => {
                    if f.programs.len() <= i {
                        f.programs.resize(i + 1, f.program.clone());
                    }
                    f.programs[i] = select.value();
                }
            }
            form.set(f);
        })
    };
    let submit = {
        let checked = checked.clone();
        let dispatch = props.dispatch.clone();
        let close = props.on_close.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if checked.error.is_none() {
                crate::components::dialogs::share::forget_link_in_url();
                dispatch.emit(Action::Open {
                    text: checked.text.clone(),
                    title: None,
                });
                close.emit(());
            }
        })
    };
    let cancel = props.on_close.reform(|_: MouseEvent| ());

    let programs = if form.same_program {
        program_select(
            "new-program".into(),
            lang.pick("Program for every client", "所有客户端运行的程序")
                .into(),
            &form.program,
            lang,
            on_program(None),
        )
    } else {
        html! {
            <div class="program-grid" data-testid="new-programs">
                { for names.iter().enumerate().map(|(i, name)| {
                    let value = form.programs.get(i).cloned().unwrap_or_else(|| form.program.clone());
                    let label = format!("{} {name}", lang.pick("Program for", "程序："));
                    program_select(format!("new-program-{}", i + 1), label, &value, lang, on_program(Some(i)))
                }) }
            </div>
        }
    };
    let p = props;
    html! {
        <Modal id="new-scenario" title={lang.pick("New scenario", "新建场景")} {lang}
               on_close={props.on_close.clone()} opener={props.opener.clone()}
               testid="new-scenario-dialog" class="new-scenario-dialog">
            <form class="new-form" onsubmit={submit} novalidate=true>
                <div class="new-fields">
                    <fieldset>
                        <legend>{ lang.pick("Ensemble", "集群") }</legend>
                        { text_input(p, Input { id: "new-servers", label: Field::Servers.label(lang), kind: "number", hint: Some(lang.pick("voters, 1–9", "参与投票的服务器，1–9")), bad: bad(Field::Servers), get: |f| &f.servers, set: |f, v| f.servers = v }) }
                        { text_input(p, Input { id: "new-observers", label: Field::Observers.label(lang), kind: "number", hint: Some("0–4"), bad: bad(Field::Observers), get: |f| &f.observers, set: |f, v| f.observers = v }) }
                    </fieldset>
                    <fieldset>
                        <legend>{ lang.pick("Clients", "客户端") }</legend>
                        <div class="form-field">
                            <label for="new-clients">{ lang.pick("How many", "数量") }</label>
                            <input id="new-clients" type="number" min="0" max="30" data-testid="new-clients"
                                   value={if form.names.trim().is_empty() { form.clients.clone() } else { names.len().to_string() }}
                                   disabled={!form.names.trim().is_empty()}
                                   aria-invalid={bad(Field::Clients).is_some().then_some("true")}
                                   aria-describedby={if bad(Field::Clients).is_some() { "new-clients-hint new-error" } else { "new-clients-hint" }}
                                   oninput={{
                                       let form = form.clone();
                                       Callback::from(move |e: InputEvent| {
                                           let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                           let mut f = (*form).clone();
                                           f.clients = input.value();
                                           form.set(f);
                                       })
                                   }} />
                            <span class="form-hint" id="new-clients-hint">
                                { lang.pick("0–30, named c1, c2, …", "0–30 个，命名为 c1、c2……") }
                            </span>
                            if let Some(e) = bad(Field::Clients) {
                                <span class="field-error" data-testid="field-error" data-field="new-clients">{ e }</span>
                            }
                        </div>
                        { text_input(p, Input { id: "new-names", label: lang.pick("Or their names", "或填写名称"), kind: "text", hint: Some(lang.pick("optional: alice, bob, …", "可选：alice, bob, …")), bad: bad(Field::Names), get: |f| &f.names, set: |f, v| f.names = v }) }
                        { text_input(p, Input { id: "new-timeout", label: Field::Timeout.label(lang), kind: "text", hint: Some(lang.pick("e.g. 10s", "例如 10s")), bad: bad(Field::Timeout), get: |f| &f.timeout, set: |f, v| f.timeout = v }) }
                        <div class="form-check">
                            <input id="new-same" type="checkbox" checked={form.same_program} onchange={same}
                                   data-testid="new-same" />
                            <label for="new-same">{ lang.pick("Same program for all", "所有客户端运行同一程序") }</label>
                        </div>
                        { programs }
                    </fieldset>
                    <fieldset>
                        <legend>{ lang.pick("Network", "网络") }</legend>
                        { text_input(p, Input { id: "new-latency-min", label: lang.pick("Latency from", "延迟下限"), kind: "text", hint: None, bad: bad(Field::Latency), get: |f| &f.latency_min, set: |f, v| f.latency_min = v }) }
                        { text_input(p, Input { id: "new-latency-max", label: lang.pick("to", "延迟上限"), kind: "text", hint: None, bad: bad(Field::Latency), get: |f| &f.latency_max, set: |f, v| f.latency_max = v }) }
                        { text_input(p, Input { id: "new-loss", label: lang.pick("Message loss (%)", "消息丢失率（%）"), kind: "text", hint: None, bad: bad(Field::Loss), get: |f| &f.loss, set: |f, v| f.loss = v }) }
                    </fieldset>
                    <fieldset>
                        <legend>{ lang.pick("Run", "运行") }</legend>
                        { text_input(p, Input { id: "new-run", label: Field::Run.label(lang), kind: "text", hint: Some(lang.pick("e.g. 60s", "例如 60s")), bad: bad(Field::Run), get: |f| &f.run, set: |f, v| f.run = v }) }
                        { text_input(p, Input { id: "new-seed", label: Field::Seed.label(lang), kind: "text", hint: Some(lang.pick("the same seed gives the same run", "相同的种子产生相同的运行")), bad: bad(Field::Seed), get: |f| &f.seed, set: |f, v| f.seed = v }) }
                        <button type="button" data-testid="new-seed-button" onclick={new_seed}>
                            { lang.pick("New seed", "换一个种子") }
                        </button>
                    </fieldset>
                </div>
                <div class="new-preview">
                    <label for="new-text">{ lang.pick("Scenario text", "场景文本") }</label>
                    <textarea id="new-text" readonly=true rows="14" spellcheck="false" data-testid="new-text"
                              value={checked.text.clone()} />
                    <p id="new-error" class="form-error" role="alert" data-testid="new-error">
                        { checked.error.as_ref().map(|e| e.message.clone()).unwrap_or_default() }
                    </p>
                    <div class="dialog-actions">
                        <button type="button" onclick={cancel}>{ lang.pick("Cancel", "取消") }</button>
                        <button type="submit" class="primary" data-testid="new-open"
                                disabled={checked.error.is_some()}>{ lang.pick("Open", "打开") }</button>
                    </div>
                </div>
            </form>
        </Modal>
    }
}

/// The new-scenario button and its dialog. The form keeps its values between openings.
#[function_component(NewScenario)]
pub fn new_scenario(props: &LangProps) -> Html {
    let (open, show, close) = use_dialog_open();
    let form = use_state(|| Form::new(random_seed()));
    let opener = use_node_ref();
    let lang = props.lang;
    html! {
        <>
            <button type="button" ref={opener.clone()} data-testid="new-scenario-open" onclick={show}
                    aria-haspopup="dialog">
                { lang.pick("New scenario", "新建场景") }
            </button>
            if *open {
                <NewScenarioDialog {form} {lang} dispatch={props.dispatch.clone()} on_close={close} {opener} />
            }
        </>
    }
}
