//! Calibration from a team's own throughput: the weeks a team delivered
//! (a CSV, or a scenario's `calibration` field), read with bounds and
//! validated field by field; the weekly noise they show; and how well the
//! model's first weeks match them (the fit statistic of a result).
//!
//! Which parameters a calibration sets is [`fit::calibrate`]: it runs the
//! model, so it sits a layer below this data module.

pub mod fit;

use crate::error::{show_number, InputError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Fewest weeks a calibration reads: fewer say nothing about noise.
pub const MIN_WEEKS: usize = 4;
/// Most weeks a calibration reads (two years, oldest first).
pub const MAX_WEEKS: usize = 104;
/// Largest CSV accepted, bytes.
pub const MAX_CSV_BYTES: usize = 64 * 1024;
/// Largest work delivered in one week, in the team's unit.
pub const MAX_DELIVERED: f64 = 1_000_000.0;
/// A week's team size: the model's range for the starting team.
pub const MIN_TEAM: f64 = 1.0;
pub const MAX_TEAM: f64 = 500.0;
/// Fewest pairs of consecutive weeks that both delivered work: the noise
/// estimate needs week-to-week changes.
pub const MIN_PAIRS: usize = 3;

/// The unit the team counts delivered work in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Items,
    Points,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Items => "items",
            Unit::Points => "points",
        }
    }
}

/// A team's observed weeks, oldest first: work delivered in each, and
/// optionally the team size in each. Validated: 4 to 104 weeks, every value
/// in range, at least three pairs of consecutive weeks that delivered work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Throughput {
    pub unit: Unit,
    pub delivered: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub team: Option<Vec<f64>>,
}

/// How well the model's first weeks match the observed ones, for one strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StrategyFit {
    pub strategy: String,
    /// Share of the compared weeks whose smoothed observed value lies inside
    /// the model's P10–P90 band of smoothed velocity for that week.
    pub inside: f32,
    /// Mean absolute gap between the smoothed observed weeks and the model's
    /// median, ÷ the mean smoothed observed value (0 = a perfect match).
    pub error: f32,
    /// Mean signed gap (model median − observed) ÷ the mean observed value:
    /// above 0, the model delivers more than the team did.
    pub bias: f32,
}

/// A result's comparison with the observed weeks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitReport {
    pub unit: Unit,
    /// Weeks compared: the observed weeks within the horizon.
    pub weeks: u32,
    /// The observed weeks at today's team size (see [`Throughput::normalised`]).
    pub observed: Vec<f32>,
    /// The same, smoothed as the model smooths velocity (`collapse.smoothing`).
    pub smoothed: Vec<f32>,
    pub fit: Vec<StrategyFit>,
}

impl FitReport {
    /// One line per strategy: the share of weeks inside the band and the gap.
    pub fn lines(&self) -> Vec<String> {
        let pct = |x: f32| format!("{:.0} %", x as f64 * 100.0);
        self.fit
            .iter()
            .map(|f| {
                let inside = libm::round(f.inside as f64 * self.weeks as f64) as u32;
                let side = if f.bias >= 0.0 { "above" } else { "below" };
                format!(
                    "{}: {inside} of your {} weeks inside the model's P10–P90 band ({}); the median is off by {} on average, {} {side} overall",
                    f.strategy,
                    self.weeks,
                    pct(f.inside),
                    pct(f.error),
                    pct(f.bias.abs()),
                )
            })
            .collect()
    }
}

fn csv_error(line: usize, column: &str, value: impl std::fmt::Display, allowed: impl Into<String>) -> InputError {
    InputError::new(format!("calibration line {line}, {column}"), value, allowed)
}

fn delivered_allowed() -> String {
    format!("a number from 0 to {}", show_number(MAX_DELIVERED))
}

fn team_allowed() -> String {
    format!("a number from {} to {}", show_number(MIN_TEAM), show_number(MAX_TEAM))
}

/// What a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Label,
    Delivered(Unit),
    Team,
}

const HEADER_NAMES: &str = "week, date, delivered, items, throughput, points, story points, team, team size, engineers";

