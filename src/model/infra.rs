//! Infrastructure and incidents: utilisation against capacity, change-induced
//! and load-induced incidents, and the unplanned work they cause.

use crate::fastmath;

/// Expected incidents this week (Poisson mean): change failures from
/// deploys plus a load hazard that rises as `(rho / (1 − rho))²`.
#[inline]
pub fn expected_incidents(deploys: f64, change_failure_rate: f64, defect_multiplier: f64, rho: f64, load_rate: f64) -> f64 {
    let rho = rho.clamp(0.0, 0.98);
    let pressure = rho / (1.0 - rho);
    deploys * change_failure_rate * defect_multiplier + load_rate * pressure * pressure
}

/// The Poisson count whose CDF first exceeds `u` (inverse transform with one
/// uniform draw, so every strategy reads the same draw). Capped at 200.
#[inline]
pub fn poisson_from_uniform(mean: f64, u: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    let mut p = fastmath::exp(-mean);
    if p == 0.0 {
        // Means this large (> 700 a week) only arise at absurd settings: use the mean.
        return mean.min(200.0) as u32;
    }
    let mut cdf = p;
    let mut k = 0u32;
    while u >= cdf && k < 200 {
        k += 1;
        p *= mean / k as f64;
        cdf += p;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_inverse_has_the_right_mean() {
        let n = 100_000;
        let total: u64 = (0..n).map(|i| poisson_from_uniform(2.5, (i as f64 + 0.5) / n as f64) as u64).sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 2.5).abs() < 0.01, "{mean}");
        assert_eq!(poisson_from_uniform(0.0, 0.99), 0);
        assert!(poisson_from_uniform(1e6, 0.5) <= 200);
    }

    #[test]
    fn load_incidents_explode_near_saturation() {
        let at = |rho| expected_incidents(0.0, 0.15, 1.0, rho, 0.02);
        assert!((at(0.5) - 0.02).abs() < 1e-12);
        assert!(at(0.9) > 50.0 * at(0.5));
        assert!(at(3.0).is_finite());
    }
}
