//! The `bench` command: measures actorgraph on generated corpora of several sizes, the way
//! the README's scale table reports it.
//!
//! For each size it generates (once, then reuses) a deterministic corpus and measures
//! - extraction alone, in this process: documents already read, then cleaned, segmented,
//!   recognised and extracted on all cores, nothing written;
//! - `actorgraph extract` and `actorgraph build` into a fresh store, each as a child process of
//!   this binary, with wall time and peak memory (the child reports its own high-water mark);
//! - every shipped query on that store, each as a child process.
//!
//! Optionally it runs the Python baseline (spaCy's rule tools with the same gazetteer and
//! trigger patterns, `scripts/bench/spacy_baseline.py`) on one corpus and prints how many times
//! faster actorgraph's extraction is. Timings are wall-clock seconds of one run each.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::{Corpus, Engine, Language};

/// The environment variable that asks actorgraph to write its peak memory (kB) to a file
/// when it exits; the bench sets it for its child processes.
pub const PEAK_MEMORY_ENV: &str = "ACTORGRAPH_PEAK_MEMORY_FILE";

/// The targets of the scale issue, checked at the end of a run.
const TARGET_EXTRACT_MB_PER_S: f64 = 20.0;
const TARGET_BUILD_SECONDS_PER_100MB: f64 = 120.0;
const TARGET_PEAK_MB: f64 = 1000.0;
const TARGET_QUERY_SECONDS: f64 = 1.0;
const TARGET_BASELINE_RATIO: f64 = 20.0;

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Where generated corpora (kept between runs) and stores go.
    pub dir: PathBuf,
    /// Corpus sizes in megabytes (10^6 bytes).
    pub sizes: Vec<f64>,
    pub seed: u64,
    pub languages: Vec<String>,
    /// The ontology directory, passed on to child processes.
    pub ontology: PathBuf,
    /// The directory of `.rq` queries to time.
    pub queries: PathBuf,
    /// The actorgraph binary for child processes (normally this one).
    pub exe: PathBuf,
    /// Skip `build` and the queries (extraction only).
    pub no_build: bool,
    pub baseline: Option<Baseline>,
}

/// The Python baseline to compare with.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub python: PathBuf,
    pub script: PathBuf,
    /// The size of the corpus both run on, in megabytes.
    pub megabytes: f64,
    /// Worker processes for spaCy's `nlp.pipe`.
    pub processes: usize,
}

/// One measured child process.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    pub seconds: f64,
    /// Peak resident memory in megabytes, when the platform tells.
    pub peak_mb: Option<f64>,
    /// What the child said when it failed (a query past its time limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<String>,
}

/// One query on one store.
#[derive(Debug, Clone, Serialize)]
pub struct QueryRun {
    pub query: String,
    pub seconds: f64,
    pub rows: usize,
    /// Stopped at the bench's time limit.
    pub timed_out: bool,
}

/// A query still running after this many seconds is stopped and reported as such.
const QUERY_LIMIT_SECONDS: u64 = 60;

/// Everything measured on one corpus size.
#[derive(Debug, Clone, Serialize)]
pub struct SizeResult {
    pub megabytes: f64,
    pub bytes: u64,
    pub documents: usize,
    pub mentions: usize,
    /// Extraction alone, in process.
    pub extract_seconds: f64,
    pub extract_mb_per_s: f64,
    /// `actorgraph extract --format tsv` as a user runs it (reading and writing included).
    pub extract_cli: Run,
    pub build: Option<Run>,
    pub queries: Vec<QueryRun>,
}

/// The baseline comparison.
#[derive(Debug, Clone, Serialize)]
pub struct BaselineResult {
    pub megabytes: f64,
    pub actorgraph_mb_per_s: f64,
    pub baseline_mb_per_s: f64,
    pub ratio: f64,
    /// The baseline's own report (counts, spaCy version, setup time).
    pub report: serde_json::Value,
}

/// A whole bench run.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub threads: usize,
    pub sizes: Vec<SizeResult>,
    pub baseline: Option<BaselineResult>,
}

