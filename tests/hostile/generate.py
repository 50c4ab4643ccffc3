#!/usr/bin/env python3
"""Writes the hostile-input corpus of this folder: scenario files (*.json) and
share links (*.link, just the string) that velocity-cliff must refuse with
exit status 2 and one line naming the field, and the table of README.md.

The files are committed; this script documents how each was made and rebuilds
them (`python3 tests/hostile/generate.py`). The 10 MB payload is not a file:
tests/it/hostile.rs writes it at test time."""

import base64
import json
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL = "2.1.0"


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def link_of_bytes(body: bytes, prefix: str = "v1") -> str:
    return f"{prefix}." + base64.urlsafe_b64encode(deflate(body)).decode().rstrip("=")


def link_of(body: str, prefix: str = "v1") -> str:
    return link_of_bytes(body.encode("utf-8"), prefix)


def link(scenario: str, model: str = MODEL) -> str:
    """A link whose payload is {"m": model, "s": <scenario text as written>}."""
    return link_of('{"m":%s,"s":%s}' % (json.dumps(model), scenario))


VALID = link('{"preset":"b2b-saas","runs":500,"strategies":["feature-first","controlled-evolution"]}')
LONG_KEY = "k" * 10_000
# A valid rule that the rule cases break one part of.
RULE = {"when": {"observe": "debt_interest", "op": "above", "value": 0.3}, "do": [{"action": "set", "field": "refactor_share", "value": 0.25}]}
LONG_KEY_FIELD = "k" * 57 + "..."

