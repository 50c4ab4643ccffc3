//! Share links: a whole scenario (and the model version that made it) as one
//! short, URL-safe string, `v1.<payload>`.
//!
//! The payload is the compact JSON `{"m": <model version>, "s": <scenario>}`,
//! raw-DEFLATE compressed and base64url encoded without padding. `s` is the
//! scenario as the user wrote it (preset, overrides, strategies, runs, seed,
//! weeks, collapse), not the resolved one, so the link stays short and means
//! "this preset with these changes".
//!
//! Decoding is the only way a link reaches the model and it refuses anything
//! that is not a valid scenario: every step is bounded (characters, inflated
//! bytes, JSON depth) and every failure is an [`InputError`] naming what is
//! wrong. Nothing here panics, whatever the input.

use crate::error::InputError;
use crate::scenario::{Overrides, Scenario};
use crate::version::MODEL_VERSION;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use serde_json::{Map, Value};

/// The encoding's own version, the prefix of every link (`v1.`).
pub const FORMAT: &str = "v1";
/// Longest share string accepted, in characters.
pub const MAX_CHARS: usize = 16 * 1024;
/// Most bytes a payload may inflate to.
pub const MAX_INFLATED: usize = 256 * 1024;

const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A decoded link: the scenario as written, the model version that made the
/// link and, when that differs from this model, a notice for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub scenario: Value,
    pub model_version: String,
    pub notice: Option<String>,
}

impl Decoded {
    /// `{"scenario": …, "model_version": …, "notice": … | null}` as text.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "scenario": self.scenario,
            "model_version": self.model_version,
            "notice": self.notice,
        })
        .to_string()
    }
}

/// Encodes a scenario (the text of a scenario file) as a share string.
/// Refuses a scenario that would not simulate, with the same message the
/// simulation would give.
pub fn encode(scenario_json: &str) -> Result<String, InputError> {
    let body = payload(scenario_json)?;
    Ok(link_of(&miniz_oxide::deflate::compress_to_vec(body.as_bytes(), 9)))
}

/// The JSON text a share string carries for a scenario (the text of a
/// scenario file), before compression: the compact `{"m": …, "s": …}`, keys
/// sorted, so equal scenarios give equal payloads. Refuses a scenario that
/// would not simulate, as [`encode`] does.
///
/// The page compresses it with the browser's own raw-DEFLATE
/// (`CompressionStream`), not this crate's compressor, and makes the link
/// with [`link_of`]: its links are valid links for the CLI and every
/// version, though their bytes may differ from [`encode`]'s.
pub fn payload(scenario_json: &str) -> Result<String, InputError> {
    let mut scenario = Scenario::parse_file(scenario_json)?;
    // A link always carries the current schema (an older file's triggers as rules).
    if let Value::Object(map) = &mut scenario {
        crate::scenario::upgrade(map)?;
    }
    Scenario::resolve(Some(&scenario), &Overrides::default())?;
    // The compact re-serialisation (keys sorted) makes equal scenarios give equal links.
    Ok(serde_json::json!({ "m": MODEL_VERSION, "s": scenario }).to_string())
}

/// The share string of a payload already raw-DEFLATE compressed: `v1.`
/// and the bytes in base64url without padding.
pub fn link_of(packed: &[u8]) -> String {
    format!("{FORMAT}.{}", B64.encode(packed))
}

fn link_error(value: impl std::fmt::Display, allowed: &str) -> InputError {
    InputError::new("share link", value, allowed)
}

