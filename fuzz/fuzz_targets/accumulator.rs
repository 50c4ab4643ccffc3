//! Partial results as bytes (what `Merger.add` receives from Web Workers),
//! and the bytes of runs judged again and of extensions (what
//! `Merger.addJudged` receives).
//!
//! The first byte picks a small scenario (horizon and strategy count), the
//! rest are the bytes. `Accumulator::from_bytes` may not panic; whatever it
//! accepts must write back to bytes that read as the same accumulator, and
//! merging it and summarising it (what `Merger.add` + `finish` do) may not
//! panic either. Bytes that start with the magic of judged runs (`VCJ1`) or
//! of an extension (`VCX1`, for the picked scenario with its last strategy
//! edited) go to those readers instead, which may not panic and whose
//! accepted bytes must round-trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velocity_cliff::monte_carlo::Extension;
use velocity_cliff::{Accumulator, Overrides, Scenario, SimulationResult};

const STRATEGIES: [&str; 5] = [
    "feature-first",
    "scale-early",
    "big-rewrite",
    "controlled-evolution",
    "hypergrowth-hiring",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let weeks = 1 + (pick & 0x0f) as u64;
    let strategies = 1 + (pick >> 4) as usize % STRATEGIES.len();
    let overrides = Overrides {
        weeks: Some(weeks),
        runs: Some(1000),
        strategies: Some(STRATEGIES[..strategies].iter().map(|s| s.to_string()).collect()),
        ..Overrides::default()
    };
    let scenario = Scenario::resolve(None, &overrides).expect("a valid scenario");
    if bytes.starts_with(b"VCJ1") {
        if let Some(part) = Accumulator::judged_from_bytes(bytes, &scenario) {
            let again = Accumulator::judged_from_bytes(&part.judged_to_bytes(), &scenario);
            assert_eq!(again.as_ref(), Some(&part), "judged bytes read back");
        }
        return;
    }
    if bytes.starts_with(b"VCX1") {
        let mut extended = scenario.clone();
        let last = extended.strategies.len() - 1;
        extended.strategies[last].id = "mine".into();
        extended.strategies[last].levers.refactor_share = 0.3;
        let Some(picks) = extended.extends(&scenario) else {
            return;
        };
        if let Some(part) = Extension::from_bytes(bytes, &extended, &picks) {
            let again = Extension::from_bytes(&part.to_bytes(), &extended, &picks);
            assert_eq!(again.as_ref(), Some(&part), "extension bytes read back");
        }
        return;
    }
    let Some(acc) = Accumulator::from_bytes(bytes, &scenario) else {
        return;
    };
    let again = Accumulator::from_bytes(&acc.to_bytes(), &scenario).expect("to_bytes output reads back");
    assert_eq!(again.to_bytes(), acc.to_bytes());
    assert_eq!(again, acc);
    if acc.runs <= scenario.runs {
        let mut merged = Accumulator::new(&scenario);
        merged.merge(&acc);
        let result = SimulationResult::finish(&merged, &scenario);
        let _ = result.to_json();
    }
});
