//! The branch-free `exp`, `ln` and `pow` of the week-start pass (`*_lane`)
//! against the scalar forms, and the draws' `libm_exp_all` and
//! `libm_ln_all` against `libm::exp` and `libm::log`, bit for bit, on every
//! kind of input: shared by the native integration tests and the wasm
//! tests, since the two targets round differently inside the lanes (a
//! rounding trick natively, `f64.trunc` in wasm).

use velocity_cliff::fastmath::{exp, exp_lane, libm_exp_all, libm_ln_all, ln, ln_lane, pow, pow_lane};

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
    // libm's cases: |x| at 2^−28, 0.5 ln 2 and 1.5 ln 2 (the high words it
    // compares), and the bound of the lanes, ±700, each with its neighbours.
    let mut edges = Vec::new();
    for bits in [
        0x3e30_0000_ffff_ffffu64,
        0x3e30_0001_0000_0000,
        0x3fd6_2e42_ffff_ffff,
        0x3fd6_2e43_0000_0000,
        0x3ff0_a2b1_ffff_ffff,
        0x3ff0_a2b2_0000_0000,
        700f64.to_bits(),
    ] {
        for b in bits - 2..=bits + 2 {
            edges.extend([f64::from_bits(b), -f64::from_bits(b)]);
        }
    }
    // And low words across the high words at those edges.
    let mut low: u32 = 0x2545_f491;
    for high in [0x3e30_0000u64, 0x3e30_0001, 0x3fd6_2e42, 0x3fd6_2e43, 0x3ff0_a2b1, 0x3ff0_a2b2] {
        for _ in 0..4000 {
            low ^= low << 13;
            low ^= low >> 17;
            low ^= low << 5;
            let x = f64::from_bits(high << 32 | low as u64);
            edges.extend([x, -x]);
        }
    }
    for block in [&edges[..], &xs[..]] {
        for part in block.chunks(61) {
            let mut got = part.to_vec();
            libm_exp_all(&mut got);
            // Only finite values within ±700 in the part, so that the lanes are taken.
            let inside: Vec<f64> = part.iter().copied().filter(|x| x.abs() < 700.0).collect();
            let mut lanes = inside.clone();
            libm_exp_all(&mut lanes);
            for (&x, &a) in part.iter().zip(&got).chain(inside.iter().zip(&lanes)) {
                assert!(same(a, libm::exp(x)), "libm_exp_all({x:e}): {a} vs {}", libm::exp(x));
            }
        }
    }
    // libm's log: the probes (each part with a value outside the lanes'
    // range takes libm's own path), their positive normal values alone (in
    // lanes), and uniforms on (0, 1) as the draws have them.
    let mut uniforms: Vec<f64> = xs
        .iter()
        .map(|x| x.abs())
        .filter(|&x| (f64::MIN_POSITIVE..=f64::MAX).contains(&x))
        .collect();
    let mut bits: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..100_000 {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        uniforms.push(((bits >> 11) as f64 + 0.5) / (1u64 << 53) as f64);
    }
    uniforms.extend([
        1.0,
        f64::MIN_POSITIVE,
        f64::MAX,
        std::f64::consts::SQRT_2,
        std::f64::consts::FRAC_1_SQRT_2,
    ]);
    for block in [&xs[..], &uniforms[..]] {
        for part in block.chunks(61) {
            let mut logs = part.to_vec();
            libm_ln_all(&mut logs);
            for (&x, &a) in part.iter().zip(&logs) {
                assert!(same(a, libm::log(x)), "libm_ln_all({x:e}): {a} vs {}", libm::log(x));
            }
        }
    }
    for (i, &x) in xs.iter().enumerate().step_by(7) {
        let x = x.abs();
        for y in [0.0, 0.5, -0.5, 2.0, 1.7, -1.3, xs[(i * 31) % xs.len()]] {
            assert!(same(pow_lane(x, y), pow(x, y)), "pow({x:e}, {y:e})");
        }
    }
}
