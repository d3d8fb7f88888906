//! Stage 6, store: the Oxigraph store on disk. The only module that touches oxigraph.
//! `build` loads the ontology, the gazetteer and one named graph per document, replacing
//! exactly the graphs whose input changed, each in its own transaction; `query` runs SPARQL
//! over the union of the graphs; `export` writes the dataset in RDF formats.
//! Entry points: [`GraphStore::open`], [`GraphStore::open_existing`].

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad as OxQuad, Term as OxTerm,
    Triple,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, Variable,
};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::rdf::{self, Quad, Term, Vocab};
use crate::{Corpus, Engine, Language, Shard, Source};

/// Documents extracted in parallel before their transactions are written.
/// Bytes of corpus text read, extracted and bulk-loaded together: about 300,000 quads.
const BUILD_BATCH_BYTES: u64 = 2 << 20;

/// How a build runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Only this shard's documents; the others are neither extracted nor removed.
    pub shard: Option<Shard>,
    /// Bytes of corpus text loaded between two commits of the bulk loader: each commit
    /// hands RocksDB a set of files to merge, so fewer commits build faster; a killed build
    /// redoes at most this much.
    pub commit_bytes: u64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            shard: None,
            commit_bytes: 32 << 20,
        }
    }
}

/// The memory the bulk loader may use for sorting, in megabytes.
const BULK_LOAD_MEMORY_MB: usize = 128;

/// An actorgraph store on disk.
pub struct GraphStore {
    store: Store,
    path: PathBuf,
    vocab: Vocab,
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct BuildReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub failed: usize,
    pub knowledge_changed: bool,
    pub documents: usize,
    pub sentences: usize,
    pub mentions: usize,
    pub triples: usize,
    pub actors: usize,
    pub relations: BTreeMap<String, usize>,
    pub store: String,
    /// What the reader did that a user should know but that is no error (a file decoded
    /// from Windows-1252), each naming its file.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
}

/// Result formats of `query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    NTriples,
}

/// RDF formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Turtle,
    NTriples,
    NQuads,
    TriG,
    RdfXml,
    JsonLd,
}

impl ExportFormat {
    fn rdf(self) -> RdfFormat {
        match self {
            ExportFormat::Turtle => RdfFormat::Turtle,
            ExportFormat::NTriples => RdfFormat::NTriples,
            ExportFormat::NQuads => RdfFormat::NQuads,
            ExportFormat::TriG => RdfFormat::TriG,
            ExportFormat::RdfXml => RdfFormat::RdfXml,
            ExportFormat::JsonLd => RdfFormat::JsonLd {
                profile: Default::default(),
            },
        }
    }
}

fn store_error(path: &Path, e: impl std::fmt::Display) -> Error {
    let text = e.to_string();
    let message = if text.contains("lock") || text.contains("Resource temporarily unavailable") {
        let who = lock_holder(&path.join("LOCK"))
            .map_or_else(|| "another process".to_string(), |p| format!("process {p}"));
        format!(
            "the store is in use by {who}; wait for it to finish, stop it, or pass another --store ({text})"
        )
    } else {
        text
    };
    Error::Store {
        path: path.to_path_buf(),
        message,
    }
}

fn to_ox(q: &Quad) -> Result<OxQuad> {
    let iri =
        |s: &str| NamedNode::new(s).map_err(|e| Error::Usage(format!("invalid IRI <{s}>: {e}")));
    let object: OxTerm = match &q.object {
        Term::Iri(i) => iri(i)?.into(),
        Term::Literal {
            value,
            datatype,
            lang,
        } => match (datatype, lang) {
            (_, Some(l)) => Literal::new_language_tagged_literal(value, l)
                .map_err(|e| Error::Usage(format!("bad language tag '{l}': {e}")))?
                .into(),
            (Some(dt), None) => Literal::new_typed_literal(value, iri(dt)?).into(),
            (None, None) => Literal::new_simple_literal(value).into(),
        },
    };
    Ok(OxQuad::new(
        iri(&q.subject)?,
        iri(&q.predicate)?,
        object,
        iri(&q.graph)?,
    ))
}

