//! Collapse detection on the trend: a run collapses in the first week in
//! which its smoothed velocity has stayed below `threshold` × its own
//! smoothed peak so far for `window` consecutive weeks; it recovers once the
//! smoothed velocity is back above that line for `window` weeks.
//!
//! Weeks inside a planned freeze (a rewrite under way) are not judged: a
//! freeze is reported with its length, not as a collapse. For each collapse
//! the fall from the peak is decomposed into the velocity product's factors
//! (see `model::FACTORS`): the log of a product is a sum, so the shares add
//! up to one exactly, and whatever the smoothed factors leave unexplained is
//! the noise share.

use crate::model::{FACTORS, TRACKED};

/// The user's collapse settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CollapseRule {
    /// Fraction of the run's own smoothed peak, in (0, 1).
    pub threshold: f64,
    /// Consecutive weeks, 1 or more.
    pub window: u32,
    /// Length of the smoothing, weeks (an EWMA with weight 2 / (length + 1)); 1 = none.
    pub smoothing: u32,
}

/// Follows one run's smoothed velocity week by week.
#[derive(Debug, Clone)]
pub struct CollapseTracker {
    rule: CollapseRule,
    peak: f64,
    peak_factors: [f64; TRACKED],
    streak: u32,
    /// The 1-based week of collapse.
    pub collapse_week: Option<u32>,
    /// The 1-based week in which the recovery streak began.
    pub recovery_week: Option<u32>,
    /// Why the collapse happened: each factor's share of the fall, in `FACTORS` order.
    pub why: Option<[f64; FACTORS.len()]>,
    /// Weeks spent in planned freezes.
    pub freeze_weeks: u32,
}

impl CollapseTracker {
    pub fn new(rule: CollapseRule) -> Self {
        CollapseTracker {
            rule,
            peak: 0.0,
            peak_factors: [1.0; TRACKED],
            streak: 0,
            collapse_week: None,
            recovery_week: None,
            why: None,
            freeze_weeks: 0,
        }
    }

    /// Observes week `week` (1-based): the smoothed velocity, the smoothed
    /// factors behind it, and whether a planned freeze is under way.
    #[inline]
    pub fn observe(&mut self, week: u32, smoothed: f64, factors: &[f64; TRACKED], frozen: bool) {
        if frozen {
            self.freeze_weeks += 1;
            return;
        }
        if smoothed > self.peak {
            self.peak = smoothed;
            self.peak_factors = *factors;
        }
        let below = smoothed < self.rule.threshold * self.peak;
        match (self.collapse_week, self.recovery_week) {
            (None, _) => {
                self.streak = if below { self.streak + 1 } else { 0 };
                if self.streak >= self.rule.window {
                    self.collapse_week = Some(week);
                    self.why = Some(decompose(smoothed / self.peak, &self.peak_factors, factors));
                    self.streak = 0;
                }
            }
            (Some(_), None) => {
                self.streak = if below { 0 } else { self.streak + 1 };
                if self.streak >= self.rule.window {
                    self.recovery_week = Some(week + 1 - self.rule.window);
                }
            }
            _ => {}
        }
    }

    /// Weeks spent collapsed by the end of a horizon of `weeks` weeks.
    pub fn weeks_collapsed(&self, weeks: u32) -> Option<u32> {
        let start = self.collapse_week?;
        Some(self.recovery_week.unwrap_or(weeks + 1) - start)
    }

    /// Weeks healthy: the collapse week, or `weeks + 1` for runs that never
    /// collapsed (they outlast every run that did).
    pub fn healthy_weeks(&self, weeks: u32) -> u32 {
        self.collapse_week.unwrap_or(weeks + 1)
    }
}

/// Each factor's share of a fall to `ratio` × the peak: `ln(f_now / f_peak) /
/// ln(ratio)`; the noise share is the rest, so the shares sum to one. A
/// factor that grew (a bigger team) has a negative share.
pub fn decompose(ratio: f64, at_peak: &[f64; TRACKED], now: &[f64; TRACKED]) -> [f64; FACTORS.len()] {
    let total = libm::log(ratio);
    let mut shares = [0.0; FACTORS.len()];
    // Only a fall (a finite negative log ratio) has causes to share out.
    if total.is_nan() || total >= 0.0 {
        return shares;
    }
    let mut explained = 0.0;
    for i in 0..TRACKED {
        let (a, b) = (at_peak[i], now[i]);
        let part = if a > 0.0 && b > 0.0 { libm::log(b / a) / total } else { 0.0 };
        shares[i] = part;
        explained += part;
    }
    shares[TRACKED] = 1.0 - explained;
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONES: [f64; TRACKED] = [1.0; TRACKED];

    fn check(velocities: &[f64], window: u32, expect: (Option<u32>, Option<u32>)) {
        let mut t = CollapseTracker::new(CollapseRule {
            threshold: 0.5,
            window,
            smoothing: 1,
        });
        for (i, v) in velocities.iter().enumerate() {
            t.observe(i as u32 + 1, *v, &ONES, false);
        }
        assert_eq!((t.collapse_week, t.recovery_week), expect, "{velocities:?}");
    }

    #[test]
    fn collapse_needs_the_whole_window() {
        check(&[10.0, 4.0, 4.0, 4.0, 10.0], 4, (None, None));
        check(&[10.0, 4.0, 4.0, 4.0, 4.0], 4, (Some(5), None));
        check(&[10.0, 5.0, 5.0], 2, (None, None)); // exactly at the line is not below
        check(&[10.0, 4.9, 4.9], 2, (Some(3), None));
    }

    #[test]
    fn recovery_needs_the_whole_window_above_the_line() {
        check(&[10.0, 1.0, 1.0, 6.0, 1.0, 6.0, 6.0], 2, (Some(3), Some(6)));
    }

    #[test]
    fn freezes_are_not_judged() {
        let rule = CollapseRule {
            threshold: 0.5,
            window: 2,
            smoothing: 1,
        };
        let mut t = CollapseTracker::new(rule);
        for (i, (v, frozen)) in [(10.0, false), (1.0, true), (1.0, true), (1.0, true), (9.0, false)]
            .iter()
            .enumerate()
        {
            t.observe(i as u32 + 1, *v, &ONES, *frozen);
        }
        assert_eq!(t.collapse_week, None);
        assert_eq!(t.freeze_weeks, 3);
        assert_eq!(t.healthy_weeks(260), 261);
    }

    #[test]
    fn the_shares_of_a_fall_add_up_to_one() {
        let mut peak = ONES;
        let mut now = ONES;
        peak[3] = 0.9; // debt interest 10 % at the peak
        now[3] = 0.3; // 70 % at the collapse
        now[0] = 2.0; // the team doubled
        let ratio = 0.4;
        let why = decompose(ratio, &peak, &now);
        assert!((why.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(why[3] > 1.0, "debt explains more than the whole fall: {why:?}");
        assert!(why[0] < 0.0, "a bigger team pushes the other way");
        // What the factors do not explain is noise.
        let only_noise = decompose(0.4, &ONES, &ONES);
        assert_eq!(only_noise[TRACKED], 1.0);
    }
}
