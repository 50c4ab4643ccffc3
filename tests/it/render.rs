//! Static figures: `velocity-cliff render` and the renderer behind it. The SVG
//! is XML with an accessible name and description, its labels and the embed's
//! table hold the figures of `simulate`'s JSON, PNG decodes at the size asked
//! for, bad input is refused in one line, and the output is the same bytes
//! however the result was computed or read back.

use crate::cli::{check_refused, cli, tmp};
use velocity_cliff::render::{self, Chart, Options, Theme};
use velocity_cliff::{share, Overrides, SimulationResult};

/// A small scenario: a few strategies, some of which collapse.
const FLAGS: [&str; 8] = ["--preset", "marketplace", "--runs", "60", "--weeks", "260", "--seed", "3"];

fn result() -> SimulationResult {
    let o = Overrides {
        preset: Some("marketplace".into()),
        runs: Some(60),
        weeks: Some(260),
        seed: Some(3),
        ..Overrides::default()
    };
    crate::run(crate::scenario(None, o))
}

fn options(chart: Chart) -> Options {
    Options {
        chart,
        width: 720,
        height: 400,
        theme: Theme::Light,
    }
}

fn texts<'a>(doc: &'a roxmltree::Document) -> Vec<&'a str> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn every_chart_is_xml_with_its_accessible_name_description_and_legend() {
    let result = result();
    for (id, chart) in Chart::ALL {
        for theme in [Theme::Light, Theme::Dark] {
            let svg = render::svg(&result, &Options { theme, ..options(chart) });
            let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{id}: {e}"));
            let root = doc.root_element();
            assert!(root.has_tag_name("svg"), "{id}");
            assert_eq!(root.attribute("role"), Some("img"), "{id}");
            assert_eq!(
                (root.attribute("width"), root.attribute("height")),
                (Some("720"), Some("400")),
                "{id}"
            );
            let children: Vec<_> = root.children().filter(|n| n.is_element()).collect();
            assert!(
                children[0].has_tag_name("title") && children[1].has_tag_name("desc"),
                "{id}: title, then desc"
            );
            assert_eq!(children[0].text(), Some(chart.title()), "{id}");
            assert_eq!(
                children[1].text().map(str::to_string),
                Some(render::describe(&result, chart)),
                "{id}"
            );
            // The background is the theme's.
            assert_eq!(children[2].attribute("fill"), Some(theme.ink().background), "{id}");
            let labels = texts(&doc);
            assert!(labels.contains(&chart.title()), "{id}: the title is drawn");
            match chart {
                Chart::Outcomes => assert!(
                    labels.contains(&"healthy & funded") && labels.contains(&"out of cash"),
                    "{id}: {labels:?}"
                ),
                Chart::Why => assert!(
                    labels.contains(&"debt interest") && labels.contains(&"coordination"),
                    "{id}: {labels:?}"
                ),
                _ => assert!(
                    labels.contains(&"week") || labels.contains(&"week of collapse"),
                    "{id}: an x axis title"
                ),
            }
            for s in &result.strategies {
                assert!(labels.contains(&s.label.as_str()), "{id}: {} in the legend or rows", s.label);
            }
        }
    }
}

