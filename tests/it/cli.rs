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

#[test]
fn sensitivity_prints_the_documented_json_and_csv() {
    let args = [
        "sensitivity",
        "--runs",
        "40",
        "--weeks",
        "60",
        "--versus",
        "controlled-evolution,feature-first",
        "--outcome",
        "healthy",
        "--top",
        "3",
    ];
    let out = cli(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "model_version",
        "outcome",
        "strategy",
        "versus",
        "seed",
        "runs",
        "weeks",
        "base",
        "tornado",
        "ranking_runs",
        "ranking",
        "switch_points",
        "sentences",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["outcome"]["id"], "healthy");
    assert_eq!(v["versus"], serde_json::json!(["controlled-evolution", "feature-first"]));
    let bars = v["tornado"].as_array().unwrap();
    assert_eq!(bars.len(), 3);
    for key in [
        "param",
        "label",
        "unit",
        "evidence",
        "uncertainty",
        "value",
        "low",
        "high",
        "outcome_low",
        "outcome_high",
        "swing",
    ] {
        assert!(bars[0].get(key).is_some(), "{key}");
    }
    // Same bytes on one thread and on several.
    let one = cli(&[&args[..], &["--threads", "1"]].concat());
    let many = cli(&[&args[..], &["--threads", "3"]].concat());
    assert_eq!(one.stdout, many.stdout);
    assert_eq!(one.stdout, out.stdout);
    let csv = cli(&[
        "sensitivity",
        "--runs",
        "30",
        "--weeks",
        "40",
        "--strategy",
        "feature-first",
        "--outcome",
        "users",
        "--top",
        "2",
        "--format",
        "csv",
    ]);
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    let mut lines = text.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("section,param,label,unit,value,low,high,outcome_low,outcome_high,swing,prcc,spearman"));
    assert!(lines.next().unwrap().starts_with("base,"));
    assert_eq!(text.lines().filter(|l| l.starts_with("tornado,")).count(), 2);
    assert!(text.lines().filter(|l| l.starts_with("ranking,")).count() > 10);
}

#[test]
fn sensitivity_refuses_bad_input_by_field_value_and_range() {
    check_refused(
        &["sensitivity", "--strategy", "feature-first", "--outcome", "speed"],
        "invalid --outcome: \"speed\" (allowed: one of collapse-week, healthy, out-of-cash, features, users)",
    );
    check_refused(&["sensitivity", "--outcome", "users"], "invalid --strategy: missing");
    check_refused(
        &["sensitivity", "--strategy", "nope"],
        "invalid --strategy: \"nope\" (allowed: ids from:",
    );
    check_refused(
        &["sensitivity", "--versus", "feature-first"],
        "invalid --versus: \"feature-first\" (allowed: two different strategy ids",
    );
    check_refused(&["sensitivity", "--versus", "feature-first,feature-first"], "invalid --versus");
    check_refused(
        &["sensitivity", "--strategy", "feature-first", "--versus", "a,b"],
        "invalid --versus",
    );
    check_refused(
        &["sensitivity", "--strategy", "feature-first", "--top", "0"],
        "invalid --top: 0 (allowed: a whole number from 1 to",
    );
    check_refused(&["sensitivity", "--strategy", "feature-first", "--runs", "0"], "invalid --runs: 0");
    check_refused(
        &["simulate", "--uncertainty", "all"],
        "invalid --uncertainty: \"all\" (allowed: \"shocks\" or \"parameters\")",
    );
}

