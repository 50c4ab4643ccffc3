//! Scenario files and page options from arbitrary bytes.
//!
//! The input is split at its first NUL byte: before it, the scenario file's
//! text; after it, the options JSON (`Overrides::from_json`). Neither parser
//! may panic, every refusal must read `invalid <field>: …`, and a scenario
//! that is accepted must survive its own resolved form: `to_json` fed back
//! gives the same scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velocity_cliff::{InputError, Overrides, Scenario};

fn check_error(e: &InputError) {
    let text = e.to_string();
    assert!(text.starts_with("invalid "), "{text}");
    assert!(!e.field.is_empty(), "{text}");
    assert!(!text.contains('\n') && !text.contains('\r'), "{text:?}");
}

fuzz_target!(|data: &[u8]| {
    let (file, options) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    // The CLI refuses files that are not UTF-8 before parsing; the page only
    // ever hands over UTF-8 strings. Lossy conversion still exercises the
    // parser on whatever the bytes held.
    let file = String::from_utf8_lossy(file);
    let options = String::from_utf8_lossy(options);
    let overrides = match Overrides::from_json(&options) {
        Ok(o) => o,
        Err(e) => {
            check_error(&e);
            Overrides::default()
        }
    };
    match Scenario::from_json(&file, &overrides) {
        Ok(scenario) => {
            let resolved = scenario.to_json().to_string();
            let again = Scenario::from_json(&resolved, &Overrides::default())
                .unwrap_or_else(|e| panic!("the resolved form of an accepted scenario is refused: {e}\n{resolved}"));
            assert_eq!(again, scenario, "the resolved form changes the scenario");
        }
        Err(e) => check_error(&e),
    }
});
