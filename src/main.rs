//! The `actorgraph` binary: parses arguments, calls the library, prints one error.

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use actorgraph::analyze::report::{self, Analysis, Comparison, PathReport};
use actorgraph::analyze::{paths, Network, Period, View};
use actorgraph::format::{write_build_report, MentionFormat};
use actorgraph::progress::Progress;
use actorgraph::rdf::Vocab;
use actorgraph::render::{DiagramFormat, Renderer};
use actorgraph::store::{BuildOptions, ExportFormat, GraphStore, QueryFormat};
use actorgraph::{bench, eval, Corpus, Engine, Error, Language, RelationMention};
use clap::Parser;
use std::time::Duration;

// mimalloc instead of glibc's malloc: extraction allocates many small strings on every
// thread, and the bulk loader's threads build large hash sets; glibc spent about a fifth of
// the build's time in malloc and free (measured with perf on a 10 MB build). The crate's
// `override` feature makes RocksDB allocate from mimalloc too: Oxigraph frees some of
// RocksDB's allocations from Rust, so both sides must share one allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc 3 keeps freed pages for a second before it returns them to the system. A build
// frees and reallocates the bulk loader's buffers all the time, so its resident memory rose
// to 1.1 GB on 100 MB of text; returning them after 10 ms (mimalloc 2's default) keeps it at
// 0.78 GB for 5% more time (measured on the generated 100 MB corpus). Only commands that
// open a store do so: extraction alone holds a batch of documents at a time, and with 10 ms
// it kept returning pages it needed again moments later (the kernel zeroing them anew was
// about 4% of `extract`'s time). A user's own MIMALLOC_PURGE_DELAY wins.
extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (include/mimalloc.h).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

#[allow(unsafe_code)]
fn purge_freed_memory_soon() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set only stores an option value; it may be called at any time
        // from any thread, and the option index is the one of the linked mimalloc version.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    }
}

fn main() -> ExitCode {
    let args = cli::Args::parse();
    let opens_store = !matches!(
        args.command,
        cli::Command::Extract { .. }
            | cli::Command::Eval { .. }
            | cli::Command::CheckRules
            | cli::Command::Generate { .. }
            | cli::Command::Bench { .. }
            | cli::Command::Ontology
    );
    if opens_store {
        purge_freed_memory_soon();
    }
    let code = match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("actorgraph: {e}");
            ExitCode::from(2)
        }
    };
    // `actorgraph bench` measures its child processes' memory this way.
    if let Some(file) = std::env::var_os(actorgraph::bench::PEAK_MEMORY_ENV) {
        if let Some(kb) = actorgraph::bench::peak_memory_kb() {
            let _ = std::fs::write(file, kb.to_string());
        }
    }
    code
}