/// The process holding a lock file, with its command line, from Linux's /proc/locks.
fn lock_holder(lock: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let inode = std::fs::metadata(lock).ok()?.ino();
        let locks = std::fs::read_to_string("/proc/locks").ok()?;
        // "1: POSIX  ADVISORY  WRITE 12345 08:01:6789 0 EOF": pid, then device:inode.
        let pid = locks.lines().find_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let (pid, dev_inode) = (f.get(4)?, f.get(5)?);
            (dev_inode.rsplit(':').next()? == inode.to_string()).then(|| pid.to_string())
        })?;
        let cmd = std::fs::read(format!("/proc/{pid}/cmdline"))
            .map(|b| {
                String::from_utf8_lossy(&b)
                    .split('\0')
                    .filter(|a| !a.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        Some(if cmd.is_empty() {
            pid
        } else {
            format!("{pid} ({cmd})")
        })
    }
    #[cfg(not(unix))]
    {
        let _ = lock;
        None
    }
}

/// Whether a file name is one RocksDB writes into its directory.
fn is_rocksdb_file(name: &str) -> bool {
    matches!(name, "LOCK" | "LOG" | "IDENTITY" | "CURRENT")
        || ["LOG.old", "MANIFEST-", "OPTIONS-"]
            .iter()
            .any(|p| name.starts_with(p))
        || [".log", ".sst", ".dbtmp", ".tmp"]
            .iter()
            .any(|x| name.ends_with(x))
}

impl GraphStore {
    /// Opens the store at `path`, creating it if needed. A directory that holds other files
    /// and no store is refused: RocksDB would scatter its files among them.
    pub fn open(path: &Path, vocab: Vocab) -> Result<GraphStore> {
        if path.is_file() {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "is a file, not a store directory".into(),
            });
        }
        // A build killed while RocksDB created the store leaves RocksDB's files without
        // CURRENT, which RocksDB writes before any data: nothing was stored, and the files
        // are cleared so the store is created afresh. Any other file makes it foreign.
        let entries: Vec<_> = if path.join("CURRENT").is_file() {
            Vec::new()
        } else {
            std::fs::read_dir(path)
                .map(|d| d.flatten().collect())
                .unwrap_or_default()
        };
        let foreign = entries
            .iter()
            .any(|e| !is_rocksdb_file(&e.file_name().to_string_lossy()));
        if !foreign {
            for e in &entries {
                std::fs::remove_file(e.path()).map_err(|err| Error::io(e.path(), err))?;
            }
        }
        if foreign {
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: "is not an actorgraph store and not empty; pass a new or empty directory to --store"
                    .into(),
            });
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        let store = Store::open(path).map_err(|e| store_error(path, e))?;
        Ok(GraphStore {
            store,
            path: path.to_path_buf(),
            vocab,
        })
    }

    /// Opens an existing store; a path that is not one is an error, not a new empty store.
    pub fn open_existing(path: &Path, vocab: Vocab) -> Result<GraphStore> {
        if !path.join("CURRENT").is_file() {
            let what = if path.exists() {
                "is not an actorgraph store"
            } else {
                "does not exist"
            };
            return Err(Error::Store {
                path: path.to_path_buf(),
                message: format!(
                    "{what}; run `actorgraph build --store {}` first",
                    path.display()
                ),
            });
        }
        Self::open(path, vocab)
    }

    fn err(&self, e: impl std::fmt::Display) -> Error {
        store_error(&self.path, e)
    }

    /// Replaces one named graph with `quads` (and the build record of it) in one transaction.
    fn replace_graph(&self, graph: &str, quads: &[Quad], record: Option<&str>) -> Result<()> {
        let name = NamedNode::new(graph)
            .map_err(|e| Error::Usage(format!("invalid IRI <{graph}>: {e}")))?;
        let build =
            NamedNode::new(self.vocab.graph("build")).map_err(|e| Error::Usage(e.to_string()))?;
        let hash_p = NamedNode::new(self.vocab.ns("contentHash"))
            .map_err(|e| Error::Usage(e.to_string()))?;
        let converted = quads.iter().map(to_ox).collect::<Result<Vec<_>>>()?;
        let mut t = self.store.start_transaction().map_err(|e| self.err(e))?;
        t.clear_graph(name.as_ref()).map_err(|e| self.err(e))?;
        let old: Vec<OxQuad> = t
            .quads_for_pattern(
                Some(name.as_ref().into()),
                Some(hash_p.as_ref()),
                None,
                Some(build.as_ref().into()),
            )
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        for q in &old {
            t.remove(q);
        }
        for q in &converted {
            t.insert(q);
        }
        match record {
            Some(hash) => t.insert(&OxQuad::new(
                name.clone(),
                hash_p,
                Literal::new_simple_literal(hash),
                build,
            )),
            None => {
                t.remove_named_graph(name.as_ref())
                    .map_err(|e| self.err(e))?;
            }
        }
        t.commit().map_err(|e| self.err(e))
    }

    /// The build records: graph IRI → fingerprint it was built from.
    fn records(&self) -> Result<BTreeMap<String, String>> {
        let build =
            NamedNode::new(self.vocab.graph("build")).map_err(|e| Error::Usage(e.to_string()))?;
        let mut out = BTreeMap::new();
        for q in self
            .store
            .quads_for_pattern(None, None, None, Some(build.as_ref().into()))
        {
            let q = q.map_err(|e| self.err(e))?;
            if let (NamedOrBlankNode::NamedNode(s), OxTerm::Literal(l)) = (&q.subject, &q.object) {
                out.insert(s.as_str().to_string(), l.value().to_string());
            }
        }
        Ok(out)
    }

    /// Builds the store from a corpus: ontology and gazetteer when the knowledge changed, and
    /// exactly the document graphs that were added, changed or removed. A document that
    /// cannot be processed is reported and leaves its stored graph as it was.
    ///
    /// The corpus streams through in batches of a few megabytes: a batch is read and
    /// extracted in parallel (rayon), the stale graphs of its changed documents are removed
    /// in a transaction, and its quads go into Oxigraph's bulk loader together with each
    /// document's build record, committed every `options.commit_bytes` of text. A run that is
    /// killed leaves the documents since the last commit without records, so the next build
    /// redoes exactly those.
    ///
    /// With a `shard`, only that shard's documents are built; the others are neither
    /// extracted nor removed.
    pub fn build(
        &self,
        engine: &Engine,
        sources: &[Source],
        options: &BuildOptions,
        language: &Language,
        progress: &Progress,
        problems: &mut Vec<Error>,
    ) -> Result<BuildReport> {
        let v = &self.vocab;
        let records = self.records()?;
        let mut report = BuildReport {
            store: self.path.display().to_string(),
            ..Default::default()
        };
        let knowledge = &engine.fingerprint;
        let onto_graph = v.graph("ontology");
        let gaz = v.graph("gazetteer");
        // Both records are checked: a build killed between the two graphs reloads both.
        if records.get(&onto_graph) != Some(knowledge) || records.get(&gaz) != Some(knowledge) {
            report.knowledge_changed = true;
            self.replace_graph(
                &onto_graph,
                &rdf::ontology_quads(v, &engine.relations),
                Some(knowledge),
            )?;
            self.replace_graph(
                &gaz,
                &rdf::gazetteer_quads(v, &engine.gazetteer),
                Some(knowledge),
            )?;
        }
        // Every document id of the corpus (of every shard, and unreadable ones too) is seen:
        // only documents gone from the corpus are removed from the store.
        let mut seen = BTreeSet::new();
        let mut mine = Vec::new();
        for src in sources {
            if !seen.insert(v.doc(&src.meta.id)) {
                problems.push(Error::Document {
                    path: src.path.clone(),
                    message: format!("document id '{}' is used twice; skipped", src.meta.id),
                });
                report.failed += 1;
                continue;
            }
            if options.shard.is_none_or(|s| src.in_shard(s)) {
                mine.push(src.clone());
            }
        }
        let commit_bytes = options.commit_bytes.max(1);
        // Extraction of the next batch overlaps the loading of the last: one thread owns
        // the bulk loader and commits every `commit_bytes`.
        let (send, receive) = std::sync::mpsc::sync_channel::<(Vec<OxQuad>, u64)>(1);
        std::thread::scope(|scope| -> Result<()> {
            let loading = scope.spawn(move || -> Result<()> {
                let mut loader = None;
                let mut uncommitted = 0;
                for (quads, bytes) in receive {
                    loader
                        .get_or_insert_with(|| {
                            self.store
                                .bulk_loader()
                                .with_max_memory_size_in_megabytes(BULK_LOAD_MEMORY_MB)
                        })
                        .load_quads(quads)
                        .map_err(|e| self.err(e))?;
                    uncommitted += bytes;
                    if uncommitted >= commit_bytes {
                        if let Some(l) = loader.take() {
                            l.commit().map_err(|e| self.err(e))?;
                        }
                        uncommitted = 0;
                    }
                }
                if let Some(l) = loader.take() {
                    l.commit().map_err(|e| self.err(e))?;
                }
                Ok(())
            });
            let mut produce = || -> Result<()> {
                for batch in crate::batches(&mine, BUILD_BATCH_BYTES.min(commit_bytes)) {
                    let mut corpus = Corpus::read(batch);
                    problems.append(&mut corpus.errors);
                    report.notices.append(&mut corpus.notices);
                    // Which documents changed: their text, metadata or the knowledge.
                    let mut todo = Vec::new();
                    for doc in &corpus.documents {
                        let iri = v.doc(&doc.meta.id);
                        let meta = format!("{:?}", doc.meta);
                        let hash = rdf::fingerprint(&[
                            doc.raw.as_bytes(),
                            meta.as_bytes(),
                            knowledge.as_bytes(),
                        ]);
                        let previous = records.get(&iri);
                        if previous == Some(&hash) {
                            report.unchanged += 1;
                        } else {
                            todo.push((doc, iri, hash, previous.is_some()));
                        }
                    }
                    let quads: Vec<Result<Vec<OxQuad>>> = {
                        use rayon::prelude::*;
                        todo.par_iter()
                            .map(|(doc, _, _, _)| {
                                let analysis = engine.analyze_document(doc, language)?;
                                rdf::document_quads(v, doc, &analysis.mentions, &engine.gazetteer)
                                    .iter()
                                    .map(to_ox)
                                    .collect()
                            })
                            .collect()
                    };
                    let mut load = Vec::new();
                    for ((_, iri, hash, previous), quads) in todo.iter().zip(quads) {
                        match quads {
                            Ok(q) => {
                                if *previous {
                                    // The old graph goes first; its record with it, so a crash
                                    // before the load below means "not built" and is redone.
                                    self.replace_graph(iri, &[], None)?;
                                    report.updated += 1;
                                } else {
                                    report.added += 1;
                                }
                                load.extend(q);
                                load.push(self.record_quad(iri, hash)?);
                            }
                            Err(e) => {
                                problems.push(e);
                                report.failed += 1;
                            }
                        }
                    }
                    let bytes: u64 = batch.iter().map(|s| s.bytes).sum();
                    if send.send((load, bytes)).is_err() {
                        break; // the loader stopped; its error is reported below
                    }
                    progress.advance(bytes);
                }
                Ok(())
            };
            let produced = produce();
            drop(send);
            let loaded = loading
                .join()
                .map_err(|_| self.err("the bulk-loading thread panicked"))?;
            loaded.and(produced)
        })?;
        let doc_prefix = v.id("doc", "");
        for iri in records
            .keys()
            .filter(|k| k.starts_with(&doc_prefix) && !seen.contains(*k))
        {
            self.replace_graph(iri, &[], None)?;
            report.removed += 1;
        }
        self.summarize(&mut report)?;
        Ok(report)
    }

    /// The build record of a graph: the fingerprint of what it was built from.
    fn record_quad(&self, graph: &str, hash: &str) -> Result<OxQuad> {
        let iri = |s: &str| {
            NamedNode::new(s).map_err(|e| Error::Usage(format!("invalid IRI <{s}>: {e}")))
        };
        Ok(OxQuad::new(
            iri(graph)?,
            iri(&self.vocab.ns("contentHash"))?,
            Literal::new_simple_literal(hash),
            iri(&self.vocab.graph("build"))?,
        ))
    }

    /// Rows of `?key` (the local name of an IRI, or the term) and `?n` (a number).
    fn count(&self, query: &str) -> Result<Vec<(String, usize)>> {
        Ok(self
            .select(query)?
            .into_iter()
            .map(|row| {
                let key = match row.get("key") {
                    Some(OxTerm::NamedNode(n)) => n
                        .as_str()
                        .rsplit('#')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    Some(t) => t.to_string(),
                    None => String::new(),
                };
                let n = row.text("n").and_then(|v| v.parse().ok()).unwrap_or(0);
                (key, n)
            })
            .collect())
    }

    /// Counts what the store holds. Each query reads one or two properties without joins:
    /// a mention lives in its document's graph, so (graph, sentence index) is a sentence.
    /// (Joining mentions to their documents took seconds on a large store.)
    fn summarize(&self, r: &mut BuildReport) -> Result<()> {
        let ag = self.vocab.ns("");
        let one = |q: String| -> Result<usize> { Ok(self.count(&q)?.first().map_or(0, |x| x.1)) };
        r.documents = one(format!(
            "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d a <{ag}Document> }}"
        ))?;
        r.mentions = one(format!(
            "SELECT (COUNT(?m) AS ?n) WHERE {{ ?m a <{ag}RelationMention> }}"
        ))?;
        r.sentences = one(format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?g ?i WHERE {{ GRAPH ?g {{ ?m <{ag}sentenceIndex> ?i }} }} }}"
        ))?;
        r.actors = one(format!(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ {{ ?m <{ag}subject> ?a }} UNION {{ ?m <{ag}object> ?a }} }}"
        ))?;
        r.triples = self.store.len().map_err(|e| self.err(e))?;
        r.relations = self
            .count(&format!(
                "SELECT ?key (COUNT(?m) AS ?n) WHERE {{ ?m <{ag}relation> ?key }} GROUP BY ?key ORDER BY ?key"
            ))?
            .into_iter()
            .collect();
        Ok(())
    }

    /// Runs a SPARQL query over the union of all graphs and writes its results.
    pub fn query(
        &self,
        text: &str,
        origin: &str,
        bindings: &[(String, String)],
        timeout: Option<Duration>,
        format: QueryFormat,
        out: &mut dyn Write,
    ) -> Result<()> {
        let mut evaluator = SparqlEvaluator::new();
        for (name, iri) in rdf::prefixes(&self.vocab) {
            evaluator = evaluator
                .with_prefix(name, iri)
                .map_err(|e| Error::Usage(format!("prefix {name}: {e}")))?;
        }
        let token = CancellationToken::new();
        evaluator = evaluator.with_cancellation_token(token.clone());
        let mut prepared = evaluator
            .parse_query(text)
            .map_err(|e| Error::Query(format!("{origin}: SPARQL syntax error: {e}")))?;
        prepared.dataset_mut().set_default_graph_as_union();
        for (name, value) in bindings {
            let var =
                Variable::new(name).map_err(|e| Error::Usage(format!("--bind {name}: {e}")))?;
            prepared = prepared.substitute_variable(var, self.binding_term(value)?);
        }
        if let Some(limit) = timeout {
            let t = token.clone();
            std::thread::spawn(move || {
                std::thread::sleep(limit);
                t.cancel();
            });
        }
        let timed_out = |e: QueryEvaluationError| match e {
            QueryEvaluationError::Cancelled => Error::Query(format!(
                "{origin}: the query ran longer than {}s and was stopped (raise --timeout)",
                timeout.map_or(0, |t| t.as_secs())
            )),
            e => Error::Query(format!("{origin}: {e}")),
        };
        let io = |e: std::io::Error| Error::Usage(format!("cannot write results: {e}"));
        match prepared
            .on_store(&self.store)
            .execute()
            .map_err(timed_out)?
        {
            QueryResults::Boolean(b) => match format {
                QueryFormat::Table => writeln!(out, "{b}").map_err(io)?,
                f => {
                    let s = QueryResultsSerializer::from_format(results_format(f)?);
                    s.serialize_boolean_to_writer(&mut *out, b).map_err(io)?;
                }
            },
            QueryResults::Solutions(solutions) => {
                let vars = solutions.variables().to_vec();
                let rows = solutions
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(timed_out)?;
                if format == QueryFormat::Table {
                    let prefixes = rdf::prefixes(&self.vocab);
                    let header: Vec<String> = vars.iter().map(|v| v.as_str().to_string()).collect();
                    let table: Vec<Vec<String>> = rows
                        .iter()
                        .map(|r| {
                            vars.iter()
                                .map(|v| r.get(v).map_or(String::new(), |t| display(t, &prefixes)))
                                .collect()
                        })
                        .collect();
                    write_table(out, &header, &table).map_err(io)?;
                } else {
                    let s = QueryResultsSerializer::from_format(results_format(format)?);
                    let mut w = s
                        .serialize_solutions_to_writer(&mut *out, vars)
                        .map_err(io)?;
                    for r in &rows {
                        w.serialize(r).map_err(io)?;
                    }
                    w.finish().map_err(io)?;
                }
            }
            QueryResults::Graph(triples) => {
                let rdf_format = match format {
                    QueryFormat::Turtle | QueryFormat::Table => RdfFormat::Turtle,
                    QueryFormat::NTriples => RdfFormat::NTriples,
                    f => {
                        return Err(Error::Usage(format!(
                            "a CONSTRUCT or DESCRIBE query writes turtle or ntriples, not {f:?}"
                        )))
                    }
                };
                let mut w = self.serializer(rdf_format)?.for_writer(&mut *out);
                for t in triples {
                    let t: Triple = t.map_err(timed_out)?;
                    w.serialize_triple(&t).map_err(io)?;
                }
                w.finish().map_err(io)?;
            }
        }
        Ok(())
    }

    fn binding_term(&self, value: &str) -> Result<OxTerm> {
        if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
            return Ok(NamedNode::new(iri)
                .map_err(|e| Error::Usage(format!("--bind: {e}")))?
                .into());
        }
        if value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Ok(NamedNode::new(self.vocab.actor(value))
                .map_err(|e| Error::Usage(e.to_string()))?
                .into());
        }
        Ok(Literal::new_simple_literal(value).into())
    }

    fn serializer(&self, format: RdfFormat) -> Result<RdfSerializer> {
        let mut s = RdfSerializer::from_format(format);
        for (name, iri) in rdf::prefixes(&self.vocab) {
            s = s
                .with_prefix(name, iri)
                .map_err(|e| Error::Usage(e.to_string()))?;
        }
        Ok(s)
    }

    /// Writes the whole dataset (or only the plain relation triples with the labels and types
    /// of their actors). Triple formats get the union of all graphs.
    pub fn export(
        &self,
        format: ExportFormat,
        plain: bool,
        relations: &crate::ontology::Relations,
        out: &mut dyn Write,
    ) -> Result<()> {
        let io = |e: std::io::Error| Error::Usage(format!("cannot write export: {e}"));
        let rdf_format = format.rdf();
        let quads: Vec<OxQuad> = if plain {
            let mut set = HashSet::new();
            let mut actors = HashSet::new();
            for r in &relations.relations {
                let p = NamedNode::new(self.vocab.relation(&r.name))
                    .map_err(|e| Error::Usage(e.to_string()))?;
                for q in self
                    .store
                    .quads_for_pattern(None, Some(p.as_ref()), None, None)
                {
                    let q = q.map_err(|e| self.err(e))?;
                    actors.insert(q.subject.clone());
                    if let OxTerm::NamedNode(o) = &q.object {
                        actors.insert(o.clone().into());
                    }
                    set.insert(OxQuad::new(
                        q.subject,
                        q.predicate,
                        q.object,
                        GraphName::DefaultGraph,
                    ));
                }
            }
            let keep = [
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                "http://www.w3.org/2000/01/rdf-schema#label",
            ];
            for a in &actors {
                for p in keep {
                    let p = NamedNodeRef::new_unchecked(p);
                    for q in self
                        .store
                        .quads_for_pattern(Some(a.as_ref()), Some(p), None, None)
                    {
                        let q = q.map_err(|e| self.err(e))?;
                        set.insert(OxQuad::new(
                            q.subject,
                            q.predicate,
                            q.object,
                            GraphName::DefaultGraph,
                        ));
                    }
                }
            }
            set.into_iter().collect()
        } else {
            let mut all: Vec<OxQuad> = self
                .store
                .iter()
                .collect::<std::result::Result<_, _>>()
                .map_err(|e| self.err(e))?;
            if !rdf_format.supports_datasets() {
                let set: HashSet<OxQuad> = all
                    .into_iter()
                    .map(|q| OxQuad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                    .collect();
                all = set.into_iter().collect();
            }
            all
        };
        // Deterministic output: the same store gives the same bytes.
        let mut quads = quads;
        quads.sort_by_cached_key(|q| q.to_string());
        let mut w = self.serializer(rdf_format)?.for_writer(&mut *out);
        for q in &quads {
            if rdf_format.supports_datasets() {
                w.serialize_quad(q).map_err(io)?;
            } else {
                w.serialize_triple(q.as_ref()).map_err(io)?;
            }
        }
        w.finish().map_err(io)?;
        Ok(())
    }

    /// Loads an N-Quads, TriG or other RDF file into the store (for round trips and for
    /// merging shards).
    pub fn load_file(&self, path: &Path) -> Result<()> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        let format = RdfFormat::from_extension(ext).ok_or_else(|| {
            Error::Usage(format!("{}: unknown RDF file extension", path.display()))
        })?;
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut loader = self.store.bulk_loader();
        loader
            .load_from_reader(format, std::io::BufReader::new(file))
            .map_err(|e| Error::Document {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
        loader.commit().map_err(|e| self.err(e))
    }

    /// All quads, as sorted N-Quads lines (for comparisons in tests).
    pub fn canonical_nquads(&self) -> Result<Vec<String>> {
        let mut lines: Vec<String> = self
            .store
            .iter()
            .map(|q| q.map(|q| format!("{q} .")))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        lines.sort();
        Ok(lines)
    }

    /// Every relation mention in the store with its document's date, sorted by document,
    /// sentence and offsets: the input of the analyses, diagrams and graph exports.
    pub fn mentions(&self) -> Result<Vec<DatedMention>> {
        let ag = self.vocab.ns("");
        let skos = "http://www.w3.org/2004/02/skos/core#";
        let rdfs = "http://www.w3.org/2000/01/rdf-schema#";
        let dct = "http://purl.org/dc/terms/";
        // Labels and types of every actor: the gazetteer's, and those of people first named
        // in a document.
        let mut actors: BTreeMap<String, (String, crate::gazetteer::ActorType)> = BTreeMap::new();
        for row in self.select(&format!(
            "SELECT ?a ?label ?class WHERE {{ ?a a ?class ; <{skos}prefLabel>|<{rdfs}label> ?label . \
             FILTER(STRSTARTS(STR(?class), \"{ag}\")) }}"
        ))? {
            let (Some(a), Some(label), Some(class)) = (row.iri("a"), row.text("label"), row.iri("class"))
            else {
                continue;
            };
            if let Some(kind) = rdf::type_of_class(class.trim_start_matches(ag.as_str())) {
                actors.entry(a).or_insert((label, kind));
            }
        }
        let actor_base = self.vocab.actor("");
        let actor = |iri: &str| -> crate::ActorOut {
            let id = iri.strip_prefix(actor_base.as_str()).unwrap_or(iri);
            let (label, kind) = actors
                .get(iri)
                .cloned()
                .unwrap_or_else(|| (id.to_string(), crate::gazetteer::ActorType::Group));
            crate::ActorOut {
                id: format!("{}{id}", crate::ACTOR_BASE),
                label,
                kind,
            }
        };
        let doc_base = self.vocab.doc("");
        let mut out = Vec::new();
        for row in self.select(&format!(
            "SELECT ?doc ?date ?path ?s ?r ?o ?neg ?mod ?src ?rule ?sentence ?idx ?ev ?start ?end WHERE {{ \
             ?m a <{ag}RelationMention> ; <{ag}document> ?doc ; <{ag}subject> ?s ; <{ag}relation> ?r ; \
             <{ag}object> ?o ; <{ag}negated> ?neg ; <{ag}modality> ?mod ; <{ag}rule> ?rule ; \
             <{ag}sentence> ?sentence ; <{ag}sentenceIndex> ?idx ; <{ag}evidence> ?ev ; \
             <{ag}start> ?start ; <{ag}end> ?end . \
             OPTIONAL {{ ?doc <{dct}date> ?date }} OPTIONAL {{ ?doc <{ag}path> ?path }} \
             OPTIONAL {{ ?m <{ag}source> ?src }} }}"
        ))? {
            let (Some(doc), Some(s), Some(r), Some(o)) =
                (row.iri("doc"), row.iri("s"), row.iri("r"), row.iri("o"))
            else {
                continue;
            };
            let modality = match row.iri("mod").as_deref().map(|m| m.trim_start_matches(ag.as_str())) {
                Some("Reported") => crate::Modality::Reported,
                Some("Hedged") => crate::Modality::Hedged,
                _ => crate::Modality::Asserted,
            };
            let number = |name: &str| row.text(name).and_then(|v| v.parse().ok()).unwrap_or(0);
            out.push(DatedMention {
                date: row.text("date"),
                mention: crate::RelationMention {
                    doc: doc.strip_prefix(doc_base.as_str()).unwrap_or(&doc).to_string(),
                    path: row.text("path").unwrap_or_default(),
                    sentence: number("idx"),
                    start: number("start"),
                    end: number("end"),
                    text: row.text("sentence").unwrap_or_default(),
                    subject: actor(&s),
                    object: actor(&o),
                    relation: r.trim_start_matches(ag.as_str()).to_string(),
                    negated: row.text("neg").as_deref() == Some("true"),
                    modality,
                    source: row.iri("src").map(|src| actor(&src)),
                    rule: row.text("rule").unwrap_or_default(),
                    evidence: row.text("ev").unwrap_or_default(),
                },
            });
        }
        out.sort_by(|a, b| {
            let key = |m: &DatedMention| {
                (
                    m.mention.doc.clone(),
                    m.mention.sentence,
                    m.mention.start,
                    m.mention.end,
                    m.mention.subject.id.clone(),
                    m.mention.relation.clone(),
                    m.mention.object.id.clone(),
                    m.mention.negated,
                )
            };
            key(a).cmp(&key(b))
        });
        Ok(out)
    }

    /// Runs an internal SELECT over the union graph.
    fn select(&self, query: &str) -> Result<Vec<Row>> {
        let mut prepared = SparqlEvaluator::new()
            .parse_query(query)
            .map_err(|e| Error::Usage(format!("internal query: {e}")))?;
        prepared.dataset_mut().set_default_graph_as_union();
        let mut rows = Vec::new();
        if let QueryResults::Solutions(solutions) = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| self.err(e))?
        {
            for s in solutions {
                let s = s.map_err(|e| self.err(e))?;
                rows.push(Row(s
                    .iter()
                    .map(|(v, t)| (v.as_str().to_string(), t.clone()))
                    .collect()));
            }
        }
        Ok(rows)
    }

    /// The named graphs in the store.
    pub fn graphs(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = self
            .store
            .named_graphs()
            .map(|g| g.map(|g| g.to_string()))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err(e))?;
        out.sort();
        Ok(out)
    }
}

