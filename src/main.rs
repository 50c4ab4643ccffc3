//! The `velocity-cliff` command line: a thin front over the core. It parses
//! flags, reads files, runs the simulation on all cores and writes output.
//! Bad input of any kind exits with status 2 and one line on stderr.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use velocity_cliff::calibration::{fit, Throughput, MAX_CSV_BYTES};
use velocity_cliff::params::PARAM_SPECS;
use velocity_cliff::preset::{DEFAULT_PRESET, PRESETS};
use velocity_cliff::scenario::{parse_seed_str, UncertaintyMode, MAX_FILE_BYTES};
use velocity_cliff::sensitivity::{Analysis, Request};
use velocity_cliff::strategy::{builtins, description, STRATEGY_SPECS};
use velocity_cliff::{parallel, render, InputError, Overrides, Scenario, SimulationResult, MODEL_VERSION};
use velocity_cliff::{rules, share};

#[derive(Parser)]
#[command(name = "velocity-cliff", version = concat!(env!("CARGO_PKG_VERSION")),
    about = "Simulates a software startup week by week under competing strategies and reports when development velocity collapses.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Csv,
}

#[derive(Subcommand)]
enum Command {
    /// Run the Monte Carlo simulation and print the result (JSON or CSV).
    #[command(allow_negative_numbers = true)]
    Simulate(Box<SimulateArgs>),
    /// Draw a figure of the result (SVG or PNG), or an embed snippet with it and the summary table.
    #[command(allow_negative_numbers = true)]
    Render(Box<RenderArgs>),
    /// Which assumptions decide an outcome: tornado, global ranking and switch points (JSON or CSV).
    #[command(allow_negative_numbers = true)]
    Sensitivity(Box<SensitivityArgs>),
    /// List the built-in scenario presets.
    Presets,
    /// Print the share string of a scenario (what the page puts after `#`).
    Share {
        /// Scenario file (JSON); without one, the default scenario.
        #[arg(long, value_name = "FILE.json")]
        scenario: Option<PathBuf>,
    },
    /// List the built-in strategies and their settings.
    Strategies,
    /// List every model parameter with unit, range, default and source.
    Params {
        /// Print as JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

/// The flags of `velocity-cliff sensitivity`.
#[derive(Args)]
struct SensitivityArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// The outcome: collapse-week (median collapse week), healthy (share healthy at the horizon), out-of-cash (share out of cash), features (median features shipped), users (median users at the horizon).
    #[arg(long, value_name = "OUTCOME", default_value = "collapse-week")]
    outcome: String,
    /// The strategy whose outcome is analysed.
    #[arg(long, value_name = "ID")]
    strategy: Option<String>,
    /// Two strategies: the outcome is A's minus B's, with switch points where the preferred one changes.
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    versus: Option<Vec<String>>,
    /// Parameters in the tornado: the top N of the ranking (default 10).
    #[arg(long, value_name = "N")]
    top: Option<u64>,
    #[command(flatten)]
    output: OutputArgs,
}

/// The flags of `velocity-cliff simulate`.
#[derive(Args)]
struct SimulateArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    #[command(flatten)]
    output: OutputArgs,
}

/// Where and how `simulate` and `sensitivity` write, and on how many threads they compute.
#[derive(Args)]
struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Write to this file instead of standard output (written whole or not at all).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Worker threads; 0 = all cores. The result is the same for any count.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
}

