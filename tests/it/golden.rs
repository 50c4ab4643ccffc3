//! Value stability: the default scenario's key numbers are pinned. A change
//! to the model that moves them must bump MODEL_VERSION and regenerate the
//! snapshot with `UPDATE_GOLDEN=1 cargo test --release --test it golden`.

use crate::run;
use velocity_cliff::{Overrides, Scenario, MODEL_VERSION};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/default.json");

#[test]
fn the_default_scenario_is_value_stable() {
    let r = run(Scenario::resolve(
        None,
        &Overrides {
            runs: Some(300),
            ..Default::default()
        },
    )
    .unwrap());
    let pinned: Vec<_> = r
        .strategies
        .iter()
        .map(|s| {
            serde_json::json!({
                "id": s.id,
                "summary": s.summary,
                "collapse": {"share": s.collapse.share, "week_p10": s.collapse.week_p10, "week_p50": s.collapse.week_p50, "week_p90": s.collapse.week_p90},
                "velocity_p50_every_26_weeks": s.series.velocity.p50.iter().step_by(26).collect::<Vec<_>>(),
                "users_mean_at_end": s.series.users.mean.last(),
                "first_sample_at_week_100": s.samples[0][99],
                "paired": s.paired,
            })
        })
        .collect();
    let snapshot = serde_json::to_string_pretty(
        &serde_json::json!({"model_version": MODEL_VERSION, "seed": r.seed, "runs": r.runs, "strategies": pinned}),
    )
    .unwrap()
        + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(PATH, &snapshot).unwrap();
    }
    let want = std::fs::read_to_string(PATH).expect("tests/golden/default.json exists (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(snapshot, want, "the default scenario's numbers moved");
}

#[path = "../common/draws.rs"]
mod draws;

const DRAWS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/draws.json");

/// Every distribution draws the pinned bits (the wasm tests check the same
/// file, so native and wasm32 agree bit for bit).
#[test]
fn every_distribution_draws_the_pinned_bits() {
    let now = draws::as_json();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(DRAWS_PATH, &now).unwrap();
    }
    let want = std::fs::read_to_string(DRAWS_PATH).expect("tests/golden/draws.json exists (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(now, want, "a distribution's draws moved");
}
