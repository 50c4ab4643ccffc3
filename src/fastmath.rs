//! exp and ln built from IEEE-754 additions, multiplications and divisions
//! only, so they give bit-identical results on every platform (x86-64 and
//! wasm32 alike) and are cheap enough for the weekly hot loop.
//!
//! Accuracy: relative error below 1e-12 over the ranges the model uses
//! (checked against libm in the tests below); results are deterministic, not
//! correctly rounded.

const LOG2_E: f64 = core::f64::consts::LOG2_E;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^11 (Cody–Waite).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const LN_2: f64 = core::f64::consts::LN_2;
const SQRT_2: f64 = core::f64::consts::SQRT_2;

/// The larger of `x` and `y`: `y` when `x` is NaN or less than `y`, else
/// `x` (so a NaN `y` gives `x`, and max(−0, +0) is −0). That is the choice
/// `f64::max` makes on x86-64 (`maxsd` and a NaN select), written out so it
/// is the same on every target and inlines as a compare and select in wasm,
/// where `f64::max` is a call to the `fmax` builtin: with `fmin`, 8 % of a
/// simulation's time in wasm before.
#[inline(always)]
pub fn max(x: f64, y: f64) -> f64 {
    if x.is_nan() || x < y {
        y
    } else {
        x
    }
}

/// The smaller of `x` and `y`: `y` when `x` is NaN or greater than `y`,
/// else `x` (min(+0, −0) is +0), as `f64::min` on x86-64; see [`max`].
#[inline(always)]
pub fn min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y < x {
        y
    } else {
        x
    }
}

/// e^x. Returns 0 below -708 and +∞ above 709; NaN stays NaN.
#[inline]
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < -708.0 {
        return 0.0;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    // Round to nearest by truncating casts (exact, and no libm call).
    let t = x * LOG2_E;
    let k = if t >= 0.0 { (t + 0.5) as i64 } else { (t - 0.5) as i64 } as f64;
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    exp_reduced(r) * scale
}

/// e^r for the reduced argument |r| <= 0.35: its Taylor series to degree 11
/// (the next term is below 1e-12), evaluated by Estrin's scheme (short
/// dependency chains). Shared by [`exp`] and [`exp_lane`].
#[inline(always)]
fn exp_reduced(r: f64) -> f64 {
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let a = (1.0 + r) + r2 * (1.0 / 2.0 + r * (1.0 / 6.0));
    let b = (1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0 + r * (1.0 / 5040.0));
    let c = (1.0 / 40320.0 + r * (1.0 / 362_880.0)) + r2 * (1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0));
    a + r4 * b + r8 * c
}

/// Natural logarithm. Returns -∞ at 0 and NaN below 0.
#[inline]
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut bits, mut exponent_bias) = (x.to_bits(), 0i64);
    if x < f64::MIN_POSITIVE {
        bits = (x * 18_014_398_509_481_984.0).to_bits(); // × 2^54
        exponent_bias = 54;
    }
    let mut e = ((bits >> 52) & 0x7ff) as i64 - 1023 - exponent_bias;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m > SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    e as f64 * LN_2 + ln_mantissa(m)
}

/// ln m for the mantissa m in [√2/2, √2]: 2 atanh(f), f = (m-1)/(m+1),
/// |f| <= 0.1716, by its series to f^17. Shared by [`ln`] and [`ln_lane`].
#[inline(always)]
fn ln_mantissa(m: f64) -> f64 {
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let s2 = s * s;
    let s4 = s2 * s2;
    let series = ((1.0 + s * (1.0 / 3.0)) + s2 * (1.0 / 5.0 + s * (1.0 / 7.0)))
        + s4 * ((1.0 / 9.0 + s * (1.0 / 11.0)) + s2 * (1.0 / 13.0 + s * (1.0 / 15.0)))
        + s4 * s4 * (1.0 / 17.0);
    2.0 * f * series
}

/// x^y for x >= 0 (0^y = 0 for y > 0, x^0 = 1).
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    if y == 0.0 {
        1.0
    } else if x == 0.0 {
        0.0
    } else {
        exp(y * ln(x))
    }
}