fn column_of(name: &str) -> Option<Column> {
    let key: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == '-' { ' ' } else { c })
        .collect();
    match key.as_str() {
        "week" | "date" | "sprint" => Some(Column::Label),
        "delivered" | "items" | "throughput" | "done" | "completed" => Some(Column::Delivered(Unit::Items)),
        "points" | "story points" => Some(Column::Delivered(Unit::Points)),
        "team" | "team size" | "engineers" | "people" => Some(Column::Team),
        _ => None,
    }
}

fn cell(raw: &str) -> &str {
    let t = raw.trim();
    t.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(t).trim()
}

fn parse_number(text: &str) -> Option<f64> {
    let ok = !text.is_empty() && text.len() <= 32 && text.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    ok.then(|| text.parse::<f64>().ok()).flatten().filter(|x| x.is_finite())
}

impl Throughput {
    /// Reads a CSV of weekly throughput, oldest week first. Blank lines and
    /// lines starting with `#` are skipped; cells are separated by commas,
    /// semicolons or tabs (the first row's choice). A single column of numbers
    /// needs no header; otherwise the first row names the columns: the work
    /// delivered (`delivered`, `items`, `throughput` — or `points`, `story
    /// points` for points), optionally the team size (`team`, `engineers`)
    /// and a label that is not read (`week`, `date`).
    pub fn from_csv(text: &str) -> Result<Throughput, InputError> {
        if text.len() > MAX_CSV_BYTES {
            return Err(InputError::new(
                "calibration",
                format!("{} bytes", text.len()),
                format!("a CSV of at most {MAX_CSV_BYTES} bytes"),
            ));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'));
        let Some((first_line, first)) = rows.next() else {
            return Err(InputError::new(
                "calibration",
                "an empty file",
                "a CSV with one row per week, oldest first (e.g. week,delivered,team)",
            ));
        };
        let sep = if first.contains('\t') {
            '\t'
        } else if first.contains(';') {
            ';'
        } else {
            ','
        };
        let first_cells: Vec<&str> = first.split(sep).map(cell).collect();
        let has_header = first_cells.iter().any(|c| parse_number(c).is_none());
        let mut columns = Vec::new();
        let mut pending: Option<(usize, &str)> = None;
        if has_header {
            for (k, name) in first_cells.iter().enumerate() {
                let c = column_of(name).ok_or_else(|| {
                    csv_error(
                        first_line,
                        &format!("column {}", k + 1),
                        format!("{name:?}"),
                        format!("one of: {HEADER_NAMES}"),
                    )
                })?;
                if columns
                    .iter()
                    .any(|d| matches!((d, c), (Column::Delivered(_), Column::Delivered(_))))
                    || columns.contains(&c)
                {
                    return Err(csv_error(
                        first_line,
                        &format!("column {}", k + 1),
                        format!("{name:?}"),
                        "each column once (one column of delivered work)",
                    ));
                }
                columns.push(c);
            }
            if !columns.iter().any(|c| matches!(c, Column::Delivered(_))) {
                return Err(csv_error(
                    first_line,
                    "header",
                    format!("{:?}", first_cells.join(",")),
                    "a column of delivered work (delivered, items, throughput, points or story points)",
                ));
            }
        } else if first_cells.len() == 1 {
            columns.push(Column::Delivered(Unit::Items));
            pending = Some((first_line, first));
        } else {
            return Err(csv_error(
                first_line,
                "header",
                format!("{} columns and no header", first_cells.len()),
                "a header row naming the columns (e.g. week,delivered,team), or a single column of numbers",
            ));
        }
        let unit = columns
            .iter()
            .find_map(|c| match c {
                Column::Delivered(u) => Some(*u),
                _ => None,
            })
            .unwrap_or_default();
        let has_team = columns.contains(&Column::Team);
        let (mut delivered, mut team) = (Vec::new(), Vec::new());
        for (line, row) in pending.into_iter().chain(rows) {
            if delivered.len() == MAX_WEEKS {
                return Err(InputError::new(
                    "calibration",
                    format!("more than {MAX_WEEKS} weeks (line {line})"),
                    format!("{MIN_WEEKS} to {MAX_WEEKS} weeks, one row each: the last weeks, oldest first"),
                ));
            }
            let cells: Vec<&str> = row.split(sep).map(cell).collect();
            if cells.len() != columns.len() {
                return Err(csv_error(
                    line,
                    "row",
                    format!("{} cells", cells.len()),
                    format!("{} cells, as the first row", columns.len()),
                ));
            }
            for (c, text) in columns.iter().zip(&cells) {
                match c {
                    Column::Label => {}
                    Column::Delivered(_) => {
                        let x = parse_number(text)
                            .filter(|x| (0.0..=MAX_DELIVERED).contains(x))
                            .ok_or_else(|| csv_error(line, "delivered", format!("{text:?}"), delivered_allowed()))?;
                        delivered.push(x);
                    }
                    Column::Team => {
                        let x = parse_number(text)
                            .filter(|x| (MIN_TEAM..=MAX_TEAM).contains(x))
                            .ok_or_else(|| csv_error(line, "team", format!("{text:?}"), team_allowed()))?;
                        team.push(x);
                    }
                }
            }
        }
        let t = Throughput {
            unit,
            delivered,
            team: has_team.then_some(team),
        };
        t.check("calibration")?;
        Ok(t)
    }

    /// Reads the scenario file's form, `{"unit", "delivered": [..], "team": [..]}`,
    /// naming a bad value by its path under `field`.
    pub fn from_value(v: &Value, field: &str) -> Result<Throughput, InputError> {
        let map = v
            .as_object()
            .ok_or_else(|| InputError::new(field, "not an object", "{\"unit\", \"delivered\": [numbers], \"team\": [numbers]}"))?;
        for key in map.keys() {
            if !["unit", "delivered", "team"].contains(&key.as_str()) {
                return Err(InputError::new(
                    format!("{field}.{key}"),
                    "an unknown field",
                    "one of: unit, delivered, team",
                ));
            }
        }
        let unit = match map.get("unit") {
            None => Unit::Items,
            Some(Value::String(s)) if s == "items" => Unit::Items,
            Some(Value::String(s)) if s == "points" => Unit::Points,
            Some(other) => return Err(InputError::new(format!("{field}.unit"), other, "\"items\" or \"points\"")),
        };
        let list = |key: &str, min: f64, max: f64, allowed: String| -> Result<Option<Vec<f64>>, InputError> {
            let Some(v) = map.get(key) else { return Ok(None) };
            let at = format!("{field}.{key}");
            let items = v
                .as_array()
                .ok_or_else(|| InputError::new(&at, "not an array", format!("an array of {MIN_WEEKS} to {MAX_WEEKS} numbers")))?;
            if items.len() > MAX_WEEKS {
                return Err(InputError::new(
                    &at,
                    format!("{} weeks", items.len()),
                    format!("{MIN_WEEKS} to {MAX_WEEKS} weeks"),
                ));
            }
            items
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    x.as_f64()
                        .filter(|x| (min..=max).contains(x))
                        .ok_or_else(|| InputError::new(format!("{at}[{i}]"), x, allowed.clone()))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some)
        };
        let delivered = list("delivered", 0.0, MAX_DELIVERED, delivered_allowed())?
            .ok_or_else(|| InputError::new(format!("{field}.delivered"), "missing", "an array of the work delivered each week"))?;
        let team = list("team", MIN_TEAM, MAX_TEAM, team_allowed())?;
        if let Some(team) = &team {
            if team.len() != delivered.len() {
                return Err(InputError::new(
                    format!("{field}.team"),
                    format!("{} weeks", team.len()),
                    format!("one team size per week ({})", delivered.len()),
                ));
            }
        }
        let t = Throughput { unit, delivered, team };
        t.check(field)?;
        Ok(t)
    }

