//! Random streams: a run's draws are a pure function of (seed, run index,
//! purpose), and every strategy of a run reads the same exogenous draws
//! (common random numbers).

use crate::fastmath;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

/// What a stream is for; each purpose has its own independent stream.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    Velocity = 1,
    Adoption = 2,
    Hiring = 3,
    Incidents = 4,
    Rewrite = 5,
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator for one (seed, run, purpose). The generator is named, not
/// `SmallRng`, so native and wasm32 builds draw the same numbers.
pub fn stream(seed: u64, run: u64, purpose: Purpose) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(mix(mix(seed) ^ run) ^ purpose as u64))
}

/// Two independent standard normal draws (Marsaglia's polar method with the portable ln).
pub fn normal_pair(rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
    loop {
        let u = 2.0 * rng.random::<f64>() - 1.0;
        let v = 2.0 * rng.random::<f64>() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            let factor = (-2.0 * fastmath::ln(s) / s).sqrt();
            return (u * factor, v * factor);
        }
    }
}

/// One standard normal draw.
pub fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    normal_pair(rng).0
}

/// Fills `buf` with `n` standard normal draws, both of each pair used.
fn fill_normals(buf: &mut Vec<f64>, rng: &mut Xoshiro256PlusPlus, n: usize) {
    buf.clear();
    while buf.len() < n {
        let (a, b) = normal_pair(rng);
        buf.push(a);
        if buf.len() < n {
            buf.push(b);
        }
    }
}

/// How many rewrites per run have their own overrun draw; later rewrites
/// reuse them cyclically.
pub const REWRITE_DRAWS: usize = 8;

/// The exogenous shocks of one run, week by week, shared by every strategy.
#[derive(Debug, Clone, Default)]
pub struct Exogenous {
    /// Standard normal, scales the week's delivered work.
    pub velocity: Vec<f64>,
    /// Mean-one lognormal multiplier of the week's new adoption.
    pub adoption: Vec<f64>,
    /// Mean-one lognormal multiplier of the week's hiring success.
    pub hiring: Vec<f64>,
    /// Uniform on (0, 1), turned into the week's incident count.
    pub incidents: Vec<f64>,
    /// `ln` of each `incidents` draw.
    pub incidents_ln: Vec<f64>,
    /// Standard normal, the overrun of the k-th rewrite.
    pub rewrite: [f64; REWRITE_DRAWS],
}

impl Exogenous {
    /// Draws run `run`'s shocks for `weeks` weeks into `self`, reusing its
    /// buffers. Multipliers with a scenario-wide spread (`adoption_sigma`,
    /// `hiring_sigma`) are turned into mean-one lognormals here, once per run
    /// rather than once per strategy.
    pub fn draw(&mut self, seed: u64, run: u64, weeks: usize, adoption_sigma: f64, hiring_sigma: f64) {
        let fill_normal = |buf: &mut Vec<f64>, purpose| fill_normals(buf, &mut stream(seed, run, purpose), weeks);
        fill_normal(&mut self.velocity, Purpose::Velocity);
        fill_normal(&mut self.adoption, Purpose::Adoption);
        fill_normal(&mut self.hiring, Purpose::Hiring);
        let lognormal = |buf: &mut Vec<f64>, sigma: f64| {
            for z in buf.iter_mut() {
                *z = fastmath::exp(sigma * *z - 0.5 * sigma * sigma);
            }
        };
        lognormal(&mut self.adoption, adoption_sigma);
        lognormal(&mut self.hiring, hiring_sigma);
        let mut rng = stream(seed, run, Purpose::Incidents);
        self.incidents.clear();
        // (0, 1): a zero draw is moved to the smallest positive f64 so ln stays finite.
        self.incidents
            .extend((0..weeks).map(|_| rng.random::<f64>().max(f64::MIN_POSITIVE)));
        self.incidents_ln.clear();
        self.incidents_ln.extend(self.incidents.iter().map(|&u| fastmath::ln(u)));
        let mut rng = stream(seed, run, Purpose::Rewrite);
        for z in &mut self.rewrite {
            *z = normal(&mut rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_run_and_purpose_only() {
        let a = stream(7, 3, Purpose::Velocity).random::<u64>();
        assert_eq!(a, stream(7, 3, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(7, 4, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(8, 3, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(7, 3, Purpose::Hiring).random::<u64>());
    }

    #[test]
    fn normal_draws_have_mean_zero_and_unit_variance() {
        let mut rng = stream(1, 0, Purpose::Velocity);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: 0.0022 for the mean, 0.0032 for the variance; 4 sigma.
        assert!(mean.abs() < 0.009, "mean {mean}");
        assert!((var - 1.0).abs() < 0.013, "variance {var}");
    }
}
