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

/// Counts up to this many incidents are found by [`poisson_inline`].
pub const INLINE_INCIDENTS: usize = 8;

/// [`poisson_from_uniform`] without a branch, for counts up to
/// [`INLINE_INCIDENTS`]: the same products and sums in the same order, all
/// computed, and the count read off how many of the partial sums `u` reaches
/// (the CDF never falls, as every term is at least zero). −1 where the count
/// is larger, or the chance of none underflows to zero: the caller then asks
/// [`poisson_from_uniform`]. A loop over runs vectorises, so a batch counts
/// every run's incidents in its week-start pass, off the step's chain.
#[inline(always)]
pub fn poisson_inline(mean: f64, p0: f64, u: f64, ln_u: f64) -> f64 {
    let mut p = p0;
    let mut cdf = p0;
    let mut k = 1.0;
    for reciprocal in &RECIPROCALS[1..=INLINE_INCIDENTS] {
        p *= mean * reciprocal;
        cdf += p;
        k += fastmath::select(u >= cdf, 1.0, 0.0);
    }
    let zero = mean.is_nan() | (mean <= 0.0) | (ln_u < -mean);
    let beyond = (u >= cdf) | (p0 == 0.0);
    fastmath::select(zero, 0.0, fastmath::select(beyond, -1.0, k))
}

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

    /// The branch-free count is the loop's wherever it gives one, and
    /// leaves the rest to it: means from none to past the underflow of the
    /// chance of none (and NaN, negative, infinite), draws spread over (0, 1)
    /// and draws on each partial sum of the CDF and either side of it.
    #[test]
    fn poisson_inline_gives_the_loop_s_count_or_leaves_it() {
        let mut means = vec![
            f64::NAN,
            -1.0,
            0.0,
            5e-324,
            1e-9,
            0.01,
            0.5,
            1.0,
            2.0,
            3.7,
            8.0,
            12.0,
            40.0,
            744.0,
            746.0,
            1e6,
            f64::INFINITY,
        ];
        means.extend((1..400).map(|i| i as f64 * 0.037));
        let (mut found, mut left) = (0, 0);
        for &mean in &means {
            let p0 = fastmath::exp(-mean);
            let mut us: Vec<f64> = (1..200).map(|i| i as f64 / 200.0).collect();
            // The CDF's partial sums as the loop adds them, and their neighbours.
            let (mut p, mut cdf) = (p0, p0);
            for reciprocal in &RECIPROCALS[1..=INLINE_INCIDENTS + 1] {
                p *= mean * reciprocal;
                cdf += p;
                if cdf > 0.0 && cdf < 1.0 {
                    us.extend([cdf, f64::from_bits(cdf.to_bits() - 1), f64::from_bits(cdf.to_bits() + 1)]);
                }
            }
            if p0 > 0.0 && p0 < 1.0 {
                us.extend([p0, f64::from_bits(p0.to_bits() - 1), f64::from_bits(p0.to_bits() + 1)]);
            }
            for u in us {
                let want = poisson_from_uniform(mean, p0, u, libm::log(u));
                let got = poisson_inline(mean, p0, u, libm::log(u));
                if got < 0.0 {
                    assert_eq!(got, -1.0);
                    assert!(
                        want > INLINE_INCIDENTS as u32 || p0 == 0.0,
                        "mean {mean}, u {u}: {want} left to the loop"
                    );
                    left += 1;
                } else {
                    assert_eq!(got, want as f64, "mean {mean}, u {u}");
                    found += 1;
                }
            }
        }
        assert!(found > 50_000 && left > 1_000, "{found} found, {left} left");
    }

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