#[test]
fn strategy_rules_are_listed_resolved_in_words_and_refused_with_their_path() {
    // The catalogue lists conditions and actions with units and ranges.
    let v: serde_json::Value = serde_json::from_slice(&cli(&["params", "--json"]).stdout).unwrap();
    let conditions = v["rules"]["conditions"].as_array().unwrap();
    assert!(conditions
        .iter()
        .any(|c| c["name"] == "debt_interest" && c["unit"] == "share of capacity" && c["max"] == 1.0));
    assert_eq!(v["rules"]["limits"]["rules"], 16);
    let fields = v["rules"]["actions"][0]["fields"].as_array().unwrap();
    assert!(fields.iter().any(|f| f["name"] == "refactor_share" && f["max"] == 0.8));
    // The built-ins show their rules in words.
    let listed = String::from_utf8(cli(&["strategies"]).stdout).unwrap();
    assert!(
        listed.contains("rule 1: While debt interest is at least 30 %: start a rewrite.")
            || listed.contains("rule 2: While debt interest is at least 30 %: start a rewrite."),
        "{listed}"
    );
    assert!(
        listed.contains("While product-market fit is not reached yet: freeze hiring"),
        "{listed}"
    );

    // A rule in a file: resolved with its words, and it changes the run.
    let file = tmp("rules.json");
    let rule =
        r#"{"when":{"observe":"debt_interest","op":"above","value":0.2},"do":[{"action":"set","field":"refactor_share","value":0.25}]}"#;
    std::fs::write(
        &file,
        format!(r#"{{"runs":30,"weeks":104,"strategies":["feature-first",{{"id":"pay-down","rules":[{rule}]}}]}}"#),
    )
    .unwrap();
    let out = cli(&["simulate", "--scenario", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["scenario"]["schema"], 3);
    let rules = r["scenario"]["strategies"][1]["rules"].as_array().unwrap();
    assert_eq!(
        rules[0]["text"],
        "When debt interest is above 20 %: put 25 % of capacity into refactoring, from then on."
    );
    assert_eq!(rules.len(), 1, "a strategy's rules replace its base's");
    assert_ne!(r["strategies"][0]["series"]["debt"], r["strategies"][1]["series"]["debt"]);

    let cases = [
        (
            r#"{"strategies":[{"id":"x","rules":[{"when":{"observe":"mood","op":"above","value":1},"do":[{"action":"freeze_hiring"}]}]}]}"#,
            "invalid strategies[0].rules[0].when.observe: \"mood\" (allowed: one of debt_interest, utilisation,",
        ),
        (
            r#"{"strategies":["feature-first",{"id":"x","rules":[{"when":{"observe":"week","op":"above","value":2000},"do":[{"action":"freeze_hiring"}]}]}]}"#,
            "invalid strategies[1].rules[0].when.value: 2000 (allowed: a number from 0 to 1040)",
        ),
        (
            r#"{"strategies":[{"id":"x","rules":[{"when":{"observe":"week","op":"above","value":2},"do":[{"action":"set","field":"hire_per_week","value":50}]}]}]}"#,
            "invalid strategies[0].rules[0].do[0].value: 50 (allowed: a number from 0 to 20)",
        ),
        (
            r#"{"strategies":[{"id":"x","refactor_share":0.5,"rules":[{"when":{"observe":"week","op":"above","value":2},"do":[{"action":"set","field":"infra_share","value":0.5}]}]}]}"#,
            "invalid strategies[0].rules[0].do[0].value: 0.5 (allowed: at most 0.4",
        ),
        (
            r#"{"strategies":[{"id":"x","rules":[{"when":[],"do":[{"action":"freeze_hiring"}]}]}]}"#,
            "invalid strategies[0].rules[0].when: 0 entries (allowed: 1 to 4 conditions)",
        ),
        (
            r#"{"strategies":[{"id":"x","rules_":[]}]}"#,
            "invalid strategies[0].rules_: an unknown field",
        ),
        (
            r#"{"strategies":[{"id":"x","rewrite_trigger":0.3}]}"#,
            "invalid strategies[0].rewrite_trigger: a schema-2 field",
        ),
        (
            r#"{"schema":2,"strategies":[{"id":"x","rewrite_trigger":1.5}]}"#,
            "invalid strategies[0].rewrite_trigger: 1.5 (allowed: a number from 0 to 0.95)",
        ),
    ];
    for (i, (text, expect)) in cases.iter().enumerate() {
        let file = tmp(&format!("bad-rule{i}.json"));
        std::fs::write(&file, text).unwrap();
        check_refused(&["simulate", "--scenario", file.to_str().unwrap()], expect);
    }
    let many = format!(r#"{{"strategies":[{{"id":"x","rules":[{}]}}]}}"#, vec![rule; 17].join(","));
    let file = tmp("bad-rule-many.json");
    std::fs::write(&file, many).unwrap();
    check_refused(
        &["simulate", "--scenario", file.to_str().unwrap()],
        "invalid strategies[0].rules: 17 entries (allowed: at most 16 rules)",
    );
}

#[test]
fn uncertainty_modes_differ_and_the_resolved_scenario_says_which() {
    let run = |mode: &str| {
        let out = cli(&["simulate", "--runs", "30", "--weeks", "80", "--uncertainty", mode]);
        assert!(out.status.success());
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let (shocks, params) = (run("shocks"), run("parameters"));
    assert_eq!(shocks["scenario"]["uncertainty"], "shocks");
    assert_eq!(params["scenario"]["uncertainty"], "parameters");
    assert_ne!(shocks["strategies"], params["strategies"]);
    let default = cli(&["simulate", "--runs", "30", "--weeks", "80"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&default.stdout).unwrap(), params);
}

#[test]
fn schema_2_files_give_the_same_numbers_as_their_rules() {
    let old = r#"{"schema":2,"runs":30,"weeks":104,"strategies":[{"id":"late-rewrite","label":"Late rewrite","base":"big-rewrite","rewrite_trigger":0.4}]}"#;
    let old_file = tmp("schema2.json");
    std::fs::write(&old_file, old).unwrap();
    let a = cli(&["simulate", "--scenario", old_file.to_str().unwrap()]);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    let ra: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    // Its resolved scenario is a schema-3 file that gives the same bytes.
    let resolved = tmp("schema2-resolved.json");
    std::fs::write(&resolved, ra["scenario"].to_string()).unwrap();
    let b = cli(&["simulate", "--scenario", resolved.to_str().unwrap()]);
    assert_eq!(a.stdout, b.stdout);
    let rules = ra["scenario"]["strategies"][0]["rules"].as_array().unwrap();
    assert_eq!(
        rules.last().unwrap()["text"],
        "While debt interest is at least 40 %: start a rewrite."
    );
}
