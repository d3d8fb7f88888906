//! Command-line arguments. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// actorgraph: news text in, a knowledge graph of political actors and their relations out.
#[derive(Debug, Parser)]
#[command(name = "actorgraph", version, about)]
pub struct Args {
    /// The ontology directory (relations, gazetteer, rules); default ./ontology.
    #[arg(long, global = true, value_name = "DIR")]
    pub ontology: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the relation mentions found in files or directories (`-` reads stdin).
    Extract {
        /// Language of the rules to use; `auto` takes the manifest's or detects it.
        #[arg(long, default_value = "auto")]
        lang: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
        format: OutFormat,
        /// Files, directories (with an optional manifest.toml) or `-`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Score the extraction against a gold file: precision, recall and F1 per relation.
    Eval {
        /// The gold TSV (default tests/gold/nl.tsv).
        gold: Option<PathBuf>,
        /// The corpus the gold annotates (default corpus/).
        paths: Vec<PathBuf>,
        /// Only the scores, without the lists of misses and false positives.
        #[arg(long)]
        summary: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Score a file of one sentence per line instead of a corpus; GOLD then has the
        /// columns `line subject relation object negated modality source`.
        #[arg(long, value_name = "TXT", conflicts_with = "paths")]
        lines: Option<PathBuf>,
        /// Language of the sentences given with --lines.
        #[arg(long, default_value = "nl")]
        lang: String,
    },
    /// Check the rule files: load them and run every rule's examples and near misses.
    CheckRules,
}

/// Output formats of `extract`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutFormat {
    Jsonl,
    Tsv,
    Table,
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_consistent() {
        use clap::CommandFactory;
        super::Args::command().debug_assert();
    }
}