/// Runs the benchmark; `log` receives a line as each measurement finishes.
pub fn run(engine: &Engine, options: &BenchOptions, log: &mut dyn Write) -> Result<BenchReport> {
    std::fs::create_dir_all(&options.dir).map_err(|e| Error::io(&options.dir, e))?;
    let mut sizes = Vec::new();
    for &mb in &options.sizes {
        let corpus = corpus_for(engine, options, mb, log)?;
        let (documents, bytes, mentions, seconds) = extract_in_process(engine, &corpus)?;
        let mb_per_s = bytes as f64 / 1e6 / seconds;
        say(
            log,
            format!("{mb} MB: extraction alone {seconds:.2} s ({mb_per_s:.1} MB/s, {mentions} mentions)"),
        )?;
        let extract_cli = measure(
            options,
            &["extract", "--format", "tsv"],
            &[corpus.as_os_str()],
            None,
        )?;
        say(
            log,
            format!(
                "{mb} MB: actorgraph extract {:.2} s, peak {}",
                extract_cli.seconds,
                show_mb(extract_cli.peak_mb)
            ),
        )?;
        let mut build = None;
        let mut queries = Vec::new();
        if !options.no_build {
            let store = options.dir.join(format!("store-{mb}mb"));
            if store.exists() {
                std::fs::remove_dir_all(&store).map_err(|e| Error::io(&store, e))?;
            }
            let run = measure(
                options,
                &["build", "--store"],
                &[store.as_os_str(), corpus.as_os_str()],
                None,
            )?;
            say(
                log,
                format!(
                    "{mb} MB: actorgraph build {:.1} s, peak {}",
                    run.seconds,
                    show_mb(run.peak_mb)
                ),
            )?;
            build = Some(run);
            queries = time_queries(options, &store)?;
            if let Some(slowest) = queries
                .iter()
                .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
            {
                say(
                    log,
                    format!(
                        "{mb} MB: {} queries, slowest {}",
                        queries.len(),
                        show_query(slowest)
                    ),
                )?;
            }
        }
        sizes.push(SizeResult {
            megabytes: mb,
            bytes,
            documents,
            mentions,
            extract_seconds: seconds,
            extract_mb_per_s: mb_per_s,
            extract_cli,
            build,
            queries,
        });
    }
    let baseline = match &options.baseline {
        Some(b) => Some(compare_baseline(engine, options, b, log)?),
        None => None,
    };
    Ok(BenchReport {
        threads: rayon::current_num_threads(),
        sizes,
        baseline,
    })
}

fn say(log: &mut dyn Write, line: String) -> Result<()> {
    writeln!(log, "{line}").map_err(|e| Error::Usage(format!("cannot write: {e}")))
}

fn show_mb(mb: Option<f64>) -> String {
    mb.map_or_else(|| "n/a".into(), |m| format!("{m:.0} MB"))
}

