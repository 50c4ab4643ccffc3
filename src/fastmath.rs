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
    // Taylor series of e^r on |r| <= 0.35 to degree 11 (the next term is
    // below 1e-12), evaluated by Estrin's scheme: short dependency chains.
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let a = (1.0 + r) + r2 * (1.0 / 2.0 + r * (1.0 / 6.0));
    let b = (1.0 / 24.0 + r * (1.0 / 120.0)) + r2 * (1.0 / 720.0 + r * (1.0 / 5040.0));
    let c = (1.0 / 40320.0 + r * (1.0 / 362_880.0)) + r2 * (1.0 / 3_628_800.0 + r * (1.0 / 39_916_800.0));
    let p = a + r4 * b + r8 * c;
    let scale = f64::from_bits(((k as i64 + 1023) as u64) << 52);
    p * scale
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
    // ln m = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.1716.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let s2 = s * s;
    let s4 = s2 * s2;
    let series = ((1.0 + s * (1.0 / 3.0)) + s2 * (1.0 / 5.0 + s * (1.0 / 7.0)))
        + s4 * ((1.0 / 9.0 + s * (1.0 / 11.0)) + s2 * (1.0 / 13.0 + s * (1.0 / 15.0)))
        + s4 * s4 * (1.0 / 17.0);
    e as f64 * LN_2 + 2.0 * f * series
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

#[cfg(test)]
mod tests {
    use super::*;

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
