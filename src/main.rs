//! The `actorgraph` binary: parses arguments, calls the library, prints one error.

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use actorgraph::format::{write_build_report, write_mentions, MentionFormat};
use actorgraph::rdf::Vocab;
use actorgraph::store::{ExportFormat, GraphStore, QueryFormat};
use actorgraph::{eval, Corpus, Engine, Error, Language};
use clap::Parser;
use std::time::Duration;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("actorgraph: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: cli::Args) -> Result<ExitCode, Error> {
    let dir = args.ontology.unwrap_or_else(Engine::default_dir);
    let engine = Engine::load(&dir)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let io = |e: std::io::Error| Error::Usage(format!("cannot write output: {e}"));
    match args.command {
        cli::Command::Extract {
            lang,
            format,
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
            let corpus = Corpus::load(&paths)?;
            let mut failed = !corpus.errors.is_empty();
            for e in &corpus.errors {
                eprintln!("actorgraph: {e}");
            }
            let format = match format {
                cli::OutFormat::Jsonl => MentionFormat::Jsonl,
                cli::OutFormat::Tsv => MentionFormat::Tsv,
                cli::OutFormat::Table => MentionFormat::Table,
            };
            let mut all = Vec::new();
            for doc in &corpus.documents {
                match engine.extract_document(doc, &language) {
                    Ok(m) => all.extend(m),
                    Err(e) => {
                        eprintln!("actorgraph: {e}");
                        failed = true;
                    }
                }
            }
            write_mentions(&mut out, &all, format).map_err(io)?;
            out.flush().map_err(io)?;
            Ok(if failed {
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
                    eval::evaluate(&engine, &gold, &corpus)?
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
        cli::Command::Build {
            store,
            lang,
            rebuild,
            json,
            corpus,
        } => {
            let language = language(&engine, &lang, &dir)?;
            let vocab = Vocab::new(&args.base)?;
            let corpus = Corpus::load(&corpus)?;
            let mut corpus = corpus;
            let mut problems: Vec<Error> = std::mem::take(&mut corpus.errors);
            if rebuild && store.exists() {
                std::fs::remove_dir_all(&store).map_err(|e| Error::io(&store, e))?;
            }
            let graph = GraphStore::open(&store, vocab)?;
            let report = graph.build(&engine, &corpus, &language, &mut problems)?;
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
        } => {
            let format = match format {
                cli::ExportOutFormat::Turtle => ExportFormat::Turtle,
                cli::ExportOutFormat::Ntriples => ExportFormat::NTriples,
                cli::ExportOutFormat::Nquads => ExportFormat::NQuads,
                cli::ExportOutFormat::Trig => ExportFormat::TriG,
                cli::ExportOutFormat::Rdfxml => ExportFormat::RdfXml,
                cli::ExportOutFormat::Jsonld => ExportFormat::JsonLd,
            };
            let graph = GraphStore::open_existing(&store, Vocab::new(&args.base)?)?;
            match output {
                Some(path) => {
                    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                    }
                    let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
                    let mut w = std::io::BufWriter::new(file);
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
