//! Collapse detection: a run collapses in the first week in which velocity has
//! stayed below `threshold` × its own peak so far for `window` consecutive
//! weeks; it recovers once velocity is back above that line for `window` weeks.

/// The user's collapse settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CollapseRule {
    /// Fraction of the run's own peak, in (0, 1).
    pub threshold: f64,
    /// Consecutive weeks, 1 or more.
    pub window: u32,
}

/// Follows one run's velocity week by week.
#[derive(Debug, Clone)]
pub struct CollapseTracker {
    rule: CollapseRule,
    peak: f64,
    streak: u32,
    /// The 1-based week of collapse.
    pub collapse_week: Option<u32>,
    /// The 1-based week in which the recovery streak began.
    pub recovery_week: Option<u32>,
}

impl CollapseTracker {
    pub fn new(rule: CollapseRule) -> Self {
        CollapseTracker {
            rule,
            peak: 0.0,
            streak: 0,
            collapse_week: None,
            recovery_week: None,
        }
    }

    /// Observes the velocity of `week` (1-based).
    #[inline]
    pub fn observe(&mut self, week: u32, velocity: f64) {
        self.peak = self.peak.max(velocity);
        let below = velocity < self.rule.threshold * self.peak;
        match (self.collapse_week, self.recovery_week) {
            (None, _) => {
                self.streak = if below { self.streak + 1 } else { 0 };
                if self.streak >= self.rule.window {
                    self.collapse_week = Some(week);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn check(velocities: &[f64], window: u32, expect: (Option<u32>, Option<u32>)) {
        let mut t = CollapseTracker::new(CollapseRule { threshold: 0.5, window });
        for (i, v) in velocities.iter().enumerate() {
            t.observe(i as u32 + 1, *v);
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
        let mut t = CollapseTracker::new(CollapseRule { threshold: 0.5, window: 2 });
        for (i, v) in [10.0, 1.0, 1.0, 6.0, 1.0, 6.0, 6.0].iter().enumerate() {
            t.observe(i as u32 + 1, *v);
        }
        assert_eq!(t.weeks_collapsed(7), Some(3));
        assert_eq!(t.healthy_weeks(7), 3);
    }

    #[test]
    fn the_peak_is_the_runs_own_peak_so_far() {
        // Slow growth never counts as collapse.
        check(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 1, (None, None));
        let t = CollapseTracker::new(CollapseRule { threshold: 0.5, window: 1 });
        assert_eq!(t.healthy_weeks(260), 261);
    }
}