/// [`pow`] as a loop over a batch's runs computes it: [`pow_lane`] where
/// that loop vectorises (x86-64, two or four lanes at once; wasm built with
/// `simd128`, two); the branching form elsewhere (wasm without SIMD), where
/// a predictable branch costs less than the masks of the branch-free one.
/// The same bits either way.
#[inline(always)]
pub fn pow_batch(x: f64, y: f64) -> f64 {
    #[cfg(any(target_arch = "x86_64", target_feature = "simd128"))]
    return pow_lane(x, y);
    #[cfg(not(any(target_arch = "x86_64", target_feature = "simd128")))]
    return pow(x, y);
}

/// [`exp`] as a loop over a batch's runs computes it (see [`pow_batch`]).
#[inline(always)]
pub fn exp_batch(x: f64) -> f64 {
    #[cfg(any(target_arch = "x86_64", target_feature = "simd128"))]
    return exp_lane(x);
    #[cfg(not(any(target_arch = "x86_64", target_feature = "simd128")))]
    return exp(x);
}

/// 1.5 × 2^52: adding and subtracting it rounds |v| < 2^51 to the nearest
/// integer (ties to even), exactly.
#[cfg(not(target_arch = "wasm32"))]
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;
/// 2^52: a non-negative integer n < 2^52 is the low mantissa bits of 2^52 + n.
const INT_MAGIC: f64 = 4_503_599_627_370_496.0;

/// `if c { a } else { b }`, as a bit mask, so a loop of them vectorises.
#[inline(always)]
pub fn select(c: bool, a: f64, b: f64) -> f64 {
    let m = (c as u64).wrapping_neg();
    f64::from_bits((a.to_bits() & m) | (b.to_bits() & !m))
}

/// `v as i64 as f64` (truncation towards zero) for |v| < 2^51, without a
/// conversion instruction (a 64-bit one has no vector form before AVX-512)
/// or a rounding one (SSE2, the native baseline, has none). wasm has both
/// forms of `f64.trunc` (`f64x2.trunc` too), so [`exp_lane`] uses it there:
/// the same value, but −0 rather than +0 for −1 < v < 0; `exp_lane` then
/// has x < 0 and computes x − (−0)·c = x and −0 + c = c: the same bits.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
fn trunc_small(v: f64) -> f64 {
    let r = (v + ROUND_MAGIC) - ROUND_MAGIC;
    let down = select(v >= 0.0 && r > v, 1.0, 0.0);
    let up = select(v < 0.0 && r < v, 1.0, 0.0);
    r - down + up
}

/// [`exp`] without branches: the same bits for every input. Every step is
/// an IEEE operation, a comparison or a bit mask, so a loop over
/// independent values of it vectorises (SSE2, wasm `simd128`).
#[inline(always)]
pub fn exp_lane(x: f64) -> f64 {
    let t = x * LOG2_E;
    // Rounded half away from zero by truncating (as `exp` does).
    #[cfg(target_arch = "wasm32")]
    let k = (t + select(t >= 0.0, 0.5, -0.5)).trunc();
    #[cfg(not(target_arch = "wasm32"))]
    let k = trunc_small(t + select(t >= 0.0, 0.5, -0.5));
    let r = (x - k * LN2_HI) - k * LN2_LO;
    let p = exp_reduced(r);
    // 2^k from k + 1023 in the low mantissa bits of 2^52 + k + 1023.
    let scale = f64::from_bits((k + (1023.0 + INT_MAGIC)).to_bits() << 52);
    let y = p * scale;
    let y = select(x > 709.0, f64::INFINITY, y);
    let y = select(x < -708.0, 0.0, y);
    select(x.is_nan(), x, y)
}

/// [`ln`] without branches: the same bits for every input (see [`exp_lane`]).
#[inline(always)]
pub fn ln_lane(x: f64) -> f64 {
    let subnormal = x < f64::MIN_POSITIVE;
    let bits = select(subnormal, x * 18_014_398_509_481_984.0, x).to_bits(); // × 2^54
    let biased = f64::from_bits(((bits >> 52) & 0x7ff) | INT_MAGIC.to_bits()) - INT_MAGIC;
    let e = (biased - 1023.0) - select(subnormal, 54.0, 0.0);
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let big = m > SQRT_2;
    let m = select(big, m * 0.5, m);
    let e = select(big, e + 1.0, e);
    let y = e * LN_2 + ln_mantissa(m);
    let y = select(x.is_infinite(), x, y);
    let y = select(x == 0.0, f64::NEG_INFINITY, y);
    select(x.is_nan() || x < 0.0, f64::NAN, y)
}

