//! Throughput CSVs from arbitrary bytes.
//!
//! `Throughput::from_csv` may not panic; a refusal names a `calibration…`
//! field on one line; and every CSV it accepts is in range and travels in a
//! scenario file: the file form reads back to the same weeks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velocity_cliff::calibration::{Throughput, MAX_DELIVERED, MAX_WEEKS, MIN_WEEKS};
use velocity_cliff::{Overrides, Scenario};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Throughput::from_csv(text) {
        Ok(t) => {
            assert!((MIN_WEEKS..=MAX_WEEKS).contains(&t.delivered.len()));
            assert!(t.delivered.iter().all(|x| (0.0..=MAX_DELIVERED).contains(x)));
            assert!(t.noise_sigma().is_finite());
            let file = serde_json::json!({ "calibration": t }).to_string();
            let s =
                Scenario::from_json(&file, &Overrides::default()).unwrap_or_else(|e| panic!("an accepted CSV is refused in a file: {e}"));
            assert_eq!(s.calibration.as_ref(), Some(&t));
        }
        Err(e) => {
            assert!(e.field.starts_with("calibration"), "{e}");
            assert_eq!(e.to_string().lines().count(), 1);
        }
    }
});
