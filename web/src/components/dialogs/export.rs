//! Taking a run away, from the share dialog: the trace as JSON lines (exactly what
//! `zooscope run FILE` prints for the scenario as it stands), the scenario as a `.scn` file, the
//! map and the space-time diagram as SVG or PNG, and an `<iframe>` that embeds the run in
//! another page.

use yew::prelude::*;

use crate::browser::{page_svg, save_svg, save_text, Picture};
use crate::state::LiveRun;
use crate::text::Lang;

/// A file name made of a scenario's title (`The leader crashes` → `the-leader-crashes`).
pub fn file_stem(title: Option<&str>) -> String {
    let stem: String = title
        .unwrap_or("zooscope")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = stem.split('-').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        "zooscope".to_string()
    } else {
        parts.join("-")
    }
}

/// The address that shows `fragment` in embed mode, from the page's address `page`.
pub fn embed_url(page: &str, fragment: &str) -> String {
    crate::state::Mode::Embed.url(page, fragment)
}

/// The `<iframe>` that embeds `url` at 800×450.
pub fn iframe_snippet(url: &str, title: &str) -> String {
    let title = title.replace('"', "&quot;");
    format!(
        "<iframe src=\"{}\" width=\"800\" height=\"450\" title=\"{title}\" style=\"border:0\" \
         loading=\"lazy\" allow=\"fullscreen\"></iframe>",
        url.replace('"', "%22")
    )
}

/// What the export part of the share dialog needs.
#[derive(Properties, PartialEq, Clone)]
pub struct ExportProps {
    /// The run to take away.
    pub run: LiveRun,
    /// The scenario's name, if it has one (for file names).
    pub title: Option<String>,
    /// The `<iframe>` snippet for this instant.
    pub snippet: String,
    /// The UI language.
    pub lang: Lang,
}

/// The export buttons and the embed snippet.
#[function_component(Export)]
pub fn export(props: &ExportProps) -> Html {
    let lang = props.lang;
    let problem = use_state(|| None::<String>);
    let stem = file_stem(props.title.as_deref());
    let trace = {
        let (run, stem, problem) = (props.run.clone(), stem.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| match run.report_lines() {
            Ok(lines) => {
                let mut text = lines.join("\n");
                if !text.is_empty() {
                    text.push('\n');
                }
                save_text(&format!("{stem}.jsonl"), "application/x-ndjson", &text);
                problem.set(None);
            }
            Err(e) => problem.set(Some(e)),
        })
    };
    let scenario = {
        let (run, stem) = (props.run.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| {
            save_text(&format!("{stem}.scn"), "text/plain", &run.scenario_text());
        })
    };
    // A drawing as SVG text with its size: the map as the page draws it, the diagram's scene.
    type Draw = fn(&LiveRun, Lang) -> Option<(String, u32, u32)>;
    let picture = |draw: Draw, what: &'static str, format: Picture| {
        let (run, stem, problem) = (props.run.clone(), stem.clone(), problem.clone());
        let missing = lang.pick(
            "That drawing is not on the page: open it first.",
            "页面上没有这幅图：请先打开它。",
        );
        Callback::from(move |_: MouseEvent| match draw(&run, lang) {
            Some(svg) => {
                save_svg(&format!("{stem}-{what}"), svg, format);
                problem.set(None);
            }
            None => problem.set(Some(missing.to_string())),
        })
    };
    let map: Draw = |_, _| page_svg(".cluster-map");
    let diagram: Draw = |run, lang| crate::components::diagram::export_svg(run, lang);
    let select_all = Callback::from(|e: FocusEvent| {
        let field: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        field.select();
    });
    html! {
        <>
            <h3 class="share-heading">{ lang.pick("Take it away", "带走") }</h3>
            <div class="export-buttons" role="group" aria-label={lang.pick("Downloads", "下载")}>
                <button type="button" data-testid="export-trace" onclick={trace}
                        title={lang.pick("What each client got, one JSON line each, as zooscope run prints it",
                                         "每个客户端收到的内容，每行一个 JSON，与 zooscope run 的输出相同")}>
                    { lang.pick("Trace (.jsonl)", "轨迹（.jsonl）") }
                </button>
                <button type="button" data-testid="export-scenario" onclick={scenario}>
                    { lang.pick("Scenario (.scn)", "场景（.scn）") }
                </button>
                <button type="button" data-testid="export-map-svg"
                        onclick={picture(map, "map", Picture::Svg)}>{ lang.pick("Map (SVG)", "地图（SVG）") }</button>
                <button type="button" data-testid="export-map-png"
                        onclick={picture(map, "map", Picture::Png)}>{ lang.pick("Map (PNG)", "地图（PNG）") }</button>
                <button type="button" data-testid="export-diagram-svg"
                        onclick={picture(diagram, "diagram", Picture::Svg)}>{ lang.pick("Diagram (SVG)", "时空图（SVG）") }</button>
                <button type="button" data-testid="export-diagram-png"
                        onclick={picture(diagram, "diagram", Picture::Png)}>{ lang.pick("Diagram (PNG)", "时空图（PNG）") }</button>
            </div>
            if let Some(p) = &*problem {
                <p class="field-error" role="alert" data-testid="export-problem">{ p }</p>
            }
            <h3 class="share-heading">{ lang.pick("Embed in a page", "嵌入网页") }</h3>
            <p class="dialog-hint">
                { lang.pick("Paste this into a web page or a slide: it shows the map and a small control bar, 800×450, and pauses when nobody can see it.",
                            "把这段代码粘贴到网页或幻灯片中：它显示地图和一个小控制栏（800×450），无人观看时自动暂停。") }
            </p>
            <textarea readonly=true rows="3" spellcheck="false" data-testid="embed-snippet"
                      aria-label={lang.pick("Embed code", "嵌入代码")} value={props.snippet.clone()}
                      onfocus={select_all} />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn file_names_come_from_the_title() {
        assert_eq!(file_stem(Some("The leader crashes")), "the-leader-crashes");
        assert_eq!(file_stem(Some("领导者崩溃")), "zooscope");
        assert_eq!(file_stem(None), "zooscope");
    }

    #[test]
    fn the_embed_address_keeps_the_page_and_the_run_and_asks_for_embed_mode() {
        let url = embed_url(
            "http://h/zooscope/index.html?mode=present#s=v1.a&t=1",
            "s=v1.b&t=2",
        );
        assert_eq!(url, "http://h/zooscope/index.html?mode=embed#s=v1.b&t=2");
        let snippet = iframe_snippet(&url, "ZooScope: \"x\"");
        assert!(snippet.starts_with("<iframe src=\"http://h/zooscope/index.html?mode=embed#"));
        assert!(snippet.contains("width=\"800\" height=\"450\""));
        assert!(snippet.contains("title=\"ZooScope: &quot;x&quot;\""));
    }
}