#[test]
fn the_description_and_embed_table_hold_the_figures_of_simulate_json() {
    let json = cli(&[&["simulate"][..], &FLAGS].concat());
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let embed = cli(&[&["render", "--embed", "--chart", "survival"][..], &FLAGS].concat());
    assert!(embed.status.success(), "{}", String::from_utf8_lossy(&embed.stderr));
    let html = String::from_utf8(embed.stdout).unwrap();
    // The inlined snippet is well-formed XML: the element, the figure, the table.
    let doc = roxmltree::Document::parse(&html).unwrap();
    let element = doc.root_element();
    assert!(element.has_tag_name("velocity-cliff"));
    // Its scenario attribute is the share string of the result's scenario.
    let decoded = share::decode(element.attribute("scenario").unwrap()).unwrap();
    assert_eq!(decoded.scenario["seed"], v["scenario"]["seed"]);
    assert_eq!(decoded.scenario["runs"], v["scenario"]["runs"]);
    let parts: Vec<_> = element.children().filter(|n| n.is_element()).collect();
    assert!(parts[0].has_tag_name("svg") && parts[1].has_tag_name("table"));
    let desc = parts[0]
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .and_then(|n| n.text())
        .unwrap();

    let pct = |x: &serde_json::Value| format!("{:.1} %", x.as_f64().unwrap() * 100.0);
    let rows: Vec<Vec<String>> = parts[1]
        .descendants()
        .filter(|n| n.has_tag_name("tr"))
        .skip(1)
        .map(|tr| {
            tr.children()
                .filter(|c| c.is_element())
                .map(|c| c.text().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    let strategies = v["strategies"].as_array().unwrap();
    assert_eq!(rows.len(), strategies.len());
    let mut collapsed_somewhere = false;
    for (row, s) in rows.iter().zip(strategies) {
        let m = &s["summary"];
        assert_eq!(row[0], s["label"].as_str().unwrap());
        assert_eq!(row[1], pct(&m["collapsed_share"]), "{row:?}");
        let median = m["collapse_week_p50"].as_u64().map_or("—".to_string(), |w| w.to_string());
        assert_eq!(row[2], median, "{row:?}");
        assert_eq!(row[3], format!("{}", m["mean_healthy_weeks"].as_f64().unwrap().round()), "{row:?}");
        assert_eq!(row[4], pct(&m["healthy_share"]), "{row:?}");
        assert_eq!(row[5], pct(&m["out_of_cash_share"]), "{row:?}");
        collapsed_somewhere |= m["collapsed_share"].as_f64().unwrap() > 0.0;
        // The description says each strategy's survival at the horizon.
        let last = s["collapse"]["survival"].as_array().unwrap().last().unwrap();
        let said = format!("{}: {} still healthy at week 260", s["label"].as_str().unwrap(), pct(last));
        assert!(desc.contains(&said), "{said:?} not in {desc:?}");
    }
    assert!(collapsed_somewhere, "the scenario shows collapses, so the test reads real figures");
}

#[test]
fn the_svg_is_the_same_bytes_from_the_cli_and_from_the_result_read_back() {
    let native = result();
    let read_back = SimulationResult::from_json(&native.to_json()).unwrap();
    for (id, chart) in Chart::ALL {
        let a = render::svg(&native, &options(chart));
        assert_eq!(a, render::svg(&read_back, &options(chart)), "{id}");
        // The CLI on all cores draws the same bytes as one thread here.
        let out = cli(&[&["render", "--chart", id][..], &FLAGS].concat());
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), a, "{id}");
    }
    // A result of another model version is not drawn.
    let other = native.to_json().replacen(&format!("\"{}\"", native.model_version), "\"0.0.1\"", 1);
    assert!(SimulationResult::from_json(&other).is_err());
}

#[test]
fn png_decodes_at_the_size_asked_for_and_is_drawn() {
    let path = tmp("figure.png");
    let out = cli(&[
        &[
            "render",
            "--format",
            "png",
            "--width",
            "480",
            "--height",
            "300",
            "--theme",
            "dark",
            "--out",
            path.to_str().unwrap(),
        ][..],
        &FLAGS,
    ]
    .concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (480, 300));
    // Dark background in the corner; text and lines elsewhere.
    let px = |x: usize, y: usize| {
        let i = (y * info.width as usize + x) * info.color_type.samples();
        pixels[i..i + 3].to_vec()
    };
    assert_eq!(px(1, 1), vec![0x15, 0x18, 0x1d]);
    let distinct: std::collections::BTreeSet<Vec<u8>> = (0..300)
        .flat_map(|y| (0..480).map(move |x| (x, y)))
        .map(|(x, y)| px(x, y))
        .collect();
    assert!(distinct.len() > 20, "a drawn figure, not a blank image: {} colours", distinct.len());
    // The same drawing twice gives the same bytes (bundled font, no system fonts).
    let again = cli(&[
        &["render", "--format", "png", "--width", "480", "--height", "300", "--theme", "dark"][..],
        &FLAGS,
    ]
    .concat());
    assert_eq!(again.stdout, std::fs::read(&path).unwrap());
}

#[test]
fn bad_render_input_is_refused_in_one_line_with_status_2() {
    check_refused(&["render", "--chart", "pie"], "--chart");
    check_refused(
        &["render", "--width", "0"],
        "invalid --width: 0 (allowed: a whole number of pixels from 320 to 4000)",
    );
    check_refused(&["render", "--width", "100000"], "invalid --width: 100000");
    check_refused(&["render", "--height", "250.5"], "invalid --height: 250.5");
    check_refused(&["render", "--height", "NaN"], "--height");
    check_refused(&["render", "--theme", "blue"], "invalid --theme: blue (allowed: light or dark)");
    check_refused(&["render", "--format", "gif"], "--format");
    check_refused(&["render", "--embed", "--format", "png"], "invalid --embed");
    check_refused(&["render", "--runs", "0"], "--runs");
    check_refused(&["render", "--link", "v1.nope"], "link");
    check_refused(&["render", "--chart", "survival-cash"], "--chart");
    check_refused(&["render", "--width", "-720"], "--width");
    check_refused(&["render", "--runs", "5", "--out", "/"], "invalid --out");
}

#[test]
fn embed_with_an_out_that_cannot_be_written_prints_no_snippet_and_leaves_nothing() {
    let missing = tmp("no-such-dir-embed").join("figure.svg");
    let p = missing.to_str().unwrap();
    // Refused in one line with status 2, nothing on stdout: no snippet naming a file that is not there.
    check_refused(&["render", "--embed", "--runs", "5", "--out", p], "invalid --out");
    assert!(!missing.exists());
    // A bad flag with --embed --out: nothing written, nothing printed.
    let kept = tmp("kept-embed.svg");
    std::fs::write(&kept, "before").unwrap();
    check_refused(
        &["render", "--embed", "--theme", "sepia", "--out", kept.to_str().unwrap()],
        "invalid --theme: sepia (allowed: light or dark)",
    );
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "before");
}