/// Decodes and validates a share string. A leading `#` (a whole URL hash) is
/// accepted.
pub fn decode(link: &str) -> Result<Decoded, InputError> {
    let link = link.trim();
    let link = link.strip_prefix('#').unwrap_or(link);
    let chars = link.chars().count();
    if chars > MAX_CHARS {
        return Err(link_error(
            format!("{chars} characters"),
            &format!("at most {MAX_CHARS} characters"),
        ));
    }
    if link.is_empty() {
        return Err(link_error("empty", &format!("{FORMAT}.<payload>")));
    }
    let Some((version, payload)) = link.split_once('.') else {
        return Err(link_error(format!("{link:?}"), &format!("{FORMAT}.<payload>")));
    };
    if version != FORMAT {
        return Err(InputError::new("share link version", format!("{version:?}"), FORMAT));
    }
    let packed = B64
        .decode(payload)
        .map_err(|_| link_error("a payload that is not base64url", "the letters A-Z a-z 0-9 - _ of a copied link"))?;
    let body = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_INFLATED).map_err(|e| {
        if matches!(e.status, miniz_oxide::inflate::TINFLStatus::HasMoreOutput) {
            link_error(
                format!("a payload of more than {MAX_INFLATED} bytes"),
                &format!("at most {MAX_INFLATED} bytes"),
            )
        } else {
            link_error("a truncated or damaged payload", "a link copied whole")
        }
    })?;
    let text = std::str::from_utf8(&body).map_err(|_| link_error("a payload that is not UTF-8 text", "UTF-8 JSON"))?;
    let value: Value = serde_json::from_str(text).map_err(|e| link_error(format!("a payload that is not JSON ({e})"), "a JSON object"))?;
    let Value::Object(mut map) = value else {
        return Err(link_error(
            "a payload that is not a JSON object",
            "{\"m\": version, \"s\": scenario}",
        ));
    };
    if let Some(key) = map.keys().find(|k| *k != "m" && *k != "s") {
        return Err(InputError::new(format!("share link.{key}"), "an unknown field", "m, s"));
    }
    let model_version = match map.remove("m") {
        Some(Value::String(v)) if is_version(&v) => v,
        Some(other) => return Err(InputError::new("share link.m", other, "a model version like 1.0.0")),
        None => return Err(InputError::new("share link.m", "missing", "a model version like 1.0.0")),
    };
    let mut scenario = match map.remove("s") {
        Some(v @ Value::Object(_)) => v,
        Some(other) => return Err(InputError::new("share link.s", other, "a scenario object")),
        None => return Err(InputError::new("share link.s", "missing", "a scenario object")),
    };
    let notice = migrate(&model_version, &mut scenario)?;
    // What the fronts get is in the current schema, whatever the link says.
    if let Value::Object(map) = &mut scenario {
        crate::scenario::upgrade(map)?;
    }
    // The scenario must simulate as it is; the core names any bad field.
    Scenario::resolve(Some(&scenario), &Overrides::default())?;
    Ok(Decoded {
        scenario,
        model_version,
        notice,
    })
}

