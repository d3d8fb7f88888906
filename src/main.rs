//! The `actorgraph` binary: parses arguments, calls the library, prints one error.

mod cli;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use actorgraph::format::{write_mentions, MentionFormat};
use actorgraph::{eval, Corpus, Engine, Error, Language};
use clap::Parser;

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
