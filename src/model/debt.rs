//! Technical debt: inflow from feature work, pressure and contagion; outflow
//! from refactoring; and the convex interest it charges on capacity.

use crate::fastmath;

/// Share of capacity lost to debt interest for a debt ratio (debt / codebase):
/// `x / (1 + x)` with `x = (ratio / half_ratio)^curvature`. Convex at low
/// debt, half the capacity at `half_ratio`, approaching all of it at high debt
/// (Lehman's laws II and VII; calibrated to Besker et al. and Stripe 2018).
///
/// Written for a loop over a batch's runs (`fastmath::pow_batch`: without
/// branches where that vectorises), the same bits as `fastmath::pow`.
#[inline(always)]
pub fn interest_share(ratio: f64, half_ratio: f64, curvature: f64) -> f64 {
    let q = ratio / half_ratio;
    let x = if curvature == 2.0 {
        q * q
    } else {
        fastmath::pow_batch(q, curvature)
    };
    x / (1.0 + x)
}

/// New debt this week: `d_rate · feature_work · (1 + k · pressure) + c · D`.
#[inline]
pub fn inflow(feature_work: f64, debt_per_feature: f64, pressure_debt: f64, pressure: f64, contagion: f64, debt: f64) -> f64 {
    debt_per_feature * feature_work * (1.0 + pressure_debt * pressure) + contagion * debt
}

/// Throughput multiplier from codebase size: `(1 + size / scale)^-exponent`
/// (`1 / sqrt` at the default exponent ½). Written for a loop over a batch's
/// runs, like [`interest_share`].
#[inline(always)]
pub fn size_drag(size: f64, scale: f64, exponent: f64) -> f64 {
    let base = 1.0 + size / scale;
    if exponent == 0.5 {
        1.0 / base.sqrt()
    } else {
        fastmath::pow_batch(base, -exponent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interest_is_convex_and_halves_at_the_half_ratio() {
        assert_eq!(interest_share(0.0, 0.5, 2.0), 0.0);
        assert!((interest_share(0.5, 0.5, 2.0) - 0.5).abs() < 1e-12);
        let (a, b, c) = (
            interest_share(0.1, 0.5, 2.0),
            interest_share(0.2, 0.5, 2.0),
            interest_share(0.3, 0.5, 2.0),
        );
        assert!(b - a < c - b, "convex at low debt");
        // Calibration: a debt ratio of 0.35–0.45 costs 23–42 % of capacity.
        assert!(interest_share(0.35, 0.5, 2.0) > 0.23 && interest_share(0.45, 0.5, 2.0) < 0.46);
        // The general path agrees with the fast path.
        assert!((interest_share(0.3, 0.5, 2.0) - interest_share(0.3, 0.5, 2.000_000_001)).abs() < 1e-8);
    }

    #[test]
    fn pressure_and_contagion_add_debt() {
        let calm = inflow(10.0, 0.2, 1.0, 0.0, 0.0, 100.0);
        assert!((calm - 2.0).abs() < 1e-12);
        assert!(inflow(10.0, 0.2, 1.0, 0.5, 0.0, 100.0) > calm);
        assert!(inflow(10.0, 0.2, 1.0, 0.0, 0.01, 100.0) > calm);
    }

    #[test]
    fn bigger_codebases_are_slower() {
        assert_eq!(size_drag(0.0, 2500.0, 0.5), 1.0);
        assert!(size_drag(5000.0, 2500.0, 0.5) < size_drag(1000.0, 2500.0, 0.5));
        assert!((size_drag(2500.0, 2500.0, 0.5) - size_drag(2500.0, 2500.0, 0.500_000_001)).abs() < 1e-8);
    }
}