fn version_parts(v: &str) -> Option<[u64; 3]> {
    let mut parts = v.split('.').map(|p| {
        if p.is_empty() || p.len() > 9 || !p.bytes().all(|b| b.is_ascii_digit()) {
            None
        } else {
            p.parse::<u64>().ok()
        }
    });
    let out = [parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(out)
}

fn is_version(v: &str) -> bool {
    version_parts(v).is_some()
}

/// A change to scenario files between model versions: links made before
/// `before` get `apply` run on their scenario.
struct Migration {
    before: [u64; 3],
    apply: fn(&mut Map<String, Value>) -> Result<(), InputError>,
}

fn schema_1(map: &mut Map<String, Value>) -> Result<(), InputError> {
    crate::scenario::migrate_schema_1(map);
    Ok(())
}

fn shocks_only(map: &mut Map<String, Value>) -> Result<(), InputError> {
    crate::scenario::migrate_shocks_only(map);
    Ok(())
}

/// Every scenario-format change since model 1.0.0, oldest first.
const MIGRATIONS: &[Migration] = &[
    Migration {
        // Model 2 sized the starting infrastructure from the starting load and
        // made a rewrite's length follow from its scope and staff.
        before: [2, 0, 0],
        apply: schema_1,
    },
    Migration {
        // Model 2.1 draws the uncertain parameters per run by default; older
        // links drew weekly shocks only and keep doing so.
        before: [2, 1, 0],
        apply: shocks_only,
    },
    Migration {
        // Model 2.1 expressed the strategies' triggers as rules.
        before: [2, 1, 0],
        apply: crate::scenario::migrate_schema_2,
    },
];

/// Brings a scenario written for `from` up to this model and says what the
/// user should know, if anything.
fn migrate(from: &str, scenario: &mut Value) -> Result<Option<String>, InputError> {
    if from == MODEL_VERSION {
        return Ok(None);
    }
    let (Some(old), Some(now)) = (version_parts(from), version_parts(MODEL_VERSION)) else {
        return Ok(None);
    };
    if let Value::Object(map) = scenario {
        for m in MIGRATIONS.iter().filter(|m| old < m.before) {
            (m.apply)(map)?;
        }
    }
    Ok(Some(if old < now {
        format!(
            "This link was made with model {from}; it opened with model {MODEL_VERSION}, so its numbers may differ from what its author saw."
        )
    } else {
        format!(
            "This link was made with a newer model ({from}); it opened with model {MODEL_VERSION}, so its numbers may differ from what its author saw."
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_link(body: &str) -> String {
        format!("v1.{}", B64.encode(miniz_oxide::deflate::compress_to_vec(body.as_bytes(), 6)))
    }

    #[test]
    fn round_trip_keeps_the_scenario() {
        let text = r#"{"preset":"b2b-saas","strategies":["feature-first","controlled-evolution"],"runs":500,"seed":"18446744073709551615","weeks":104,"collapse":{"threshold":0.4,"window":6},"params":{"hiring_noise":0.3}}"#;
        let link = encode(text).unwrap();
        assert!(link.starts_with("v1.") && link.len() < 300, "{link}");
        let decoded = decode(&format!("#{link}")).unwrap();
        assert_eq!(decoded.scenario, serde_json::from_str::<Value>(text).unwrap());
        assert_eq!(decoded.model_version, MODEL_VERSION);
        assert_eq!(decoded.notice, None);
        assert_eq!(encode(&decoded.scenario.to_string()).unwrap(), link);
    }

    #[test]
    fn a_payload_deflated_by_any_encoder_is_the_same_link() {
        // The page compresses `payload` with the browser's DEFLATE; stored
        // blocks (level 0) are what it writes where the browser has none.
        let text = r#"{"preset":"marketplace","runs":300,"seed":"7","params":{"coupling":0.6}}"#;
        let body = payload(text).unwrap();
        let stored = link_of(&miniz_oxide::deflate::compress_to_vec(body.as_bytes(), 0));
        let packed = encode(text).unwrap();
        assert_ne!(stored, packed);
        assert_eq!(decode(&stored).unwrap(), decode(&packed).unwrap());
        assert_eq!(payload(r#"{"runs": 0}"#).unwrap_err().field, "runs");
    }

    #[test]
    fn refuses_invalid_scenarios_when_encoding() {
        let e = encode(r#"{"runs": 0}"#).unwrap_err();
        assert_eq!(e.field, "runs");
    }

    #[test]
    fn older_model_versions_open_with_a_notice() {
        let d = decode(&raw_link(r#"{"m":"0.9.0","s":{"preset":"marketplace"}}"#)).unwrap();
        assert!(d.notice.unwrap().contains("0.9.0"));
        // A model-1 link with fields model 2 dropped still opens.
        let old =
            r#"{"m":"1.0.0","s":{"params":{"initial_capacity":900,"ramp_up_weeks":20},"strategies":[{"id":"mine","rewrite_weeks":12}]}}"#;
        let d = decode(&raw_link(old)).unwrap();
        assert!(d.notice.unwrap().contains("1.0.0"));
        assert_eq!(d.scenario["params"], serde_json::json!({"ramp_up_weeks": 20}));
        assert_eq!(d.scenario["strategies"][0], serde_json::json!({"id": "mine"}));
        assert_eq!(d.scenario["uncertainty"], "shocks");
        // A model-2.0 link keeps drawing weekly shocks only, unless it says otherwise.
        let d = decode(&raw_link(r#"{"m":"2.0.0","s":{"preset":"marketplace"}}"#)).unwrap();
        assert!(d.notice.unwrap().contains("2.0.0"));
        assert_eq!(d.scenario["uncertainty"], "shocks");
        let d = decode(&raw_link(r#"{"m":"2.0.0","s":{"uncertainty":"parameters"}}"#)).unwrap();
        assert_eq!(d.scenario["uncertainty"], "parameters");
        let d = decode(&encode(r#"{"preset":"marketplace"}"#).unwrap()).unwrap();
        assert_eq!(d.scenario.get("uncertainty"), None);
        // A model-2.0 link with a strategy's triggers opens with them as rules.
        let old = r#"{"m":"2.0.0","s":{"strategies":[{"id":"mine","base":"big-rewrite","rewrite_trigger":0.4,"wait_for_pmf":true}]}}"#;
        let d = decode(&raw_link(old)).unwrap();
        let s = &d.scenario["strategies"][0];
        assert_eq!(s["targeted_refactoring"], true);
        assert!(s.get("rewrite_trigger").is_none() && s.get("wait_for_pmf").is_none());
        let texts: Vec<&str> = s["rules"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect();
        assert_eq!(
            texts,
            [
                "While product-market fit is not reached yet: freeze hiring (replace leavers only).",
                "While debt interest is above 30 %: freeze hiring (replace leavers only).",
                "While utilisation is at least 90 %: put 30 % of capacity into infrastructure.",
                "While debt interest is at least 40 %: start a rewrite."
            ]
        );
        let e = decode(&raw_link(r#"{"m":"2.0.0","s":{"strategies":[{"id":"x","infra_trigger":2}]}}"#)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid strategies[0].infra_trigger: 2 (allowed: a number from 0 to 1)"
        );
        // A schema-2 scenario in a current link comes out in schema 3 too.
        let current = encode(r#"{"schema":2,"strategies":[{"id":"w","wait_for_pmf":true}]}"#).unwrap();
        let d = decode(&current).unwrap();
        assert_eq!(d.scenario["schema"], 3);
        assert_eq!(d.scenario["strategies"][0]["targeted_refactoring"], true);
        let d = decode(&raw_link(r#"{"m":"99.0.0","s":{}}"#)).unwrap();
        assert!(d.notice.unwrap().contains("newer"));
    }

    #[test]
    fn hostile_links_name_what_is_wrong() {
        let cases: &[(&str, &str)] = &[
            ("", "share link"),
            ("<script>alert(1)</script>", "share link"),
            ("v2.abc", "share link version"),
            ("v1.!!!!", "share link"),
            ("v1.AAAA", "share link"),
            (&raw_link("[1,2]"), "share link"),
            (&raw_link(r#"{"m":"1.0.0","s":{},"x":1}"#), "share link.x"),
            (&raw_link(r#"{"m":"<b>","s":{}}"#), "share link.m"),
            (&raw_link(r#"{"m":"1.0.0","s":[]}"#), "share link.s"),
            (&raw_link(r#"{"m":"1.0.0","s":{"runs":1e300}}"#), "runs"),
            (
                &raw_link(r#"{"m":"1.0.0","s":{"preset":"<img src=x onerror=alert(1)>"}}"#),
                "preset",
            ),
            (&raw_link(r#"{"m":"1.0.0","s":{"collapse":{"threshold":NaN}}}"#), "share link"),
            (&raw_link(&"[".repeat(10_000)), "share link"),
        ];
        for (link, field) in cases {
            let e = decode(link).unwrap_err();
            assert_eq!(&e.field, field, "{link}: {e}");
        }
        let long = format!("v1.{}", "A".repeat(MAX_CHARS));
        assert!(decode(&long).unwrap_err().value.contains("characters"));
        let bomb = raw_link(&format!(r#"{{"m":"1.0.0","s":{{"x":"{}"}}}}"#, " ".repeat(MAX_INFLATED * 2)));
        assert!(bomb.len() < MAX_CHARS);
        assert!(decode(&bomb).unwrap_err().value.contains("more than"));
        let full = encode("{}").unwrap();
        let e = decode(&full[..full.len() - 3]).unwrap_err();
        assert!(e.value.contains("truncated"), "{e}");
    }
}
