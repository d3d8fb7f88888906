//! Evaluation against a hand-annotated gold file: precision, recall and F1 overall and per
//! relation, with the misses and false positives and the sentences they come from.
//! Entry points: [`Gold::load`], [`evaluate`] and [`compare`] (two annotations of one corpus).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::{Corpus, Engine, Language, Modality, RelationMention};

/// One gold relation.
#[derive(Debug, Clone)]
pub struct GoldRow {
    pub line: usize,
    pub doc: String,
    pub quote: String,
    pub subject: String,
    pub relation: String,
    pub object: String,
    pub negated: bool,
    pub modality: Modality,
    pub source: Option<String>,
    /// "core": both actors named in the sentence; "anaphora": one only referred to.
    pub core: bool,
}

/// A gold file.
#[derive(Debug, Clone)]
pub struct Gold {
    pub path: PathBuf,
    pub rows: Vec<GoldRow>,
}

impl Gold {
    /// Reads a gold TSV (header `doc quote subject relation object negated modality source scope note`)
    /// and checks its actors and relations against the engine's knowledge.
    pub fn load(path: &Path, engine: &Engine) -> Result<Gold> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            let n = i + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 9 {
                return Err(Error::data(
                    path,
                    n,
                    format!(
                        "expected at least 9 tab-separated fields, found {}",
                        f.len()
                    ),
                ));
            }
            let bad = |what: &str, v: &str| Error::data(path, n, format!("unknown {what} '{v}'"));
            if engine.relations.get(f[3]).is_none() {
                return Err(bad("relation", f[3]));
            }
            let negated = match f[5] {
                "true" => true,
                "false" => false,
                v => return Err(bad("negated value", v)),
            };
            let modality = Modality::parse(f[6]).ok_or_else(|| bad("modality", f[6]))?;
            let core = match f[8] {
                "core" => true,
                "anaphora" => false,
                v => return Err(bad("scope", v)),
            };
            let (mut subject, mut object) = (f[2].to_string(), f[4].to_string());
            if engine.relations.is_symmetric(f[3]) && subject > object {
                std::mem::swap(&mut subject, &mut object);
            }
            rows.push(GoldRow {
                line: n,
                doc: f[0].to_string(),
                quote: f[1].to_string(),
                subject,
                relation: f[3].to_string(),
                object,
                negated,
                modality,
                source: (f[7] != "-" && !f[7].is_empty()).then(|| f[7].to_string()),
                core,
            });
        }
        Ok(Gold {
            path: path.to_path_buf(),
            rows,
        })
    }
}

/// Counts for one relation (or all).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn finish(&mut self) {
        let p = self.tp + self.fp;
        let r = self.tp + self.fn_;
        self.precision = if p == 0 {
            1.0
        } else {
            self.tp as f64 / p as f64
        };
        self.recall = if r == 0 {
            1.0
        } else {
            self.tp as f64 / r as f64
        };
        let s = self.precision + self.recall;
        self.f1 = if s == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / s
        };
    }
}

/// A relation as evaluated: the sentence it is in and its four defining fields.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    pub doc: String,
    pub sentence: usize,
    pub subject: String,
    pub relation: String,
    pub object: String,
    pub negated: bool,
}

/// A miss or false positive, with its sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub key: Key,
    pub text: String,
    pub rule: Option<String>,
    pub gold_line: Option<usize>,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub overall: Score,
    pub per_relation: BTreeMap<String, Score>,
    pub misses: Vec<Item>,
    pub false_positives: Vec<Item>,
    /// Of the true positives, how many have the gold modality (and source).
    pub modality_agree: usize,
    pub source_agree: usize,
    /// Gold rows that need coreference (not scored), and how many of them were found.
    pub anaphora_rows: usize,
    pub anaphora_found: usize,
    /// Gold lines whose quote lies in text the loader drops (pull-quotes, captions).
    pub dropped_text_rows: Vec<usize>,
    /// Gold rows (scored or not) found through a referring expression, so that the gain of
    /// coreference shows.
    pub coreference_found: Vec<Item>,
}