/// The generated corpus of a size, made on first use. Its directory names the seed, the
/// languages and the knowledge fingerprint, so a changed gazetteer makes a new corpus; a
/// `complete` marker tells a finished corpus from one a killed run left behind.
fn corpus_for(
    engine: &Engine,
    options: &BenchOptions,
    mb: f64,
    log: &mut dyn Write,
) -> Result<PathBuf> {
    if mb.is_nan() || mb <= 0.0 {
        return Err(Error::Usage(format!(
            "bench sizes must be positive megabytes, not {mb}"
        )));
    }
    let knowledge: String = engine.fingerprint.chars().take(12).collect();
    let dir = options.dir.join(format!(
        "corpus-{mb}mb-seed{}-{}-{}-{knowledge}",
        options.seed,
        options.languages.join("+"),
        crate::generate::GENERATOR
    ));
    let marker = dir.join("complete");
    if marker.is_file() {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let started = Instant::now();
    let g = crate::generate::generate(
        engine,
        &dir,
        (mb * 1e6) as u64,
        options.seed,
        &options.languages,
    )?;
    std::fs::write(&marker, "").map_err(|e| Error::io(&marker, e))?;
    say(
        log,
        format!(
            "{mb} MB: generated {} documents in {:.1} s ({})",
            g.documents,
            started.elapsed().as_secs_f64(),
            dir.display()
        ),
    )?;
    Ok(dir)
}

/// Extraction alone: all documents read first, then the clock runs over cleaning,
/// segmentation, recognition and extraction on all cores (rayon), mentions counted.
fn extract_in_process(engine: &Engine, corpus: &Path) -> Result<(usize, u64, usize, f64)> {
    let corpus = Corpus::load(&[corpus.to_path_buf()])?;
    if let Some(e) = corpus.errors.first() {
        return Err(Error::Usage(format!("the bench corpus is damaged: {e}")));
    }
    let bytes: u64 = corpus.documents.iter().map(|d| d.raw.len() as u64).sum();
    let mut mentions = 0;
    let started = Instant::now();
    engine.extract_each(&corpus.documents, &Language::Auto, &mut |_, found| {
        mentions += found?.len();
        Ok(())
    })?;
    let seconds = started.elapsed().as_secs_f64();
    Ok((corpus.documents.len(), bytes, mentions, seconds))
}

/// Runs this binary with `args` then `paths`, output discarded, and measures it.
/// With `capture`, standard output goes to that file instead.
fn measure(
    options: &BenchOptions,
    args: &[&str],
    paths: &[&std::ffi::OsStr],
    capture: Option<&Path>,
) -> Result<Run> {
    let run = measure_run(options, args, paths, capture)?;
    match &run.failed {
        Some(said) => Err(Error::Usage(format!(
            "bench: `actorgraph {}` failed: {said}",
            args.join(" ")
        ))),
        None => Ok(run),
    }
}

/// Like [`measure`], a failure of the child being part of the result.
fn measure_run(
    options: &BenchOptions,
    args: &[&str],
    paths: &[&std::ffi::OsStr],
    capture: Option<&Path>,
) -> Result<Run> {
    let peak_file = options.dir.join("peak-memory.txt");
    let _ = std::fs::remove_file(&peak_file);
    let err_file = options.dir.join("child-stderr.txt");
    let stderr = std::fs::File::create(&err_file).map_err(|e| Error::io(&err_file, e))?;
    let stdout = match capture {
        Some(p) => Stdio::from(std::fs::File::create(p).map_err(|e| Error::io(p, e))?),
        None => Stdio::null(),
    };
    let mut cmd = Command::new(&options.exe);
    cmd.arg("--ontology")
        .arg(&options.ontology)
        .args(args)
        .args(paths)
        .env(PEAK_MEMORY_ENV, &peak_file)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr);
    let started = Instant::now();
    let status = cmd.status().map_err(|e| Error::io(&options.exe, e))?;
    let seconds = started.elapsed().as_secs_f64();
    let failed = (!status.success()).then(|| {
        let said = std::fs::read_to_string(&err_file).unwrap_or_default();
        format!("{status}: {}", said.trim())
    });
    let peak_mb = std::fs::read_to_string(&peak_file)
        .ok()
        .and_then(|t| t.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Ok(Run {
        seconds,
        peak_mb,
        failed,
    })
}

/// Times every `.rq` file of the queries directory on a store. A query that documents a
/// `--bind NAME=VALUE` example in its header comments runs with that binding.
fn time_queries(options: &BenchOptions, store: &Path) -> Result<Vec<QueryRun>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&options.queries)
        .map_err(|e| Error::io(&options.queries, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .collect();
    files.sort();
    let out = options.dir.join("query-output.csv");
    let mut runs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        let limit = QUERY_LIMIT_SECONDS.to_string();
        let mut args = vec!["query", "--format", "csv", "--timeout", limit.as_str()];
        let bind = example_binding(&text);
        if let Some(b) = &bind {
            args.extend(["--bind", b.as_str()]);
        }
        args.push("--store");
        let run = measure_run(
            options,
            &args,
            &[store.as_os_str(), file.as_os_str()],
            Some(&out),
        )?;
        let timed_out = match &run.failed {
            Some(said) if said.contains("timeout") || said.contains("time limit") => true,
            Some(said) => {
                return Err(Error::Usage(format!(
                    "bench: query {} failed: {said}",
                    file.display()
                )))
            }
            None => false,
        };
        let rows = std::fs::read_to_string(&out)
            .map(|t| t.lines().count().saturating_sub(1))
            .unwrap_or(0);
        runs.push(QueryRun {
            query: file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            seconds: run.seconds,
            rows,
            timed_out,
        });
    }
    Ok(runs)
}

