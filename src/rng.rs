//! Random streams and the shocks of one run.
//!
//! A run's draws are a pure function of (seed, run index, purpose), and every
//! strategy of a run reads the same exogenous draws (common random numbers).
//! Every draw comes from a `rand_distr` distribution that is built and
//! validated once per scenario ([`Draws::new`]), so drawing cannot fail.
//!
//! Same bits everywhere: `rand_distr` computes `exp`, `ln` and `powf` through
//! `num-traits`, which uses `libm` in the CLI and in wasm but the platform's
//! maths library in test builds (a dev-dependency switches `num-traits/std`
//! on). So the lognormals and the Pareto tail are formed here from
//! `rand_distr`'s `Normal` and `Exp1` with an explicit `libm::exp`: the
//! tests, the CLI and the browser then see the same floats, which
//! `tests/golden/draws.json` pins natively and in wasm.

use crate::error::InputError;
use crate::fastmath;
use crate::params::{Params, Uncertainty, PARAM_SPECS};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, SeedableRng};
use rand_distr::{Bernoulli, Distribution, Exp1, Normal, Open01, StandardNormal, Triangular, Uniform};

/// What a stream is for; each purpose has its own independent stream.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    Velocity = 1,
    Adoption = 2,
    Hiring = 3,
    Incidents = 4,
    Rewrite = 5,
    Pivot = 6,
    Funding = 7,
    Fit = 8,
    /// The run's uncertain parameters (one value per parameter, shared by every strategy).
    Params = 9,
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

/// How many rewrites per run have their own overrun draw; later rewrites
/// reuse them cyclically.
pub const REWRITE_DRAWS: usize = 8;

/// A lognormal, `exp(N(mu, sigma))`, exponentiated with `libm`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal(Normal<f64>);

impl LogNormal {
    fn new(field: &str, mu: f64, sigma: f64) -> Result<LogNormal, InputError> {
        Normal::new(mu, sigma)
            .map(LogNormal)
            .map_err(|_| InputError::new(field, sigma, "a finite spread of 0 or more"))
    }

    /// A mean-one lognormal: `exp(sigma·Z − sigma²/2)`.
    fn mean_one(field: &str, sigma: f64) -> Result<LogNormal, InputError> {
        LogNormal::new(field, -0.5 * sigma * sigma, sigma)
    }
}

impl Distribution<f64> for LogNormal {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        libm::exp(self.0.sample(rng))
    }
}

/// A Pareto with `scale` and `shape`: `scale·exp(E / shape)` for a standard
/// exponential `E`, exponentiated with `libm`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pareto {
    scale: f64,
    inv_shape: f64,
}

impl Pareto {
    fn new(scale: f64, shape: f64) -> Result<Pareto, InputError> {
        if scale.is_finite() && scale > 0.0 && shape.is_finite() && shape > 0.0 {
            Ok(Pareto {
                scale,
                inv_shape: 1.0 / shape,
            })
        } else {
            Err(InputError::new("params.rewrite_tail_shape", shape, "a positive shape and scale"))
        }
    }
}

impl Distribution<f64> for Pareto {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let e: f64 = Exp1.sample(rng);
        self.scale * libm::exp(e * self.inv_shape)
    }
}

/// Every distribution the model draws from, built once per scenario from its
/// parameters. After construction sampling cannot fail.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draws {
    /// Weekly multiplier of new adoption (mean one).
    pub adoption: LogNormal,
    /// Weekly multiplier of hiring success (mean one).
    pub hiring: LogNormal,
    /// Whether a rewrite's overrun comes from the power-law tail.
    pub rewrite_in_tail: Bernoulli,
    /// The body of rewrite overruns: most rewrites overrun modestly.
    pub rewrite_body: LogNormal,
    /// The tail of rewrite overruns: a Pareto ("black swan") above its scale.
    pub rewrite_tail: Pareto,
    /// The run's learning needed for product-market fit, × the preset's median.
    pub fit_luck: LogNormal,
}

