//! Users: Bass diffusion towards a market ceiling that grows with features
//! (with diminishing returns), and churn that rises with incidents, slowness,
//! stalled delivery and feature overload.

use crate::fastmath;

/// New adopters this week, before noise: `(p + q·A/M)·(M − A)`.
#[inline]
pub fn bass_adoption(adopters: f64, market: f64, p_weekly: f64, q_weekly: f64) -> f64 {
    if market <= adopters || market <= 0.0 {
        return 0.0;
    }
    (p_weekly + q_weekly * adopters / market) * (market - adopters)
}

/// The market ceiling after `features` feature points shipped, with
/// diminishing returns: `initial + per_feature · F / (1 + F / saturation)`.
#[inline]
pub fn market_ceiling(initial: f64, per_feature: f64, features: f64, saturation: f64) -> f64 {
    let f = fastmath::max(features, 0.0);
    initial + per_feature * f / (1.0 + f / saturation)
}

/// Extra latency, in multiples of the comfortable baseline, at utilisation
/// `rho` (M/M/1: latency ∝ 1/(1−rho); zero up to rho = 0.5, 1.5 at 0.8, 4 at 0.9).
/// It depends on the week's start alone (see `infra::load_incidents`).
#[inline(always)]
pub fn slowness(rho: f64) -> f64 {
    let rho = crate::model::infra::clamp_utilisation(rho);
    fastmath::max(0.5 / (1.0 - rho) - 1.0, 0.0)
}

/// Converts a monthly rate to a weekly one: `1 − (1 − m)^(12/52)`.
pub fn weekly_from_monthly(monthly: f64) -> f64 {
    1.0 - libm::pow(1.0 - monthly, 12.0 / 52.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bass_adoption_starts_with_innovators_and_stops_at_the_ceiling() {
        assert!((bass_adoption(0.0, 1000.0, 0.01, 0.1) - 10.0).abs() < 1e-12);
        assert!(bass_adoption(500.0, 1000.0, 0.01, 0.1) > bass_adoption(10.0, 1000.0, 0.01, 0.1));
        assert_eq!(bass_adoption(1000.0, 1000.0, 0.01, 0.1), 0.0);
        assert_eq!(bass_adoption(1200.0, 1000.0, 0.01, 0.1), 0.0);
    }

    #[test]
    fn features_grow_the_market_with_diminishing_returns() {
        let m = |f| market_ceiling(100.0, 10.0, f, 150.0);
        assert_eq!(m(0.0), 100.0);
        assert!(m(200.0) - m(100.0) < m(100.0) - m(0.0));
    }

    #[test]
    fn latency_follows_the_queueing_curve() {
        assert_eq!(slowness(0.3), 0.0);
        assert!((slowness(0.8) - 1.5).abs() < 1e-12);
        assert!((slowness(0.9) - 4.0).abs() < 1e-9);
        assert!(slowness(5.0).is_finite());
    }

    #[test]
    fn monthly_churn_converts_to_weekly() {
        let w = weekly_from_monthly(0.03);
        assert!((1.0 - libm::pow(1.0 - w, 52.0 / 12.0) - 0.03).abs() < 1e-12);
    }
}
