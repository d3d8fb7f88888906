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

    /// Base of the IRIs actorgraph mints (vocabulary `<base>ns#`, instances `<base>id/…`).
    #[arg(
        long,
        global = true,
        value_name = "IRI",
        default_value = "https://w3id.org/actorgraph/"
    )]
    pub base: String,

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
    /// Build the knowledge graph: extract a corpus into an Oxigraph store on disk, replacing
    /// exactly the documents that changed.
    Build {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        /// Language of the rules to use; `auto` takes the manifest's or detects it.
        #[arg(long, default_value = "auto")]
        lang: String,
        /// Rebuild every document even if it did not change (after upgrading actorgraph).
        #[arg(long)]
        rebuild: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// The corpus: a directory (with an optional manifest.toml) or files.
        #[arg(default_value = "corpus")]
        corpus: Vec<PathBuf>,
    },
    /// Run a SPARQL query (a file, or -e TEXT) over the store.
    Query {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        /// The query text instead of a file.
        #[arg(
            short = 'e',
            long = "expr",
            value_name = "SPARQL",
            conflicts_with = "file"
        )]
        expr: Option<String>,
        /// A file with the query.
        #[arg(required_unless_present = "expr")]
        file: Option<PathBuf>,
        /// table, csv, tsv, json or xml for SELECT/ASK; turtle or ntriples for CONSTRUCT/DESCRIBE.
        #[arg(long, value_enum, default_value_t = QueryOutFormat::Table)]
        format: QueryOutFormat,
        /// Bind a variable before running: NAME=VALUE, VALUE an actor id, <IRI> or text.
        #[arg(long = "bind", value_name = "NAME=VALUE")]
        bind: Vec<String>,
        /// Stop the query after this many seconds.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<u64>,
    },
    /// Write the graph in an RDF format (the whole dataset, or the plain relation triples).
    Export {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        #[arg(long, value_enum)]
        format: ExportOutFormat,
        /// Only the plain relation triples with their actors' types and labels.
        #[arg(long)]
        plain: bool,
        /// Write here instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the ontology (classes and relation properties) as Turtle, generated from
    /// relations.toml; ontology/actorgraph.ttl is this output.
    Ontology,
}

/// Result formats of `query`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryOutFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
}

/// Formats of `export`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportOutFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
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