#[test]
fn render_out_is_written_whole_or_not_at_all() {
    let path = tmp("kept.svg");
    std::fs::write(&path, "before").unwrap();
    let p = path.to_str().unwrap();
    check_refused(&["render", "--width", "1", "--out", p], "--width");
    check_refused(&["render", "--weeks", "0", "--out", p], "--weeks");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "before");
    let missing = tmp("no-such-dir").join("figure.svg");
    check_refused(&["render", "--runs", "5", "--out", missing.to_str().unwrap()], "invalid --out");
    assert!(!missing.exists());
    // Written: the same bytes as standard output, and nothing else left beside it.
    let out = cli(&[&["render", "--chart", "outcomes", "--out", p][..], &FLAGS].concat());
    assert!(out.status.success() && out.stdout.is_empty());
    let printed = cli(&[&["render", "--chart", "outcomes"][..], &FLAGS].concat());
    assert_eq!(std::fs::read(&path).unwrap(), printed.stdout);
    let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("kept.svg."))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn embed_with_out_names_the_file_in_an_img_with_the_description_as_alt() {
    let path = tmp("preview.png");
    let out = cli(&[
        &[
            "render",
            "--embed",
            "--format",
            "png",
            "--width",
            "1200",
            "--height",
            "630",
            "--out",
            path.to_str().unwrap(),
        ][..],
        &FLAGS,
    ]
    .concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<velocity-cliff scenario=\"v1."), "{html}");
    assert!(html.contains(r#"<img src="preview.png" width="1200" height="630" alt="Smoothed velocity: median and P10–P90 — 5 strategies, 60 runs each over 260 weeks, seed 3"#), "{html}");
    assert!(html.contains("<table><caption>") && html.trim_end().ends_with("</velocity-cliff>"));
    assert!(std::fs::metadata(&path).unwrap().len() > 1000);
}

#[test]
fn the_palette_is_the_page_palette() {
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/src/charts/palette.js")).unwrap();
    let find = |key: &str| {
        let at = js
            .find(&format!("{key}:"))
            .or_else(|| js.find(&format!("'{key}':")))
            .unwrap_or_else(|| panic!("{key} in palette.js"));
        js[at..].split('\'').find(|p| p.starts_with('#')).unwrap().to_string()
    };
    for (id, colour) in render::palette::STRATEGIES {
        assert_eq!(find(id), colour, "{id}");
    }
    for (key, _, colour) in render::palette::OUTCOMES.iter().chain(&render::palette::FACTORS) {
        assert_eq!(find(key), *colour, "{key}");
    }
    let spare: Vec<String> = render::palette::SPARE.iter().map(|c| format!("'{c}'")).collect();
    assert!(js.contains(&format!("SPARE = [{}]", spare.join(", "))));
}

/// The figures `tests/wasm.rs` checks `renderSvg` against: the CLI's bytes.
pub const GOLDEN: [(&str, &str, &str); 2] = [("velocity", "light", "render-velocity.svg"), ("why", "dark", "render-why-dark.svg")];
const GOLDEN_FLAGS: [&str; 8] = ["--preset", "b2b-saas", "--runs", "40", "--weeks", "104", "--seed", "3"];

#[test]
fn the_cli_draws_the_pinned_figures_the_wasm_tests_compare_with() {
    for (chart, theme, file) in GOLDEN {
        let out = cli(&[&["render", "--chart", chart, "--theme", theme][..], &GOLDEN_FLAGS].concat());
        assert!(out.status.success());
        let path = format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &out.stdout).unwrap();
        }
        let want = std::fs::read(&path).expect("the golden figure exists (UPDATE_GOLDEN=1 writes it)");
        assert!(
            out.stdout == want,
            "{file}: the figure moved (a model or renderer change: UPDATE_GOLDEN=1)"
        );
    }
}

