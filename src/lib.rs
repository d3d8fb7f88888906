//! actorgraph turns news text into a knowledge graph of political actors and their relations.
//!
//! The pipeline runs one way through its stages:
//! `corpus → segment → recognize (gazetteer) → coref → extract (rules) → rdf → store → analyze →
//! render / export`
//! [`Engine`] holds the knowledge (relations, gazetteer, rules, cleaning rules) loaded and
//! checked once; [`Engine::extract_document`] runs a document through the stages.

pub mod analyze;
pub mod bench;
pub mod coref;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod format;
pub mod gazetteer;
pub mod generate;
pub mod ontology;
pub mod progress;
pub mod rdf;
pub mod recognize;
pub mod render;
pub mod rules;
pub mod segment;
pub mod store;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::corpus::{Corpus, DocMeta, Document, Shard, Source};
pub use crate::error::{Error, Result};
pub use crate::extract::Modality;

use crate::corpus::Cleaner;
use crate::gazetteer::{ActorType, Gazetteer};
use crate::ontology::Relations;
use crate::recognize::ActorRef;
use crate::rules::RuleSet;
use crate::segment::split_sentences;

/// The namespace of actor IRIs.
pub const ACTOR_BASE: &str = "https://w3id.org/actorgraph/id/actor/";

/// An actor in output: IRI, English label, type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorOut {
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
}

impl From<&ActorRef> for ActorOut {
    fn from(a: &ActorRef) -> Self {
        ActorOut {
            id: actor_iri(&a.id),
            label: a.label.clone(),
            kind: a.kind,
        }
    }
}

impl From<ActorRef> for ActorOut {
    fn from(a: ActorRef) -> Self {
        ActorOut {
            id: actor_iri(&a.id),
            label: a.label,
            kind: a.kind,
        }
    }
}

/// The IRI of the actor with gazetteer id `id`, built without the formatting machinery (an
/// extraction makes two or three per mention).
fn actor_iri(id: &str) -> String {
    let mut iri = String::with_capacity(ACTOR_BASE.len() + id.len());
    iri.push_str(ACTOR_BASE);
    iri.push_str(id);
    iri
}

impl ActorOut {
    /// The gazetteer id (the IRI without its namespace).
    pub fn short_id(&self) -> &str {
        self.id.strip_prefix(ACTOR_BASE).unwrap_or(&self.id)
    }
}

/// One relation mention: the output contract of `actorgraph extract`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationMention {
    pub doc: String,
    pub path: String,
    /// 0-based index of the sentence in its document.
    pub sentence: usize,
    /// Character offsets of the evidence in the original file.
    pub start: usize,
    pub end: usize,
    /// The sentence, cleaned (hard line breaks joined).
    pub text: String,
    pub subject: ActorOut,
    pub object: ActorOut,
    pub relation: String,
    pub negated: bool,
    pub modality: Modality,
    pub source: Option<ActorOut>,
    pub rule: String,
    /// The original text from `start` to `end`.
    pub evidence: String,
}

impl Serialize for Modality {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A sentence of a document: its index, cleaned text and byte range in the original file.
#[derive(Debug, Clone)]
pub struct SentenceSpan {
    pub index: usize,
    pub text: String,
    pub raw_start: usize,
    pub raw_end: usize,
    block: usize,
    block_start: usize,
}

/// Which language's rules to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Language {
    /// The manifest's language, else detected from stop words.
    Auto,
    Fixed(String),
}

/// The loaded and checked knowledge of actorgraph.
#[derive(Debug)]
pub struct Engine {
    pub dir: PathBuf,
    pub relations: Relations,
    pub gazetteer: Gazetteer,
    pub rule_sets: Vec<RuleSet>,
    /// Fingerprint of every knowledge file loaded: a store built with other knowledge is
    /// rebuilt.
    pub fingerprint: String,
    cleaner: Cleaner,
}

impl Engine {
    /// The ontology directory used when none is given: `./ontology` if present, else the one
    /// this binary was built from.
    pub fn default_dir() -> PathBuf {
        let local = PathBuf::from("ontology");
        if local.join("relations.toml").is_file() {
            local
        } else {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology")
        }
    }

