//! The command line, run as a user would run it: good input, bad input.

use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_velocity-cliff");

pub fn cli(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("the binary runs")
}

pub fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("velocity-cliff-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// Bad input: exit status 2, exactly one line on stderr, nothing on stdout.
pub fn check_refused(args: &[&str], expect_in_message: &str) {
    let out = cli(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: one line, got {err:?}");
    assert!(err.contains(expect_in_message), "{args:?}: {err:?} lacks {expect_in_message:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn simulate_prints_the_documented_json() {
    let out = cli(&["simulate", "--runs", "40", "--weeks", "60", "--seed", "5", "--smoothing", "6"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["model_version", "seed", "runs", "weeks", "scenario", "strategies"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["runs"], 40);
    assert_eq!(v["scenario"]["collapse"]["smoothing"], 6);
    let strategies = v["strategies"].as_array().unwrap();
    assert_eq!(strategies.len(), 5);
    let s = &strategies[0];
    for key in [
        "id", "label", "collapse", "cash", "outcomes", "why", "series", "samples", "summary", "paired",
    ] {
        assert!(s.get(key).is_some(), "{key}");
    }
    for metric in ["velocity", "users", "team", "debt", "features", "revenue", "burn", "cash", "runway"] {
        for stat in ["p10", "p25", "p50", "p75", "p90", "mean"] {
            assert_eq!(s["series"][metric][stat].as_array().unwrap().len(), 60, "{metric}.{stat}");
        }
    }
    assert_eq!(s["collapse"]["survival"].as_array().unwrap().len(), 60);
    assert_eq!(s["samples"].as_array().unwrap().len(), 20);
}

#[test]
fn the_resolved_scenario_reproduces_the_result_byte_for_byte() {
    let first = cli(&[
        "simulate",
        "--preset",
        "media-app",
        "--runs",
        "30",
        "--weeks",
        "80",
        "--seed",
        "123",
        "--threshold",
        "0.6",
        "--window",
        "3",
    ]);
    assert!(first.status.success());
    let v: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    let file = tmp("resolved.json");
    std::fs::write(&file, v["scenario"].to_string()).unwrap();
    let second = cli(&["simulate", "--scenario", file.to_str().unwrap()]);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(first.stdout, second.stdout);
    // And with the same flags repeated on top.
    let third = cli(&[
        "simulate",
        "--scenario",
        file.to_str().unwrap(),
        "--runs",
        "30",
        "--seed",
        "123",
        "--weeks",
        "80",
    ]);
    assert_eq!(first.stdout, third.stdout);
}

#[test]
fn csv_has_one_row_per_strategy_metric_and_week() {
    let out = cli(&[
        "simulate",
        "--runs",
        "10",
        "--weeks",
        "12",
        "--strategies",
        "feature-first,scale-early",
        "--format",
        "csv",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("strategy,metric,week,p10,p25,p50,p75,p90,mean"));
    assert_eq!(lines.clone().count(), 2 * 9 * 12);
    assert!(lines.next().unwrap().starts_with("feature-first,velocity,1,"));
}

#[test]
fn out_writes_a_whole_file_and_nothing_on_error() {
    let path = tmp("out.json");
    let out = cli(&["simulate", "--runs", "5", "--weeks", "10", "--out", path.to_str().unwrap()]);
    assert!(out.status.success());
    let written: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(written["runs"], 5);
    let bad = tmp("never.json");
    check_refused(&["simulate", "--runs", "0", "--out", bad.to_str().unwrap()], "--runs");
    assert!(!bad.exists());
}

#[test]
fn bad_flags_get_one_line_naming_flag_value_and_range() {
    check_refused(
        &["simulate", "--runs", "0"],
        "invalid --runs: 0 (allowed: a whole number from 1 to 1000000)",
    );
    check_refused(&["simulate", "--runs", "2000000"], "--runs");
    check_refused(&["simulate", "--runs", "abc"], "--runs");
    check_refused(
        &["simulate", "--weeks", "5000"],
        "invalid --weeks: 5000 (allowed: a whole number from 1 to 1040)",
    );
    check_refused(
        &["simulate", "--threshold", "NaN"],
        "invalid --threshold: NaN (allowed: a number greater than 0 and less than 1)",
    );
    check_refused(&["simulate", "--threshold", "1.5"], "--threshold");
    check_refused(&["simulate", "--window", "0"], "--window");
    check_refused(
        &["simulate", "--smoothing", "53"],
        "invalid --smoothing: 53 (allowed: a whole number from 1 to 52)",
    );
    check_refused(&["simulate", "--seed", "-1"], "--seed");
    check_refused(&["simulate", "--seed", "18446744073709551616"], "invalid --seed");
    check_refused(&["simulate", "--preset", "nope"], "invalid --preset: \"nope\"");
    check_refused(
        &["simulate", "--strategies", "feature-first,unknown"],
        "invalid --strategies: \"unknown\"",
    );
    check_refused(
        &["simulate", "--window", "53"],
        "invalid --window: 53 (allowed: a whole number from 1 to 52)",
    );
    check_refused(
        &["simulate", "--strategies", "scale-early,scale-early"],
        "invalid --strategies: \"scale-early\" twice",
    );
    check_refused(&["simulate", "--format", "xml"], "--format");
    check_refused(&["simulate", "--bogus"], "--bogus");
    check_refused(&["simulate", "--scenario", "/nonexistent/file.json"], "--scenario");
}

#[test]
fn bad_scenario_files_get_one_line_naming_the_field() {
    let cases = [
        (
            r#"{"params":{"ramp_up_weeks":100}}"#,
            "invalid params.ramp_up_weeks: 100 (allowed: a number from 4 to 52)",
        ),
        (r#"{"params":{"ramp_up_weeks":NaN}}"#, "not valid JSON"),
        (r#"{"params":{"ramp_up_weeks":1e999}}"#, "invalid scenario"),
        (r#"{"runs":-5}"#, "invalid runs: -5"),
        (
            r#"{"strategies":[{"id":"x","label":"<script>alert(1)</script>","refactor_share":"lots"}]}"#,
            "invalid strategies[0].refactor_share",
        ),
        (r#"{"unknown":true}"#, "invalid unknown: an unknown field"),
        ("not json", "not valid JSON"),
        ("", "not valid JSON"),
    ];
    for (i, (text, expect)) in cases.iter().enumerate() {
        let file = tmp(&format!("bad{i}.json"));
        std::fs::write(&file, text).unwrap();
        check_refused(&["simulate", "--scenario", file.to_str().unwrap()], expect);
    }
    // A bad value in the file is named by its field, even beside a flag that sets it.
    let file = tmp("bad-threshold.json");
    std::fs::write(&file, r#"{"collapse":{"threshold":2}}"#).unwrap();
    check_refused(
        &["simulate", "--scenario", file.to_str().unwrap(), "--threshold", "0.3"],
        "velocity-cliff: invalid collapse.threshold: 2 (allowed: a number greater than 0 and less than 1)",
    );
    // A bad flag beside a good file is named by the flag.
    let file = tmp("good-threshold.json");
    std::fs::write(&file, r#"{"collapse":{"threshold":0.4}}"#).unwrap();
    check_refused(
        &["simulate", "--scenario", file.to_str().unwrap(), "--threshold", "2"],
        "velocity-cliff: invalid --threshold: 2 (allowed: a number greater than 0 and less than 1)",
    );
    let big = tmp("big.json");
    std::fs::write(&big, format!("{{\"x\":\"{}\"}}", "a".repeat(2 << 20))).unwrap();
    check_refused(&["simulate", "--scenario", big.to_str().unwrap()], "at most");
    let binary = tmp("binary.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).unwrap();
    check_refused(&["simulate", "--scenario", binary.to_str().unwrap()], "UTF-8");
}

#[test]
fn listings_help_and_version() {
    for (args, expect) in [
        (&["presets"][..], "marketplace (default)"),
        (&["strategies"][..], "controlled-evolution"),
        (&["params"][..], "ramp_up_weeks"),
        (&["--help"][..], "simulate"),
        (&["--version"][..], "velocity-cliff"),
        (&["simulate", "--help"][..], "--threshold"),
    ] {
        let out = cli(args);
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(expect), "{args:?}");
    }
    let params = cli(&["params", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&params.stdout).unwrap();
    assert!(v["params"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["source"].as_str().is_some_and(|s| !s.is_empty())));
}