/// Extracts the corpus and compares with the gold.
pub fn evaluate(engine: &Engine, gold: &Gold, corpus: &Corpus) -> Result<Report> {
    let mut predicted: BTreeMap<Key, RelationMention> = BTreeMap::new();
    let mut sentence_text: HashMap<(String, usize), String> = HashMap::new();
    let mut gold_keys: BTreeMap<Key, &GoldRow> = BTreeMap::new();
    let mut anaphora: BTreeSet<Key> = BTreeSet::new();
    let mut outside = Vec::new();
    for doc in &corpus.documents {
        let analysis = engine.analyze_document(doc, &Language::Auto)?;
        let sentences = analysis.sentences;
        for s in &sentences {
            sentence_text.insert((doc.meta.id.clone(), s.index), s.text.clone());
        }
        for m in analysis.mentions {
            let key = Key {
                doc: m.doc.clone(),
                sentence: m.sentence,
                subject: m.subject.short_id().to_string(),
                relation: m.relation.clone(),
                object: m.object.short_id().to_string(),
                negated: m.negated,
            };
            predicted.entry(key).or_insert(m);
        }
        for (key, row) in locate(gold, doc, &sentences, &mut outside)? {
            file_by_scope(key, row, &mut gold_keys, &mut anaphora);
        }
    }
    check_documents(gold, corpus)?;
    let predicted = predicted
        .into_iter()
        .map(|(k, m)| {
            let p = Predicted {
                modality: m.modality,
                source: m.source.as_ref().map(|s| s.short_id().to_string()),
                rule: m.rule,
            };
            (k, p)
        })
        .collect();
    Ok(score(
        engine,
        gold_keys,
        anaphora,
        predicted,
        &sentence_text,
        outside,
    ))
}

/// Core rows are scored; rows that need coreference are only counted when found.
fn file_by_scope<'g>(
    key: Key,
    row: &'g GoldRow,
    gold_keys: &mut BTreeMap<Key, &'g GoldRow>,
    anaphora: &mut BTreeSet<Key>,
) {
    if row.core {
        gold_keys.insert(key, row);
    } else {
        anaphora.insert(key);
    }
}

/// The key of every gold row of `doc`: the sentence its quote lies in. Rows whose quote lies
/// in text the loader drops are listed in `outside`.
fn locate<'g>(
    gold: &'g Gold,
    doc: &crate::Document,
    sentences: &[crate::SentenceSpan],
    outside: &mut Vec<usize>,
) -> Result<Vec<(Key, &'g GoldRow)>> {
    let mut out = Vec::new();
    for row in gold.rows.iter().filter(|r| r.doc == doc.meta.id) {
        let at = doc.raw.find(&row.quote).ok_or_else(|| {
            Error::data(
                &gold.path,
                row.line,
                format!("quote not found in {}: '{}'", doc.path.display(), row.quote),
            )
        })?;
        let Some(sentence) = sentences
            .iter()
            .find(|s| s.raw_start <= at && at < s.raw_end)
            .map(|s| s.index)
        else {
            // In text the loader drops on purpose (a pull-quote repeating the body, a
            // caption): listed, not scored.
            outside.push(row.line);
            continue;
        };
        let key = Key {
            doc: row.doc.clone(),
            sentence,
            subject: row.subject.clone(),
            relation: row.relation.clone(),
            object: row.object.clone(),
            negated: row.negated,
        };
        out.push((key, row));
    }
    Ok(out)
}

