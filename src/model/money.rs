//! Money: revenue, burn, runway and funding rounds. A run is a company, and
//! it can run out of cash before, or instead of, its velocity collapsing.

use crate::fastmath;
use std::sync::OnceLock;

/// Weeks in a month (52 / 12).
pub const WEEKS_PER_MONTH: f64 = 52.0 / 12.0;
/// Runway reported for a company that earns more than it spends, months.
pub const MAX_RUNWAY_MONTHS: f64 = 120.0;

/// Months until the cash is gone at this week's net burn.
#[inline]
pub fn runway_months(cash: f64, revenue: f64, burn: f64) -> f64 {
    let net = burn - revenue;
    if net <= 0.0 {
        MAX_RUNWAY_MONTHS
    } else {
        fastmath::min(cash / net / WEEKS_PER_MONTH, MAX_RUNWAY_MONTHS)
    }
}

/// The largest headcount whose burn still leaves `min_months` of runway:
/// solves `cash / (heads·cost + fixed − revenue) = min_months`.
#[inline]
pub fn affordable_heads(cash: f64, revenue: f64, fixed_burn: f64, cost_per_head: f64, min_months: f64) -> f64 {
    let max_burn = revenue + cash / (fastmath::max(min_months, 0.25) * WEEKS_PER_MONTH);
    fastmath::max((max_burn - fixed_burn) / cost_per_head, 0.0)
}

/// How strongly investors see traction, 0 to 1: revenue growth over the last
/// quarter against the target, and a quarter of that before product-market fit.
#[inline]
pub fn traction(revenue: f64, revenue_quarter_ago: f64, target_growth: f64, fit: bool) -> f64 {
    let growth = if revenue_quarter_ago > 0.0 {
        revenue / revenue_quarter_ago - 1.0
    } else if revenue > 0.0 {
        target_growth
    } else {
        0.0
    };
    let t = (growth / target_growth).clamp(0.0, 1.0);
    if fit {
        t
    } else {
        0.25 * t
    }
}

/// Chance that a round closes this week while raising: the base chance ×
/// traction, halving every two years since the last round (investors ask
/// why a company went so long without one).
#[inline]
pub fn round_chance(base: f64, traction: f64, weeks_since_round: u32) -> f64 {
    base * traction * investor_patience(weeks_since_round)
}

/// Longest horizon the table of [`investor_patience`] covers, weeks (the
/// scenario's largest): the weeks since a round never exceed the horizon.
const PATIENCE_WEEKS: usize = 1040;

/// `2^(−weeks / 104)`, read from a table computed once with `libm::exp2`
/// (the same bits as computing it each week).
#[inline]
fn investor_patience(weeks: u32) -> f64 {
    static TABLE: OnceLock<[f64; PATIENCE_WEEKS + 1]> = OnceLock::new();
    let table = TABLE.get_or_init(|| std::array::from_fn(|w| patience(w as u32)));
    match table.get(weeks as usize) {
        Some(&x) => x,
        None => patience(weeks),
    }
}

fn patience(weeks: u32) -> f64 {
    libm::exp2(-(weeks as f64) / 104.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runway_is_cash_over_net_burn() {
        assert!((runway_months(130_000.0, 0.0, 10_000.0) - 3.0).abs() < 1e-12);
        assert_eq!(runway_months(1.0, 20.0, 10.0), MAX_RUNWAY_MONTHS);
    }

    #[test]
    fn affordable_heads_keep_the_runway() {
        let heads = affordable_heads(1_000_000.0, 5_000.0, 1_000.0, 5_000.0, 12.0);
        let burn = heads * 5_000.0 + 1_000.0;
        assert!((runway_months(1_000_000.0, 5_000.0, burn) - 12.0).abs() < 1e-9);
        assert_eq!(affordable_heads(0.0, 0.0, 1_000.0, 5_000.0, 12.0), 0.0);
    }

    #[test]
    fn traction_rises_with_growth_and_fit() {
        assert_eq!(traction(130.0, 100.0, 0.3, true), 1.0);
        assert!((traction(115.0, 100.0, 0.3, true) - 0.5).abs() < 1e-12);
        assert!((traction(115.0, 100.0, 0.3, false) - 0.125).abs() < 1e-12);
        assert_eq!(traction(90.0, 100.0, 0.3, true), 0.0);
        assert!(round_chance(0.06, 1.0, 104) < round_chance(0.06, 1.0, 0));
    }

    #[test]
    fn the_patience_table_is_the_formula() {
        for w in [0, 1, 13, 104, 777, 1040, 1041, 5000] {
            assert_eq!(investor_patience(w).to_bits(), patience(w).to_bits(), "{w}");
        }
        assert_eq!(investor_patience(104), 0.5);
    }
}
