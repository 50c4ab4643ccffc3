//! When runs collapsed: the share of runs collapsing in each 4-week bin, a
//! stepped outline per strategy (the page's bins).

use super::super::svg::Svg;
use super::{strategy_keys, value_area, week_ticks};
use crate::render::palette;
use crate::result::SimulationResult;

/// Weeks per bin, as on the page.
pub const BIN_WEEKS: usize = 4;

/// Share of runs collapsing in each bin of a strategy's histogram.
pub fn bins(histogram: &[u64], runs: u64) -> Vec<f64> {
    histogram
        .chunks(BIN_WEEKS)
        .map(|c| {
            if runs == 0 {
                0.0
            } else {
                c.iter().sum::<u64>() as f64 / runs as f64
            }
        })
        .collect()
}

pub fn draw(svg: &mut Svg, top: f64, result: &SimulationResult) {
    let below = svg.legend(top, &strategy_keys(result));
    let all: Vec<Vec<f64>> = result.strategies.iter().map(|s| bins(&s.collapse.histogram, result.runs)).collect();
    let hi = all.iter().flatten().copied().fold(0.0, f64::max).max(0.01);
    let pct = super::percent_tick;
    let (area, yt) = value_area(svg, below, 0.0, hi, &pct);
    let x = area.weeks(result.weeks);
    let y = area.values(0.0, *yt.last().unwrap_or(&1.0));
    let xt = week_ticks(result.weeks, area.right - area.left);
    svg.axes(
        area,
        (&x, &xt, &|v| format!("{v}"), "week of collapse"),
        (&y, &yt, &pct, "runs collapsing (% per 4 weeks)"),
    );
    for (i, (s, b)) in result.strategies.iter().zip(&all).enumerate() {
        let mut points = vec![(x.at(0.0), y.at(0.0))];
        for (k, &share) in b.iter().enumerate() {
            let (w0, w1) = ((k * BIN_WEEKS) as f64, (((k + 1) * BIN_WEEKS).min(result.weeks as usize)) as f64);
            points.push((x.at(w0), y.at(share)));
            points.push((x.at(w1), y.at(share)));
        }
        points.push((x.at(result.weeks as f64), y.at(0.0)));
        svg.polyline(&points, palette::strategy(&s.id, i), 2.0);
    }
}