/// Compares two annotations of the same corpus: the core rows of `other` are scored as if a
/// system had made them, so precision and recall say how far `other` agrees with `gold`
/// (the F1 is symmetric: swapping the two swaps precision and recall). A row's "rule" in the
/// lists is its line in `other`.
pub fn compare(engine: &Engine, gold: &Gold, other: &Gold, corpus: &Corpus) -> Result<Report> {
    let mut sentence_text: HashMap<(String, usize), String> = HashMap::new();
    let mut gold_keys: BTreeMap<Key, &GoldRow> = BTreeMap::new();
    let mut anaphora: BTreeSet<Key> = BTreeSet::new();
    let mut predicted: BTreeMap<Key, Predicted> = BTreeMap::new();
    let mut outside = Vec::new();
    let mut other_outside = Vec::new();
    for doc in &corpus.documents {
        let sentences = engine.analyze_document(doc, &Language::Auto)?.sentences;
        for s in &sentences {
            sentence_text.insert((doc.meta.id.clone(), s.index), s.text.clone());
        }
        for (key, row) in locate(gold, doc, &sentences, &mut outside)? {
            file_by_scope(key, row, &mut gold_keys, &mut anaphora);
        }
        for (key, row) in locate(other, doc, &sentences, &mut other_outside)? {
            if row.core {
                predicted.entry(key).or_insert_with(|| Predicted {
                    modality: row.modality,
                    source: row.source.clone(),
                    rule: format!("{}:{}", other.path.display(), row.line),
                });
            }
        }
    }
    check_documents(gold, corpus)?;
    check_documents(other, corpus)?;
    Ok(score(
        engine,
        gold_keys,
        anaphora,
        predicted,
        &sentence_text,
        outside,
    ))
}

/// Every row of `gold` names a document of the corpus.
fn check_documents(gold: &Gold, corpus: &Corpus) -> Result<()> {
    let docs: BTreeSet<&str> = corpus
        .documents
        .iter()
        .map(|d| d.meta.id.as_str())
        .collect();
    for row in &gold.rows {
        if !docs.contains(row.doc.as_str()) {
            return Err(Error::data(
                &gold.path,
                row.line,
                format!("unknown document '{}'", row.doc),
            ));
        }
    }
    Ok(())
}

struct Predicted {
    modality: Modality,
    source: Option<String>,
    rule: String,
}

fn score(
    engine: &Engine,
    gold_keys: BTreeMap<Key, &GoldRow>,
    anaphora: BTreeSet<Key>,
    predicted: BTreeMap<Key, Predicted>,
    sentence_text: &HashMap<(String, usize), String>,
    outside: Vec<usize>,
) -> Report {
    let mut per_relation: BTreeMap<String, Score> = BTreeMap::new();
    for r in &engine.relations.relations {
        per_relation.insert(r.name.clone(), Score::default());
    }
    let mut overall = Score::default();
    let (mut misses, mut fps) = (Vec::new(), Vec::new());
    let (mut modality_agree, mut source_agree) = (0, 0);
    let text_of = |k: &Key| {
        sentence_text
            .get(&(k.doc.clone(), k.sentence))
            .cloned()
            .unwrap_or_default()
    };
    let mut coreference_found = Vec::new();
    let mut through_coreference = |key: &Key, m: &Predicted, line: Option<usize>| {
        if m.rule.contains("+coref.") {
            coreference_found.push(Item {
                key: key.clone(),
                text: text_of(key),
                rule: Some(m.rule.clone()),
                gold_line: line,
            });
        }
    };
    // A found relation matches a gold row of its own relation or of one it is a kind of
    // (rdfs:subPropertyOf): "suppliesWeaponsTo" is a true "supports".
    let relations = &engine.relations;
    let kinds_of = |relation: &str| -> Vec<String> {
        relations
            .relations
            .iter()
            .filter(|r| relations.is_kind_of(&r.name, relation))
            .map(|r| r.name.clone())
            .collect()
    };
    let mut matched: BTreeSet<Key> = BTreeSet::new();
    for (key, row) in &gold_keys {
        let score = per_relation.entry(key.relation.clone()).or_default();
        let found = predicted.get_key_value(key).or_else(|| {
            kinds_of(&key.relation).into_iter().find_map(|r| {
                let narrower = Key {
                    relation: r,
                    ..key.clone()
                };
                predicted
                    .get_key_value(&narrower)
                    .filter(|(k, _)| !gold_keys.contains_key(*k))
            })
        });
        if let Some((found_key, m)) = found {
            matched.insert(found_key.clone());
            through_coreference(key, m, Some(row.line));
            score.tp += 1;
            overall.tp += 1;
            if m.modality == row.modality {
                modality_agree += 1;
            }
            if m.source == row.source {
                source_agree += 1;
            }
        } else {
            score.fn_ += 1;
            overall.fn_ += 1;
            misses.push(Item {
                key: key.clone(),
                text: text_of(key),
                rule: None,
                gold_line: Some(row.line),
            });
        }
    }
    let mut anaphora_found = 0;
    for (key, m) in &predicted {
        if matched.contains(key) {
            continue;
        }
        if anaphora.contains(key) {
            through_coreference(key, m, None);
            anaphora_found += 1;
            continue;
        }
        per_relation.entry(key.relation.clone()).or_default().fp += 1;
        overall.fp += 1;
        fps.push(Item {
            key: key.clone(),
            text: text_of(key),
            rule: Some(m.rule.clone()),
            gold_line: None,
        });
    }
    overall.finish();
    per_relation.values_mut().for_each(Score::finish);
    Report {
        overall,
        per_relation,
        misses,
        false_positives: fps,
        modality_agree,
        source_agree,
        anaphora_rows: anaphora.len(),
        anaphora_found,
        dropped_text_rows: outside,
        coreference_found,
    }
}