impl Draws {
    /// Builds every distribution; a parameter no distribution accepts is
    /// named in the error (validated ranges never reach one).
    pub fn new(p: &Params) -> Result<Draws, InputError> {
        Ok(Draws {
            adoption: LogNormal::mean_one("params.user_noise", p.user_noise)?,
            hiring: LogNormal::mean_one("params.hiring_noise", p.hiring_noise)?,
            rewrite_in_tail: Bernoulli::new(p.rewrite_tail_share)
                .map_err(|_| InputError::new("params.rewrite_tail_share", p.rewrite_tail_share, "a share from 0 to 1"))?,
            rewrite_body: LogNormal::new(
                "params.rewrite_overrun_sigma",
                libm::log(p.rewrite_overrun_median),
                p.rewrite_overrun_sigma,
            )?,
            rewrite_tail: Pareto::new(p.rewrite_tail_scale, p.rewrite_tail_shape)?,
            fit_luck: LogNormal::new("params.fit_uncertainty", 0.0, p.fit_uncertainty)?,
        })
    }
}

/// How one parameter is drawn in a run.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ParamDist {
    /// Fixed at the scenario's value.
    Fixed,
    Triangular(Triangular<f64>),
    /// `exp` of a uniform on the logs of the range's ends.
    LogUniform(Uniform<f64>),
}

/// The distributions of a scenario's uncertain parameters, built once per
/// scenario around its values (catalogue order). A run's parameter set is a
/// pure function of (seed, run): each parameter has its own generator,
/// seeded from the run's `Params` stream, so fixing one parameter never
/// moves the draws of another.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamDraws {
    dists: Vec<ParamDist>,
}

impl ParamDraws {
    /// The distributions around `base`; parameters with `fixed[i]` set, with
    /// a `Fixed` uncertainty or with a range of one point keep their value.
    pub fn new(base: &Params, fixed: &[bool]) -> ParamDraws {
        let dists = PARAM_SPECS
            .iter()
            .enumerate()
            .map(|(i, spec)| {
                let value = base.get(spec.name).unwrap_or(0.0);
                let (low, high) = spec.plausible(value);
                if fixed.get(i).copied().unwrap_or(true) || low.partial_cmp(&high) != Some(std::cmp::Ordering::Less) {
                    return ParamDist::Fixed;
                }
                let dist = match spec.uncertainty {
                    Uncertainty::Fixed => None,
                    Uncertainty::Triangular { .. } => Triangular::new(low, high, value.clamp(low, high)).ok().map(ParamDist::Triangular),
                    Uncertainty::LogUniform { .. } if low > 0.0 => {
                        Uniform::new(libm::log(low), libm::log(high)).ok().map(ParamDist::LogUniform)
                    }
                    Uncertainty::LogUniform { .. } => None,
                };
                dist.unwrap_or(ParamDist::Fixed)
            })
            .collect();
        ParamDraws { dists }
    }

    /// Whether the parameter at catalogue index `i` is drawn.
    pub fn is_uncertain(&self, i: usize) -> bool {
        !matches!(self.dists.get(i), Some(ParamDist::Fixed) | None)
    }

    /// Run `run`'s parameter set: `base` with every uncertain parameter drawn.
    pub fn draw(&self, base: &Params, seed: u64, run: u64) -> Params {
        let mut values = base.to_array();
        let mut seeds = stream(seed, run, Purpose::Params);
        for ((spec, dist), slot) in PARAM_SPECS.iter().zip(&self.dists).zip(&mut values) {
            let mut rng = Xoshiro256PlusPlus::seed_from_u64(seeds.next_u64());
            let x = match dist {
                ParamDist::Fixed => continue,
                ParamDist::Triangular(t) => t.sample(&mut rng),
                ParamDist::LogUniform(u) => libm::exp(u.sample(&mut rng)),
            };
            // Rounding at the ends never leaves the allowed range.
            *slot = x.clamp(spec.min, spec.max);
        }
        Params::from_array(values)
    }
}

/// Fills `buf` with `n` draws of `dist` from `rng`.
fn fill<D: Distribution<f64>>(buf: &mut Vec<f64>, dist: &D, rng: &mut Xoshiro256PlusPlus, n: usize) {
    buf.clear();
    buf.extend((0..n).map(|_| dist.sample(rng)));
}