    /// Loads relations, gazetteer, cleaning rules and every `rules/*.toml`, checking all of
    /// them before any document is read.
    pub fn load(dir: &Path) -> Result<Engine> {
        let relations = Relations::load(&dir.join("relations.toml"))?;
        let gazetteer = Gazetteer::load(&dir.join("gazetteer"))?;
        let cleaner = Cleaner::load(&dir.join("corpus.toml"))?;
        let rules_dir = dir.join("rules");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&rules_dir)
            .map_err(|e| Error::io(&rules_dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let rule_sets = files
            .iter()
            .map(|f| RuleSet::load(f, &relations))
            .collect::<Result<Vec<_>>>()?;
        let mut knowledge_files = vec![dir.join("relations.toml"), dir.join("corpus.toml")];
        knowledge_files.extend(files);
        let gazetteer_dir = dir.join("gazetteer");
        if let Ok(entries) = std::fs::read_dir(&gazetteer_dir) {
            let mut g: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            g.sort();
            knowledge_files.extend(g);
        }
        let mut contents = vec![env!("CARGO_PKG_VERSION").as_bytes().to_vec()];
        for f in &knowledge_files {
            contents.push(std::fs::read(f).map_err(|e| Error::io(f, e))?);
        }
        let parts: Vec<&[u8]> = contents.iter().map(Vec::as_slice).collect();
        let fingerprint = rdf::fingerprint(&parts);
        Ok(Engine {
            dir: dir.to_path_buf(),
            relations,
            gazetteer,
            rule_sets,
            fingerprint,
            cleaner,
        })
    }

    /// The rules of a language.
    pub fn rules_for(&self, language: &str) -> Option<&RuleSet> {
        self.rule_sets.iter().find(|r| r.language == language)
    }

    /// The language whose stop words are most frequent in `text`; for a text too short to
    /// have any ("Rusland steunt Armenië."), the language whose relation triggers it uses.
    pub fn detect_language(&self, text: &str) -> Option<&RuleSet> {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .take(2000)
            .map(gazetteer::normalize)
            .collect();
        let best = |score: &dyn Fn(&RuleSet) -> usize| {
            let scored: Vec<(usize, &RuleSet)> =
                self.rule_sets.iter().map(|r| (score(r), r)).collect();
            let top = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
            let mut winners = scored.iter().filter(|(n, _)| *n == top && top > 0);
            match (winners.next(), winners.next()) {
                (Some((_, r)), None) => Some(*r),
                _ => None,
            }
        };
        best(&|r: &RuleSet| {
            words
                .iter()
                .filter(|w| r.lexicon.stopwords.contains(*w))
                .count()
        })
        .or_else(|| {
            best(&|r: &RuleSet| {
                words
                    .iter()
                    .filter(|w| r.trigger_starts.is_match(w))
                    .count()
            })
        })
    }

    /// Chooses the rules for a document.
    pub fn rules_for_document(&self, doc: &Document, language: &Language) -> Result<&RuleSet> {
        let wanted = match language {
            Language::Fixed(l) => Some(l.as_str()),
            Language::Auto => doc.meta.language.as_deref(),
        };
        match wanted {
            Some(l) => self.rules_for(l).ok_or_else(|| Error::Document {
                path: doc.path.clone(),
                message: format!(
                    "no rules for language '{l}' (expected {})",
                    self.dir.join("rules").join(format!("{l}.toml")).display()
                ),
            }),
            None => self
                .detect_language(&doc.raw)
                .ok_or_else(|| Error::Document {
                    path: doc.path.clone(),
                    message: "cannot tell the language; pass --lang".into(),
                }),
        }
    }

    /// The sentences of a document's cleaned blocks, in order.
    fn sentences(&self, blocks: &[corpus::Block], rules: &RuleSet) -> Vec<SentenceSpan> {
        let config = &rules.segment;
        let mut out = Vec::new();
        for (b, block) in blocks.iter().enumerate() {
            let ranges = if block.heading {
                segment::bounded_ranges(&block.text, 0, block.text.len())
            } else {
                split_sentences(&block.text, config)
            };
            for (s, e) in ranges {
                out.push(SentenceSpan {
                    index: out.len(),
                    text: block.text[s..e].to_string(),
                    raw_start: block.to_raw(s),
                    raw_end: block.to_raw(e),
                    block: b,
                    block_start: s,
                });
            }
        }
        out
    }

    /// Runs a document through segmentation, recognition and extraction.
    pub fn extract_document(
        &self,
        doc: &Document,
        language: &Language,
    ) -> Result<Vec<RelationMention>> {
        Ok(self.analyze_document(doc, language)?.mentions)
    }

    /// Like [`Engine::extract_document`], also returning the sentences the mentions point to.
    pub fn analyze_document(&self, doc: &Document, language: &Language) -> Result<Analysis> {
        let mut mentions = Vec::new();
        let sentences = self.scan_document(doc, language, &mut |m| {
            mentions.push(m);
            Ok(())
        })?;
        Ok(Analysis {
            sentences,
            mentions,
        })
    }

    /// Extracts documents in parallel and hands each one's mentions (or its error) to `emit`
    /// in corpus order. Documents go in batches, so memory holds one batch's mentions; a
    /// large document is extracted alone, its sentences in parallel, and handed over mention
    /// by mention (so `emit` may be called several times for it).
    pub fn extract_each(
        &self,
        docs: &[Document],
        language: &Language,
        emit: &mut DocumentSink<'_>,
    ) -> Result<()> {
        use rayon::prelude::*;
        let mut i = 0;
        while i < docs.len() {
            if docs[i].raw.len() > LARGE_DOCUMENT {
                let doc = &docs[i];
                let result = self.for_each_mention(doc, language, &mut |m| emit(doc, Ok(vec![m])));
                if let Err(e) = result {
                    emit(doc, Err(e))?;
                }
                i += 1;
                continue;
            }
            let end = (i..docs.len())
                .take(DOCUMENT_BATCH)
                .take_while(|&k| docs[k].raw.len() <= LARGE_DOCUMENT)
                .last()
                .map_or(i + 1, |k| k + 1);
            let results: Vec<Result<Vec<RelationMention>>> = docs[i..end]
                .par_iter()
                .map(|d| self.extract_document(d, language))
                .collect();
            for (d, r) in docs[i..end].iter().zip(results) {
                emit(d, r)?;
            }
            i = end;
        }
        Ok(())
    }

    /// Reads and extracts documents batch by batch, so that memory holds one batch of
    /// texts and mentions however large the corpus. Each batch's read failures and notices
    /// go to `on_read` first, then its documents' mentions to `emit`, in corpus order.
    pub fn extract_sources(
        &self,
        sources: &[Source],
        language: &Language,
        progress: &progress::Progress,
        on_read: &mut dyn FnMut(Corpus) -> Result<()>,
        emit: &mut DocumentSink<'_>,
    ) -> Result<()> {
        for batch in batches(sources, READ_BATCH_BYTES) {
            let mut corpus = Corpus::read(batch);
            let documents = std::mem::take(&mut corpus.documents);
            on_read(corpus)?;
            self.extract_each(&documents, language, emit)?;
            progress.advance(batch.iter().map(|s| s.bytes).sum());
        }
        Ok(())
    }

    /// Hands each relation mention of a document to `emit` as soon as its sentence is read,
    /// so that a huge document never holds all its mentions at once.
    pub fn for_each_mention(
        &self,
        doc: &Document,
        language: &Language,
        emit: &mut dyn FnMut(RelationMention) -> Result<()>,
    ) -> Result<()> {
        self.scan_document(doc, language, emit).map(|_| ())
    }

    fn scan_document(
        &self,
        doc: &Document,
        language: &Language,
        emit: &mut dyn FnMut(RelationMention) -> Result<()>,
    ) -> Result<Vec<SentenceSpan>> {
        let rules = self.rules_for_document(doc, language)?;
        let blocks = self.cleaner.clean(&doc.raw);
        let sentences = self.sentences(&blocks, rules);
        let chars = CharIndex::new(&doc.raw);
        // The same text as `display().to_string()`, without the formatting machinery.
        let path = doc.path.to_string_lossy().into_owned();
        // Sentences in parallel chunks (rayon), emitted in order: a huge document uses both
        // cores and never holds more than a chunk's mentions.
        for chunk in sentences.chunks(SENTENCE_CHUNK) {
            use rayon::prelude::*;
            // The chunk's sentences and the few before it, each recognised at most once for
            // the look-back of the sentences after it.
            let first = chunk.first().map_or(0, |s| s.index);
            let offset = first.saturating_sub(coref::REACH);
            let preceding: Vec<coref::Preceding> = sentences[offset..first + chunk.len()]
                .iter()
                .map(|p| coref::Preceding::new(&p.text))
                .collect();
            let one = |sent: &SentenceSpan| {
                let from = sent.index.saturating_sub(coref::REACH);
                let before = &preceding[from - offset..sent.index - offset];
                extract::extract_after(&sent.text, before, rules, &self.gazetteer)
            };
            // A news article's few sentences are not worth splitting: its document already
            // runs beside others.
            let found: Vec<Vec<extract::Found>> = if chunk.len() <= SEQUENTIAL_SENTENCES {
                chunk.iter().map(one).collect()
            } else {
                chunk.par_iter().map(one).collect()
            };
            for (sent, fs) in chunk.iter().zip(found) {
                let block = &blocks[sent.block];
                for f in fs {
                    let rs = block.to_raw(sent.block_start + f.start);
                    let re = block.to_raw(sent.block_start + f.end);
                    emit(RelationMention {
                        doc: doc.meta.id.clone(),
                        path: path.clone(),
                        sentence: sent.index,
                        start: chars.char_at(rs),
                        end: chars.char_at(re),
                        text: sent.text.clone(),
                        subject: f.subject.into(),
                        object: f.object.into(),
                        relation: f.relation,
                        negated: f.negated,
                        modality: f.modality,
                        source: f.source.map(Into::into),
                        rule: f.rule,
                        evidence: doc.raw[rs..re].to_string(),
                    })?;
                }
            }
        }
        Ok(sentences)
    }
}

/// A document's sentences and the relation mentions found in them.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub sentences: Vec<SentenceSpan>,
    pub mentions: Vec<RelationMention>,
}