/// Scores a file of one sentence per line against a gold TSV with the header
/// `line subject relation object negated modality source` (line numbers 1-based).
pub fn evaluate_lines(engine: &Engine, text: &Path, gold: &Path, language: &str) -> Result<Score> {
    Ok(evaluate_lines_report(engine, text, gold, language)?.overall)
}

/// Like [`evaluate_lines`], with the whole report.
pub fn evaluate_lines_report(
    engine: &Engine,
    text: &Path,
    gold: &Path,
    language: &str,
) -> Result<Report> {
    let sentences = std::fs::read_to_string(text).map_err(|e| Error::io(text, e))?;
    let rules = if language == "auto" {
        engine.detect_language(&sentences).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the language of {}; pass --lang",
                text.display()
            ))
        })?
    } else {
        engine
            .rules_for(language)
            .ok_or_else(|| Error::Usage(format!("no rules for language '{language}'")))?
    };
    let gold_text = std::fs::read_to_string(gold).map_err(|e| Error::io(gold, e))?;
    let mut rows = Vec::new();
    for (i, line) in gold_text.lines().enumerate().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if line.trim().is_empty() {
            continue;
        }
        if f.len() < 7 {
            return Err(Error::data(gold, i + 1, "expected 7 tab-separated fields"));
        }
        let bad = |what: &str, v: &str| Error::data(gold, i + 1, format!("bad {what} '{v}'"));
        let sentence: usize = f[0].parse().map_err(|_| bad("line number", f[0]))?;
        if engine.relations.get(f[2]).is_none() {
            return Err(bad("relation", f[2]));
        }
        let (mut subject, mut object) = (f[1].to_string(), f[3].to_string());
        if engine.relations.is_symmetric(f[2]) && subject > object {
            std::mem::swap(&mut subject, &mut object);
        }
        rows.push((
            sentence,
            GoldRow {
                line: i + 1,
                doc: "line".into(),
                quote: String::new(),
                subject,
                relation: f[2].to_string(),
                object,
                negated: f[4] == "true",
                modality: Modality::parse(f[5]).ok_or_else(|| bad("modality", f[5]))?,
                source: (f[6] != "-").then(|| f[6].to_string()),
                core: true,
            },
        ));
    }
    let mut gold_keys = BTreeMap::new();
    for (sentence, row) in &rows {
        let sentence = *sentence;
        gold_keys.insert(
            Key {
                doc: "line".into(),
                sentence,
                subject: row.subject.clone(),
                relation: row.relation.clone(),
                object: row.object.clone(),
                negated: row.negated,
            },
            row,
        );
    }
    let mut predicted = BTreeMap::new();
    let mut texts = HashMap::new();
    for (i, line) in sentences.lines().enumerate() {
        texts.insert(("line".to_string(), i + 1), line.to_string());
        for f in crate::extract::extract_sentence(line, rules, &engine.gazetteer) {
            let key = Key {
                doc: "line".into(),
                sentence: i + 1,
                subject: f.subject.id.clone(),
                relation: f.relation.clone(),
                object: f.object.id.clone(),
                negated: f.negated,
            };
            predicted.entry(key).or_insert(Predicted {
                modality: f.modality,
                source: f.source.map(|s| s.id),
                rule: f.rule,
            });
        }
    }
    Ok(score(
        engine,
        gold_keys,
        BTreeSet::new(),
        predicted,
        &texts,
        Vec::new(),
    ))
}

