//! Share strings from arbitrary text.
//!
//! `share::decode` may not panic; a refusal must read `invalid <field>: …`;
//! and every link it accepts must round-trip: encoding the decoded scenario
//! gives a link that decodes to the same scenario (and to the same resolved
//! `Scenario`), with no notice since it was made by this model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use velocity_cliff::{share, Overrides, Scenario, MODEL_VERSION};

fuzz_target!(|data: &[u8]| {
    let Ok(link) = std::str::from_utf8(data) else {
        return;
    };
    match share::decode(link) {
        Ok(decoded) => {
            let text = decoded.scenario.to_string();
            let again = share::encode(&text).unwrap_or_else(|e| panic!("an accepted link's scenario does not encode: {e}"));
            let back = share::decode(&again).unwrap_or_else(|e| panic!("a link made by encode is refused: {e}\n{again}"));
            assert_eq!(back.scenario, decoded.scenario, "the scenario changed on a round trip");
            assert_eq!(back.model_version, MODEL_VERSION);
            assert_eq!(back.notice, None);
            let a = Scenario::resolve(Some(&decoded.scenario), &Overrides::default()).expect("decode validated it");
            let b = Scenario::resolve(Some(&back.scenario), &Overrides::default()).expect("decode validated it");
            assert_eq!(a, b, "the resolved scenario changed on a round trip");
            assert_eq!(
                share::encode(&back.scenario.to_string()).ok().as_deref(),
                Some(again.as_str()),
                "encoding is not stable"
            );
        }
        Err(e) => {
            let text = e.to_string();
            assert!(text.starts_with("invalid "), "{text}");
            assert!(!text.contains('\n'), "{text:?}");
        }
    }
});