    /// The checks both forms share: the number of weeks, work delivered, and
    /// enough consecutive weeks with work to see the noise.
    fn check(&self, field: &str) -> Result<(), InputError> {
        let n = self.delivered.len();
        if !(MIN_WEEKS..=MAX_WEEKS).contains(&n) {
            return Err(InputError::new(
                field,
                format!("{n} weeks"),
                format!("{MIN_WEEKS} to {MAX_WEEKS} weeks, one row each: the last weeks, oldest first"),
            ));
        }
        let pairs = self.delivered.windows(2).filter(|w| w[0] > 0.0 && w[1] > 0.0).count();
        if pairs < MIN_PAIRS {
            return Err(InputError::new(
                field,
                format!("{pairs} pairs of consecutive weeks with work delivered"),
                format!("at least {MIN_PAIRS} such pairs (the noise is read from week-to-week changes)"),
            ));
        }
        Ok(())
    }

    pub fn weeks(&self) -> usize {
        self.delivered.len()
    }

    /// Today's team size: the last observed week's, when the team is given.
    pub fn team_today(&self) -> Option<f64> {
        self.team.as_ref().and_then(|t| t.last().copied())
    }

    /// Each week's work at today's team size: `delivered × team today ÷ team
    /// that week` (as delivered when no team is given), so a team that grew
    /// is compared with the model at its size today.
    pub fn normalised(&self) -> Vec<f64> {
        match (&self.team, self.team_today()) {
            (Some(team), Some(today)) => self.delivered.iter().zip(team).map(|(x, n)| x * today / n).collect(),
            _ => self.delivered.clone(),
        }
    }