/// Prints a report as a table with the misses and false positives.
pub fn write_report(
    out: &mut dyn std::io::Write,
    r: &Report,
    details: bool,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<18} {:>4} {:>4} {:>4} {:>9} {:>7} {:>6}",
        "relation", "tp", "fp", "fn", "precision", "recall", "f1"
    )?;
    for (name, s) in &r.per_relation {
        if s.tp + s.fp + s.fn_ == 0 {
            continue;
        }
        writeln!(
            out,
            "{:<18} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}",
            name, s.tp, s.fp, s.fn_, s.precision, s.recall, s.f1
        )?;
    }
    let o = &r.overall;
    writeln!(
        out,
        "{:<18} {:>4} {:>4} {:>4} {:>9.3} {:>7.3} {:>6.3}",
        "ALL", o.tp, o.fp, o.fn_, o.precision, o.recall, o.f1
    )?;
    writeln!(
        out,
        "modality agrees on {}/{} found relations, source on {}/{}; {} gold rows need coreference (not scored), {} of them found",
        r.modality_agree, o.tp, r.source_agree, o.tp, r.anaphora_rows, r.anaphora_found
    )?;
    if !r.dropped_text_rows.is_empty() {
        writeln!(
            out,
            "gold lines in text the loader drops (pull-quotes, captions), not scored: {:?}",
            r.dropped_text_rows
        )?;
    }
    if details {
        for (title, items) in [
            ("MISSED", &r.misses),
            ("FALSE POSITIVE", &r.false_positives),
            ("COREFERENCE ROW FOUND", &r.coreference_found),
        ] {
            if items.is_empty() && title == "COREFERENCE ROW FOUND" {
                continue;
            }
            writeln!(out, "\n{title} ({})", items.len())?;
            for it in items {
                let k = &it.key;
                let neg = if k.negated { " NOT" } else { "" };
                let from = it.rule.as_ref().map_or_else(
                    || format!("gold line {}", it.gold_line.unwrap_or(0)),
                    |r| format!("rule {r}"),
                );
                writeln!(
                    out,
                    "  {}#{} {}{} {} {}  [{}]\n      {}",
                    k.doc, k.sentence, k.subject, neg, k.relation, k.object, from, it.text
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(relation: &str) -> Key {
        Key {
            doc: "d".into(),
            sentence: 0,
            subject: "turkey".into(),
            relation: relation.into(),
            object: "azerbaijan".into(),
            negated: false,
        }
    }

    fn scored(gold: &str, found: &str) -> Report {
        let engine = crate::shipped_engine();
        let row = GoldRow {
            line: 2,
            doc: "d".into(),
            quote: String::new(),
            subject: "turkey".into(),
            relation: gold.into(),
            object: "azerbaijan".into(),
            negated: false,
            modality: Modality::Asserted,
            source: None,
            core: true,
        };
        let predicted = BTreeMap::from([(
            key(found),
            Predicted {
                modality: Modality::Asserted,
                source: None,
                rule: "r".into(),
            },
        )]);
        score(
            engine,
            BTreeMap::from([(key(gold), &row)]),
            BTreeSet::new(),
            predicted,
            &HashMap::new(),
            Vec::new(),
        )
    }

    #[test]
    fn a_narrower_relation_found_matches_a_broader_gold_row_but_not_the_reverse() {
        let r = scored("supports", "suppliesWeaponsTo");
        assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (1, 0, 0));
        let r = scored("suppliesWeaponsTo", "supports");
        assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (0, 1, 1));
        let r = scored("supports", "attacks");
        assert_eq!((r.overall.tp, r.overall.fp, r.overall.fn_), (0, 1, 1));
    }
}