fn run(args: cli::Args) -> Result<ExitCode, Error> {
    // `extract` finds its documents (and parses their manifests) while the engine loads.
    let scanned = match &args.command {
        cli::Command::Extract { paths, .. } if !paths.iter().any(|p| p.as_os_str() == "-") => {
            let paths = paths.clone();
            Some(std::thread::spawn(move || Corpus::scan(&paths)))
        }
        _ => None,
    };
    let dir = args.ontology.unwrap_or_else(Engine::default_dir);
    let engine = Engine::load(&dir)?;
    // Not locked for the whole run: `extract` writes from a thread of its own.
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let io = |e: std::io::Error| Error::Usage(format!("cannot write output: {e}"));
    match args.command {
        cli::Command::Extract {
            lang,
            format,
            shard,
            paths,
        } => {
            let language = match lang.as_str() {
                "auto" => Language::Auto,
                l => {
                    if engine.rules_for(l).is_none() {
                        return Err(Error::Usage(format!(
                            "no rules for language '{l}' in {}",
                            dir.join("rules").display()
                        )));
                    }
                    Language::Fixed(l.to_string())
                }
            };
            let mut sources = match scanned {
                Some(scan) => scan
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?,
                None => Corpus::scan(&paths)?,
            };
            if let Some(shard) = shard {
                sources.retain(|s| s.in_shard(shard));
            }
            let format = match format {
                cli::OutFormat::Jsonl => MentionFormat::Jsonl,
                cli::OutFormat::Tsv => MentionFormat::Tsv,
                cli::OutFormat::Table => MentionFormat::Table,
            };
            actorgraph::format::write_header(&mut out, format).map_err(io)?;
            out.flush().map_err(io)?;
            let progress = Progress::bytes(sources.iter().map(|s| s.bytes).sum(), "extract");
            let failed = std::cell::Cell::new(false);
            // Mentions are written by a thread of their own, while the next documents are
            // extracted: writing them one after the other left a core idle.
            let (lists, received) = std::sync::mpsc::sync_channel::<Vec<RelationMention>>(64);
            let (run, written) = std::thread::scope(|scope| {
                let writer = scope.spawn(move || -> std::io::Result<()> {
                    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
                    for list in received {
                        for m in &list {
                            actorgraph::format::write_mention(&mut out, m, format)?;
                        }
                    }
                    out.flush()
                });
                let run = engine.extract_sources(
                    &sources,
                    &language,
                    &progress,
                    &mut |read| {
                        if !read.errors.is_empty() {
                            failed.set(true);
                        }
                        for e in &read.errors {
                            progress.suspend(|| eprintln!("actorgraph: {e}"));
                        }
                        for n in &read.notices {
                            progress.suspend(|| eprintln!("actorgraph: note: {n}"));
                        }
                        Ok(())
                    },
                    &mut |_, mentions| {
                        match mentions {
                            Ok(list) => {
                                // The writer stops at its first error, told after the join.
                                if lists.send(list).is_err() {
                                    return Err(Error::Usage("output closed".into()));
                                }
                            }
                            Err(e) => {
                                progress.suspend(|| eprintln!("actorgraph: {e}"));
                                failed.set(true);
                            }
                        }
                        Ok(())
                    },
                );
                drop(lists);
                let written = writer
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("the writer panicked")));
                (run, written)
            });
            progress.finish();
            written.map_err(io)?;
            run?;
            Ok(if failed.get() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        cli::Command::Eval {
            gold,
            paths,
            summary,
            json,
            lines,
            lang,
            against,
        } => {
            let gold = gold.unwrap_or_else(|| PathBuf::from("tests/gold/nl.tsv"));
            let report = match lines {
                Some(text) => eval::evaluate_lines_report(&engine, &text, &gold, &lang)?,
                None => {
                    let paths = if paths.is_empty() {
                        vec![PathBuf::from("corpus")]
                    } else {
                        paths
                    };
                    let gold = eval::Gold::load(&gold, &engine)?;
                    let corpus = Corpus::load(&paths)?;
                    match against {
                        Some(other) => {
                            let other = eval::Gold::load(&other, &engine)?;
                            eval::compare(&engine, &gold, &other, &corpus)?
                        }
                        None => eval::evaluate(&engine, &gold, &corpus)?,
                    }
                }
            };
            if json {
                serde_json::to_writer_pretty(&mut out, &report)
                    .map_err(|e| Error::Usage(e.to_string()))?;
                writeln!(out).map_err(io)?;
            } else {
                eval::write_report(&mut out, &report, !summary).map_err(io)?;
            }
            out.flush().map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Bench {
            dir: bench_dir,
            sizes,
            seed,
            lang,
            queries,
            no_build,
            baseline_python,
            baseline_script,
            baseline_mb,
            baseline_processes,
            json,
        } => {
            let exe = std::env::current_exe()
                .map_err(|e| Error::Usage(format!("cannot find this program's path: {e}")))?;
            let options = bench::BenchOptions {
                dir: bench_dir,
                sizes,
                seed,
                languages: lang,
                ontology: dir.clone(),
                queries,
                exe,
                no_build,
                baseline: baseline_python.map(|python| bench::Baseline {
                    python,
                    script: baseline_script,
                    megabytes: baseline_mb,
                    processes: baseline_processes,
                }),
            };
            let mut log = std::io::stderr();
            let report = bench::run(&engine, &options, &mut log)?;
            bench::write_report(&mut out, &report).map_err(io)?;
            out.flush().map_err(io)?;
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report)
                    .map_err(|e| Error::Usage(e.to_string()))?;
                std::fs::write(&path, text + "\n").map_err(|e| Error::io(&path, e))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Build {
            store,
            lang,
            rebuild,
            json,
            shard,
            commit_mb,
            corpus,
        } => {
            let language = language(&engine, &lang, &dir)?;
            let vocab = Vocab::new(&args.base)?;
            let sources = Corpus::scan(&corpus)?;
            // --rebuild deletes only a store, never a directory of other files.
            if rebuild && store.join("CURRENT").is_file() {
                std::fs::remove_dir_all(&store).map_err(|e| Error::io(&store, e))?;
            }
            let graph = GraphStore::open(&store, vocab)?;
            let total = sources
                .iter()
                .filter(|s| shard.is_none_or(|sh| s.in_shard(sh)))
                .map(|s| s.bytes)
                .sum();
            let progress = Progress::bytes(total, "build");
            if commit_mb.is_nan() || commit_mb <= 0.0 {
                return Err(Error::Usage(format!(
                    "--commit-mb must be a positive number of megabytes, not {commit_mb}"
                )));
            }
            let options = BuildOptions {
                shard,
                commit_bytes: (commit_mb * 1e6) as u64,
            };
            let mut problems = Vec::new();
            let report = graph.build(
                &engine,
                &sources,
                &options,
                &language,
                &progress,
                &mut problems,
            );
            progress.finish();
            let report = report?;
            for n in &report.notices {
                eprintln!("actorgraph: note: {n}");
            }
            for p in &problems {
                eprintln!("actorgraph: {p}");
            }
            if json {
                serde_json::to_writer_pretty(&mut out, &report)
                    .map_err(|e| Error::Usage(e.to_string()))?;
                writeln!(out).map_err(io)?;
            } else {
                write_build_report(&mut out, &report).map_err(io)?;
            }
            out.flush().map_err(io)?;
            Ok(if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        cli::Command::Query {
            store,
            expr,
            file,
            format,
            bind,
            timeout,
        } => {
            let (text, origin) = match (expr, file) {
                (Some(e), _) => (e, "-e".to_string()),
                (None, Some(f)) => (
                    std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?,
                    f.display().to_string(),
                ),
                (None, None) => {
                    return Err(Error::Usage("give a query file or -e 'SPARQL'".into()))
                }
            };
            let bindings = bind
                .iter()
                .map(|b| {
                    b.split_once('=')
                        .map(|(k, v)| (k.trim_start_matches('?').to_string(), v.to_string()))
                        .ok_or_else(|| Error::Usage(format!("--bind '{b}' is not NAME=VALUE")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let format = match format {
                cli::QueryOutFormat::Table => QueryFormat::Table,
                cli::QueryOutFormat::Csv => QueryFormat::Csv,
                cli::QueryOutFormat::Tsv => QueryFormat::Tsv,
                cli::QueryOutFormat::Json => QueryFormat::Json,
                cli::QueryOutFormat::Xml => QueryFormat::Xml,
                cli::QueryOutFormat::Turtle => QueryFormat::Turtle,
                cli::QueryOutFormat::Ntriples => QueryFormat::NTriples,
            };
            let graph = GraphStore::open_existing(&store, Vocab::new(&args.base)?)?;
            graph.query(
                &text,
                &origin,
                &bindings,
                timeout.map(Duration::from_secs),
                format,
                &mut out,
            )?;
            out.flush().map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Export {
            store,
            format,
            plain,
            output,
            view,
        } => {
            let format = match format {
                cli::ExportOutFormat::Turtle => ExportFormat::Turtle,
                cli::ExportOutFormat::Ntriples => ExportFormat::NTriples,
                cli::ExportOutFormat::Nquads => ExportFormat::NQuads,
                cli::ExportOutFormat::Trig => ExportFormat::TriG,
                cli::ExportOutFormat::Rdfxml => ExportFormat::RdfXml,
                cli::ExportOutFormat::Jsonld => ExportFormat::JsonLd,
                graph_format => {
                    if plain {
                        return Err(Error::Usage(
                            "--plain applies to the RDF formats only".into(),
                        ));
                    }
                    let net = network(&engine, &store, &args.base, &view)?;
                    return export_graph(&engine, &net, graph_format, output.as_deref(), &mut out);
                }
            };
            if view_given(&view) {
                return Err(Error::Usage(
                    "--relation, --include, --from, --to, --focus, --min-mentions and --roll-up \
                     apply to graphml, neo4j and cytoscape; an RDF export holds the whole store"
                        .into(),
                ));
            }
            let graph = GraphStore::open_existing(&store, Vocab::new(&args.base)?)?;
            match output {
                Some(path) => {
                    let mut w = create(&path)?;
                    graph.export(format, plain, &engine.relations, &mut w)?;
                    w.flush().map_err(|e| Error::io(&path, e))?;
                    eprintln!("actorgraph: wrote {}", path.display());
                }
                None => {
                    graph.export(format, plain, &engine.relations, &mut out)?;
                    out.flush().map_err(io)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Analyze {
            store,
            view,
            compare,
            format,
        } => {
            let mentions = stored_mentions(&store, &args.base)?;
            if let Some(periods) = compare {
                if view.from.is_some() || view.to.is_some() {
                    return Err(Error::Usage(
                        "--compare gives the periods; leave out --from and --to".into(),
                    ));
                }
                let mut nets = Vec::new();
                for p in &periods {
                    let mut v = to_view(&view)?;
                    v.period = Period::parse(p)?;
                    v.focus_may_be_absent = true;
                    nets.push(Network::project(
                        &mentions,
                        &engine.relations,
                        &engine.gazetteer,
                        &v,
                    )?);
                }
                let c = Comparison {
                    before: nets[0].view.period.clone(),
                    after: nets[1].view.period.clone(),
                    dyads: paths::compare(&nets[0], &nets[1]),
                };
                match format {
                    cli::ReportFormat::Json => json(&mut out, &c)?,
                    cli::ReportFormat::Table => {
                        report::write_comparison(&mut out, &c).map_err(io)?
                    }
                }
            } else {
                let net = Network::project(
                    &mentions,
                    &engine.relations,
                    &engine.gazetteer,
                    &to_view(&view)?,
                )?;
                let a = Analysis::of(&net);
                match format {
                    cli::ReportFormat::Json => json(&mut out, &a)?,
                    cli::ReportFormat::Table => report::write_analysis(&mut out, &a).map_err(io)?,
                }
            }
            out.flush().map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Path {
            store,
            from,
            to,
            limit,
            view,
            format,
        } => {
            let net = network(&engine, &store, &args.base, &view)?;
            let (a, b) = (
                net.find(&from, &engine.gazetteer)?,
                net.find(&to, &engine.gazetteer)?,
            );
            if a == b {
                return Err(Error::Usage(format!(
                    "'{from}' and '{to}' are the same actor in this view"
                )));
            }
            let chains = paths::shortest_chains(&net, a, b, limit.max(1));
            let p = PathReport {
                from: net.graph[a].label.clone(),
                to: net.graph[b].label.clone(),
                length: chains.first().map(|c| c.hops.len()),
                total: paths::count_shortest_chains(&net, a, b),
                chains,
            };
            match format {
                cli::ReportFormat::Json => json(&mut out, &p)?,
                cli::ReportFormat::Table => report::write_paths(&mut out, &p).map_err(io)?,
            }
            out.flush().map_err(io)?;
            Ok(if p.length.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        cli::Command::Render {
            store,
            view,
            format,
            output,
            no_blocs,
            title,
        } => {
            let net = network(&engine, &store, &args.base, &view)?;
            let format = match (format, output.as_ref().and_then(|p| p.extension())) {
                (Some(cli::DiagramOutFormat::Dot), _) => DiagramFormat::Dot,
                (Some(cli::DiagramOutFormat::Svg), _) => DiagramFormat::Svg,
                (Some(cli::DiagramOutFormat::Png), _) => DiagramFormat::Png,
                (None, Some(x)) if x.eq_ignore_ascii_case("svg") => DiagramFormat::Svg,
                (None, Some(x)) if x.eq_ignore_ascii_case("png") => DiagramFormat::Png,
                _ => DiagramFormat::Dot,
            };
            let blocs = (!no_blocs).then(|| actorgraph::analyze::balance::balance(&net));
            let title = title.unwrap_or_else(|| actorgraph::render::default_title(&net));
            let graph =
                actorgraph::render::diagram(&net, &engine.relations, blocs.as_ref(), &title);
            let (bytes, renderer) = actorgraph::render::render(&graph, format)?;
            if renderer == Renderer::Builtin {
                eprintln!(
                    "actorgraph: Graphviz (dot) is not installed; drew the SVG with the built-in \
                     layout. Install graphviz for a better picture{}.",
                    if format == DiagramFormat::Png {
                        " and for PNG"
                    } else {
                        ""
                    }
                );
            }
            match output {
                Some(mut path) => {
                    if renderer == Renderer::Builtin && format == DiagramFormat::Png {
                        path.set_extension("svg");
                        eprintln!("actorgraph: PNG needs Graphviz; writing an SVG instead");
                    }
                    let mut w = create(&path)?;
                    w.write_all(&bytes).map_err(|e| Error::io(&path, e))?;
                    w.flush().map_err(|e| Error::io(&path, e))?;
                    eprintln!("actorgraph: wrote {}", path.display());
                }
                None => {
                    if renderer == Renderer::Builtin && format == DiagramFormat::Png {
                        eprintln!("actorgraph: PNG needs Graphviz; writing an SVG instead");
                    }
                    out.write_all(&bytes).map_err(io)?;
                    out.flush().map_err(io)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Ontology => {
            let vocab = Vocab::new(&args.base)?;
            actorgraph::store::write_turtle(
                &vocab,
                &actorgraph::rdf::ontology_quads(&vocab, &engine.relations),
                &mut out,
            )?;
            out.flush().map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::Generate {
            output,
            megabytes,
            seed,
            lang,
        } => {
            if !(megabytes.is_finite() && megabytes > 0.0) {
                return Err(Error::Usage(format!(
                    "--megabytes must be a positive number, not {megabytes}"
                )));
            }
            let bytes = (megabytes * 1e6).round() as u64;
            let g = actorgraph::generate::generate(&engine, &output, bytes, seed, &lang)?;
            writeln!(
                out,
                "{} documents, {} sentences, {} bytes in {}",
                g.documents,
                g.sentences,
                g.bytes,
                output.display()
            )
            .map_err(io)?;
            Ok(ExitCode::SUCCESS)
        }
        cli::Command::CheckRules => {
            let failures = actorgraph::rules::check_examples(&engine);
            for f in &failures {
                writeln!(out, "{f}").map_err(io)?;
            }
            let total: usize = engine.rule_sets.iter().map(|r| r.rules.len()).sum();
            writeln!(out, "{} rules, {} failures", total, failures.len()).map_err(io)?;
            out.flush().map_err(io)?;
            Ok(if failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn language(engine: &Engine, lang: &str, dir: &std::path::Path) -> Result<Language, Error> {
    match lang {
        "auto" => Ok(Language::Auto),
        l if engine.rules_for(l).is_some() => Ok(Language::Fixed(l.to_string())),
        l => Err(Error::Usage(format!(
            "no rules for language '{l}' in {}",
            dir.join("rules").display()
        ))),
    }
}

/// Creates a file for writing, with its parent directories.
fn create(path: &std::path::Path) -> Result<std::io::BufWriter<std::fs::File>, Error> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    Ok(std::io::BufWriter::new(file))
}

fn json(out: &mut dyn Write, value: &impl serde::Serialize) -> Result<(), Error> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| Error::Usage(e.to_string()))?;
    writeln!(out).map_err(|e| Error::Usage(format!("cannot write output: {e}")))
}

/// Whether any projection option differs from its default.
fn view_given(v: &cli::ViewArgs) -> bool {
    !v.relations.is_empty()
        || !v.include.is_empty()
        || v.min_mentions != 1
        || v.from.is_some()
        || v.to.is_some()
        || v.focus.is_some()
        || v.roll_up
}

fn to_view(v: &cli::ViewArgs) -> Result<View, Error> {
    let all = v.include.contains(&cli::Include::All);
    let bound = |d: &Option<String>, flag: &str| -> Result<Option<String>, Error> {
        match d {
            None => Ok(None),
            Some(d) if d.contains("..") => Err(Error::Usage(format!(
                "{flag} takes one date (YYYY, YYYY-MM or YYYY-MM-DD), not a period"
            ))),
            Some(d) => Ok(Period::parse(d)?.from),
        }
    };
    if v.depth != 1 && v.focus.is_none() {
        return Err(Error::Usage("--depth needs --focus".into()));
    }
    let period = Period::parse(&format!(
        "{}..{}",
        bound(&v.from, "--from")?.unwrap_or_default(),
        bound(&v.to, "--to")?.unwrap_or_default()
    ))?;
    Ok(View {
        relations: v.relations.clone(),
        negated: all || v.include.contains(&cli::Include::Negated),
        uncertain: all || v.include.contains(&cli::Include::Hedged),
        min_mentions: v.min_mentions,
        period,
        focus: v.focus.clone(),
        depth: v.depth,
        roll_up: v.roll_up,
        focus_may_be_absent: false,
    })
}

fn stored_mentions(
    store: &std::path::Path,
    base: &str,
) -> Result<Vec<actorgraph::store::DatedMention>, Error> {
    GraphStore::open_existing(store, Vocab::new(base)?)?.mentions()
}

/// The network of the store's mentions through the command line's view.
fn network(
    engine: &Engine,
    store: &std::path::Path,
    base: &str,
    view: &cli::ViewArgs,
) -> Result<Network, Error> {
    let mentions = stored_mentions(store, base)?;
    Network::project(
        &mentions,
        &engine.relations,
        &engine.gazetteer,
        &to_view(view)?,
    )
}

/// Writes a graphml, neo4j or cytoscape export.
fn export_graph(
    engine: &Engine,
    net: &Network,
    format: cli::ExportOutFormat,
    output: Option<&std::path::Path>,
    out: &mut dyn Write,
) -> Result<ExitCode, Error> {
    let io = |e: std::io::Error| Error::Usage(format!("cannot write output: {e}"));
    let write = |out: &mut dyn Write| -> std::io::Result<()> {
        match format {
            cli::ExportOutFormat::Graphml => {
                actorgraph::export::write_graphml(net, &engine.relations, out)
            }
            _ => {
                let v = actorgraph::export::cytoscape_json(net, &engine.relations);
                serde_json::to_writer_pretty(&mut *out, &v)?;
                writeln!(out)
            }
        }
    };
    match (format, output) {
        (cli::ExportOutFormat::Neo4j, Some(dir)) => {
            for f in actorgraph::export::write_neo4j(net, &engine.relations, dir)? {
                eprintln!("actorgraph: wrote {f}");
            }
        }
        (cli::ExportOutFormat::Neo4j, None) => {
            return Err(Error::Usage(
                "the neo4j export writes several files: give the directory with --output".into(),
            ))
        }
        (_, Some(path)) => {
            let mut w = create(path)?;
            write(&mut w).map_err(|e| Error::io(path, e))?;
            w.flush().map_err(|e| Error::io(path, e))?;
            eprintln!("actorgraph: wrote {}", path.display());
        }
        (_, None) => {
            write(out).map_err(io)?;
            out.flush().map_err(io)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
