//! Running the Byzantine generals on a client: how many generals, which are traitors, what the
//! commander orders; Run injects `NAME runs byzantine generals=N traitors=…` at the current
//! instant, and the map replays the rounds.

use yew::prelude::*;

use crate::state::Action;
use crate::text::Lang;

/// The fewest and the most generals the form offers.
pub const GENERALS: std::ops::RangeInclusive<usize> = 3..=7;

/// The scenario action the form's choices make.
pub fn generals_action(client: &str, n: usize, traitors: &[usize], attack: bool) -> String {
    let t: Vec<String> = traitors
        .iter()
        .filter(|t| **t < n)
        .map(usize::to_string)
        .collect();
    let traitors = if t.is_empty() {
        "none".to_string()
    } else {
        t.join(",")
    };
    let order = if attack { "attack" } else { "retreat" };
    format!("{client} runs byzantine generals={n} traitors={traitors} order={order}")
}

/// What the form needs.
#[derive(Properties, PartialEq, Clone)]
pub struct GeneralsFormProps {
    /// The client that runs them.
    pub client: String,
    /// Open at first (the scenario is about the generals).
    pub open: bool,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The form.
#[function_component(GeneralsForm)]
pub fn generals_form(props: &GeneralsFormProps) -> Html {
    let lang = props.lang;
    let n = use_state(|| 4usize);
    let traitors = use_state(|| vec![1usize]);
    let attack = use_state(|| true);
    let on_n = {
        let n = n.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = select.value().parse::<usize>() {
                n.set(v);
            }
        })
    };
    let on_order = {
        let attack = attack.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            attack.set(select.value() == "attack");
        })
    };
    let boxes = (0..*n).map(|g| {
        let traitors = traitors.clone();
        let checked = traitors.contains(&g);
        let onchange = Callback::from(move |_: Event| {
            let mut t = (*traitors).clone();
            if let Some(i) = t.iter().position(|x| *x == g) {
                t.remove(i);
            } else {
                t.push(g);
                t.sort_unstable();
            }
            traitors.set(t);
        });
        let label = if g == 0 {
            format!("g0 ({})", lang.pick("commander", "司令"))
        } else {
            format!("g{g}")
        };
        html! {
            <label class="traitor-box">
                <input type="checkbox" {checked} {onchange} data-testid={format!("traitor-g{g}")} />
                { label }
            </label>
        }
    });
    let onsubmit = {
        let (d, client) = (props.dispatch.clone(), props.client.clone());
        let (n, traitors, attack) = (*n, (*traitors).clone(), *attack);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.emit(Action::InjectText(generals_action(
                &client, n, &traitors, attack,
            )));
        })
    };
    let f = traitors.iter().filter(|t| **t < *n).count();
    let need = 3 * f + 1;
    let hint = if *n >= need {
        format!(
            "{} {} ≥ 3×{f} + 1",
            lang.pick("Enough generals:", "将军足够："),
            *n
        )
    } else {
        format!(
            "{} {} < 3×{f} + 1",
            lang.pick("Too few generals:", "将军太少："),
            *n
        )
    };
    html! {
        <details class="generals-form" open={props.open} data-testid="generals-form">
            <summary>{ lang.pick("Run the Byzantine generals here", "在此运行拜占庭将军算法") }</summary>
            <form {onsubmit}>
                <label>
                    <span>{ lang.pick("Generals", "将军人数") }</span>
                    <select data-testid="generals-n" onchange={on_n}>
                        { for GENERALS.map(|k| html! {
                            <option value={k.to_string()} selected={k == *n}>{ k.to_string() }</option>
                        }) }
                    </select>
                </label>
                <label>
                    <span>{ lang.pick("The commander orders", "司令的命令") }</span>
                    <select data-testid="generals-order" onchange={on_order}>
                        <option value="attack" selected={*attack}>{ lang.pick("attack", "进攻") }</option>
                        <option value="retreat" selected={!*attack}>{ lang.pick("retreat", "撤退") }</option>
                    </select>
                </label>
                <fieldset>
                    <legend>{ lang.pick("Traitors (they lie: they reverse what they pass on)", "叛徒（他们说谎：把转告的内容颠倒）") }</legend>
                    { for boxes }
                </fieldset>
                <p class="generals-hint" data-testid="generals-hint">{ hint }</p>
                <button type="submit" class="primary" data-testid="generals-run">
                    { lang.pick("Run", "运行") }
                </button>
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_form_writes_a_scenario_action_the_engine_reads() {
        assert_eq!(
            generals_action("g", 3, &[2], true),
            "g runs byzantine generals=3 traitors=2 order=attack"
        );
        // Traitors beyond the army are dropped; none at all is written out.
        assert_eq!(
            generals_action("g", 3, &[5], false),
            "g runs byzantine generals=3 traitors=none order=retreat"
        );
        use crate::state::State;
        let s = State::open("seed 1\nensemble servers=3\nclient g\nrun 10s\n", None)
            .unwrap()
            .reduce(Action::Seek(engine::ms(500)));
        let s = s.reduce(Action::InjectText(generals_action("g", 3, &[2], true)));
        assert!(s.notice.is_none(), "{:?}", s.notice);
        let s = s.reduce(Action::Seek(engine::secs(2)));
        let run = &s.view.generals[0];
        assert_eq!((run.n, run.traitors.clone()), (3, vec![2]));
        assert!(!run.holds(), "three generals cannot beat one traitor");
    }
}
