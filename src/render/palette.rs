//! The colours of every figure, in one place. They are the page's palette
//! and must match `www/src/charts/palette.js` (strategies, outcomes, factors) and the
//! page's light and dark themes (`--bg`, `--text`, `--muted`, `--grid`);
//! `tests/it/render.rs` checks the strategy, outcome and factor colours
//! against that file.

/// Built-in strategies keep their Okabe–Ito colour (colour-blind safe).
pub const STRATEGIES: [(&str, &str); 5] = [
    ("feature-first", "#D55E00"),
    ("scale-early", "#E69F00"),
    ("big-rewrite", "#CC79A7"),
    ("controlled-evolution", "#009E73"),
    ("hypergrowth-hiring", "#0072B2"),
];
/// Custom strategies cycle these by their position in the result.
pub const SPARE: [&str; 3] = ["#56B4E9", "#F0E442", "#000000"];

/// How runs end, in the order they are stacked.
pub const OUTCOMES: [(&str, &str, &str); 5] = [
    ("healthy", "healthy & funded", "#009E73"),
    ("recovered", "recovered", "#56B4E9"),
    ("collapsed", "collapsed", "#D55E00"),
    ("out_of_cash", "out of cash", "#7F7F7F"),
    ("frozen", "in a rewrite", "#E69F00"),
];

/// The factors of a collapse (Paul Tol's "muted" scheme, grey for noise),
/// with the page's labels (`WHY_FACTORS` in `www/src/core/format.js`).
pub const FACTORS: [(&str, &str, &str); 9] = [
    ("team_size", "team size", "#88CCEE"),
    ("onboarding", "onboarding", "#44AA99"),
    ("coordination", "coordination", "#117733"),
    ("debt_interest", "debt interest", "#CC6677"),
    ("size_drag", "codebase size", "#882255"),
    ("overload", "feature overload", "#AA4499"),
    ("unplanned_work", "unplanned work", "#DDCC77"),
    ("allocation", "time off features", "#332288"),
    ("noise", "noise", "#BBBBBB"),
];

/// The colour of a strategy: its own if built in, else a spare one by position.
pub fn strategy(id: &str, index: usize) -> &'static str {
    STRATEGIES
        .iter()
        .find(|(s, _)| *s == id)
        .map_or(SPARE[index % SPARE.len()], |(_, c)| c)
}

/// A theme's colours: background, text, secondary text, grid lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ink {
    pub background: &'static str,
    pub text: &'static str,
    pub muted: &'static str,
    pub grid: &'static str,
}

pub const LIGHT: Ink = Ink {
    background: "#ffffff",
    text: "#1d2129",
    muted: "#5b6270",
    grid: "#d9dce1",
};

pub const DARK: Ink = Ink {
    background: "#15181d",
    text: "#e6e8eb",
    muted: "#a0a7b2",
    grid: "#343b45",
};