#[test]
fn the_survival_measures_draw_the_curves_the_page_offers() {
    let json = cli(&[&["simulate"][..], &FLAGS].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let pct = |x: &serde_json::Value| format!("{:.1} %", x.as_f64().unwrap() * 100.0);
    // (chart, the result's curve, what the description and the axis say)
    let measures = [
        ("survival", "/collapse/survival", "still healthy"),
        ("survival-funded", "/cash/survival", "still funded"),
        ("survival-both", "/collapse/survival_both", "healthy and funded"),
    ];
    let mut drawn = Vec::new();
    for (chart, curve, words) in measures {
        let out = cli(&[&["render", "--chart", chart][..], &FLAGS].concat());
        assert!(out.status.success(), "{chart}: {}", String::from_utf8_lossy(&out.stderr));
        let svg = String::from_utf8(out.stdout).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert!(
            texts(&doc).contains(&format!("runs {words} (%)").as_str()),
            "{chart}: the axis title"
        );
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).and_then(|n| n.text()).unwrap();
        for s in v["strategies"].as_array().unwrap() {
            let last = s.pointer(curve).unwrap().as_array().unwrap().last().unwrap();
            let said = format!("{}: {} {words} at week 260", s["label"].as_str().unwrap(), pct(last));
            assert!(desc.contains(&said), "{chart}: {said:?} not in {desc:?}");
        }
        drawn.push(svg);
    }
    // The curves differ where the result's do: this scenario runs out of cash.
    let funded_ends: Vec<f64> = v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["cash"]["survival"].as_array().unwrap().last().unwrap().as_f64().unwrap())
        .collect();
    assert!(funded_ends.iter().any(|&x| x < 1.0), "some runs run out of cash: {funded_ends:?}");
    assert_ne!(drawn[0], drawn[1]);
    assert_ne!(drawn[1], drawn[2]);
}

/// The page writes the embed's table in JavaScript (www/src/page/fallback.js);
/// its unit test pins the same values, so both write the same digits.
#[test]
fn the_fallback_formats_are_pinned() {
    assert_eq!(render::percent(0.1225), "12.3 %");
    assert_eq!(render::percent(0.0025), "0.2 %");
    assert_eq!(render::percent(1.0), "100.0 %");
    assert_eq!(render::whole(12345.5), "12,346");
    assert_eq!(render::whole(-0.4), "0");
    assert_eq!(render::whole(-1234.0), "−1,234");
    assert_eq!(render::money(0.0), "$0");
    assert_eq!(render::money(850_000.0), "$850k");
    assert_eq!(render::money(1_234_567.0), "$1.2M");
    assert_eq!(render::money(9_960_000.0), "$10M");
    assert_eq!(render::money(-5_000.0), "−$5k");
    assert_eq!(render::money(2_500_000_000.0), "$2.5B");
    for (x, want) in [
        (0.25, "0.2"),
        (0.75, "0.8"),
        (12.25, "12.2"),
        (12.75, "12.8"),
        (1.05, "1.1"),
        (99.95, "100.0"),
    ] {
        assert_eq!(format!("{x:.1}"), want);
    }
}