/// The exogenous shocks of one run, week by week, shared by every strategy.
#[derive(Debug, Clone, Default)]
pub struct Exogenous {
    /// Standard normal, scales the week's delivered work (its spread depends
    /// on the strategy's debt, so the multiplier is formed in the step).
    pub velocity: Vec<f64>,
    /// Mean-one lognormal multiplier of the week's new adoption.
    pub adoption: Vec<f64>,
    /// Mean-one lognormal multiplier of the week's hiring success.
    pub hiring: Vec<f64>,
    /// Uniform on (0, 1), turned into the week's incident count.
    pub incidents: Vec<f64>,
    /// `ln` of each `incidents` draw.
    pub incidents_ln: Vec<f64>,
    /// Uniform on (0, 1): a pivot happens in a week whose draw is below that week's hazard.
    pub pivot: Vec<f64>,
    /// Uniform on (0, 1): a round closes in a week whose draw is below that week's chance.
    pub funding: Vec<f64>,
    /// The overrun factor of the k-th rewrite (× its estimated scope).
    pub rewrite: [f64; REWRITE_DRAWS],
    /// How much learning this run's market needs before fit, × the median.
    pub fit_luck: f64,
}

/// One week's shocks of one run: the weekly draws of an [`Exogenous`],
/// side by side.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WeekShocks {
    pub velocity: f64,
    pub adoption: f64,
    pub hiring: f64,
    pub incidents: f64,
    pub incidents_ln: f64,
    pub pivot: f64,
    pub funding: f64,
}

impl Exogenous {
    /// The shocks of week `week` (0-based).
    #[inline]
    pub fn week(&self, week: usize) -> WeekShocks {
        WeekShocks {
            velocity: self.velocity[week],
            adoption: self.adoption[week],
            hiring: self.hiring[week],
            incidents: self.incidents[week],
            incidents_ln: self.incidents_ln[week],
            pivot: self.pivot[week],
            funding: self.funding[week],
        }
    }