/// [`pow`] without branches: the same bits for every input (see [`exp_lane`]).
#[inline(always)]
pub fn pow_lane(x: f64, y: f64) -> f64 {
    let p = exp_lane(y * ln_lane(x));
    select(y == 0.0, 1.0, select(x == 0.0, 0.0, p))
}

/// `libm::exp` (FreeBSD's `e_exp.c`) without branches, for |x| < 700: the
/// same operations in the same order, its cases (|x| beyond 1.5 ln 2,
/// beyond 0.5 ln 2, beyond 2^−28, or less) chosen by masks rather than
/// branches, and its `scalbn` (a multiply by 2^k for the k this range
/// gives) made as in [`exp_lane`]: the same bits as `libm::exp`, in a loop
/// that vectorises. The draws' lognormal shocks use it through
/// [`libm_exp_all`], and `tests/golden/draws.json` pins them.
#[inline(always)]
fn libm_exp_lane(x: f64) -> f64 {
    const INVLN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
    const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
    const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
    const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
    const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
    const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);
    // libm compares the high word of |x|; for |x| ≥ 0 the bits order as
    // the values do, so each test is a comparison of |x| with a bound.
    let a = f64::from_bits(x.to_bits() & 0x7fff_ffff_ffff_ffff);
    let far = a >= f64::from_bits(0x3ff0_a2b2_0000_0000); // |x| ≥ 1.5 ln 2
    let mid = a >= f64::from_bits(0x3fd6_2e43_0000_0000); // |x| > 0.5 ln 2
    let tiny = a < f64::from_bits(0x3e30_0001_0000_0000); // |x| ≤ 2^−28
    let negative = x < 0.0;
    #[cfg(target_arch = "wasm32")]
    let k_far = (INVLN2 * x + select(negative, -0.5, 0.5)).trunc();
    #[cfg(not(target_arch = "wasm32"))]
    let k_far = trunc_small(INVLN2 * x + select(negative, -0.5, 0.5));
    let k = select(far, k_far, select(mid, select(negative, -1.0, 1.0), 0.0));
    // At k = 0, hi = x, lo = 0 and the reduced x is x, as libm has them.
    let hi = x - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;
    let xx = r * r;
    let c = r - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    let scale = f64::from_bits((k + (1023.0 + INT_MAGIC)).to_bits() << 52);
    select(tiny, 1.0 + x, y * scale)
}

/// Replaces every value of `xs` with `libm::exp` of it, the same bits: in
/// lanes where every value lies within ±700 (a batch of lognormal shocks
/// always does), by `libm::exp` itself otherwise.
pub fn libm_exp_all(xs: &mut [f64]) {
    map_in_lanes(xs, |x| x.abs() < 700.0, libm_exp_lane, libm::exp);
}

/// `libm::log` (FreeBSD's `e_log.c`) for a positive normal `x`, without
/// branches: the same integer and IEEE operations in the same order (the
/// exponent split off the bits, the mantissa reduced to [√2/2, √2], the
/// exponent made a float as in [`ln_lane`]), so the same bits as
/// `libm::log`, in a loop that vectorises. Used through [`libm_ln_all`].
#[inline(always)]
fn libm_ln_lane(x: f64) -> f64 {
    const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    let ui = x.to_bits();
    // The high word plus 1 − √2/2's, as libm adds it: its exponent field is k + 1023.
    let hx = (ui >> 32) + (0x3ff0_0000 - 0x3fe6_a09e);
    let biased = f64::from_bits(((hx >> 20) & 0x7ff) | INT_MAGIC.to_bits()) - INT_MAGIC;
    let dk = biased - 1023.0;
    let reduced = f64::from_bits((((hx & 0x000f_ffff) + 0x3fe6_a09e) << 32) | (ui & 0xffff_ffff));
    let f = reduced - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    s * (hfsq + r) + dk * LN2_LO - hfsq + f + dk * LN2_HI
}

