//! Team dynamics and Brooks's law: experienced engineers and new hires,
//! ramp-up, training drag and communication overhead with team splits.

/// Share of working time lost to coordination for a headcount `n`.
///
/// Below the split size it is the Abdel-Hamid curve `c·n²`. Once the
/// organisation splits into teams of at most `split_size` people, each team
/// pays `c·size²` inside and the organisation pays `inter_team · coupling`
/// for every pair of teams that must coordinate (`teams·(teams−1)/2`). `split_size == 0` means never split.
/// Capped at 95 %.
#[inline]
pub fn communication_overhead(n: f64, c: f64, split_size: f64, inter_team: f64, coupling: f64) -> f64 {
    let overhead = if split_size > 0.0 && n > split_size {
        let whole = (n / split_size) as u64 as f64;
        let teams = if whole * split_size < n { whole + 1.0 } else { whole };
        let size = n / teams;
        c * size * size + inter_team * coupling * teams * (teams - 1.0) * 0.5
    } else {
        c * n * n
    };
    overhead.min(0.95)
}

/// Productive capacity in feature points per week before debt, size and noise:
/// `P0 · (1 − CO) · (w_new·N + w_exp·(E − tau·(N + O)))` (Madachy 2008), where
/// `O` are hires still onboarding: they deliver nothing yet but take training.
#[inline]
#[allow(clippy::too_many_arguments)] // one argument per symbol of the published formula
pub fn capacity(
    experienced: f64,
    new_hires: f64,
    onboarding: f64,
    productivity: f64,
    w_new: f64,
    w_exp: f64,
    tau: f64,
    overhead: f64,
) -> f64 {
    let effective_heads = w_new * new_hires + w_exp * (experienced - tau * (new_hires + onboarding));
    productivity * (1.0 - overhead) * effective_heads.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overhead_follows_the_abdel_hamid_curve_without_splits() {
        let co = |n| communication_overhead(n, 0.0006, 0.0, 0.03, 0.5);
        assert!((co(10.0) - 0.06).abs() < 1e-12);
        assert!((co(20.0) - 0.24).abs() < 1e-12);
        assert!((co(30.0) - 0.54).abs() < 1e-12);
        assert_eq!(co(100.0), 0.95);
    }

    #[test]
    fn splitting_teams_keeps_overhead_bounded() {
        let split = communication_overhead(40.0, 0.0006, 8.0, 0.01, 0.5);
        assert!(split < 0.2, "{split}");
        // More coupling costs more.
        assert!(communication_overhead(40.0, 0.0006, 8.0, 0.01, 1.0) > split);
    }

    #[test]
    fn beyond_twenty_people_without_splits_added_engineers_add_little() {
        // Stylized fact 3: the marginal engineer's capacity shrinks to nothing.
        let cap = |n: f64| capacity(n, 0.0, 0.0, 1.0, 0.8, 1.2, 0.25, communication_overhead(n, 0.0006, 0.0, 0.03, 0.5));
        let gain_at_5 = cap(6.0) - cap(5.0);
        let gain_at_22 = cap(23.0) - cap(22.0);
        assert!(gain_at_22 < 0.2 * gain_at_5, "{gain_at_22} vs {gain_at_5}");
    }

    #[test]
    fn new_hires_cost_experienced_time() {
        let base = capacity(8.0, 0.0, 0.0, 1.0, 0.8, 1.2, 0.25, 0.0);
        // New hires at w_new = 0.8 add less than they take, net of training: 0.8 - 0.3 per hire.
        let with_hires = capacity(8.0, 4.0, 0.0, 1.0, 0.8, 1.2, 0.25, 0.0);
        assert!((with_hires - base - 4.0 * (0.8 - 0.3)).abs() < 1e-12);
        // Hires still onboarding only take.
        let onboarding = capacity(8.0, 0.0, 4.0, 1.0, 0.8, 1.2, 0.25, 0.0);
        assert!((base - onboarding - 4.0 * 0.3).abs() < 1e-12);
    }
}
