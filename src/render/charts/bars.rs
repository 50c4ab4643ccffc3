//! Horizontal bars, one row per strategy: how runs end (stacked shares
//! adding up to one) and why velocity collapsed (each factor's share of the
//! fall, stacked right of zero, or left of it where a factor pushed the other way).

use super::super::svg::{fit, text_width, ticks, Area, Key, Scale, Svg, SMALL};
use super::{factor, label};
use crate::model::FACTORS;
use crate::render::palette::OUTCOMES;
use crate::result::{SimulationResult, StrategyResult};

/// A strategy's factor shares `(label, share, colour)` in the result's order; empty without collapses.
pub fn why_shares(s: &StrategyResult) -> Vec<(&'static str, f32, &'static str)> {
    let Some(w) = &s.why else { return vec![] };
    let values = [
        w.team_size,
        w.onboarding,
        w.coordination,
        w.debt_interest,
        w.size_drag,
        w.overload,
        w.unplanned_work,
        w.allocation,
        w.noise,
    ];
    FACTORS
        .iter()
        .zip(values)
        .map(|(key, v)| {
            let (label, colour) = factor(key);
            (label, v, colour)
        })
        .collect()
}

/// The rows' area: strategy labels on the left, a percent axis below.
fn rows_area(svg: &Svg, below: f64, result: &SimulationResult) -> Area {
    let widest = result.strategies.iter().map(|s| text_width(label(s), SMALL)).fold(0.0, f64::max);
    let left = (widest + 20.0).min(svg.width * 0.35);
    let mut area = Area::below(svg, below, 0.0);
    area.left = left;
    area
}

/// Row `i` of `n`: its top and bar height.
fn row(area: &Area, i: usize, n: usize) -> (f64, f64) {
    let h = ((area.bottom - area.top) / n.max(1) as f64).min(48.0);
    (area.top + h * i as f64 + h * 0.15, h * 0.7)
}

fn draw_rows(svg: &mut Svg, area: &Area, x: &Scale, xt: &[f64], x_title: &str, result: &SimulationResult) {
    let ink = svg.ink;
    for &v in xt {
        let px = x.at(v);
        svg.line(px, area.top, px, area.bottom, ink.grid, 1.0);
        svg.text(px, area.bottom + 18.0, "middle", ink.muted, "", &super::percent_tick(v));
    }
    let h = svg.height;
    svg.text((area.left + area.right) / 2.0, h - 8.0, "middle", ink.text, "", x_title);
    let n = result.strategies.len();
    for (i, s) in result.strategies.iter().enumerate() {
        let (y, bar) = row(area, i, n);
        svg.text(
            area.left - 8.0,
            y + bar / 2.0 + 4.0,
            "end",
            ink.text,
            "",
            &fit(label(s), SMALL, area.left - 16.0),
        );
    }
}

pub fn outcomes(svg: &mut Svg, top: f64, result: &SimulationResult) {
    let keys: Vec<Key> = OUTCOMES
        .iter()
        .map(|(_, l, c)| Key {
            label: l.to_string(),
            colour: c,
            line: false,
        })
        .collect();
    let below = svg.legend(top, &keys);
    let area = rows_area(svg, below, result);
    let x = Scale {
        d0: 0.0,
        d1: 1.0,
        p0: area.left,
        p1: area.right,
    };
    let xt = ticks(0.0, 1.0, ((area.right - area.left) / 80.0).clamp(2.0, 10.0) as usize);
    draw_rows(svg, &area, &x, &xt, "share of runs at the horizon (%)", result);
    let n = result.strategies.len();
    for (i, s) in result.strategies.iter().enumerate() {
        let (y, bar) = row(&area, i, n);
        let o = &s.outcomes;
        let mut at = 0.0;
        for (share, (_, _, colour)) in [o.healthy, o.recovered, o.collapsed, o.out_of_cash, o.frozen].iter().zip(OUTCOMES) {
            let next = at + *share as f64;
            svg.rect(x.at(at), y, x.at(next) - x.at(at), bar, colour);
            at = next;
        }
    }
}

pub fn why(svg: &mut Svg, top: f64, result: &SimulationResult) {
    let keys: Vec<Key> = crate::render::palette::FACTORS
        .iter()
        .map(|(_, l, c)| Key {
            label: l.to_string(),
            colour: c,
            line: false,
        })
        .collect();
    let below = svg.legend(top, &keys);
    let all: Vec<_> = result.strategies.iter().map(why_shares).collect();
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for shares in &all {
        let neg: f64 = shares.iter().map(|(_, v, _)| (*v as f64).min(0.0)).sum();
        let pos: f64 = shares.iter().map(|(_, v, _)| (*v as f64).max(0.0)).sum();
        lo = lo.min(neg);
        hi = hi.max(pos);
    }
    let area = rows_area(svg, below, result);
    let xt = ticks(lo, hi, ((area.right - area.left) / 80.0).clamp(2.0, 10.0) as usize);
    let x = Scale {
        d0: xt[0],
        d1: *xt.last().unwrap_or(&1.0),
        p0: area.left,
        p1: area.right,
    };
    draw_rows(
        svg,
        &area,
        &x,
        &xt,
        "share of the fall in velocity, mean over collapsed runs (%)",
        result,
    );
    let ink = svg.ink;
    let zero = x.at(0.0);
    svg.line(zero, area.top, zero, area.bottom, ink.muted, 1.0);
    let n = result.strategies.len();
    for (i, shares) in all.iter().enumerate() {
        let (y, bar) = row(&area, i, n);
        if shares.is_empty() {
            svg.text(zero + 6.0, y + bar / 2.0 + 4.0, "start", ink.muted, "", "no run collapsed");
            continue;
        }
        let (mut right, mut left) = (0.0f64, 0.0f64);
        for (_, v, colour) in shares {
            let v = *v as f64;
            if v >= 0.0 {
                svg.rect(x.at(right), y, x.at(right + v) - x.at(right), bar, colour);
                right += v;
            } else {
                svg.rect(x.at(left + v), y, x.at(left) - x.at(left + v), bar, colour);
                left += v;
            }
        }
    }
}