    /// Draws run `run`'s shocks for `weeks` weeks into `self`, reusing its buffers.
    pub fn draw(&mut self, seed: u64, run: u64, weeks: usize, d: &Draws) {
        fill(
            &mut self.velocity,
            &StandardNormal,
            &mut stream(seed, run, Purpose::Velocity),
            weeks,
        );
        // The lognormals' normal draws first, then their exponentials in
        // one loop (`LogNormal::sample`'s numbers, vectorised).
        fill(&mut self.adoption, &d.adoption.0, &mut stream(seed, run, Purpose::Adoption), weeks);
        fastmath::libm_exp_all(&mut self.adoption);
        fill(&mut self.hiring, &d.hiring.0, &mut stream(seed, run, Purpose::Hiring), weeks);
        fastmath::libm_exp_all(&mut self.hiring);
        fill(&mut self.incidents, &Open01, &mut stream(seed, run, Purpose::Incidents), weeks);
        self.incidents_ln.clear();
        self.incidents_ln.extend_from_slice(&self.incidents);
        fastmath::libm_ln_all(&mut self.incidents_ln);
        fill(&mut self.pivot, &Open01, &mut stream(seed, run, Purpose::Pivot), weeks);
        fill(&mut self.funding, &Open01, &mut stream(seed, run, Purpose::Funding), weeks);
        let mut rng = stream(seed, run, Purpose::Rewrite);
        for overrun in &mut self.rewrite {
            *overrun = if d.rewrite_in_tail.sample(&mut rng) {
                d.rewrite_tail.sample(&mut rng)
            } else {
                d.rewrite_body.sample(&mut rng)
            };
        }
        self.fit_luck = d.fit_luck.sample(&mut stream(seed, run, Purpose::Fit));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_depend_on_seed_run_and_purpose_only() {
        let a = stream(7, 3, Purpose::Velocity).random::<u64>();
        assert_eq!(a, stream(7, 3, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(7, 4, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(8, 3, Purpose::Velocity).random::<u64>());
        assert_ne!(a, stream(7, 3, Purpose::Hiring).random::<u64>());
    }

    #[test]
    fn rewrite_overruns_mix_a_modest_body_with_a_power_law_tail() {
        let p = Params::defaults();
        let d = Draws::new(&p).unwrap();
        let mut exo = Exogenous::default();
        let mut all = Vec::new();
        for run in 0..4000 {
            exo.draw(1, run, 1, &d);
            all.extend_from_slice(&exo.rewrite);
        }
        let n = all.len() as f64;
        // Beyond 2× only the tail reaches: share × (scale / 2)^alpha ≈ 0.032.
        let beyond_2 = all.iter().filter(|&&x| x > 2.0).count() as f64 / n;
        let expect = p.rewrite_tail_share * libm::pow(p.rewrite_tail_scale / 2.0, p.rewrite_tail_shape);
        assert!((beyond_2 - expect).abs() < 0.006, "share beyond 2×: {beyond_2} vs {expect}");
        // Mean: 5/6 × the body's mean + 1/6 × the tail's mean (1.75).
        let body = p.rewrite_overrun_median * libm::exp(0.5 * p.rewrite_overrun_sigma * p.rewrite_overrun_sigma);
        let tail = p.rewrite_tail_shape * p.rewrite_tail_scale / (p.rewrite_tail_shape - 1.0);
        let expect = (1.0 - p.rewrite_tail_share) * body + p.rewrite_tail_share * tail;
        let mean = all.iter().sum::<f64>() / n;
        assert!((mean - expect).abs() < 0.015, "mean overrun {mean} vs {expect}");
    }

    #[test]
    fn parameter_draws_follow_their_distributions_within_the_plausible_range() {
        let base = Params::defaults();
        let d = ParamDraws::new(&base, &[false; crate::params::PARAM_COUNT]);
        let n = 20_000;
        let draws: Vec<Params> = (0..n).map(|run| d.draw(&base, 5, run)).collect();
        // Triangular 0.5×–1.5× around 0.5: mean (0.25 + 0.75 + 0.5) / 3 = 0.5, within range.
        let half: Vec<f64> = draws.iter().map(|p| p.debt_half_ratio).collect();
        assert!(half.iter().all(|&x| (0.25..=0.75).contains(&x)));
        let mean = half.iter().sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.003, "{mean}");
        // Log-uniform ÷2…×2 around 2500: median 2500, a quarter below 2500/√2.
        let size: Vec<f64> = draws.iter().map(|p| p.size_scale).collect();
        assert!(size.iter().all(|&x| (1250.0..=5000.0).contains(&x)));
        let below = size.iter().filter(|&&x| x < 2500.0 / std::f64::consts::SQRT_2).count() as f64 / n as f64;
        assert!((below - 0.25).abs() < 0.015, "{below}");
        // Choices stay put, and a draw is a pure function of (seed, run).
        assert!(draws
            .iter()
            .all(|p| p.initial_cash == base.initial_cash && p.productivity == base.productivity));
        assert_eq!(d.draw(&base, 5, 7), draws[7]);
        assert_ne!(d.draw(&base, 6, 7), draws[7]);
        // Fixing one parameter leaves every other parameter's draw as it was.
        let mut fixed = [false; crate::params::PARAM_COUNT];
        fixed[crate::params::PARAM_SPECS.iter().position(|s| s.name == "debt_half_ratio").unwrap()] = true;
        let other = ParamDraws::new(&base, &fixed).draw(&base, 5, 7);
        assert_eq!(other.debt_half_ratio, base.debt_half_ratio);
        assert_eq!(other.size_scale, draws[7].size_scale);
        assert_eq!(other.ramp_up_weeks, draws[7].ramp_up_weeks);
    }

    #[test]
    fn mean_one_multipliers_have_mean_one() {
        let mut p = Params::defaults();
        p.user_noise = 0.5;
        let d = Draws::new(&p).unwrap();
        let mut exo = Exogenous::default();
        exo.draw(3, 0, 100_000, &d);
        let mean = exo.adoption.iter().sum::<f64>() / exo.adoption.len() as f64;
        // sd of the mean: sqrt(e^0.25 − 1)/sqrt(1e5) ≈ 0.0017; 4 sigma.
        assert!((mean - 1.0).abs() < 0.007, "{mean}");
        let z = &exo.velocity;
        let zm = z.iter().sum::<f64>() / z.len() as f64;
        let var = z.iter().map(|x| (x - zm) * (x - zm)).sum::<f64>() / z.len() as f64;
        assert!(zm.abs() < 0.013 && (var - 1.0).abs() < 0.02, "{zm} {var}");
    }
}
