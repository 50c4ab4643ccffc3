//! Static figures of a result: one SVG renderer for the CLI (`velocity-cliff
//! render`, which also rasterises it to PNG) and the page (the `renderSvg`
//! binding), so both give the same bytes for the same result.
//!
//! A figure is drawn from a [`SimulationResult`] alone — the object the
//! `simulate` JSON is written from, or that JSON read back — in the page's
//! palette ([`palette`]), with a title, axis titles with units, a legend, and
//! `role="img"` with a `<title>` and a `<desc>` that is the plain-language
//! summary ([`describe`]). SVG elements are written as text ([`svg`]): no
//! drawing crate, nothing measured, numbers with fixed decimals.
//!
//! [`embed`] wraps a figure and the summary table ([`table`]) in a
//! `<velocity-cliff>` element as its light-DOM children: where the element
//! runs it replaces them; where it cannot (no JavaScript, RSS, email), they are
//! what readers see.

mod charts;
pub mod palette;
#[cfg(feature = "cli")]
pub mod png;
pub mod svg;

use crate::error::InputError;
use crate::result::{SimulationResult, StrategyResult};
use palette::{Ink, DARK, LIGHT};
use std::fmt::Write;

/// The figures `render` draws, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    /// Smoothed velocity: median and P10–P90 per strategy.
    Velocity,
    /// Share of runs still going, week by week, by the page's survival measure.
    Survival(Measure),
    /// When runs collapsed: share of runs per 4-week bin.
    Histogram,
    /// How runs end: stacked shares per strategy.
    Outcomes,
    /// Cash in the bank: median and P10–P90 per strategy.
    Cash,
    /// Why velocity collapsed: each factor's share of the fall.
    Why,
}

/// What the survival figure counts as still going, as the page's choice above its chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Not yet collapsed (`collapse.survival`).
    Healthy,
    /// Not yet out of cash (`cash.survival`).
    Funded,
    /// Neither collapsed nor out of cash (`collapse.survival_both`).
    Both,
}

impl Measure {
    /// The curve of one strategy.
    pub fn curve(self, s: &StrategyResult) -> &[f32] {
        match self {
            Measure::Healthy => &s.collapse.survival,
            Measure::Funded => &s.cash.survival,
            Measure::Both => &s.collapse.survival_both,
        }
    }

    /// "still healthy", as the page's label and axis say.
    pub fn words(self) -> &'static str {
        match self {
            Measure::Healthy => "still healthy",
            Measure::Funded => "still funded",
            Measure::Both => "healthy and funded",
        }
    }
}

impl Chart {
    pub const ALL: [(&'static str, Chart); 8] = [
        ("velocity", Chart::Velocity),
        ("survival", Chart::Survival(Measure::Healthy)),
        ("survival-funded", Chart::Survival(Measure::Funded)),
        ("survival-both", Chart::Survival(Measure::Both)),
        ("histogram", Chart::Histogram),
        ("outcomes", Chart::Outcomes),
        ("cash", Chart::Cash),
        ("why", Chart::Why),
    ];

    pub fn parse(id: &str) -> Result<Chart, InputError> {
        Chart::ALL.iter().find(|(name, _)| *name == id).map(|(_, c)| *c).ok_or_else(|| {
            let names: Vec<&str> = Chart::ALL.iter().map(|(n, _)| *n).collect();
            InputError::new("chart", id, format!("one of {}", names.join(", ")))
        })
    }

    pub fn id(self) -> &'static str {
        Chart::ALL.iter().find(|(_, c)| *c == self).map_or("velocity", |(n, _)| n)
    }

    /// The figure's title.
    pub fn title(self) -> &'static str {
        match self {
            Chart::Velocity => "Smoothed velocity: median and P10–P90",
            Chart::Survival(Measure::Healthy) => "Survival: share of runs still healthy",
            Chart::Survival(Measure::Funded) => "Survival: share of runs still funded",
            Chart::Survival(Measure::Both) => "Survival: share of runs healthy and funded",
            Chart::Histogram => "Collapse week: share of runs per 4 weeks",
            Chart::Outcomes => "How runs end",
            Chart::Cash => "Cash in the bank: median and P10–P90",
            Chart::Why => "Why velocity collapsed",
        }
    }
}

/// Light or dark, as the page's themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn parse(id: &str) -> Result<Theme, InputError> {
        match id {
            "light" => Ok(Theme::Light),
            "dark" => Ok(Theme::Dark),
            _ => Err(InputError::new("theme", id, "light or dark")),
        }
    }

    pub fn ink(self) -> Ink {
        match self {
            Theme::Light => LIGHT,
            Theme::Dark => DARK,
        }
    }
}