/// Replaces every value of `xs` with `libm::log` of it, the same bits: in
/// lanes where every value is a positive normal number (a run's uniform
/// draws always are), by `libm::log` itself otherwise.
pub fn libm_ln_all(xs: &mut [f64]) {
    map_in_lanes(xs, |x| (f64::MIN_POSITIVE..=f64::MAX).contains(&x), libm_ln_lane, libm::log);
}

/// Replaces every value of `xs` with `lane` of it where `inside` holds for
/// all of them (a loop that vectorises; AVX2 chosen at run time natively),
/// with `scalar` of it otherwise.
#[inline(always)]
fn map_in_lanes(xs: &mut [f64], inside: impl Fn(f64) -> bool, lane: impl Fn(f64) -> f64, scalar: impl Fn(f64) -> f64) {
    if !xs.iter().fold(true, |ok, &x| ok & inside(x)) {
        xs.iter_mut().for_each(|x| *x = scalar(*x));
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { map_avx2(xs, lane) };
        return;
    }
    xs.iter_mut().for_each(|x| *x = lane(*x));
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn map_avx2(xs: &mut [f64], lane: impl Fn(f64) -> f64) {
    xs.iter_mut().for_each(|x| *x = lane(*x));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_and_min_choose_as_x86_64_does() {
        let values = [
            f64::NAN,
            f64::NEG_INFINITY,
            -1.5,
            -0.0,
            0.0,
            f64::MIN_POSITIVE / 4.0,
            1.0,
            1.0 + f64::EPSILON,
            f64::INFINITY,
        ];
        for x in values {
            for y in values {
                let (hi, lo) = (max(x, y), min(x, y));
                if x.is_nan() {
                    assert!(hi.to_bits() == y.to_bits() && lo.to_bits() == y.to_bits(), "{x} {y}");
                } else if y.is_nan() {
                    assert!(hi.to_bits() == x.to_bits() && lo.to_bits() == x.to_bits(), "{x} {y}");
                } else {
                    assert!(hi >= x && hi >= y && (hi == x || hi == y), "max({x}, {y}) = {hi}");
                    assert!(lo <= x && lo <= y && (lo == x || lo == y), "min({x}, {y}) = {lo}");
                }
                // The same bits as f64::max and f64::min natively, signed zeros included.
                #[cfg(target_arch = "x86_64")]
                {
                    assert_eq!(hi.to_bits(), x.max(y).to_bits(), "max({x}, {y})");
                    assert_eq!(lo.to_bits(), x.min(y).to_bits(), "min({x}, {y})");
                }
            }
        }
        // Ties of signed zeros keep the first argument.
        assert_eq!(max(-0.0, 0.0).to_bits(), (-0.0f64).to_bits());
        assert_eq!(min(0.0, -0.0).to_bits(), 0.0f64.to_bits());
    }

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn exp_matches_libm() {
        let mut x = -700.0;
        while x < 700.0 {
            assert!(rel(exp(x), libm::exp(x)) < 1e-12, "exp({x})");
            x += 0.377;
        }
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-1000.0), 0.0);
        assert!(exp(1000.0).is_infinite());
    }

    #[test]
    fn ln_matches_libm() {
        for &x in &[1e-310, 1e-300, 1e-9, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300] {
            let want = libm::log(x);
            assert!((ln(x) - want).abs() <= 1e-12 * want.abs().max(1.0), "ln({x})");
        }
        let mut x = 1e-6;
        while x < 1e9 {
            assert!((ln(x) - libm::log(x)).abs() < 1e-12 * libm::log(x).abs().max(1.0));
            x *= 1.0137;
        }
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
    }

    #[test]
    fn pow_matches_libm() {
        for &(x, y) in &[(2.0, 0.5), (1234.5, 0.8), (0.3, 2.0), (7.0, -0.5), (1e6, 0.85)] {
            assert!(rel(pow(x, y), libm::pow(x, y)) < 1e-11, "{x}^{y}");
        }
        assert_eq!(pow(0.0, 0.8), 0.0);
        assert_eq!(pow(5.0, 0.0), 1.0);
    }
}
