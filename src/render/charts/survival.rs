//! Survival: the share of runs still going at the end of each week — not yet
//! collapsed, not yet out of cash, or both ([`Measure`]).

use super::super::svg::{ticks, Area, Svg};
use super::{strategy_keys, week_ticks, weeks_to_draw, y_target};
use crate::render::{palette, Measure};
use crate::result::SimulationResult;

pub fn draw(svg: &mut Svg, top: f64, result: &SimulationResult, measure: Measure) {
    let below = svg.legend(top, &strategy_keys(result));
    let area = Area::below(svg, below, 40.0);
    let yt = ticks(0.0, 1.0, y_target(area.bottom - area.top));
    let x = area.weeks(result.weeks);
    let y = area.values(0.0, 1.0);
    let xt = week_ticks(result.weeks, area.right - area.left);
    svg.axes(
        area,
        (&x, &xt, &|v| format!("{v}"), "week"),
        (&y, &yt, &super::percent_tick, &format!("runs {} (%)", measure.words())),
    );
    let drawn = weeks_to_draw(result.weeks as usize, area.right - area.left);
    for (i, s) in result.strategies.iter().enumerate() {
        let mut points = vec![(x.at(0.0), y.at(1.0))];
        points.extend(
            drawn
                .iter()
                .map(|&w| (x.at(w as f64 + 1.0), y.at(measure.curve(s).get(w).copied().unwrap_or(1.0) as f64))),
        );
        svg.polyline(&points, palette::strategy(&s.id, i), 2.0);
    }
}