/// Sizes a figure may have, CSS px.
pub const WIDTH: (u32, u32) = (320, 4000);
pub const HEIGHT: (u32, u32) = (200, 4000);
/// The default size: a blog column. A social preview card is 1200 × 630.
pub const DEFAULT_SIZE: (u32, u32) = (720, 400);

/// What to draw and how big.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub chart: Chart,
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
}

impl Options {
    /// Validated options; sizes are whole CSS pixels within [`WIDTH`] and [`HEIGHT`].
    pub fn new(chart: &str, width: f64, height: f64, theme: &str) -> Result<Options, InputError> {
        let size = |field: &str, v: f64, (lo, hi): (u32, u32)| {
            if v.fract() == 0.0 && v >= lo as f64 && v <= hi as f64 {
                Ok(v as u32)
            } else {
                Err(InputError::new(
                    field,
                    crate::error::show_number(v),
                    format!("a whole number of pixels from {lo} to {hi}"),
                ))
            }
        };
        Ok(Options {
            chart: Chart::parse(chart)?,
            width: size("width", width, WIDTH)?,
            height: size("height", height, HEIGHT)?,
            theme: Theme::parse(theme)?,
        })
    }
}

/// The figure as SVG text (one line, ending in a newline).
pub fn svg(result: &SimulationResult, options: &Options) -> String {
    charts::draw(result, options, &describe(result, options.chart))
}

// ---- words and numbers --------------------------------------------------------------

/// A share as a percentage with one decimal: `84.3 %`.
pub fn percent(share: f32) -> String {
    format!("{:.1} %", share as f64 * 100.0)
}

/// A whole number with thousands separators: `12,345`.
pub fn whole(x: f64) -> String {
    let n = libm::round(x.abs()) as u64;
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && n > 0 {
        out.insert(0, '−');
    }
    out
}

/// Dollars, short: `$0`, `$850k`, `$1.2M`, `$3.4B`.
pub fn money(x: f64) -> String {
    let sign = if x < 0.0 { "−" } else { "" };
    let a = x.abs();
    let body = if a >= 1e9 {
        format!("{}B", short(a / 1e9))
    } else if a >= 1e6 {
        format!("{}M", short(a / 1e6))
    } else if a >= 1e3 {
        format!("{}k", short(a / 1e3))
    } else {
        format!("{}", libm::round(a) as u64)
    };
    format!("{sign}${body}")
}

/// One decimal below 10, whole numbers above: `1.2`, `35`.
fn short(x: f64) -> String {
    if x < 9.95 {
        let s = format!("{:.1}", x);
        s.strip_suffix(".0").map_or(s.clone(), str::to_string)
    } else {
        format!("{}", libm::round(x) as u64)
    }
}

fn week(w: Option<u32>, none: &str) -> String {
    w.map_or(none.to_string(), |w| format!("week {w}"))
}

/// The plain-language summary of a figure: what it shows, then one sentence
/// per strategy. It is the SVG's `<desc>` and the embed's `alt` text.
pub fn describe(result: &SimulationResult, chart: Chart) -> String {
    let mut out = format!(
        "{} — {} strategies, {} runs each over {} weeks, seed {}, model {}.",
        chart.title(),
        result.strategies.len(),
        whole(result.runs as f64),
        result.weeks,
        result.seed,
        result.model_version
    );
    for s in &result.strategies {
        out.push(' ');
        out.push_str(&sentence(result, s, chart));
    }
    out
}

