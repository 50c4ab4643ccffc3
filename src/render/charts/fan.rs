//! Fans: the median and the P10–P90 band of a weekly metric per strategy
//! (velocity, cash).

use super::super::svg::Svg;
use super::{strategy_keys, value_area, week_ticks, weeks_to_draw};
use crate::render::palette;
use crate::result::{Bands, SimulationResult, StrategyResult};

pub fn draw(
    svg: &mut Svg,
    top: f64,
    result: &SimulationResult,
    bands: fn(&StrategyResult) -> &Bands,
    y_title: &str,
    fmt: &dyn Fn(f64) -> String,
) {
    let below = svg.legend(top, &strategy_keys(result));
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for s in &result.strategies {
        let b = bands(s);
        for v in b.p10.iter().chain(&b.p90).chain(&b.p50) {
            lo = lo.min(*v as f64);
            hi = hi.max(*v as f64);
        }
    }
    if hi <= lo {
        hi = lo + 1.0;
    }
    let (area, yt) = value_area(svg, below, lo, hi, fmt);
    let x = area.weeks(result.weeks);
    let y = area.values(yt[0], *yt.last().unwrap_or(&1.0));
    let xt = week_ticks(result.weeks, area.right - area.left);
    svg.axes(area, (&x, &xt, &|v| format!("{v}"), "week"), (&y, &yt, fmt, y_title));
    let drawn = weeks_to_draw(result.weeks as usize, area.right - area.left);
    for (i, s) in result.strategies.iter().enumerate() {
        let colour = palette::strategy(&s.id, i);
        let b = bands(s);
        let at = |w: usize, v: &[f32]| (x.at(w as f64 + 1.0), y.at(v.get(w).copied().unwrap_or(0.0) as f64));
        let mut band: Vec<(f64, f64)> = drawn.iter().map(|&w| at(w, &b.p90)).collect();
        band.extend(drawn.iter().rev().map(|&w| at(w, &b.p10)));
        svg.polygon(&band, colour, 0.15);
        let median: Vec<(f64, f64)> = drawn.iter().map(|&w| at(w, &b.p50)).collect();
        svg.polyline(&median, colour, 2.0);
    }
}
