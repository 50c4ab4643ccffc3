//! Infrastructure and incidents: utilisation against capacity, change-induced
//! and load-induced incidents, and the unplanned work they cause.

use crate::fastmath;

/// Expected incidents this week (Poisson mean): change failures from
/// deploys plus the load hazard ([`load_incidents`]).
#[inline]
pub fn expected_incidents(deploys: f64, change_failure_rate: f64, defect_multiplier: f64, load_incidents: f64) -> f64 {
    deploys * change_failure_rate * defect_multiplier + load_incidents
}

/// The load hazard at utilisation `rho`: incidents a week rising as
/// `(rho / (1 − rho))²`. It depends on the week's start alone, so a batch
/// computes it with the week's other such factors (`WeekStart`); written
/// without a branch (the clamp as two selects, the same bits as
/// `f64::clamp`), so that loop vectorises.
#[inline(always)]
pub fn load_incidents(rho: f64, load_rate: f64) -> f64 {
    let rho = clamp_utilisation(rho);
    let pressure = rho / (1.0 - rho);
    load_rate * pressure * pressure
}

/// `rho.clamp(0.0, 0.98)` as selects: NaN stays NaN, −0 stays −0.
#[inline(always)]
pub fn clamp_utilisation(rho: f64) -> f64 {
    let rho = fastmath::select(rho < 0.0, 0.0, rho);
    fastmath::select(rho > 0.98, 0.98, rho)
}

/// Largest incident count in one week.
const MAX_INCIDENTS: u32 = 200;

/// 1/k for k = 0..=MAX_INCIDENTS (entry 0 unused): the inversion loop multiplies.
const RECIPROCALS: [f64; MAX_INCIDENTS as usize + 1] = {
    let mut table = [0.0; MAX_INCIDENTS as usize + 1];
    let mut k = 1;
    while k <= MAX_INCIDENTS as usize {
        table[k] = 1.0 / k as f64;
        k += 1;
    }
    table
};

/// The Poisson count whose CDF first exceeds `u` (inverse transform with one
/// uniform draw, so every strategy reads the same draw); `ln_u` is `ln(u)`,
/// which decides the common zero case, and `p0` is `e^(−mean)`, the chance
/// of none (computed with the week's other start factors, off the step's
/// chain of dependent arithmetic). Capped at 200.
#[inline]
pub fn poisson_from_uniform(mean: f64, p0: f64, u: f64, ln_u: f64) -> u32 {
    if mean.is_nan() || mean <= 0.0 || ln_u < -mean {
        return 0;
    }
    let mut p = p0;
    if p == 0.0 {
        // Means this large (> 700 a week) only arise at absurd settings: use the mean.
        return fastmath::min(mean, MAX_INCIDENTS as f64) as u32;
    }
    let mut cdf = p;
    let mut k = 0u32;
    while k < MAX_INCIDENTS {
        k += 1;
        p *= mean * RECIPROCALS[k as usize];
        cdf += p;
        if u < cdf {
            break;
        }
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_inverse_has_the_right_mean() {
        let n = 100_000;
        let total: u64 = (0..n)
            .map(|i| {
                let u = (i as f64 + 0.5) / n as f64;
                poisson_from_uniform(2.5, fastmath::exp(-2.5), u, libm::log(u)) as u64
            })
            .sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 2.5).abs() < 0.01, "{mean}");
        let at = |mean: f64, u: f64| poisson_from_uniform(mean, fastmath::exp(-mean), u, libm::log(u));
        assert_eq!(at(0.0, 0.99), 0);
        assert!(at(1e6, 0.5) <= 200);
        assert_eq!(at(1.0, 0.2), 0);
        assert_eq!(at(1.0, 0.5), 1);
    }

    #[test]
    fn load_incidents_explode_near_saturation() {
        let at = |rho| expected_incidents(0.0, 0.15, 1.0, load_incidents(rho, 0.02));
        assert!((at(0.5) - 0.02).abs() < 1e-12);
        assert!(at(0.9) > 50.0 * at(0.5));
        assert!(at(3.0).is_finite());
    }

    #[test]
    fn the_clamp_of_utilisation_is_f64_clamp() {
        for rho in [
            f64::NAN,
            f64::NEG_INFINITY,
            -1.0,
            -0.0,
            0.0,
            0.5,
            0.98,
            0.980_000_1,
            3.0,
            f64::INFINITY,
        ] {
            let (a, b) = (clamp_utilisation(rho), rho.clamp(0.0, 0.98));
            assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{rho}");
        }
    }
}