    /// The weekly noise the weeks show, as the lognormal sigma the model
    /// draws velocity noise with: from the week-to-week changes of the log
    /// of work per engineer over consecutive weeks that both delivered work,
    /// `σ = √(mean((ln y[t+1] − ln y[t])²) / 2)` (for independent weekly
    /// noise, each change has twice the variance of one week; a slow trend
    /// barely moves it).
    pub fn noise_sigma(&self) -> f64 {
        let y = self.normalised();
        let (mut sum, mut n) = (0.0, 0usize);
        for w in y.windows(2) {
            if w[0] > 0.0 && w[1] > 0.0 {
                let d = libm::log(w[1]) - libm::log(w[0]);
                sum += d * d;
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            libm::sqrt(sum / n as f64 / 2.0)
        }
    }

    /// The normalised weeks smoothed as the model smooths velocity: an EWMA
    /// of weight `2 / (smoothing + 1)` starting at the first week.
    pub fn smoothed(&self, smoothing: u32) -> Vec<f64> {
        let a = 2.0 / (smoothing as f64 + 1.0);
        let mut out = Vec::with_capacity(self.weeks());
        let mut s = 0.0;
        for (i, x) in self.normalised().into_iter().enumerate() {
            s = if i == 0 { x } else { s + a * (x - s) };
            out.push(s);
        }
        out
    }

    /// The observed weeks against a strategy's smoothed velocity bands (the
    /// first `weeks` of them): share inside P10–P90, normalised absolute and
    /// signed gaps to the median.
    pub fn fit(&self, smoothing: u32, p10: &[f32], p50: &[f32], p90: &[f32]) -> (f32, f32, f32) {
        let obs = self.smoothed(smoothing);
        let n = obs.len().min(p10.len()).min(p50.len()).min(p90.len());
        if n == 0 {
            return (0.0, 0.0, 0.0);
        }
        let (mut inside, mut abs, mut signed, mut total) = (0usize, 0.0, 0.0, 0.0);
        for w in 0..n {
            let (o, lo, mid, hi) = (obs[w], p10[w] as f64, p50[w] as f64, p90[w] as f64);
            if o >= lo && o <= hi {
                inside += 1;
            }
            abs += (mid - o).abs();
            signed += mid - o;
            total += o;
        }
        let scale = if total > 0.0 { total } else { 1.0 };
        ((inside as f64 / n as f64) as f32, (abs / scale) as f32, (signed / scale) as f32)
    }
}

/// The fit report of a result: the observed weeks within the horizon against
/// each strategy's smoothed velocity bands, given as (id, p10, p50, p90).
pub fn report<'a>(
    t: &Throughput,
    smoothing: u32,
    horizon: u32,
    strategies: impl Iterator<Item = (&'a str, &'a [f32], &'a [f32], &'a [f32])>,
) -> FitReport {
    let n = t.weeks().min(horizon as usize);
    let fit = strategies
        .map(|(id, p10, p50, p90)| {
            let (inside, error, bias) = t.fit(smoothing, &p10[..n.min(p10.len())], p50, p90);
            StrategyFit {
                strategy: id.to_string(),
                inside,
                error,
                bias,
            }
        })
        .collect();
    FitReport {
        unit: t.unit,
        weeks: n as u32,
        observed: t.normalised().iter().take(n).map(|&x| x as f32).collect(),
        smoothed: t.smoothed(smoothing).iter().take(n).map(|&x| x as f32).collect(),
        fit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Throughput::from_csv(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_a_header_csv_with_team_sizes() {
        let t =
            Throughput::from_csv("week,delivered,team\n2026-01-05,10,4\n2026-01-12,12,4\n\n# holiday\n2026-01-19,9,5\n2026-01-26,15,5\n")
                .unwrap();
        assert_eq!(t.unit, Unit::Items);
        assert_eq!(t.delivered, [10.0, 12.0, 9.0, 15.0]);
        assert_eq!(t.team.as_deref(), Some(&[4.0, 4.0, 5.0, 5.0][..]));
        assert_eq!(t.team_today(), Some(5.0));
        assert_eq!(t.normalised(), [12.5, 15.0, 9.0, 15.0]);
    }

    #[test]
    fn reads_one_column_semicolons_tabs_quotes_and_points() {
        let t = Throughput::from_csv("10\r\n11\r\n9\r\n12\r\n").unwrap();
        assert_eq!((t.unit, t.delivered.len(), t.team.is_none()), (Unit::Items, 4, true));
        let t = Throughput::from_csv("\u{feff}Sprint;Story Points\n1;\"20\"\n2;22\n3;18\n4;25\n").unwrap();
        assert_eq!((t.unit, t.delivered[0]), (Unit::Points, 20.0));
        let t = Throughput::from_csv("week\titems\tengineers\n1\t3\t2\n2\t4\t2\n3\t5\t2\n4\t4\t2\n").unwrap();
        assert_eq!(t.team_today(), Some(2.0));
    }

    #[test]
    fn bad_csvs_name_the_line_the_field_the_value_and_the_range() {
        assert_eq!(
            err("week,delivered\n1,10\n2,abc\n3,9\n4,9\n"),
            "invalid calibration line 3, delivered: \"abc\" (allowed: a number from 0 to 1000000)"
        );
        assert_eq!(
            err("delivered,team\n10,4\n10,0\n10,4\n10,4\n"),
            "invalid calibration line 3, team: \"0\" (allowed: a number from 1 to 500)"
        );
        assert_eq!(
            err("delivered\n10\n-1\n10\n10\n"),
            "invalid calibration line 3, delivered: \"-1\" (allowed: a number from 0 to 1000000)"
        );
        assert!(err("week,velocity\n1,2\n").starts_with("invalid calibration line 1, column 2: \"velocity\" (allowed: one of: week"));
        assert!(err("week,team\n1,2\n").starts_with("invalid calibration line 1, header"));
        assert!(err("items,points\n1,2\n").starts_with("invalid calibration line 1, column 2"));
        assert!(err("1,2\n3,4\n").starts_with("invalid calibration line 1, header: 2 columns and no header"));
        assert_eq!(
            err("delivered,team\n10,4\n10\n"),
            "invalid calibration line 3, row: 1 cells (allowed: 2 cells, as the first row)"
        );
        assert_eq!(
            err("10\n11\n12\n"),
            "invalid calibration: 3 weeks (allowed: 4 to 104 weeks, one row each: the last weeks, oldest first)"
        );
        assert!(err(&"5\n".repeat(105)).starts_with("invalid calibration: more than 104 weeks (line 105)"));
        assert!(err("10\n0\n10\n0\n10\n0\n").starts_with("invalid calibration: 0 pairs of consecutive weeks"));
        assert!(err("").starts_with("invalid calibration: an empty file"));
        assert!(err(&"1".repeat(MAX_CSV_BYTES + 1)).starts_with("invalid calibration: 65537 bytes"));
        assert!(err("NaN\n1\n1\n1\n").contains("line 1, column 1: \"NaN\""));
        assert!(err("10\n1e999\n10\n10\n").starts_with("invalid calibration line 2, delivered"));
    }

    #[test]
    fn the_file_form_round_trips_and_names_its_paths() {
        let t = Throughput::from_csv("points,team\n20,3\n22,3\n18,4\n25,4\n").unwrap();
        let v = serde_json::to_value(&t).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"unit":"points","delivered":[20.0,22.0,18.0,25.0],"team":[3.0,3.0,4.0,4.0]})
        );
        assert_eq!(Throughput::from_value(&v, "calibration").unwrap(), t);
        let e = |v: Value| Throughput::from_value(&v, "calibration").unwrap_err().to_string();
        assert!(e(serde_json::json!({"delivered":[1,2,-3,4]})).starts_with("invalid calibration.delivered[2]: -3"));
        assert!(e(serde_json::json!({"delivered":[1,2,3,4],"team":[1,2]})).starts_with("invalid calibration.team: 2 weeks"));
        assert!(e(serde_json::json!({"delivered":[1,2,3,4],"x":1})).starts_with("invalid calibration.x: an unknown field"));
        assert!(e(serde_json::json!({"delivered":[1,2,3,4],"unit":"hours"})).starts_with("invalid calibration.unit: \"hours\""));
        assert!(e(serde_json::json!({"unit":"items"})).starts_with("invalid calibration.delivered: missing"));
        assert!(e(serde_json::json!({"delivered":[1,2,3]})).starts_with("invalid calibration: 3 weeks"));
    }

    #[test]
    fn noise_is_the_spread_of_week_to_week_log_changes() {
        // Constant weeks: no noise.
        let flat = Throughput::from_csv("10\n10\n10\n10\n").unwrap();
        assert_eq!(flat.noise_sigma(), 0.0);
        // Alternating ×e and ÷e: every change is ±1 in log, so σ = √(1/2).
        let e = std::f64::consts::E;
        let t = Throughput {
            unit: Unit::Items,
            delivered: vec![1.0, e, 1.0, e, 1.0],
            team: None,
        };
        assert!((t.noise_sigma() - 0.5f64.sqrt()).abs() < 1e-12);
        // Per engineer: a team that doubles with its output shows no noise.
        let grew = Throughput {
            unit: Unit::Items,
            delivered: vec![10.0, 20.0, 40.0, 80.0],
            team: Some(vec![1.0, 2.0, 4.0, 8.0]),
        };
        assert_eq!(grew.noise_sigma(), 0.0);
        assert_eq!(grew.normalised(), [80.0; 4]);
    }

    #[test]
    fn fit_counts_weeks_inside_the_band_and_the_gap_to_the_median() {
        let t = Throughput {
            unit: Unit::Items,
            delivered: vec![10.0, 10.0, 10.0, 10.0],
            team: None,
        };
        let (inside, error, bias) = t.fit(8, &[9.0, 11.0, 9.0, 9.0], &[10.0, 12.0, 10.0, 12.0], &[11.0, 13.0, 11.0, 13.0]);
        assert_eq!(inside, 0.75);
        assert!((error - 0.1).abs() < 1e-6 && (bias - 0.1).abs() < 1e-6, "{error} {bias}");
        // Only the weeks within the horizon are compared.
        let r = report(
            &t,
            8,
            2,
            [("a", &[9.0f32, 9.0][..], &[10.0f32, 10.0][..], &[11.0f32, 11.0][..])].into_iter(),
        );
        assert_eq!((r.weeks, r.fit[0].inside, r.observed.len()), (2, 1.0, 2));
    }
}
