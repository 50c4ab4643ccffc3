//! The model version results are tied to.

/// The model version: results for the same scenario and seed are identical
/// within one model version. A change to the model that moves any result
/// bumps it (and regenerates `tests/golden/default.json`); share links carry
/// it, so a link made with another model opens with a notice.
pub const MODEL_VERSION: &str = "2.1.0";
