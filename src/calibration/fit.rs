//! The parameters a team's throughput sets: the starting velocity scale
//! (`productivity`), the weekly noise (`noise_base`) and, when the team size
//! is given, the starting team (`initial_engineers`). The scale is found by
//! running the model's first weeks, so this sits in the simulation layer.

use super::Throughput;
use crate::error::{show_number, InputError};
use crate::params::{self, PARAM_SPECS};
use crate::scenario::{Scenario, UncertaintyMode};
use crate::Simulation;
use serde::Serialize;

/// Runs the scale is measured on (weekly shocks only, every parameter at
/// its value), on a seed of its own: the scale depends on the parameters
/// and the observed weeks, never on the scenario's seed or run count.
pub const SCALE_RUNS: u64 = 200;
pub const SCALE_SEED: u64 = 0x00ca_11b2;
/// Rounds of `productivity ← productivity × observed ÷ modelled`.
pub const SCALE_ROUNDS: usize = 8;

/// What a calibration set, and from what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibrated {
    pub weeks: u32,
    pub unit: &'static str,
    /// Mean smoothed work per week observed, at today's team size.
    pub observed_mean: f64,
    /// The weekly noise the weeks show (lognormal sigma).
    pub observed_sigma: f64,
    pub productivity: f64,
    pub noise_base: f64,
    pub initial_engineers: Option<f64>,
    /// The strategy the scale was measured under (the scenario's first).
    pub strategy: String,
    /// One sentence saying what was set, for every front.
    pub text: String,
}

/// Rounds to three significant digits, so the values read as set by hand
/// and a calibration applied twice sets the same numbers.
fn three_digits(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let e = libm::floor(libm::log10(x.abs())) as i32 - 2;
    let k = libm::pow(10.0, e as f64);
    libm::round(x / k) * k
}

fn param_index(name: &str) -> usize {
    PARAM_SPECS.iter().position(|s| s.name == name).expect("catalogue name")
}

/// Mean smoothed velocity of the first strategy over the scale scenario's weeks.
fn modelled_mean(probe: &Scenario) -> f64 {
    let acc = Simulation::new(probe.clone()).run_all();
    let result = crate::SimulationResult::finish(&acc, probe);
    let v = &result.strategies[0].series.velocity.mean;
    v.iter().map(|&x| x as f64).sum::<f64>() / v.len().max(1) as f64
}