/// Receives each document's mentions (or its error) from [`Engine::extract_each`].
pub type DocumentSink<'a> = dyn FnMut(&Document, Result<Vec<RelationMention>>) -> Result<()> + 'a;

/// Documents extracted in parallel at a time.
const DOCUMENT_BATCH: usize = 256;

/// Documents larger than this (bytes) are extracted one at a time, sentences in parallel.
const LARGE_DOCUMENT: usize = 4 << 20;

/// Sentences extracted in parallel at a time.
const SENTENCE_CHUNK: usize = 2048;

/// Chunks of at most this many sentences are extracted on the calling thread.
const SEQUENTIAL_SENTENCES: usize = 64;

/// Bytes of text read and extracted together: enough documents to keep both cores busy,
/// few enough that memory does not grow with the corpus.
const READ_BATCH_BYTES: u64 = 8 << 20;

/// Splits sources into consecutive batches of at most `max_bytes` (at least one document
/// each).
pub fn batches(sources: &[Source], max_bytes: u64) -> impl Iterator<Item = &[Source]> {
    let mut rest = sources;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut size = 0;
        let n = rest
            .iter()
            .take_while(|s| {
                size += s.bytes;
                size <= max_bytes
            })
            .count()
            .max(1);
        let (batch, tail) = rest.split_at(n);
        rest = tail;
        Some(batch)
    })
}

/// Characters between two marks of a [`CharIndex`]: each offset converted counts up to
/// this many characters (two per mention), and a mark costs a word of memory.
const CHARS_PER_MARK: usize = 128;

/// Byte-to-character offset conversion for one text.
struct CharIndex<'a> {
    /// Byte offsets of every [`CHARS_PER_MARK`]th character.
    marks: Vec<usize>,
    text: &'a str,
}

impl<'a> CharIndex<'a> {
    fn new(text: &'a str) -> Self {
        let marks = text
            .char_indices()
            .step_by(CHARS_PER_MARK)
            .map(|(b, _)| b)
            .collect();
        CharIndex { marks, text }
    }

    fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = self.marks.partition_point(|&m| m <= byte).saturating_sub(1);
        let base = self.marks.get(k).copied().unwrap_or(0);
        k * CHARS_PER_MARK + self.text[base..byte].chars().count()
    }
}

/// The shipped engine (`ontology/` of this checkout), loaded once for all unit tests.
#[cfg(test)]
pub(crate) fn shipped_engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
        Engine::load(&dir).expect("shipped ontology loads")
    })
}
