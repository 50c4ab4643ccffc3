//! Fingerprints of every distribution the model draws from: 2,000 draws of
//! each, for a fixed scenario and seed, hashed bit for bit (FNV-1a over the
//! f64 bits). The native integration tests and the wasm tests compare them
//! with the same pinned file, `tests/golden/draws.json`, so a distribution
//! that gave other bits on wasm32 than natively would fail one of the two.

use velocity_cliff::rng::{Draws, Exogenous};
use velocity_cliff::{Overrides, Scenario};

fn fnv(bits: impl Iterator<Item = u64>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bits {
        for byte in b.to_le_bytes() {
            h ^= byte as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// `(distribution, fingerprint as 16 hex digits)`, in a fixed order.
pub fn fingerprints() -> Vec<(&'static str, String)> {
    let sc = Scenario::resolve(
        None,
        &Overrides {
            preset: Some("media-app".into()),
            ..Default::default()
        },
    )
    .expect("the media-app preset resolves");
    let draws: Draws = sc.draws;
    let mut exo = Exogenous::default();
    let mut columns: Vec<Vec<u64>> = vec![Vec::new(); 8];
    for run in 0..100 {
        exo.draw(12_345, run, 20, &draws);
        for (i, col) in [&exo.velocity, &exo.adoption, &exo.hiring, &exo.incidents, &exo.pivot, &exo.funding]
            .into_iter()
            .enumerate()
        {
            columns[i].extend(col.iter().map(|x| x.to_bits()));
        }
        columns[6].extend(exo.rewrite.iter().map(|x| x.to_bits()));
        columns[7].push(exo.fit_luck.to_bits());
    }
    let names = [
        "normal (velocity)",
        "lognormal (adoption)",
        "lognormal (hiring)",
        "open01 (incidents)",
        "open01 (pivot)",
        "open01 (funding)",
        "bernoulli + lognormal + pareto (rewrite)",
        "lognormal (fit)",
    ];
    names
        .into_iter()
        .zip(columns)
        .map(|(name, col)| (name, format!("{:016x}", fnv(col.into_iter()))))
        .collect()
}

/// The fingerprints as the pinned file holds them.
pub fn as_json() -> String {
    let map: serde_json::Map<String, serde_json::Value> = fingerprints().into_iter().map(|(k, v)| (k.to_string(), v.into())).collect();
    serde_json::to_string_pretty(&serde_json::Value::Object(map)).expect("serialises") + "\n"
}