# (file, contents (str or bytes), what it tests, the field the one-line message names)
CASES = [
    # --- markup and script where names belong ---------------------------------
    ("script-preset.json", '{"preset":"<script>alert(1)</script>"}', "script tag as the preset id", "preset"),
    ("script-builtin-strategy.json", '{"strategies":["<script>alert(document.cookie)</script>"]}', "script tag as a built-in strategy id", "strategies[0]"),
    ("script-strategy-id.json", '{"strategies":[{"id":"<script>alert(1)</script>","label":"x"}]}', "script tag as a custom strategy id", "strategies[0].id"),
    ("html-label-too-long.json", json.dumps({"strategies": [{"id": "x", "label": "<img src=x onerror=alert(1)>" * 4}]}), "HTML in a label longer than 80 characters", "strategies[0].label"),
    ("html-label-bad-number.json", '{"strategies":[{"id":"ok","label":"<b>bold</b>","refactor_share":"<i>lots</i>"}]}', "HTML label beside HTML where a number belongs", "strategies[0].refactor_share"),
    ("html-unknown-key.json", '{"<svg onload=alert(1)>":1}', "HTML as an unknown top-level key (echoed in the message)", "<svg onload=alert(1)>"),
    ("html-seed.json", '{"seed":"<b>1</b>"}', "HTML in the seed string", "seed"),
    ("javascript-url-preset.json", '{"preset":"javascript:alert(1)"}', "javascript: URL as the preset", "preset"),
    ("html-base.json", '{"strategies":[{"id":"x","base":"<iframe src=//x>"}]}', "HTML as a custom strategy's base", "strategies[0].base"),
    ("proto-pollution.json", '{"__proto__":{"admin":true}}', "__proto__ key (prototype pollution in JS consumers)", "__proto__"),
    # --- numbers that are not numbers, or not in range ---------------------------
    ("nan-param.json", '{"params":{"ramp_up_weeks":NaN}}', "NaN literal (not JSON)", "scenario"),
    ("infinity-threshold.json", '{"collapse":{"threshold":Infinity}}', "Infinity literal (not JSON)", "scenario"),
    ("negative-infinity-param.json", '{"params":{"productivity":-Infinity}}', "-Infinity literal (not JSON)", "scenario"),
    ("nan-string.json", '{"params":{"productivity":"NaN"}}', "NaN as a string", "params.productivity"),
    ("overflow-float.json", '{"params":{"productivity":1e999}}', "a number beyond f64 (1e999)", "scenario"),
    ("underflow-threshold.json", '{"collapse":{"threshold":1e-400}}', "a threshold that underflows to 0", "collapse.threshold"),
    ("negative-runs.json", '{"runs":-1}', "negative run count", "runs"),
    ("negative-param.json", '{"params":{"initial_engineers":-5}}', "negative team size", "params.initial_engineers"),
    ("negative-zero-threshold.json", '{"collapse":{"threshold":-0.0}}', "negative zero threshold", "collapse.threshold"),
    ("enormous-runs.json", '{"runs":1000001}', "one run more than the maximum", "runs"),
    ("enormous-runs-u64.json", '{"runs":18446744073709551616}', "run count of 2^64", "runs"),
    ("enormous-weeks.json", '{"weeks":99999999999}', "a horizon of 10^11 weeks", "weeks"),
    ("enormous-seed.json", '{"seed":"184467440737095516160"}', "a seed of 21 digits (more than u64)", "seed"),
    ("enormous-param.json", '{"params":{"initial_market":1e300}}', "a market of 10^300 users", "params.initial_market"),
    ("enormous-window.json", '{"collapse":{"window":4294967297}}', "a window of 2^32 + 1 weeks", "collapse.window"),
    ("fractional-runs.json", '{"runs":10.5}', "fractional run count", "runs"),
    ("zero-threshold.json", '{"collapse":{"threshold":0}}', "threshold 0 (must be above 0)", "collapse.threshold"),
    ("shares-over-capacity.json", '{"strategies":[{"id":"x","refactor_share":0.6,"infra_share":0.6}]}', "refactoring + infrastructure shares over 0.9", "strategies[0].refactor_share + infra_share"),
    ("negative-cash.json", '{"params":{"initial_cash":-1}}', "negative starting cash", "params.initial_cash"),
    ("half-fit.json", '{"params":{"initial_fit":0.5}}', "fit half reached (it is 0 or 1)", "params.initial_fit"),
    ("zero-smoothing.json", '{"collapse":{"smoothing":0}}', "no smoothing weeks (at least 1)", "collapse.smoothing"),
    ("runway-years.json", '{"strategies":[{"id":"x","min_runway_months":99}]}', "a runway rule of 99 months", "strategies[0].min_runway_months"),
    ("staff-share-zero.json", '{"strategies":[{"id":"x","rewrite_staff_share":0}]}', "nobody on the rewrite", "strategies[0].rewrite_staff_share"),
    ("tail-shape-one.json", '{"params":{"rewrite_tail_shape":1}}', "a Pareto tail with an infinite mean", "params.rewrite_tail_shape"),
    ("split-too-small.json", '{"strategies":[{"id":"x","split_team_size":2}]}', "team split size between 0 and 3", "strategies[0].split_team_size"),
    # --- structure ----------------------------------------------------------------
    ("deep-nesting-array.json", "[" * 10_000, "10,000 nested arrays (parser recursion limit)", "scenario"),
    ("deep-nesting-object.json", '{"params":' + '{"a":' * 5_000 + "1" + "}" * 5_001, "5,000 nested objects inside params", "scenario"),
    ("nested-param-value.json", '{"params":{"productivity":' + "[" * 100 + "]" * 100 + "}}", "100 nested arrays where a number belongs", "params.productivity"),
    ("root-array.json", "[]", "an array instead of an object", "scenario"),
    ("root-string.json", '"marketplace"', "a string instead of an object", "scenario"),
    ("root-null.json", "null", "null instead of an object", "scenario"),
    ("runs-as-string.json", '{"runs":"1000"}', "a number written as a string", "runs"),
    ("params-as-array.json", '{"params":[1,2]}', "an array where the params object belongs", "params"),
    ("strategies-as-object.json", '{"strategies":{"feature-first":true}}', "an object where the strategies array belongs", "strategies"),
    ("wait-for-pmf-as-string.json", '{"schema":2,"strategies":[{"id":"x","wait_for_pmf":"yes"}]}', "a string where a boolean belongs (schema 2)", "strategies[0].wait_for_pmf"),
    ("window-as-bool.json", '{"collapse":{"window":true}}', "a boolean where a whole number belongs", "collapse.window"),
    ("schema-4.json", '{"schema":4}', "a schema version this build does not read", "schema"),
    ("uncertainty-unknown.json", '{"uncertainty":"everything"}', "an uncertainty mode that does not exist", "uncertainty"),
    ("uncertainty-as-bool.json", '{"uncertainty":true}', "a boolean where an uncertainty mode belongs", "uncertainty"),
    ("fixed-unknown-param.json", '{"fixed":["ramp_up_weeks","velocity_boost"]}', "an unknown parameter in the fixed list", "fixed[1]"),
    ("fixed-twice.json", '{"fixed":["ramp_up_weeks","ramp_up_weeks"]}', "a parameter fixed twice", "fixed[1]"),
    ("fixed-as-object.json", '{"fixed":{"ramp_up_weeks":true}}', "an object where the fixed list belongs", "fixed"),
    ("unknown-top-field.json", '{"preset":"marketplace","extra":1}', "an unknown top-level field", "extra"),
    ("unknown-param.json", '{"params":{"velocity_boost":2}}', "an unknown model parameter", "params.velocity_boost"),
    ("unknown-strategy-field.json", '{"strategies":[{"id":"x","turbo":true}]}', "an unknown strategy field", "strategies[0].turbo"),
    ("unknown-collapse-field.json", '{"collapse":{"threshold":0.5,"grace":3}}', "an unknown collapse-rule field", "collapse.grace"),
    ("duplicate-key.json", '{"runs":10,"runs":-1}', "a key given twice (the last one counts)", "runs"),
    ("too-many-strategies.json", json.dumps({"strategies": [{"id": f"s{i}"} for i in range(13)]}), "13 strategies (at most 12)", "strategies"),
    ("no-strategies.json", '{"strategies":[]}', "an empty strategy list", "strategies"),
    ("duplicate-strategy-ids.json", '{"strategies":["feature-first",{"id":"feature-first","base":"scale-early"}]}', "two strategies with one id", "strategies[1].id"),
    ("long-unknown-key.json", '{"%s":1}' % LONG_KEY, "a 10,000-character unknown key (the message shortens it)", LONG_KEY_FIELD),
    ("newline-in-unknown-key.json", '{"strategies":[{"id":"a","bad\\nkey\\r\\u001b[2J":1}]}', "line break and terminal escape in an unknown key (still one line)", "strategies[0].bad key  [2J"),
    # --- strategy rules ------------------------------------------------------------
    ("rules-too-many.json", json.dumps({"strategies": [{"id": "x", "rules": [RULE] * 17}]}), "17 rules in one strategy (at most 16)", "strategies[0].rules"),
    ("rules-as-object.json", '{"strategies":[{"id":"x","rules":{"when":1}}]}', "an object where the rule list belongs", "strategies[0].rules"),
    ("rule-unknown-condition.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "<script>alert(1)</script>", "op": "above", "value": 1})]}]}), "a script tag as the observed quantity", "strategies[0].rules[0].when.observe"),
    ("rule-unknown-operator.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "week", "op": "==", "value": 1})]}]}), "an operator that is not above/at_least/below/at_most", "strategies[0].rules[0].when.op"),
    ("rule-nan-literal.json", '{"strategies":[{"id":"x","rules":[{"when":{"observe":"week","op":"above","value":NaN},"do":[{"action":"freeze_hiring"}]}]}]}', "NaN literal as a condition's value (not JSON)", "scenario"),
    ("rule-nan-string.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "debt_interest", "op": "above", "value": "NaN"})]}]}), "NaN as a string for a condition's value", "strategies[0].rules[0].when.value"),
    ("rule-condition-out-of-range.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "debt_interest", "op": "above", "value": 30})]}]}), "debt interest of 30 (a share: 0 to 1)", "strategies[0].rules[0].when.value"),
    ("rule-fit-as-number.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "fit_reached", "value": 1})]}]}), "a number where fit reached (true/false) belongs", "strategies[0].rules[0].when.value"),
    ("rule-too-many-conditions.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when=[RULE["when"]] * 5)]}]}), "5 conditions in one rule (at most 4)", "strategies[0].rules[0].when"),
    ("rule-nested-conditions.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when=[[[[RULE["when"]]]]])]}]}), "nested arrays where a condition belongs", "strategies[0].rules[0].when[0]"),
    ("rule-action-out-of-range.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "set", "field": "infra_share", "value": 5}])]}]}), "an action putting 500 % into infrastructure", "strategies[0].rules[0].do[0].value"),
    ("rule-action-negative.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "set", "field": "hire_per_week", "value": -3}])]}]}), "an action hiring -3 engineers a week", "strategies[0].rules[0].do[0].value"),
    ("rule-action-unknown.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "fire_everyone"}])]}]}), "an action that does not exist", "strategies[0].rules[0].do[0].action"),
    ("rule-action-sets-id.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "set", "field": "label", "value": 1}])]}]}), "an action setting a field that is not a number", "strategies[0].rules[0].do[0].field"),
    ("rule-too-many-actions.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "freeze_hiring"}] * 5)]}]}), "5 actions in one rule (at most 4)", "strategies[0].rules[0].do"),
    ("rule-shares-over-capacity.json", json.dumps({"strategies": [{"id": "x", "refactor_share": 0.5, "rules": [dict(RULE, do=[{"action": "set", "field": "infra_share", "value": 0.5}])]}]}), "a rule taking refactoring + infrastructure over 0.9", "strategies[0].rules[0].do[0].value"),
    ("rule-split-too-small.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, do=[{"action": "set", "field": "split_team_size", "value": 1}])]}]}), "a rule splitting teams at 1 engineer", "strategies[0].rules[0].do[0].value"),
    ("rule-unknown-mode.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, mode="<b>always</b>")]}]}), "HTML as a rule's mode", "strategies[0].rules[0].mode"),
    ("rule-long-text.json", json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, text="x" * 600)]}]}), "a 600-character rule text (at most 500; ignored otherwise)", "strategies[0].rules[0].text"),
    ("rule-schema-2-field.json", '{"strategies":[{"id":"x","infra_trigger":0.5}]}', "a schema-2 field in a schema-3 file", "strategies[0].infra_trigger"),
    ("rule-in-schema-2.json", json.dumps({"schema": 2, "strategies": [{"id": "x", "rules": [RULE]}]}), "rules in a file that says schema 2", "strategies[0].rules"),
    ("rule-legacy-out-of-range.json", '{"schema":2,"strategies":[{"id":"x","base":"big-rewrite","rewrite_trigger":2}]}', "a schema-2 rewrite trigger of 2 (0 to 0.95)", "strategies[0].rewrite_trigger"),
    # --- text encodings -------------------------------------------------------------
    ("empty.json", "", "an empty file", "scenario"),
    ("whitespace.json", " \n\t\r\n ", "only whitespace", "scenario"),
    ("truncated.json", '{"preset":"b2b-saas","params":{"ramp_up_weeks":', "a file cut off mid-value", "scenario"),
    ("trailing-garbage.json", '{"runs":10} <script>', "text after the object", "scenario"),
    ("bom.json", b"\xef\xbb\xbf{}", "a UTF-8 byte-order mark before the object", "scenario"),
    ("overlong-utf8.json", b'{"preset":"\xc0\xaf"}', "an overlong UTF-8 sequence (not UTF-8)", "--scenario"),
    ("latin1.json", b'{"preset":"caf\xe9"}', "Latin-1 bytes (not UTF-8)", "--scenario"),
    ("utf16.json", '{"runs":1}'.encode("utf-16"), "UTF-16 with a byte-order mark", "--scenario"),
    ("lone-lead-surrogate.json", '{"preset":"\\ud800"}', "an escaped lone leading surrogate", "scenario"),
    ("lone-trail-surrogate.json", '{"strategies":[{"id":"x","label":"\\udc00"}]}', "an escaped lone trailing surrogate", "scenario"),
    ("raw-control-char.json", '{"preset":"b2b\tsaas"}', "a raw tab inside a string", "scenario"),
    ("nul-in-preset.json", '{"preset":"market\\u0000place"}', "an escaped NUL inside the preset id", "preset"),
    ("rtl-override-id.json", '{"strategies":[{"id":"\\u202eevil","label":"x"}]}', "a right-to-left override in a strategy id", "strategies[0].id"),
    ("rtl-mark-preset.json", '{"preset":"\\u200fmarketplace"}', "a right-to-left mark before the preset id", "preset"),
    ("zero-width-builtin.json", '{"strategies":["feature\\u200b-first"]}', "a zero-width space inside a built-in id", "strategies[0]"),
    ("zero-width-joiner-preset.json", '{"preset":"b2b\\u200d-saas"}', "a zero-width joiner inside the preset id", "preset"),
    ("fullwidth-digits-seed.json", '{"seed":"\uff11\uff12\uff13"}', "full-width digits as the seed", "seed"),
    ("control-char-label.json", '{"strategies":[{"id":"x","label":"a\\u0007b\\u001b[31mred"}]}', "bell and terminal colour escape in a label", "strategies[0].label"),
    # --- share links ----------------------------------------------------------------
    ("empty.link", "", "an empty link", "share link"),
    ("script-tag.link", "<script>alert(1)</script>", "a script tag instead of a link", "share link"),
    ("javascript-url.link", "javascript:alert(document.cookie)", "a javascript: URL (read as an unknown version prefix)", "share link version"),
    ("wrong-version.link", "v2." + VALID[3:], "a valid payload behind an unknown version prefix", "share link version"),
    ("html-version.link", "<b>v1</b>." + VALID[3:], "HTML as the version prefix", "share link version"),
    ("no-payload.link", "v1.", "the prefix alone", "share link"),
    ("not-base64.link", "v1.<img src=x onerror=alert(1)>", "HTML where the base64url payload belongs", "share link"),
    ("truncated.link", VALID[:-6], "a valid link with its last 6 characters cut", "share link"),
    ("truncated-half.link", VALID[: len(VALID) // 2], "a valid link cut in half", "share link"),
    ("url-with-bad-hash.link", "https://example.invalid/velocity-cliff/#v1.AAAA", "a whole URL whose hash is damaged", "share link"),
    ("too-long.link", "v1." + "A" * 20_000, "20,003 characters (at most 16,384)", "share link"),
    ("bomb.link", link_of('{"m":"1.0.0","s":{"x":"%s"}}' % (" " * (10 << 20))), "a 13 KB link that inflates to 10 MB (decompression bomb)", "share link"),
    ("not-json.link", link_of("hello, world"), "a payload that is not JSON", "share link"),
    ("not-utf8.link", link_of_bytes(b"\xff\xfe{\x00}"), "a payload that is not UTF-8", "share link"),
    ("array-payload.link", link_of("[1,2]"), "a payload that is an array", "share link"),
    ("unknown-key.link", link_of('{"m":"1.0.0","s":{},"x":1}'), "an unknown key beside m and s", "share link.x"),
    ("script-model-version.link", link_of('{"m":"<script>alert(1)</script>","s":{}}'), "a script tag as the model version", "share link.m"),
    ("missing-scenario.link", link_of('{"m":"1.0.0"}'), "a payload without a scenario", "share link.s"),
    ("scenario-as-string.link", link_of('{"m":"1.0.0","s":"b2b-saas"}'), "a string where the scenario object belongs", "share link.s"),
    ("nan.link", link('{"collapse":{"threshold":NaN}}'), "NaN inside the linked scenario", "share link"),
    ("deep-nesting.link", link_of("[" * 100_000), "100,000 nested arrays inflated from a short link", "share link"),
    ("lone-surrogate.link", link('{"preset":"\\ud800"}'), "an escaped lone surrogate in the linked scenario", "share link"),
    ("invalid-runs.link", link('{"runs":0}'), "a well-formed link to a scenario with 0 runs", "runs"),
    ("script-preset.link", link('{"preset":"<img src=x onerror=alert(1)>"}'), "HTML as the linked preset", "preset"),
    ("script-strategy-id.link", link('{"strategies":[{"id":"<script>","label":"<script>alert(1)</script>"}]}'), "script tags in a linked custom strategy", "strategies[0].id"),
    ("rtl-override.link", link('{"preset":"\\u202emarketplace"}'), "a right-to-left override in the linked preset", "preset"),
    ("enormous-runs.link", link('{"runs":1e300}'), "10^300 runs in a link", "runs"),
    ("rule-out-of-range.link", link(json.dumps({"strategies": [{"id": "x", "rules": [dict(RULE, when={"observe": "week", "op": "above", "value": -1})]}]})), "a rule on week -1 in a link", "strategies[0].rules[0].when.value"),
    ("legacy-trigger.link", link('{"strategies":[{"id":"x","infra_trigger":3}]}', "2.0.0"), "a model-2.0 link with an infrastructure trigger of 3", "strategies[0].infra_trigger"),
    ("unknown-field.link", link('{"preset":"marketplace","admin":true}'), "an unknown field in the linked scenario", "admin"),
]


def main():
    for name in os.listdir(HERE):
        if name.endswith((".json", ".link")):
            os.remove(os.path.join(HERE, name))
    for name, body, _, _ in CASES:
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
    rows = [
        "# Hostile input",
        "",
        "Scenario files (`*.json`) and share links (`*.link`: the share string",
        "alone, no newline) that velocity-cliff must refuse. For each, the CLI",
        "(`simulate --scenario FILE` or `simulate --link \"$(cat FILE)\"`) must exit",
        "with status 2, print nothing on standard output and exactly one line on",
        "standard error, `velocity-cliff: invalid <field>: <value> (allowed: …)`,",
        "where `<field>` is the last column below. `tests/it/hostile.rs` checks",
        "every file against this table; a browser test can use the same files.",
        "",
        "Made by `python3 tests/hostile/generate.py` (which also writes this file).",
        "Not a file: a 10 MB scenario (a 10 MB label), written by the test at run",
        "time and refused as `--scenario` (over the 1 MiB limit).",
        "",
        "| file | what it tests | refused as |",
        "| --- | --- | --- |",
    ]
    for name, _, what, field in CASES:
        shown = field.replace("|", "\\|")
        rows.append(f"| `{name}` | {what} | `{shown}` |")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(CASES)} files")


if __name__ == "__main__":
    main()
