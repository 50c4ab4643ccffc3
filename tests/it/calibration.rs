//! Calibration from a team's throughput: the CSV parser on arbitrary and
//! mutated input (never a panic; what it accepts is in range and reads back
//! through the scenario file), and the CLI's `--calibrate` as a user runs it.

use crate::cli::{check_refused, cli, tmp};
use proptest::prelude::*;
use velocity_cliff::calibration::{Throughput, MAX_DELIVERED, MAX_TEAM, MAX_WEEKS, MIN_TEAM, MIN_WEEKS};
use velocity_cliff::{Overrides, Scenario};

fn accepted_is_valid(t: &Throughput) {
    assert!((MIN_WEEKS..=MAX_WEEKS).contains(&t.delivered.len()));
    assert!(t.delivered.iter().all(|x| (0.0..=MAX_DELIVERED).contains(x)));
    if let Some(team) = &t.team {
        assert_eq!(team.len(), t.delivered.len());
        assert!(team.iter().all(|n| (MIN_TEAM..=MAX_TEAM).contains(n)));
    }
    // It travels in a scenario file and reads back the same.
    let text = serde_json::json!({ "calibration": t }).to_string();
    let s = Scenario::from_json(&text, &Overrides::default()).expect("an accepted calibration is a valid scenario field");
    assert_eq!(s.calibration.as_ref(), Some(t));
    let again = Scenario::from_json(&s.to_json().to_string(), &Overrides::default()).unwrap();
    assert_eq!(again, s);
}

fn csv_row() -> impl Strategy<Value = String> {
    (0u32..60, -5.0f64..2e6, 0.0f64..600.0, prop::sample::select(vec![",", ";", "\t"]))
        .prop_map(|(w, x, n, sep)| format!("{w}{sep}{x}{sep}{n}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_is_refused_with_a_field_or_accepted_in_range(text in "\\PC{0,400}") {
        match Throughput::from_csv(&text) {
            Ok(t) => accepted_is_valid(&t),
            Err(e) => {
                prop_assert!(e.field.starts_with("calibration"), "{e}");
                prop_assert_eq!(e.to_string().lines().count(), 1);
            }
        }
    }

    #[test]
    fn near_valid_csvs_never_panic(rows in prop::collection::vec(csv_row(), 0..120), cut in 0usize..4000, byte in any::<u8>()) {
        let mut text = format!("week,delivered,team\n{}\n", rows.join("\n"));
        // A mutation: one byte replaced somewhere (kept valid UTF-8).
        if !text.is_empty() {
            let at = cut % text.len();
            if text.is_char_boundary(at) && text.is_char_boundary(at + 1) && byte.is_ascii() {
                text.replace_range(at..at + 1, &(byte as char).to_string());
            }
        }
        match Throughput::from_csv(&text) {
            Ok(t) => accepted_is_valid(&t),
            Err(e) => prop_assert!(e.field.starts_with("calibration"), "{e}"),
        }
    }

    #[test]
    fn the_file_form_refuses_what_the_csv_would(values in prop::collection::vec(-10.0f64..20.0, 0..110)) {
        let v = serde_json::json!({ "delivered": values });
        match Throughput::from_value(&v, "calibration") {
            Ok(t) => accepted_is_valid(&t),
            Err(e) => prop_assert!(e.field.starts_with("calibration"), "{e}"),
        }
    }
}

const WEEKS: &str = "week,delivered,team\n1,9,3\n2,11,3\n3,10,3\n4,12,3\n5,8,3\n6,10,3\n7,11,3\n8,9,3\n";

#[test]
fn simulate_calibrates_prints_what_it_set_and_the_fit() {
    let path = tmp("weeks.csv");
    std::fs::write(&path, WEEKS).unwrap();
    let p = path.to_str().unwrap();
    let out = cli(&[
        "simulate",
        "--calibrate",
        p,
        "--runs",
        "200",
        "--weeks",
        "52",
        "--strategies",
        "feature-first,scale-early",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("productivity set to"), "{err}");
    assert_eq!(err.lines().filter(|l| l.contains("fit — ")).count(), 2, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["calibration"]["weeks"], 8);
    assert_eq!(v["calibration"]["fit"].as_array().unwrap().len(), 2);
    assert_eq!(v["scenario"]["calibration"]["delivered"].as_array().unwrap().len(), 8);
    assert_eq!(
        v["scenario"]["fixed"],
        serde_json::json!(["productivity", "noise_base", "initial_engineers"])
    );
    // The resolved scenario (what the page exports) reproduces the bytes
    // without the CSV: the calibration is in the file.
    let file = tmp("calibrated.json");
    std::fs::write(&file, v["scenario"].to_string()).unwrap();
    let again = cli(&["simulate", "--scenario", file.to_str().unwrap()]);
    assert_eq!(again.stdout, out.stdout);
    // Calibrating the calibrated file again changes nothing.
    let twice = cli(&["simulate", "--scenario", file.to_str().unwrap(), "--calibrate", p]);
    assert_eq!(twice.stdout, out.stdout);
    // And the sensitivity analysis takes the same flag.
    let sens = cli(&[
        "sensitivity",
        "--calibrate",
        p,
        "--strategy",
        "feature-first",
        "--runs",
        "60",
        "--weeks",
        "40",
        "--top",
        "2",
    ]);
    assert!(sens.status.success(), "{}", String::from_utf8_lossy(&sens.stderr));
}

#[test]
fn a_bad_csv_is_one_line_naming_the_line_the_value_and_the_range() {
    let path = tmp("bad-weeks.csv");
    std::fs::write(&path, "week,delivered\n1,9\n2,lots\n3,9\n4,9\n").unwrap();
    let p = path.to_str().unwrap();
    check_refused(
        &["simulate", "--calibrate", p],
        "invalid calibration line 3, delivered: \"lots\" (allowed: a number from 0 to 1000000)",
    );
    std::fs::write(&path, "points\n500\n510\n490\n505\n").unwrap();
    check_refused(&["simulate", "--calibrate", p], "invalid calibration: productivity");
    check_refused(&["simulate", "--calibrate", "/nonexistent/weeks.csv"], "invalid --calibrate");
    let out = tmp("never.json");
    check_refused(
        &["simulate", "--calibrate", p, "--out", out.to_str().unwrap()],
        "invalid calibration",
    );
    assert!(!out.exists());
}
