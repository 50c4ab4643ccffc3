//! Team dynamics and Brooks's law: experienced engineers and new hires,
//! ramp-up, training drag, and coordination in a team of teams.

use crate::fastmath;

/// How many teams `n` people form under a split rule: one team up to
/// `split_size`, then `n / split_size` (a continuous count, so capacity has
/// no steps when the next person joins). `split_size == 0` means never split.
#[inline(always)]
pub fn teams(n: f64, split_size: f64) -> f64 {
    // A select rather than a branch (the same value), so a loop over runs vectorises.
    fastmath::select(split_size > 0.0 && n > split_size, n / split_size, 1.0)
}

/// Share of working time left after coordination, for `n` people in `teams`
/// teams: `1 / (1 + c·m² + k·coupling·(teams − 1))`, with `m = n / teams`
/// people per team. Inside a team the Abdel-Hamid curve (`c·m²`); between
/// teams, each coordinates with the others in proportion to their coupling.
/// It is the shape of Gunther's Universal Scalability Law: smooth in
/// headcount, never negative, and without a cap.
#[inline(always)]
pub fn coordination_efficiency(n: f64, teams: f64, c: f64, inter_team: f64, coupling: f64) -> f64 {
    let m = n / teams;
    1.0 / (1.0 + c * m * m + inter_team * coupling * (teams - 1.0))
}

/// Effective heads after ramp-up and training: `w_new·N + w_exp·(E − tau·(N + O))`
/// (Madachy 2008), where `O` are hires still onboarding: they deliver nothing
/// yet but take training. Never below 1 % of the headcount.
#[inline]
pub fn effective_heads(experienced: f64, new_hires: f64, onboarding: f64, w_new: f64, w_exp: f64, tau: f64) -> f64 {
    let heads = w_new * new_hires + w_exp * (experienced - tau * (new_hires + onboarding));
    fastmath::max(heads, 0.01 * (experienced + new_hires + onboarding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capacity(n: f64, split: f64, coupling: f64) -> f64 {
        n * coordination_efficiency(n, teams(n, split), 0.0008, 0.03, coupling)
    }

    #[test]
    fn one_team_follows_the_abdel_hamid_curve() {
        let lost = |n: f64| 1.0 - coordination_efficiency(n, 1.0, 0.0008, 0.03, 0.5);
        assert!((lost(20.0) - 0.242).abs() < 0.001, "{}", lost(20.0));
        assert!(lost(10.0) < 0.08 && lost(30.0) > 0.4);
    }

    #[test]
    fn capacity_is_smooth_in_headcount_from_1_to_200() {
        // No cap, no steps: the change from a tenth of a person is small, and
        // the slope changes little from one tenth to the next (a mild kink
        // where the first split happens, never a jump).
        for (split, coupling) in [(0.0, 0.5), (8.0, 0.5), (8.0, 1.0), (15.0, 0.8)] {
            let mut last_gain: Option<f64> = None;
            for i in 1..2000 {
                let n = i as f64 * 0.1;
                let gain = capacity(n + 0.1, split, coupling) - capacity(n, split, coupling);
                assert!(gain.abs() < 0.12, "split {split}: step at {n}: {gain}");
                if let Some(last) = last_gain {
                    assert!((gain - last).abs() < 0.03, "split {split}: kink at {n}: {last} → {gain}");
                }
                last_gain = Some(gain);
            }
        }
    }

    #[test]
    fn beyond_twenty_people_one_team_adds_little_and_splits_keep_growing() {
        // Stylized fact 3 (emergent from the form): without splits the
        // marginal engineer adds little past ~20 and capacity eventually
        // falls; with splits and modular structure it keeps growing, sublinearly.
        let one = |n| capacity(n, 0.0, 0.5);
        assert!(one(23.0) - one(22.0) < 0.35 * (one(6.0) - one(5.0)));
        assert!(one(120.0) < one(40.0));
        let split = |n| capacity(n, 8.0, 0.3);
        assert!(split(40.0) > one(40.0));
        assert!(split(120.0) > split(40.0) && split(200.0) > split(120.0));
        assert!(split(200.0) < 5.0 * split(40.0), "sublinear");
        // Coupling costs capacity.
        assert!(capacity(80.0, 8.0, 1.0) < capacity(80.0, 8.0, 0.2));
    }

    #[test]
    fn new_hires_cost_experienced_time() {
        let base = effective_heads(8.0, 0.0, 0.0, 0.8, 1.2, 0.25);
        let with_hires = effective_heads(8.0, 4.0, 0.0, 0.8, 1.2, 0.25);
        assert!((with_hires - base - 4.0 * (0.8 - 0.3)).abs() < 1e-12);
        let onboarding = effective_heads(8.0, 0.0, 4.0, 0.8, 1.2, 0.25);
        assert!((base - onboarding - 4.0 * 0.3).abs() < 1e-12);
        assert!(effective_heads(1.0, 0.0, 40.0, 0.8, 1.2, 0.25) > 0.0);
    }
}
