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
        /// Only the documents of shard INDEX of COUNT (by document id), for splitting a
        /// large corpus over machines: `--shard 2/4`.
        #[arg(long, value_name = "INDEX/COUNT")]
        shard: Option<actorgraph::Shard>,
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
        /// Language of the sentences given with --lines; `auto` detects it from the text.
        #[arg(long, default_value = "auto")]
        lang: String,
        /// Compare GOLD with a second annotation of the same corpus instead of with the
        /// extraction: its core rows are scored as predictions (inter-annotator agreement;
        /// its rows that GOLD lacks are listed as false positives with their line).
        #[arg(long, value_name = "OTHER_GOLD", conflicts_with = "lines")]
        against: Option<PathBuf>,
    },
    /// Check the rule files: load them and run every rule's examples and near misses.
    CheckRules,
    /// Write a deterministic news-like corpus for benchmarks: the rules' example sentences
    /// recombined with actors of the gazetteer, with a manifest.
    Generate {
        /// The directory to write (new or empty).
        #[arg(long, short = 'o', value_name = "DIR")]
        output: PathBuf,
        /// How much text to write, in megabytes (10^6 bytes; fractions allowed).
        #[arg(long, default_value_t = 10.0)]
        megabytes: f64,
        /// The seed: the same seed and size give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Languages of the documents, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "nl,en")]
        lang: Vec<String>,
    },
    /// Measure speed and memory on generated corpora: extraction alone, `extract`, `build`
    /// into a fresh store and every shipped query, per size; optionally side by side with
    /// the spaCy baseline (see scripts/bench/run).
    Bench {
        /// Where generated corpora (kept for the next run) and stores go.
        #[arg(long, default_value = "out/bench", value_name = "DIR")]
        dir: PathBuf,
        /// Corpus sizes in megabytes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10,30,100")]
        sizes: Vec<f64>,
        /// The generator's seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Languages of the generated documents, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "nl,en")]
        lang: Vec<String>,
        /// The queries to time.
        #[arg(long, default_value = "queries", value_name = "DIR")]
        queries: PathBuf,
        /// Measure extraction only, without build and queries.
        #[arg(long)]
        no_build: bool,
        /// Run the spaCy baseline with this Python (one with spaCy installed, such as the
        /// last line of `scripts/bench/spacy-venv`).
        #[arg(long, value_name = "PYTHON")]
        baseline_python: Option<PathBuf>,
        /// The baseline script.
        #[arg(
            long,
            default_value = "scripts/bench/spacy_baseline.py",
            value_name = "FILE"
        )]
        baseline_script: PathBuf,
        /// The size of the corpus both run on for the comparison, in megabytes.
        #[arg(long, default_value_t = 2.0, value_name = "MB")]
        baseline_mb: f64,
        /// spaCy worker processes (`nlp.pipe(n_process=…)`).
        #[arg(long, default_value_t = 2)]
        baseline_processes: usize,
        /// Also write the measurements as JSON to this file.
        #[arg(long, value_name = "FILE")]
        json: Option<PathBuf>,
    },
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
        /// Only the documents of shard INDEX of COUNT (by document id); documents of other
        /// shards are left out, not removed from the store. See the README on merging shards.
        #[arg(long, value_name = "INDEX/COUNT")]
        shard: Option<actorgraph::Shard>,
        /// Commit to the store after this many megabytes of text: a build that is killed
        /// redoes at most this much; smaller is slower.
        #[arg(long, value_name = "MB", default_value_t = 32.0)]
        commit_mb: f64,
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
        /// Only the plain relation triples with their actors' types and labels (RDF formats).
        #[arg(long)]
        plain: bool,
        /// Write here instead of standard output (a directory for neo4j).
        #[arg(long, short = 'o', value_name = "PATH")]
        output: Option<PathBuf>,
        /// For graphml, neo4j and cytoscape: which part of the graph.
        #[command(flatten)]
        view: ViewArgs,
    },
    /// Measure the graph in the store: degree, PageRank, betweenness, components, signed
    /// balance and the two blocs; or, with --compare, what changed between two periods.
    Analyze {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        #[command(flatten)]
        view: ViewArgs,
        /// Compare two periods (YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO): relations gained and
        /// lost per pair of actors.
        #[arg(long, num_args = 2, value_names = ["BEFORE", "AFTER"])]
        compare: Option<Vec<String>>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// The shortest chains of relations between two actors, each link with its evidence.
    Path {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        /// The first actor: English label, id or any name in the gazetteer.
        from: String,
        /// The second actor.
        to: String,
        /// At most this many chains.
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[command(flatten)]
        view: ViewArgs,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Draw the graph: DOT, or SVG/PNG through Graphviz (an SVG by a built-in layout when
    /// Graphviz is not installed).
    Render {
        /// The store directory.
        #[arg(long, default_value = "out/store", value_name = "DIR")]
        store: PathBuf,
        #[command(flatten)]
        view: ViewArgs,
        /// dot, svg or png; default from the --output extension, else dot.
        #[arg(long, value_enum)]
        format: Option<DiagramOutFormat>,
        /// Write here instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Do not draw the two blocs as clusters.
        #[arg(long)]
        no_blocs: bool,
        /// The title above the diagram.
        #[arg(long)]
        title: Option<String>,
    },
    /// Print the ontology (classes and relation properties) as Turtle, generated from
    /// relations.toml; ontology/actorgraph.ttl is this output.
    Ontology,
}

/// The projection options shared by analyze, path, render and the graph exports.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ViewArgs {
    /// Only these relations (repeat or separate with commas); `cooperation`, `conflict` and
    /// `structural` stand for all relations of that sign. Default: all.
    #[arg(long = "relation", value_name = "NAME")]
    pub relations: Vec<String>,
    /// Besides asserted claims, also these (repeat or separate with commas): negated,
    /// hedged (hedged and reported claims), all.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub include: Vec<Include>,
    /// Leave out links with fewer mentions.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_mentions: usize,
    /// Only documents dated on or after this (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only the actors within --depth links of this one (English label, id or any name).
    #[arg(long, value_name = "ACTOR")]
    pub focus: Option<String>,
    /// How far from --focus to go.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,
    /// Count people and bodies as the state or organisation they lead or belong to
    /// ("Poetin" adds to Russia).
    #[arg(long)]
    pub roll_up: bool,
}

/// Claims kept beside the asserted ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Include {
    Negated,
    Hedged,
    All,
}

/// Output formats of `analyze` and `path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramOutFormat {
    Dot,
    Svg,
    Png,
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
    /// GraphML for Gephi, yEd, Cytoscape and NetworkX.
    Graphml,
    /// Neo4j import CSVs (--output names the directory).
    Neo4j,
    /// Cytoscape.js JSON.
    Cytoscape,
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