fn sentence(result: &SimulationResult, s: &StrategyResult, chart: Chart) -> String {
    let weeks = result.weeks;
    match chart {
        Chart::Velocity => {
            let p50 = &s.series.velocity.p50;
            let (peak_week, peak) = p50
                .iter()
                .enumerate()
                .fold((0, f32::MIN), |best, (i, &v)| if v > best.1 { (i, v) } else { best });
            let last = p50.last().copied().unwrap_or(0.0);
            format!(
                "{}: median velocity peaks at {} points a week in week {}, {} in week {weeks}.",
                s.label,
                whole(peak as f64),
                peak_week + 1,
                whole(last as f64)
            )
        }
        Chart::Survival(Measure::Healthy) => format!(
            "{}: {} still healthy at week {weeks}; half collapsed by {}.",
            s.label,
            percent(s.collapse.survival.last().copied().unwrap_or(1.0)),
            week(s.collapse.week_p50, "no week within the horizon")
        ),
        Chart::Survival(Measure::Funded) => format!(
            "{}: {} still funded at week {weeks}; half out of cash by {}.",
            s.label,
            percent(s.cash.survival.last().copied().unwrap_or(1.0)),
            week(s.cash.week_p50, "no week within the horizon")
        ),
        Chart::Survival(Measure::Both) => format!(
            "{}: {} healthy and funded at week {weeks}.",
            s.label,
            percent(s.collapse.survival_both.last().copied().unwrap_or(1.0))
        ),
        Chart::Histogram => format!(
            "{}: {} of runs collapsed; 10 % by {}, half by {}.",
            s.label,
            percent(s.collapse.share),
            week(s.collapse.week_p10, "no week"),
            week(s.collapse.week_p50, "no week")
        ),
        Chart::Outcomes => {
            let o = &s.outcomes;
            format!(
                "{}: healthy & funded {}, recovered {}, collapsed {}, out of cash {}, in a rewrite {}.",
                s.label,
                percent(o.healthy),
                percent(o.recovered),
                percent(o.collapsed),
                percent(o.out_of_cash),
                percent(o.frozen)
            )
        }
        Chart::Cash => format!(
            "{}: median cash {} at week {weeks}; {} ran out of cash.",
            s.label,
            money(s.summary.cash_p50 as f64),
            percent(s.cash.share)
        ),
        Chart::Why => match &s.why {
            None => format!("{}: no run collapsed.", s.label),
            Some(_) => {
                let mut shares = charts::why_shares(s);
                shares.sort_by(|a, b| b.1.total_cmp(&a.1));
                let named: Vec<String> = shares
                    .iter()
                    .take(2)
                    .map(|(label, v, _)| format!("{label} {}", percent(*v)))
                    .collect();
                format!("{}: the largest causes were {}.", s.label, named.join(" and "))
            }
        },
    }
}

/// The summary table: one row per strategy, the figures the page's summary leads with.
pub fn table(result: &SimulationResult) -> String {
    let mut out = format!(
        "<table><caption>{} runs per strategy over {} weeks, seed {}, model {}</caption><thead><tr>",
        whole(result.runs as f64),
        result.weeks,
        result.seed,
        result.model_version
    );
    for head in TABLE_HEADS {
        let _ = write!(out, r#"<th scope="col">{head}</th>"#);
    }
    out.push_str("</tr></thead><tbody>");
    for s in &result.strategies {
        let m = &s.summary;
        let _ = write!(
            out,
            r#"<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            svg::esc(&s.label),
            percent(m.collapsed_share),
            m.collapse_week_p50.map_or("—".to_string(), |w| w.to_string()),
            whole(m.mean_healthy_weeks as f64),
            percent(m.healthy_share),
            percent(m.out_of_cash_share),
            money(m.cash_p50 as f64)
        );
    }
    out.push_str("</tbody></table>");
    out
}

/// The summary table's column heads, in order.
pub const TABLE_HEADS: [&str; 7] = [
    "Strategy",
    "Runs collapsed",
    "Median collapse week",
    "Mean healthy weeks",
    "Healthy &amp; funded at the end",
    "Out of cash",
    "Median cash at the end",
];

/// The figure inside an embed: the SVG inlined, or a file beside the post.
pub enum Figure<'a> {
    Inline(&'a str),
    File { src: &'a str, width: u32, height: u32 },
}

/// The embed snippet: the live element for the scenario `link` (a share
/// string) with the figure and the summary table as its fallback children.
/// The element shows them until its first chart is painted and then keeps
/// their height; a page adds one style rule so that, before the
/// element is defined, they are laid out as the element will lay them out
/// (`velocity-cliff:not(:defined) { display: block }`, www/EMBED.md).
pub fn embed(result: &SimulationResult, chart: Chart, link: &str, figure: Figure) -> String {
    let mut out = format!("<velocity-cliff scenario=\"{}\">\n", svg::esc(link));
    match figure {
        Figure::Inline(text) => out.push_str(text.trim_end()),
        Figure::File { src, width, height } => {
            let _ = write!(
                out,
                r#"<img src="{}" width="{width}" height="{height}" alt="{}" style="max-width:100%;height:auto">"#,
                svg::esc(src),
                svg::esc(&describe(result, chart))
            );
        }
    }
    out.push('\n');
    out.push_str(&table(result));
    out.push_str("\n</velocity-cliff>\n");
    out
}
