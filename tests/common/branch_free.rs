//! The branch-free `exp`, `ln` and `pow` of the week-start pass (`*_lane`)
//! against the scalar forms, bit for bit, on every kind of input: shared by
//! the native integration tests and the wasm tests, since the two targets
//! round differently inside `exp_lane` (a rounding trick natively,
//! `f64.trunc` in wasm).

use velocity_cliff::fastmath::{exp, exp_lane, ln, ln_lane, pow, pow_lane};

/// The model's ranges, the edges of each branch, subnormals, infinities,
/// NaN, every point where `exp`'s rounding of `x·log2(e) ± ½` to a whole
/// number changes (and the values beside it), and a sweep of bit patterns.
pub fn probes() -> Vec<f64> {
    let mut xs = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        0.7,
        -0.7,
        2.0,
        1e-310,
        5e-324,
        f64::MIN_POSITIVE,
        1e-300,
        -1e-300,
        708.0,
        -708.0,
        709.0,
        -709.0,
        709.5,
        -708.5,
        1e6,
        -1e6,
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        std::f64::consts::SQRT_2,
        std::f64::consts::SQRT_2 * 0.5,
        0.3465735902799726,
    ];
    for k in -1100..=1100 {
        let x = k as f64 * 0.5 / std::f64::consts::LOG2_E;
        xs.extend([x, f64::from_bits(x.to_bits() + 1), f64::from_bits(x.to_bits().wrapping_sub(1))]);
    }
    let mut bits: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..200_000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        xs.push(f64::from_bits(bits));
        xs.push((bits >> 11) as f64 / (1u64 << 53) as f64 * 1500.0 - 750.0);
        xs.push((bits >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0);
    }
    xs
}

fn same(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// Panics at the first input where a branch-free form and its scalar form differ.
pub fn check() {
    let xs = probes();
    for &x in &xs {
        assert!(same(exp_lane(x), exp(x)), "exp({x:e}): {} vs {}", exp_lane(x), exp(x));
        assert!(same(ln_lane(x), ln(x)), "ln({x:e}): {} vs {}", ln_lane(x), ln(x));
    }
    for (i, &x) in xs.iter().enumerate().step_by(7) {
        let x = x.abs();
        for y in [0.0, 0.5, -0.5, 2.0, 1.7, -1.3, xs[(i * 31) % xs.len()]] {
            assert!(same(pow_lane(x, y), pow(x, y)), "pow({x:e}, {y:e})");
        }
    }
}