/// The `--bind NAME=VALUE` example in a query's leading comments, if any.
fn example_binding(query: &str) -> Option<String> {
    query
        .lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| {
            let rest = &l[l.find("--bind ")? + "--bind ".len()..];
            rest.split_whitespace().next().map(String::from)
        })
}

/// Runs the Python baseline and actorgraph's extraction on the same corpus.
fn compare_baseline(
    engine: &Engine,
    options: &BenchOptions,
    b: &Baseline,
    log: &mut dyn Write,
) -> Result<BaselineResult> {
    let corpus = corpus_for(engine, options, b.megabytes, log)?;
    let (_, bytes, _, seconds) = extract_in_process(engine, &corpus)?;
    let ours = bytes as f64 / 1e6 / seconds;
    let output = Command::new(&b.python)
        .arg(&b.script)
        .arg("--ontology")
        .arg(&options.ontology)
        .arg("--corpus")
        .arg(&corpus)
        .arg("--processes")
        .arg(b.processes.to_string())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::io(&b.python, e))?;
    if !output.status.success() {
        return Err(Error::Usage(format!(
            "bench: the baseline {} failed: {}",
            b.script.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let line = text.lines().last().unwrap_or_default();
    let report: serde_json::Value = serde_json::from_str(line).map_err(|e| {
        Error::Usage(format!(
            "bench: the baseline printed no JSON report ({e}): {line}"
        ))
    })?;
    let theirs = report["mb_per_second"].as_f64().ok_or_else(|| {
        Error::Usage(format!(
            "bench: the baseline's report has no mb_per_second: {line}"
        ))
    })?;
    let ratio = ours / theirs;
    say(
        log,
        format!(
            "{} MB: actorgraph {ours:.2} MB/s, spaCy baseline {theirs:.3} MB/s: {ratio:.0}x",
            b.megabytes
        ),
    )?;
    Ok(BaselineResult {
        megabytes: b.megabytes,
        actorgraph_mb_per_s: ours,
        baseline_mb_per_s: theirs,
        ratio,
        report,
    })
}

/// The report as Markdown tables, with each target and whether it was met.
pub fn write_report(out: &mut dyn Write, r: &BenchReport) -> std::io::Result<()> {
    writeln!(out, "Threads: {}", r.threads)?;
    writeln!(out)?;
    writeln!(
        out,
        "| corpus | documents | extraction alone | `extract` (peak) | `build` (peak) | build s/MB | slowest query |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for s in &r.sizes {
        let build = s.build.as_ref().map_or_else(
            || "–".to_string(),
            |b| format!("{:.1} s ({})", b.seconds, show_mb(b.peak_mb)),
        );
        let per_mb = s.build.as_ref().map_or_else(
            || "–".to_string(),
            |b| format!("{:.2}", b.seconds / s.megabytes),
        );
        let slowest = s
            .queries
            .iter()
            .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
            .map_or_else(
                || "–".to_string(),
                |q| format!("{:.2} s ({})", q.seconds, q.query),
            );
        writeln!(
            out,
            "| {} MB | {} | {:.2} s ({:.1} MB/s) | {:.2} s ({}) | {build} | {per_mb} | {slowest} |",
            s.megabytes,
            s.documents,
            s.extract_seconds,
            s.extract_mb_per_s,
            s.extract_cli.seconds,
            show_mb(s.extract_cli.peak_mb),
        )?;
    }
    if let Some(b) = &r.baseline {
        writeln!(out)?;
        writeln!(
            out,
            "Baseline on {} MB: actorgraph {:.2} MB/s, spaCy {:.3} MB/s ({} processes): actorgraph is {:.0}x faster.",
            b.megabytes,
            b.actorgraph_mb_per_s,
            b.baseline_mb_per_s,
            b.report["processes"],
            b.ratio
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Targets:")?;
    for (what, met) in targets(r) {
        writeln!(out, "- [{}] {what}", if met { "x" } else { " " })?;
    }
    Ok(())
}

fn show_query(q: &QueryRun) -> String {
    if q.timed_out {
        format!("> {QUERY_LIMIT_SECONDS} s ({}, stopped)", q.query)
    } else {
        format!("{:.2} s ({})", q.seconds, q.query)
    }
}

/// Each target the run could check, and whether it was met.
pub fn targets(r: &BenchReport) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    if let Some(best) = r
        .sizes
        .iter()
        .map(|s| s.extract_mb_per_s)
        .max_by(f64::total_cmp)
    {
        out.push((
            format!("extraction ≥ {TARGET_EXTRACT_MB_PER_S} MB/s (best {best:.1})"),
            best >= TARGET_EXTRACT_MB_PER_S,
        ));
    }
    for s in &r.sizes {
        if let Some(b) = &s.build {
            let allowed = TARGET_BUILD_SECONDS_PER_100MB * s.megabytes.max(100.0) / 100.0;
            if s.megabytes >= 100.0 {
                out.push((
                    format!(
                        "build of {} MB ≤ {allowed:.0} s ({:.1} s)",
                        s.megabytes, b.seconds
                    ),
                    b.seconds <= allowed,
                ));
            }
            if let Some(peak) = b.peak_mb {
                out.push((
                    format!(
                        "build of {} MB peak ≤ {TARGET_PEAK_MB} MB ({peak:.0} MB)",
                        s.megabytes
                    ),
                    peak <= TARGET_PEAK_MB,
                ));
            }
        }
        if let Some(q) = s
            .queries
            .iter()
            .max_by(|a, b| a.seconds.total_cmp(&b.seconds))
        {
            out.push((
                format!(
                    "every query ≤ {TARGET_QUERY_SECONDS} s on {} MB (slowest {})",
                    s.megabytes,
                    show_query(q)
                ),
                !q.timed_out && q.seconds <= TARGET_QUERY_SECONDS,
            ));
        }
    }
    if let Some(b) = &r.baseline {
        out.push((
            format!(
                "≥ {TARGET_BASELINE_RATIO}x the spaCy baseline ({:.0}x)",
                b.ratio
            ),
            b.ratio >= TARGET_BASELINE_RATIO,
        ));
    }
    out
}

/// This process's peak resident memory in kilobytes (Linux: `VmHWM` in /proc/self/status).
pub fn peak_memory_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_header_example_becomes_its_binding() {
        let q = "# Everything said about one actor.\n#   actorgraph query queries/about-actor.rq --bind actor=russia\nSELECT * WHERE { ?s ?p ?o }\n# --bind late=ignored\n";
        assert_eq!(example_binding(q).as_deref(), Some("actor=russia"));
        assert_eq!(example_binding("SELECT * WHERE { ?s ?p ?o }"), None);
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_memory_kb().is_some_and(|kb| kb > 0));
        }
    }

    #[test]
    fn targets_are_judged_from_the_numbers() {
        let size = |mb: f64, mb_per_s: f64, build: f64, peak: f64, query: f64| SizeResult {
            megabytes: mb,
            bytes: (mb * 1e6) as u64,
            documents: 1,
            mentions: 1,
            extract_seconds: mb / mb_per_s,
            extract_mb_per_s: mb_per_s,
            extract_cli: Run {
                seconds: 1.0,
                peak_mb: None,
                failed: None,
            },
            build: Some(Run {
                seconds: build,
                peak_mb: Some(peak),
                failed: None,
            }),
            queries: vec![QueryRun {
                query: "q.rq".into(),
                seconds: query,
                rows: 0,
                timed_out: false,
            }],
        };
        let report = BenchReport {
            threads: 2,
            sizes: vec![
                size(10.0, 25.0, 10.0, 300.0, 0.2),
                size(100.0, 21.0, 130.0, 1200.0, 0.5),
            ],
            baseline: None,
        };
        let t = targets(&report);
        let met = |prefix: &str| {
            t.iter()
                .filter(|(w, _)| w.starts_with(prefix))
                .map(|(_, m)| *m)
                .collect::<Vec<_>>()
        };
        assert_eq!(met("extraction"), [true]);
        assert_eq!(met("build of 100 MB ≤"), [false]);
        assert_eq!(met("build of 10 MB peak"), [true]);
        assert_eq!(met("build of 100 MB peak"), [false]);
        assert_eq!(met("every query"), [true, true]);
        assert!(t.iter().all(|(w, _)| !w.starts_with("build of 10 MB ≤")));
    }
}
