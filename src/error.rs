//! The one error type of the core: bad input, named by field, value and allowed range.

use std::fmt;

/// An input the core refuses. The message names the field, the value it was
/// given and what is allowed. Fields are named as the scenario file names
/// them (`collapse.threshold`, `strategies[1].id`, `runs`), never as a front
/// spells them; when the value was an override ([`crate::Overrides`]), each
/// front names it as its user gave it (the CLI `--threshold`, the bindings
/// `options.threshold`) with [`crate::Overrides::name_of`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The scenario's field or path that holds the bad value, e.g. `params.ramp_up_weeks`.
    pub field: String,
    /// The value as given (shortened when long).
    pub value: String,
    /// What would have been accepted, e.g. `a number from 4 to 52`.
    pub allowed: String,
    /// The value came from the overrides (a flag, an option, an attribute),
    /// not from the scenario file or link.
    pub overridden: bool,
}

impl InputError {
    pub fn new(field: impl Into<String>, value: impl fmt::Display, allowed: impl Into<String>) -> Self {
        // The field can hold input too (an unknown key), so both are cleaned.
        InputError {
            field: shown(&field.into()),
            value: shown(&value.to_string()),
            allowed: allowed.into(),
            overridden: false,
        }
    }

    /// The same refusal, of a value given as an override.
    pub fn of_override(self) -> Self {
        InputError { overridden: true, ..self }
    }
}

/// Input text as a message shows it: at most 60 characters, and one line
/// that a terminal shows as it is, whatever the input held. Line breaks,
/// control characters (escape sequences) and bidirectional overrides become
/// spaces.
fn shown(text: &str) -> String {
    let hostile = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    let text: String = text.chars().map(|c| if hostile(c) { ' ' } else { c }).collect();
    if text.chars().count() > 60 {
        text.chars().take(57).collect::<String>() + "..."
    } else {
        text
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_short_plain_line_whatever_the_input() {
        // Found by the `scenario` fuzz target: an unknown key holding a line
        // break made a two-line message.
        let e = InputError::new("strategies[0].a\nb\r\x1b[2J\u{202e}c", "x\u{2028}y\u{7}", "z");
        assert_eq!(e.to_string(), "invalid strategies[0].a b  [2J c: x y  (allowed: z)");
        let long = InputError::new("k".repeat(1000), "v".repeat(1000), "z");
        assert_eq!(long.field.chars().count(), 60);
        assert_eq!(long.value.chars().count(), 60);
        assert!(long.field.ends_with("..."));
    }
}