/// The scenario with the parameters `t` sets, listed as fixed (values from
/// your data are not drawn), and `t` as its calibration; and what was set.
///
/// - `noise_base` = the observed σ ([`Throughput::noise_sigma`]) minus the
///   extra noise the model adds at the starting debt (`noise_debt` × the
///   starting debt interest), at least 0; refused above 1.
/// - `initial_engineers` = the last week's team size, when given.
/// - `productivity` such that the model's mean smoothed velocity over the
///   observed number of weeks (the first strategy, 200 runs of weekly shocks
///   only) equals the mean of the observed weeks smoothed the same way:
///   from 1, eight rounds of `p ← p × observed ÷ modelled`, three
///   significant digits. Refused outside 0.1–10 (a unit too large or too
///   small for an engineer-week, e.g. story points: count items instead).
///
/// Nothing here reads the scenario's own `productivity`, `noise_base` or
/// seed, so calibrating a calibrated scenario sets the same values.
pub fn calibrate(scenario: &Scenario, t: &Throughput) -> Result<(Scenario, Calibrated), InputError> {
    let mut params = scenario.params;
    if let Some(n) = t.team_today() {
        params.initial_engineers = n;
    }
    let ratio = params.initial_debt / params.initial_codebase.max(20.0);
    let start_interest = crate::model::debt::interest_share(ratio, params.debt_half_ratio, params.debt_curvature);
    let sigma = t.noise_sigma();
    let noise = three_digits((sigma - params.noise_debt * start_interest).max(0.0));
    let noise_spec = params::spec("noise_base").expect("catalogue name");
    if noise > noise_spec.max {
        return Err(InputError::new(
            "calibration",
            format!("weekly noise {} (lognormal sigma)", show_number(three_digits(sigma))),
            format!(
                "weeks whose noise sets noise_base within {}–{}: one row per week, not per day or per person",
                show_number(noise_spec.min),
                show_number(noise_spec.max)
            ),
        ));
    }
    params.noise_base = noise;

    let weeks = t.weeks() as u32;
    let smoothed = t.smoothed(scenario.collapse.smoothing);
    let observed = smoothed.iter().sum::<f64>() / smoothed.len() as f64;
    let spec = params::spec("productivity").expect("catalogue name");
    let mut fixed = scenario.fixed.clone();
    for name in ["productivity", "noise_base"] {
        fixed[param_index(name)] = true;
    }
    if t.team.is_some() {
        fixed[param_index("initial_engineers")] = true;
    }
    let mut probe = Scenario {
        strategies: scenario.strategies[..1].to_vec(),
        seed: SCALE_SEED,
        runs: SCALE_RUNS,
        weeks,
        fixed: fixed.clone(),
        calibration: None,
        ..scenario.clone()
    };
    let mut p = 1.0;
    for _ in 0..SCALE_ROUNDS {
        params.productivity = p;
        probe = probe.with_params(params, UncertaintyMode::Shocks)?;
        let modelled = modelled_mean(&probe);
        if modelled <= 0.0 {
            return Err(InputError::new(
                "calibration",
                format!(
                    "a model that delivers nothing in its first {weeks} weeks under {}",
                    scenario.strategies[0].id
                ),
                "a scenario whose first strategy delivers features in the observed weeks",
            ));
        }
        let next = p * observed / modelled;
        if !(spec.min..=spec.max).contains(&next) {
            return Err(InputError::new(
                "calibration",
                format!("productivity {} per engineer-week", show_number(three_digits(next))),
                format!(
                    "a throughput that sets productivity within {}–{}: count work in a unit one engineer delivers 0.1 to 10 of a week (items rather than story points, or the reverse)",
                    show_number(spec.min),
                    show_number(spec.max)
                ),
            ));
        }
        let done = (next / p - 1.0).abs() < 1e-4;
        p = next;
        if done {
            break;
        }
    }
    params.productivity = three_digits(p);
    let mut calibrated = Scenario {
        fixed,
        calibration: Some(t.clone()),
        ..scenario.clone()
    };
    calibrated = calibrated.with_params(params, scenario.uncertainty)?;
    let unit = t.unit.as_str();
    let team = match t.team_today() {
        Some(n) => format!(", the starting team to {} engineers (the last week's)", show_number(n)),
        None => String::new(),
    };
    let text = format!(
        "From your {weeks} weeks (mean {} {unit} a week smoothed, weekly noise {}): productivity set to {} {unit} per engineer-week so {}'s first {weeks} weeks deliver the same on average, weekly velocity noise to {}{team}.",
        show_number(three_digits(observed)),
        show_number(three_digits(sigma)),
        show_number(params.productivity),
        scenario.strategies[0].id,
        show_number(params.noise_base),
    );
    Ok((
        calibrated,
        Calibrated {
            weeks,
            unit,
            observed_mean: three_digits(observed),
            observed_sigma: three_digits(sigma),
            productivity: params.productivity,
            noise_base: params.noise_base,
            initial_engineers: t.team_today(),
            strategy: scenario.strategies[0].id.clone(),
            text,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Overrides;

    fn weeks(text: &str) -> Throughput {
        Throughput::from_csv(text).unwrap()
    }

    #[test]
    fn three_significant_digits() {
        assert_eq!(three_digits(2.34567), 2.35);
        assert_eq!(three_digits(0.012345), 0.0123);
        assert_eq!(three_digits(123456.0), 123000.0);
    }

    #[test]
    fn the_scale_makes_the_model_deliver_what_the_team_did() {
        let s = Scenario::resolve(None, &Overrides::default()).unwrap();
        let t = weeks("week,delivered,team\n1,9,3\n2,11,3\n3,10,3\n4,12,3\n5,8,3\n6,10,3\n7,11,3\n8,9,3\n");
        let (c, what) = calibrate(&s, &t).unwrap();
        assert_eq!(c.params.productivity, what.productivity);
        assert_eq!(c.params.noise_base, what.noise_base);
        assert_eq!(c.params.initial_engineers, 3.0);
        assert_eq!(c.calibration.as_ref(), Some(&t));
        for name in ["productivity", "noise_base", "initial_engineers"] {
            assert!(c.fixed[param_index(name)], "{name}");
        }
        // The model's mean over the weeks matches the observed mean within 2 %.
        let probe = Scenario {
            strategies: c.strategies[..1].to_vec(),
            seed: SCALE_SEED,
            runs: SCALE_RUNS,
            weeks: t.weeks() as u32,
            ..c.clone()
        }
        .with_params(c.params, UncertaintyMode::Shocks)
        .unwrap();
        let modelled = modelled_mean(&probe);
        assert!(
            (modelled / what.observed_mean - 1.0).abs() < 0.02,
            "{modelled} vs {}",
            what.observed_mean
        );
        // Twice the output needs at least twice the productivity (more
        // shipped work brings more debt and size drag), not wildly more.
        let (_, double) = calibrate(&s, &weeks("18\n22\n20\n24\n16\n20\n22\n18\n")).unwrap();
        let times = double.productivity / what.productivity;
        assert!((1.95..2.5).contains(&times), "{} {}", double.productivity, what.productivity);
        // Calibrating the calibrated scenario sets the same values.
        let (again, _) = calibrate(&c, &t).unwrap();
        assert_eq!(again, c);
        assert!(what.text.contains("productivity set to"), "{}", what.text);
    }

    #[test]
    fn noisier_weeks_set_more_noise_and_out_of_range_scales_are_refused() {
        let s = Scenario::resolve(None, &Overrides::default()).unwrap();
        let (_, calm) = calibrate(&s, &weeks("10\n11\n10\n11\n10\n11\n")).unwrap();
        let (_, wild) = calibrate(&s, &weeks("5\n15\n5\n15\n5\n15\n")).unwrap();
        assert!(wild.noise_base > calm.noise_base, "{} {}", wild.noise_base, calm.noise_base);
        let e = calibrate(&s, &weeks("500\n510\n490\n505\n")).unwrap_err();
        assert_eq!(e.field, "calibration");
        assert!(e.value.starts_with("productivity "), "{e}");
        let e = calibrate(&s, &weeks("1\n100\n1\n100\n1\n100\n")).unwrap_err();
        assert!(e.value.starts_with("weekly noise"), "{e}");
    }
}