/// The scenario flags shared by `simulate`, `render` and `sensitivity`.
#[derive(Args)]
struct ScenarioArgs {
    /// Built-in scenario archetype (b2b-saas, data-platform, marketplace, media-app).
    #[arg(long, value_name = "ID")]
    preset: Option<String>,
    /// Scenario file (JSON, schema 1); flags override what it says.
    #[arg(long, value_name = "FILE.json", conflicts_with = "link")]
    scenario: Option<PathBuf>,
    /// Share string or link from the page (`v1.…`, with or without the URL before `#`); flags override it.
    #[arg(long, value_name = "v1.…")]
    link: Option<String>,
    /// Comma-separated strategy ids to compare (default: all five built-ins or the file's).
    #[arg(long, value_name = "a,b,...", value_delimiter = ',')]
    strategies: Option<Vec<String>>,
    /// Monte Carlo runs per strategy, 1 to 1000000 (default 1000).
    #[arg(long, value_name = "N")]
    runs: Option<u64>,
    /// Random seed, any 64-bit unsigned integer (default 1).
    #[arg(long, value_name = "S")]
    seed: Option<String>,
    /// Horizon in weeks, 1 to 1040 (default 260).
    #[arg(long, value_name = "W")]
    weeks: Option<u64>,
    /// Collapse threshold: fraction of the run's own smoothed peak velocity, between 0 and 1 (default 0.5).
    #[arg(long, value_name = "F")]
    threshold: Option<f64>,
    /// Consecutive weeks below the threshold that count as a collapse, 1 to 52 (default 4).
    #[arg(long, value_name = "K")]
    window: Option<u64>,
    /// Weeks of smoothing collapse is judged on (an EWMA of weekly velocity), 1 to 52 (default 8).
    #[arg(long, value_name = "W")]
    smoothing: Option<u64>,
    /// What each run draws: "parameters" (weekly shocks and every uncertain parameter from its range; the default) or "shocks" (weekly shocks only).
    #[arg(long, value_name = "MODE")]
    uncertainty: Option<String>,
    /// Calibrate from your throughput: a CSV of the last 4 to 104 weeks, oldest first, with a header naming the columns — work delivered (delivered, items or throughput; points or story points), optionally team (team size that week) and week or date (not read) — or a single column of numbers. Sets noise_base to the week-to-week spread of the log of work per engineer (√(mean squared change ÷ 2)) less the model's extra noise at the starting debt, initial_engineers to the last week's team (when given), and productivity so the first strategy's mean smoothed velocity over those weeks equals yours (200 runs, weekly shocks only); all three then fixed. The result compares its first weeks with yours (printed on stderr; "calibration" in the JSON). See docs/MODEL.md.
    #[arg(long, value_name = "FILE.csv")]
    calibrate: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ImageFormat {
    Svg,
    Png,
}

#[derive(Clone, Copy, ValueEnum)]
enum ChartArg {
    Velocity,
    Survival,
    SurvivalFunded,
    SurvivalBoth,
    Histogram,
    Outcomes,
    Cash,
    Why,
}

/// The flags of `velocity-cliff render`.
#[derive(Args)]
struct RenderArgs {
    #[command(flatten)]
    scenario: ScenarioArgs,
    /// Worker threads; 0 = all cores. The result is the same for any count.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
    /// The figure: velocity (fan), survival (still healthy; survival-funded: still funded, survival-both: healthy and funded, as the page's survival choice), histogram (collapse weeks), outcomes, cash (fan) or why.
    #[arg(long, value_enum, default_value_t = ChartArg::Velocity)]
    chart: ChartArg,
    /// Image format; PNG is drawn from the same SVG.
    #[arg(long, value_enum, default_value_t = ImageFormat::Svg)]
    format: ImageFormat,
    /// Width in CSS pixels, 320 to 4000 (default 720, a blog column; 1200 with --height 630 for a social preview).
    #[arg(long, value_name = "PX", default_value_t = 720.0)]
    width: f64,
    /// Height in CSS pixels, 200 to 4000 (default 400).
    #[arg(long, value_name = "PX", default_value_t = 400.0)]
    height: f64,
    /// Colours: light or dark, as the page's themes.
    #[arg(long, value_name = "THEME", default_value = "light")]
    theme: String,
    /// Write the image to this file instead of standard output (written whole or not at all).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print an HTML snippet instead: <velocity-cliff> for this scenario with the figure (inline SVG, or an <img> naming --out) and the summary table inside, for readers without JavaScript.
    #[arg(long)]
    embed: bool,
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("velocity-cliff: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // One line: clap's first line, without its usage block.
            let text = e.render().to_string();
            let first = text.lines().next().unwrap_or("invalid arguments").trim_start_matches("error: ");
            return fail(format!("{first} (see velocity-cliff --help)"));
        }
    };
    match cli.command {
        Command::Presets => {
            for p in PRESETS {
                let default = if p.id == DEFAULT_PRESET { " (default)" } else { "" };
                println!("{}{default}\n    {}\n    {}", p.id, p.label, p.description);
            }
            ExitCode::SUCCESS
        }
        Command::Strategies => {
            for s in builtins() {
                let text = description(&s.id).unwrap_or("");
                println!("{} — {}\n    {}", s.id, s.label, text);
                let mut fields = vec![format!("targeted_refactoring={}", s.targeted_refactoring)];
                fields.extend(
                    STRATEGY_SPECS
                        .iter()
                        .map(|f| format!("{}={}", f.name, s.get(f.name).unwrap_or(0.0))),
                );
                println!("    {}", fields.join(" "));
                for (i, rule) in s.rules.iter().enumerate() {
                    println!("    rule {}: {}", i + 1, rule.text());
                }
            }
            ExitCode::SUCCESS
        }
        Command::Params { json } => {
            if json {
                println!(
                    "{}",
                    serde_json::json!({ "model_version": MODEL_VERSION, "params": PARAM_SPECS, "strategy_fields": STRATEGY_SPECS, "rules": rules::catalogue() })
                );
            } else {
                let mut group = "";
                for p in PARAM_SPECS {
                    if p.group != group {
                        group = p.group;
                        println!("[{group}]");
                    }
                    println!(
                        "  {:<28} {} [{}] default {} — range {}..{}\n      source: {}",
                        p.name, p.label, p.unit, p.default, p.min, p.max, p.source
                    );
                }
            }
            ExitCode::SUCCESS
        }
        Command::Share { scenario } => {
            let text = match scenario {
                Some(path) => match read_scenario(&path) {
                    Ok(text) => text,
                    Err(e) => return fail(e),
                },
                None => "{}".to_string(),
            };
            match share::encode(&text) {
                Ok(link) => {
                    println!("{link}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Sensitivity(args) => match sensitivity(*args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        },
        Command::Simulate(args) => match simulate(*args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        },
        Command::Render(args) => match render(*args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(e),
        },
    }
}

/// A refusal of the core as the CLI words it: a value given by a flag is
/// named by that flag (`--threshold`), one from the file or link by its field
/// (`collapse.threshold`).
fn refusal(e: InputError) -> String {
    match Overrides::name_of(&e.field) {
        Some(name) if e.overridden => InputError {
            field: format!("--{name}"),
            ..e
        }
        .to_string(),
        _ => e.to_string(),
    }
}

fn resolve(args: ScenarioArgs) -> Result<Scenario, String> {
    let seed = args
        .seed
        .map(|s| parse_seed_str(&s, "seed").map_err(InputError::of_override))
        .transpose()
        .map_err(refusal)?;
    let overrides = Overrides {
        preset: args.preset,
        strategies: args.strategies,
        runs: args.runs,
        seed,
        weeks: args.weeks,
        threshold: args.threshold,
        window: args.window,
        smoothing: args.smoothing,
        uncertainty: args
            .uncertainty
            .map(|u| UncertaintyMode::parse(&serde_json::Value::String(u), "uncertainty").map_err(InputError::of_override))
            .transpose()
            .map_err(refusal)?,
    };
    let scenario_path = args.scenario;
    let calibrate = args.calibrate;
    let scenario = match (&scenario_path, &args.link) {
        (Some(path), _) => {
            let text = read_scenario(path)?;
            Scenario::from_json(&text, &overrides)
        }
        (None, Some(link)) => {
            let link = link.rsplit_once('#').map_or(link.as_str(), |(_, hash)| hash);
            share::decode(link).and_then(|d| {
                if let Some(notice) = d.notice {
                    eprintln!("velocity-cliff: {notice}");
                }
                Scenario::resolve(Some(&d.scenario), &overrides)
            })
        }
        (None, None) => Scenario::resolve(None, &overrides),
    }
    .map_err(refusal)?;
    match calibrate {
        None => Ok(scenario),
        Some(path) => {
            let text = read_csv(&path)?;
            let weeks = Throughput::from_csv(&text).map_err(|e| e.to_string())?;
            let (scenario, what) = fit::calibrate(&scenario, &weeks).map_err(|e| e.to_string())?;
            eprintln!("velocity-cliff: {}", what.text);
            Ok(scenario)
        }
    }
}

fn read_csv(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("invalid --calibrate: {shown} (allowed: a readable CSV file; {e})"))?;
    if meta.len() > MAX_CSV_BYTES as u64 {
        return Err(format!(
            "invalid --calibrate: {shown} is {} bytes (allowed: a CSV of at most {MAX_CSV_BYTES} bytes)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("invalid --calibrate: {shown} (allowed: a readable CSV file; {e})"))?;
    String::from_utf8(bytes).map_err(|_| format!("invalid --calibrate: {shown} is not UTF-8 text (allowed: a UTF-8 CSV file)"))
}

fn thread_pool(threads: usize) -> Result<rayon::ThreadPool, String> {
    if threads > 1024 {
        return Err(format!("invalid --threads: {threads} (allowed: a whole number from 0 to 1024)"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start threads: {e}"))
}

fn sensitivity(args: SensitivityArgs) -> Result<(), String> {
    let scenario = resolve(args.scenario)?;
    let request =
        Request::new(&args.outcome, args.strategy.as_deref(), args.versus.as_deref(), args.top, "--").map_err(|e| e.to_string())?;
    let analysis = Analysis::new(&scenario, request, "--").map_err(|e| e.to_string())?;
    let pool = thread_pool(args.output.threads)?;
    let report = pool.install(|| parallel::sensitivity(&analysis)).map_err(|e| e.to_string())?;
    let text = match args.output.format {
        Format::Json => report.to_json(),
        Format::Csv => report.to_csv(),
    };
    emit(text, args.output.out)
}

fn simulate(args: SimulateArgs) -> Result<(), String> {
    let OutputArgs { format, out, threads } = args.output;
    let result = run_scenario(args.scenario, threads)?;
    if let Some(report) = &result.calibration {
        for line in report.lines() {
            eprintln!("velocity-cliff: fit — {line}");
        }
    }
    let text = match format {
        Format::Json => result.to_json(),
        Format::Csv => result.to_csv(),
    };
    emit(text, out)
}

/// The scenario the flags name, run on the thread pool (with a progress bar
/// on a terminal for long runs): the result `simulate` prints and `render` draws.
fn run_scenario(args: ScenarioArgs, threads: usize) -> Result<SimulationResult, String> {
    let scenario = resolve(args)?;
    let pool = thread_pool(threads)?;

    let bar = if std::io::stderr().is_terminal() && scenario.runs >= 2000 {
        let bar = indicatif::ProgressBar::new(scenario.runs);
        bar.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {elapsed} (eta {eta})").expect("valid template"));
        Some(bar)
    } else {
        None
    };
    let result = velocity_cliff::simulate(scenario, |sim| {
        pool.install(|| {
            parallel::run_all(sim, &|n| {
                if let Some(bar) = &bar {
                    bar.inc(n);
                }
            })
        })
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result)
}

/// Prints or writes (whole) an output, ending in a newline.
fn emit(mut text: String, out: Option<PathBuf>) -> Result<(), String> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    match out {
        Some(path) => write_whole(&path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (e.g. `| head`) is not an error worth a message.
            let _ = stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush());
            Ok(())
        }
    }
}

fn print(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (e.g. `| head`) is not an error worth a message.
    let _ = stdout.write_all(bytes).and_then(|_| stdout.flush());
    Ok(())
}

fn render(args: RenderArgs) -> Result<(), String> {
    let chart = match args.chart {
        ChartArg::Velocity => "velocity",
        ChartArg::Survival => "survival",
        ChartArg::SurvivalFunded => "survival-funded",
        ChartArg::SurvivalBoth => "survival-both",
        ChartArg::Histogram => "histogram",
        ChartArg::Outcomes => "outcomes",
        ChartArg::Cash => "cash",
        ChartArg::Why => "why",
    };
    // Checked before the runs, so a bad size costs no simulation.
    let options = render::Options::new(chart, args.width, args.height, &args.theme).map_err(|e| {
        InputError {
            field: format!("--{}", e.field),
            ..e
        }
        .to_string()
    })?;
    let (format, out, embed) = (args.format, args.out, args.embed);
    if embed && out.is_none() && matches!(format, ImageFormat::Png) {
        return Err("invalid --embed: a PNG is not inlined (allowed: --format svg, or --out FILE for an <img> naming the file)".into());
    }
    let result = run_scenario(args.scenario, args.threads)?;
    let svg = render::svg(&result, &options);
    let image = match format {
        ImageFormat::Svg => svg.clone().into_bytes(),
        ImageFormat::Png => render::png::rasterise(&svg)?,
    };
    if !embed {
        return match out {
            Some(path) => write_whole(&path, &image),
            None => print(&image),
        };
    }
    let link = share::encode(&result.scenario.to_string()).map_err(refusal)?;
    let snippet = match &out {
        Some(path) => {
            write_whole(path, &image)?;
            let src = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let figure = render::Figure::File {
                src: &src,
                width: options.width,
                height: options.height,
            };
            render::embed(&result, options.chart, &link, figure)
        }
        None => render::embed(&result, options.chart, &link, render::Figure::Inline(&svg)),
    };
    print(snippet.as_bytes())
}

fn read_scenario(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("invalid --scenario: {shown} (allowed: a readable JSON file; {e})"))?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(format!(
            "invalid --scenario: {shown} is {} bytes (allowed: a file of at most {MAX_FILE_BYTES} bytes)",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("invalid --scenario: {shown} (allowed: a readable JSON file; {e})"))?;
    String::from_utf8(bytes).map_err(|_| format!("invalid --scenario: {shown} is not UTF-8 text (allowed: a UTF-8 JSON file)"))
}

/// Writes via a temporary file beside the target and renames it into place,
/// so the output file is either complete or untouched.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| format!("invalid --out: {shown} (allowed: a file path)"))?;
    if path.is_dir() {
        return Err(format!("invalid --out: {shown} is a directory (allowed: a file path)"));
    }
    // Special files such as /dev/null or a pipe are written directly.
    if path.exists() && !path.is_file() {
        return std::fs::write(path, bytes).map_err(|e| format!("invalid --out: {shown} ({e})"));
    }
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("invalid --out: {shown} (allowed: a writable file path; {e})"));
    }
    Ok(())
}
