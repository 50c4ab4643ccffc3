//! The one error type of the core: bad input, named by field, value and allowed range.

use std::fmt;

/// An input the core refuses. The message names the field (or flag), the value
/// it was given and what is allowed, so every front can show it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The field, flag or path that holds the bad value, e.g. `params.ramp_up_weeks`.
    pub field: String,
    /// The value as given (shortened when long).
    pub value: String,
    /// What would have been accepted, e.g. `a number from 4 to 52`.
    pub allowed: String,
}

impl InputError {
    pub fn new(field: impl Into<String>, value: impl fmt::Display, allowed: impl Into<String>) -> Self {
        let mut value = value.to_string();
        if value.chars().count() > 60 {
            value = value.chars().take(57).collect::<String>() + "...";
        }
        // One line, whatever the input held.
        let value = value.replace(['\n', '\r'], " ");
        InputError {
            field: field.into(),
            value,
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {}: {} (allowed: {})", self.field, self.value, self.allowed)
    }
}

impl std::error::Error for InputError {}

/// Formats a number the way the messages show it: no trailing zeros, and
/// NaN / infinities spelled out.
pub fn show_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        format!("{x}")
    }
}