/// A relation mention read back from the store, with the date of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedMention {
    /// `dcterms:date` of the document (YYYY-MM-DD, YYYY-MM or free text), if known.
    pub date: Option<String>,
    pub mention: crate::RelationMention,
}

/// One solution of an internal query.
struct Row(Vec<(String, OxTerm)>);

impl Row {
    fn get(&self, name: &str) -> Option<&OxTerm> {
        self.0.iter().find(|(v, _)| v == name).map(|(_, t)| t)
    }

    fn iri(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            OxTerm::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        }
    }

    fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            OxTerm::Literal(l) => Some(l.value().to_string()),
            _ => None,
        }
    }
}

fn results_format(f: QueryFormat) -> Result<QueryResultsFormat> {
    Ok(match f {
        QueryFormat::Csv => QueryResultsFormat::Csv,
        QueryFormat::Tsv => QueryResultsFormat::Tsv,
        QueryFormat::Json => QueryResultsFormat::Json,
        QueryFormat::Xml => QueryResultsFormat::Xml,
        f => {
            return Err(Error::Usage(format!(
                "a SELECT or ASK query writes table, csv, tsv, json or xml, not {f:?}"
            )))
        }
    })
}

/// A term for a table cell: IRIs shortened with the known prefixes, literals as their value.
fn display(t: &OxTerm, prefixes: &[(&'static str, String)]) -> String {
    match t {
        OxTerm::NamedNode(n) => {
            let s = n.as_str();
            prefixes
                .iter()
                .filter(|(_, iri)| s.starts_with(iri.as_str()) && s.len() > iri.len())
                .max_by_key(|(_, iri)| iri.len())
                .map_or_else(
                    || format!("<{s}>"),
                    |(p, iri)| format!("{p}:{}", &s[iri.len()..]),
                )
        }
        OxTerm::Literal(l) => l.value().replace(['\n', '\t'], " "),
        other => other.to_string(),
    }
}

fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain(std::iter::once(header[i].chars().count()))
            .max()
            .unwrap_or(0)
            .min(100)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let c: String = c.chars().take(*w).collect();
                format!("{c:<w$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header))?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for r in rows {
        writeln!(out, "{}", line(r))?;
    }
    writeln!(out, "({} rows)", rows.len())
}

/// Writes quads as Turtle (graph names dropped) with actorgraph's prefixes, sorted.
pub fn write_turtle(vocab: &Vocab, quads: &[Quad], out: &mut dyn Write) -> Result<()> {
    let io = |e: std::io::Error| Error::Usage(format!("cannot write Turtle: {e}"));
    let mut s = RdfSerializer::from_format(RdfFormat::Turtle);
    for (name, iri) in rdf::prefixes(vocab) {
        s = s
            .with_prefix(name, iri)
            .map_err(|e| Error::Usage(e.to_string()))?;
    }
    let mut triples: Vec<Triple> = quads
        .iter()
        .map(|q| to_ox(q).map(|q| Triple::new(q.subject, q.predicate, q.object)))
        .collect::<Result<_>>()?;
    triples.sort_by_cached_key(|t| t.to_string());
    triples.dedup();
    let mut w = s.for_writer(&mut *out);
    for t in &triples {
        w.serialize_triple(t).map_err(io)?;
    }
    w.finish().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod open_tests {
    use super::*;

    #[test]
    fn a_store_killed_while_being_created_reopens_but_a_foreign_directory_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let half = dir.path().join("half");
        std::fs::create_dir(&half).expect("mkdir");
        for f in ["LOCK", "LOG", "IDENTITY", "MANIFEST-000001", "000004.log"] {
            std::fs::write(half.join(f), b"").expect("write");
        }
        if let Err(e) = GraphStore::open(&half, Vocab::default()) {
            panic!("{e}");
        }
        let foreign = dir.path().join("foreign");
        std::fs::create_dir(&foreign).expect("mkdir");
        std::fs::write(foreign.join("notes.txt"), b"mine").expect("write");
        std::fs::write(foreign.join("LOG"), b"").expect("write");
        let err = GraphStore::open(&foreign, Vocab::default())
            .err()
            .expect("refused");
        assert!(err.to_string().contains("is not an actorgraph store"));
    }
}
