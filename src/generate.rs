//! Benchmark corpora without a download: writes megabytes of Dutch and English news-like
//! text by recombining the sentence shapes of the rules with the actors of the gazetteer.
//! Entry point: [`generate`].
//!
//! Every rule example and near miss is a sentence shape. The gazetteer names, genitives,
//! adjectives, plurals and seats found in it become slots that remember the actor's type and
//! the form it was written in ("Turkije steunt Azerbeidzjan" gives "⟨state name⟩ steunt
//! ⟨state name⟩"); a slot is filled with the same form of another actor of the same type,
//! written in the document's language. The generated sentences so keep the relations,
//! negations, hedges and near misses their shapes were written to show. Neutral sentences
//! without any actor (weather, economy, sport), about one to three relation sentences, keep
//! the prefilter's fast path busy too. Actors are drawn with a Zipf-like skew (see
//! [`popularity`]), as in real news, where a few actors carry most of the mentions: drawn
//! uniformly, nearly every subject–relation–object claim would be said only once.
//!
//! The output is deterministic: one SplitMix64 generator seeded by the caller makes every
//! choice, and every choice is made from a list in file order (gazetteer actors, rule files,
//! rules, examples), never in a hash map's order. The same seed, size, languages and knowledge
//! give byte-identical files on every platform.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::gazetteer::{inflect_adjective, name_tokens, normalize, ActorType, Form, Gazetteer};
use crate::rules::RuleSet;
use crate::Engine;

/// Names the way actors are drawn, for the names of generated corpora kept between runs:
/// a corpus generated before a change of it is not reused.
pub const GENERATOR: &str = "zipf1";

/// What `generate` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Documents written.
    pub documents: usize,
    /// Bytes of text written (the manifest not counted).
    pub bytes: u64,
    /// Sentences written, headlines included.
    pub sentences: usize,
}

/// Writes about `bytes` bytes of news-like text (stopping after the document that crosses the
/// size) into `dir` (created if missing; refuses a non-empty directory with a clear Error),
/// deterministic in `seed`.
///
/// Each document is a `gen-{lang}-{n:06}.txt` file: a headline, then 4 to 12 paragraphs of 3
/// to 6 sentences. `manifest.toml` gives each one's id, title, language and a date between
/// 2019-01-01 and 2025-12-31. At least one document is written, even for `bytes == 0`. Each
/// document's language is drawn from `languages`; every one of them needs a rule set.
pub fn generate(
    engine: &Engine,
    dir: &Path,
    bytes: u64,
    seed: u64,
    languages: &[String],
) -> Result<Generated> {
    if languages.is_empty() {
        return Err(Error::Usage(
            "generate needs at least one language (such as 'nl' or 'en')".into(),
        ));
    }
    // One model per distinct language; `pick[i]` is the model of `languages[i]`, so a
    // language given twice is drawn twice as often.
    let mut models: Vec<Model> = Vec::new();
    let mut pick: Vec<usize> = Vec::with_capacity(languages.len());
    for language in languages {
        if let Some(i) = models.iter().position(|m| m.language == *language) {
            pick.push(i);
            continue;
        }
        let rules = engine.rules_for(language).ok_or_else(|| {
            let known: Vec<&str> = engine
                .rule_sets
                .iter()
                .map(|r| r.language.as_str())
                .collect();
            Error::Usage(format!(
                "no rules for language '{language}' to generate from (rules exist for: {})",
                known.join(", ")
            ))
        })?;
        models.push(Model::new(&engine.gazetteer, rules)?);
        pick.push(models.len() - 1);
    }
    prepare_dir(dir)?;

    let manifest_path = dir.join("manifest.toml");
    let mut manifest =
        BufWriter::new(File::create(&manifest_path).map_err(|e| Error::io(&manifest_path, e))?);
    let header = format!(
        "# A generated corpus (actorgraph generate): seed {seed}, {bytes} bytes asked, languages {}.\n\
         # Sentence shapes from the rules' examples, actors from the gazetteer; the same seed,\n\
         # size, languages and knowledge give the same files.\n",
        languages.join(", ")
    );
    manifest
        .write_all(header.as_bytes())
        .map_err(|e| Error::io(&manifest_path, e))?;

    let mut rng = SplitMix64::new(seed);
    let mut done = Generated {
        documents: 0,
        bytes: 0,
        sentences: 0,
    };
    loop {
        let n = done.documents + 1;
        let Some(model) = pick.get(rng.below(pick.len())).and_then(|&m| models.get(m)) else {
            break;
        };
        let date = random_date(&mut rng);
        let id = format!("gen-{}-{n:06}", model.language);
        let file = format!("{id}.txt");
        let path = dir.join(&file);
        let written = model.write_document(&mut rng, &path)?;
        let entry = format!(
            "\n[[document]]\nid = {}\nfile = {}\ntitle = {}\nlanguage = {}\noutlet = \"actorgraph generate\"\ndate = \"{date}\"\n",
            toml_string(&id),
            toml_string(&file),
            toml_string(&written.title),
            toml_string(&model.language),
        );
        manifest
            .write_all(entry.as_bytes())
            .map_err(|e| Error::io(&manifest_path, e))?;
        done.documents += 1;
        done.bytes += written.bytes;
        done.sentences += written.sentences;
        if done.bytes >= bytes {
            break;
        }
    }
    manifest.flush().map_err(|e| Error::io(&manifest_path, e))?;
    Ok(done)
}

/// Creates `dir`, or accepts it when it exists and is empty.
fn prepare_dir(dir: &Path) -> Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Usage(format!(
                    "'{}' is not empty; generate writes only into a new or empty directory",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(dir, e)),
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
}

/// SplitMix64 (Steele, Lea and Flood): small, fast, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), by multiply-and-shift: no division, and the
    /// result is below `n`, so it fits a `usize` on every platform.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
}

/// A day between 2019-01-01 and 2025-12-31, as YYYY-MM-DD.
fn random_date(rng: &mut SplitMix64) -> String {
    let year = 2019 + rng.below(7);
    let month = 1 + rng.below(12);
    let days = match month {
        2 if matches!(year, 2020 | 2024) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let day = 1 + rng.below(days);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How a slot writes its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Name,
    /// "Ruslands", "Armenië's", "Russia's".
    Genitive,
    /// The adjective as listed ("Russisch", "Russian").
    Adjective,
    /// The Dutch inflected adjective ("Russische").
    Inflected,
    Plural,
    Seat,
}

const KINDS: usize = 6;

const ALL_KINDS: [Kind; KINDS] = [
    Kind::Name,
    Kind::Genitive,
    Kind::Adjective,
    Kind::Inflected,
    Kind::Plural,
    Kind::Seat,
];

impl Kind {
    fn index(self) -> usize {
        self as usize
    }
}

/// For each actor (by gazetteer index), its written forms in one language, by [`Kind`], the
/// common one first.
type Forms = Vec<[Vec<String>; KINDS]>;

/// The forms of every actor usable in `language`: those tagged with it or untagged. Which
/// list a string of [`crate::gazetteer::Actor::names`] came from is read off the form of the
/// gazetteer entry with the same tokens; genitives and Dutch inflected adjectives are derived
/// the way the gazetteer derives its entries.
fn actor_forms(gazetteer: &Gazetteer, language: &str) -> Forms {
    let mut entries: Vec<Vec<(&[String], Form)>> = vec![Vec::new(); gazetteer.actors.len()];
    for e in &gazetteer.entries {
        if let Some(list) = entries.get_mut(e.actor) {
            list.push((e.tokens.as_slice(), e.form));
        }
    }
    let mut out: Forms = Vec::with_capacity(gazetteer.actors.len());
    for (actor, own) in gazetteer.actors.iter().zip(&entries) {
        let mut forms: [Vec<String>; KINDS] = Default::default();
        for (written, tag) in &actor.names {
            if tag.as_deref().is_some_and(|t| t != language) {
                continue;
            }
            let tokens: Vec<String> = name_tokens(written).iter().map(|t| normalize(t)).collect();
            let Some(form) = own
                .iter()
                .find(|(t, _)| *t == tokens.as_slice())
                .map(|(_, f)| *f)
            else {
                continue;
            };
            match form {
                Form::Name => {
                    add(&mut forms[Kind::Name.index()], written.clone());
                    if actor.kind != ActorType::Place {
                        if let Some(g) = genitive(written, language) {
                            add(&mut forms[Kind::Genitive.index()], g);
                        }
                    }
                }
                Form::Adjective => {
                    add(&mut forms[Kind::Adjective.index()], written.clone());
                    if language == "nl" {
                        add(
                            &mut forms[Kind::Inflected.index()],
                            inflect_adjective(written),
                        );
                    }
                }
                Form::Plural => add(&mut forms[Kind::Plural.index()], written.clone()),
                Form::Seat => add(&mut forms[Kind::Seat.index()], written.clone()),
                Form::Genitive => {}
            }
        }
        out.push(forms);
    }
    out
}

fn add(list: &mut Vec<String>, s: String) {
    if !list.contains(&s) {
        list.push(s);
    }
}

/// The genitive of a name as the gazetteer writes it for `language`.
fn genitive(name: &str, language: &str) -> Option<String> {
    match language {
        "nl" if name.ends_with(['s', 'x', 'z']) => None,
        "nl" if name.ends_with(['a', 'e', 'i', 'o', 'u', 'ë', 'y']) => Some(format!("{name}'s")),
        "nl" => Some(format!("{name}s")),
        "en" if name.ends_with('s') => Some(format!("{name}'")),
        "en" => Some(format!("{name}'s")),
        _ => None,
    }
}

/// A form of an actor found in a sentence shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mention {
    start: usize,
    end: usize,
    actor: usize,
    kind: Kind,
}

/// Every form of every actor in one language, by first character, longest first.
struct SurfaceIndex {
    by_first: HashMap<char, Vec<(String, usize, Kind)>>,
}

impl SurfaceIndex {
    fn new(forms: &Forms) -> Self {
        let mut by_first: HashMap<char, Vec<(String, usize, Kind)>> = HashMap::new();
        for (actor, kinds) in forms.iter().enumerate() {
            for kind in ALL_KINDS {
                for s in &kinds[kind.index()] {
                    if let Some(c) = s.chars().next() {
                        by_first
                            .entry(c)
                            .or_default()
                            .push((s.clone(), actor, kind));
                    }
                }
            }
        }
        // A stable sort: among forms of one length, the earlier actor and kind wins.
        for list in by_first.values_mut() {
            list.sort_by_key(|(s, _, _)| std::cmp::Reverse(s.len()));
        }
        SurfaceIndex { by_first }
    }

    /// The leftmost-longest whole-word occurrences of actor forms in `text`, case as written.
    /// Word edges are the tokenizer's: an apostrophe between letters is inside a word, so
    /// "Iran" is not found in "Iran's" (which stays as it is).
    fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut prev: Option<char> = None;
        let mut prev2: Option<char> = None;
        let mut skip_to = 0;
        for (p, c) in text.char_indices() {
            let at_start = match prev {
                None => true,
                Some(q) if q.is_alphanumeric() => false,
                Some(q) if is_apostrophe(q) => !prev2.is_some_and(char::is_alphanumeric),
                Some(_) => true,
            };
            prev2 = prev;
            prev = Some(c);
            if p < skip_to || !at_start {
                continue;
            }
            let Some(list) = self.by_first.get(&c) else {
                continue;
            };
            for (s, actor, kind) in list {
                if text[p..].starts_with(s.as_str()) && ends_word(&text[p + s.len()..]) {
                    out.push(Mention {
                        start: p,
                        end: p + s.len(),
                        actor: *actor,
                        kind: *kind,
                    });
                    skip_to = p + s.len();
                    break;
                }
            }
        }
        out
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Whether a word may end right before `rest`.
fn ends_word(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if is_apostrophe(c) => !chars.next().is_some_and(char::is_alphanumeric),
        Some(_) => true,
    }
}

/// A piece of a sentence shape.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    /// An actor: the `group`-th distinct actor of the shape, written as `kind`.
    Slot {
        group: usize,
        kind: Kind,
    },
}

/// A sentence shape with its slots.
#[derive(Debug, Clone)]
struct Template {
    pieces: Vec<Piece>,
    /// For each distinct actor of the shape, the actors that may stand in for it: the same
    /// type, and every form the shape writes it in.
    groups: Vec<Vec<usize>>,
}

/// The shape of a sentence, or none when no actor form is found in it.
fn template(
    text: &str,
    index: &SurfaceIndex,
    forms: &Forms,
    gazetteer: &Gazetteer,
) -> Option<Template> {
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.ends_with(['.', '!', '?', '…', '"', '\'', '’', '”', ')']) {
        text.push('.');
    }
    let mentions = index.mentions(&text);
    if mentions.is_empty() {
        return None;
    }
    let mut pieces = Vec::new();
    // The distinct actors of the shape with the kinds they are written in.
    let mut owners: Vec<(usize, Vec<Kind>)> = Vec::new();
    let mut at = 0;
    for m in mentions {
        if m.start > at {
            pieces.push(Piece::Text(text[at..m.start].to_string()));
        }
        let group = match owners.iter().position(|(a, _)| *a == m.actor) {
            Some(i) => {
                if !owners[i].1.contains(&m.kind) {
                    owners[i].1.push(m.kind);
                }
                i
            }
            None => {
                owners.push((m.actor, vec![m.kind]));
                owners.len() - 1
            }
        };
        pieces.push(Piece::Slot {
            group,
            kind: m.kind,
        });
        at = m.end;
    }
    if at < text.len() {
        pieces.push(Piece::Text(text[at..].to_string()));
    }
    let groups: Vec<Vec<usize>> = owners
        .iter()
        .map(|(owner, kinds)| {
            let kind = gazetteer.actors.get(*owner).map(|a| a.kind);
            gazetteer
                .actors
                .iter()
                .enumerate()
                .filter(|(a, actor)| {
                    Some(actor.kind) == kind
                        && forms
                            .get(*a)
                            .is_some_and(|f| kinds.iter().all(|k| !f[k.index()].is_empty()))
                })
                .map(|(a, _)| a)
                .collect::<Vec<usize>>()
        })
        .collect();
    Some(Template { pieces, groups })
}

/// Everything needed to write documents in one language.
struct Model {
    language: String,
    forms: Forms,
    /// How often each actor (by gazetteer index) is drawn, relative to the others.
    popularity: Vec<u64>,
    templates: Vec<Template>,
    fillers: &'static [&'static str],
}

/// What one document came to.
struct Written {
    title: String,
    bytes: u64,
    sentences: usize,
}

/// Headlines have at most this many words (the cleaner's headings allow 20).
const HEADLINE_WORDS: usize = 14;

/// Characters a headline must not end with, or the cleaner would take it for a sentence.
const HEADLINE_END: [char; 12] = ['.', '!', '?', '…', ':', ';', ',', '\'', '’', '”', '"', ')'];

impl Model {
    fn new(gazetteer: &Gazetteer, rules: &RuleSet) -> Result<Model> {
        let language = rules.language.clone();
        let forms = actor_forms(gazetteer, &language);
        let index = SurfaceIndex::new(&forms);
        let mut templates: Vec<Template> = Vec::new();
        for rule in &rules.rules {
            let texts = rule
                .examples
                .iter()
                .map(|e| e.text.as_str())
                .chain(rule.near_misses.iter().map(String::as_str));
            for text in texts {
                templates.extend(template(text, &index, &forms, gazetteer));
            }
        }
        if templates.is_empty() {
            return Err(Error::Usage(format!(
                "no example or near miss in {} names an actor of the gazetteer; nothing to generate '{language}' text from",
                rules.path.display()
            )));
        }
        Ok(Model {
            fillers: fillers(&language),
            language,
            forms,
            popularity: popularity(gazetteer),
            templates,
        })
    }

    /// Writes one document to `path`, paragraph by paragraph.
    fn write_document(&self, rng: &mut SplitMix64, path: &Path) -> Result<Written> {
        let mut out = BufWriter::new(File::create(path).map_err(|e| Error::io(path, e))?);
        // No shape or filler twice in a document: the cleaner drops a short paragraph that
        // repeats 50 characters of a longer one as a pull-quote.
        let mut used = vec![false; self.templates.len()];
        let mut used_fillers = vec![false; self.fillers.len()];
        let title = self.headline(rng, &mut used);
        let mut sentences = 1;
        let mut text = format!("{title}\n\n");
        let mut bytes = 0u64;
        let paragraphs = rng.range(4, 12);
        for p in 0..paragraphs {
            for s in 0..rng.range(3, 6) {
                if s > 0 {
                    text.push(' ');
                }
                sentences += 1;
                let filler = !self.fillers.is_empty()
                    && rng.below(4) == 0
                    && self.filler(rng, &mut used_fillers, &mut text);
                if !filler {
                    self.relation(rng, &mut used, &mut text);
                }
            }
            text.push_str(if p + 1 < paragraphs { "\n\n" } else { "\n" });
            out.write_all(text.as_bytes())
                .map_err(|e| Error::io(path, e))?;
            bytes += text.len() as u64;
            text.clear();
        }
        out.flush().map_err(|e| Error::io(path, e))?;
        Ok(Written {
            title,
            bytes,
            sentences,
        })
    }

    /// A short filled shape without its closing punctuation, so the cleaner reads it as a
    /// heading.
    fn headline(&self, rng: &mut SplitMix64, used: &mut [bool]) -> String {
        let strip = |s: &str| {
            s.trim_end_matches(|c: char| c.is_whitespace() || HEADLINE_END.contains(&c))
                .to_string()
        };
        let mut last = String::new();
        for _ in 0..16 {
            let t = rng.below(self.templates.len());
            let Some(template) = self.templates.get(t) else {
                break;
            };
            let mut s = String::new();
            self.fill(template, rng, &mut s);
            let s = strip(&s);
            if s.split_whitespace().count() <= HEADLINE_WORDS {
                if let Some(u) = used.get_mut(t) {
                    *u = true;
                }
                return s;
            }
            last = s;
        }
        let words: Vec<&str> = last.split_whitespace().take(HEADLINE_WORDS).collect();
        strip(&words.join(" "))
    }

    /// Appends a relation sentence, preferring a shape not yet used in the document.
    fn relation(&self, rng: &mut SplitMix64, used: &mut [bool], out: &mut String) {
        let mut t = rng.below(self.templates.len());
        for _ in 0..8 {
            if used.get(t) != Some(&true) {
                break;
            }
            t = rng.below(self.templates.len());
        }
        if let Some(u) = used.get_mut(t) {
            *u = true;
        }
        if let Some(template) = self.templates.get(t) {
            self.fill(template, rng, out);
        }
    }

    /// Appends a neutral sentence not yet used in the document, if one is drawn.
    fn filler(&self, rng: &mut SplitMix64, used: &mut [bool], out: &mut String) -> bool {
        for _ in 0..4 {
            let f = rng.below(self.fillers.len());
            if let (Some(slot), Some(text)) = (used.get_mut(f), self.fillers.get(f)) {
                if !*slot {
                    *slot = true;
                    out.push_str(text);
                    return true;
                }
            }
        }
        false
    }

    /// Appends a shape with its slots filled: a distinct actor for each of its actors where
    /// the candidates allow, each written in the form of its slot.
    fn fill(&self, template: &Template, rng: &mut SplitMix64, out: &mut String) {
        let start = out.len();
        let mut chosen: Vec<usize> = Vec::with_capacity(template.groups.len());
        for candidates in &template.groups {
            let mut actor = pick(candidates, &self.popularity, rng);
            for _ in 0..8 {
                if !chosen.contains(&actor) {
                    break;
                }
                actor = pick(candidates, &self.popularity, rng);
            }
            chosen.push(actor);
        }
        for piece in &template.pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot { group, kind } => {
                    let actor = chosen.get(*group).copied().unwrap_or(0);
                    let surface = self.surface(actor, *kind, rng);
                    if out.len() == start {
                        // "the French", "het Kremlin" opening a sentence.
                        push_capitalised(out, surface);
                    } else {
                        out.push_str(surface);
                    }
                }
            }
        }
    }

    /// A form of an actor: the common one three times in four, else any.
    fn surface(&self, actor: usize, kind: Kind, rng: &mut SplitMix64) -> &str {
        let Some(list) = self.forms.get(actor).map(|f| &f[kind.index()]) else {
            return "";
        };
        let k = if rng.below(4) == 0 {
            rng.below(list.len())
        } else {
            0
        };
        list.get(k).map_or("", String::as_str)
    }
}

/// Zipf-like weights, as in real news where a few actors carry most of the mentions: the
/// actor of rank `k` (from 0) is drawn in proportion to `1 / (k + 1)`. The ranks are a fixed,
/// arbitrary order (FNV-1a of the actor ids), the same for every language and seed, so a
/// state is as popular in the Dutch documents as in the English ones.
fn popularity(gazetteer: &Gazetteer) -> Vec<u64> {
    let fnv = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let mut order: Vec<(u64, &str, usize)> = gazetteer
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (fnv(&a.id), a.id.as_str(), i))
        .collect();
    order.sort_unstable();
    let mut weights = vec![0; gazetteer.actors.len()];
    for (rank, (_, _, i)) in order.into_iter().enumerate() {
        if let Some(w) = weights.get_mut(i) {
            *w = (1u64 << 32) / (rank as u64 + 1);
        }
    }
    weights
}

/// One of `list`, drawn in proportion to its `weights` (integers, so the same on every
/// platform).
fn pick(list: &[usize], weights: &[u64], rng: &mut SplitMix64) -> usize {
    let weight = |a: &usize| weights.get(*a).copied().unwrap_or(1).max(1);
    let total: u64 = list.iter().map(weight).sum();
    let mut at = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
    for a in list {
        let w = weight(a);
        if at < w {
            return *a;
        }
        at -= w;
    }
    list.last().copied().unwrap_or(0)
}

fn push_capitalised(out: &mut String, s: &str) {
    let mut chars = s.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Neutral sentences without any actor, so that the generated text, like real news, has
/// sentences the extractor can skip quickly.
fn fillers(language: &str) -> &'static [&'static str] {
    match language {
        "nl" => NL_FILLERS,
        "en" => EN_FILLERS,
        _ => &[],
    }
}

const NL_FILLERS: &[&str] = &[
    "Het weer blijft de komende dagen wisselvallig met af en toe een bui.",
    "De inflatie kwam vorige maand uit op ruim drie procent.",
    "De beurzen sloten de week licht hoger af.",
    "Volgens het weerbericht wordt het in het weekend droog en zonnig.",
    "De werkloosheid daalde in het derde kwartaal opnieuw.",
    "Op de snelwegen stonden vanochtend lange files.",
    "De thuisploeg won de wedstrijd met twee doelpunten verschil.",
    "Analisten verwachten dat de rente voorlopig niet verder stijgt.",
    "De prijzen van energie zijn de afgelopen maanden flink gedaald.",
    "Het museum trok dit jaar meer bezoekers dan ooit.",
    "De trainer sprak na afloop van een verdiende overwinning.",
    "In het noorden van het land viel de eerste sneeuw van het seizoen.",
    "Het aantal faillissementen nam in het voorjaar toe.",
    "De supermarkten verhogen de prijzen van brood en melk.",
    "Het festival trok ondanks de regen tienduizenden bezoekers.",
    "De huizenprijzen stegen het afgelopen jaar met bijna vijf procent.",
    "Het kabinet presenteert volgende week de plannen voor het onderwijs.",
    "De treinen rijden door een storing vandaag minder vaak.",
];

const EN_FILLERS: &[&str] = &[
    "The weather will stay unsettled for the rest of the week.",
    "Inflation rose to just over three percent last month.",
    "Stock markets closed the week slightly higher.",
    "Forecasters expect a dry and sunny weekend.",
    "Unemployment fell again in the third quarter.",
    "Traffic jams stretched for miles on the motorways this morning.",
    "The home side won the match by two goals.",
    "Analysts expect interest rates to stay on hold for now.",
    "Energy prices have fallen sharply in recent months.",
    "The museum drew more visitors this year than ever before.",
    "The coach praised his players after a hard-earned victory.",
    "The first snow of the season fell in the north of the country.",
    "The number of bankruptcies rose in the spring.",
    "Supermarkets are raising the price of bread and milk.",
    "The festival drew tens of thousands of visitors despite the rain.",
    "House prices rose by almost five percent over the past year.",
    "The council will present its plans for local schools next week.",
    "Trains are running less often today because of a signal fault.",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::shipped_engine as engine;

    /// A path under the temp directory that does not exist yet.
    fn fresh(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("actorgraph-generate-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_few_actors_are_drawn_most_of_the_time() {
        let gazetteer = &engine().gazetteer;
        let weights = popularity(gazetteer);
        let all: Vec<usize> = (0..gazetteer.actors.len()).collect();
        let mut rng = SplitMix64::new(7);
        let mut drawn = vec![0usize; all.len()];
        let draws = 20_000;
        for _ in 0..draws {
            drawn[pick(&all, &weights, &mut rng)] += 1;
        }
        drawn.sort_unstable_by(|a, b| b.cmp(a));
        let top: usize = drawn.iter().take(all.len() / 20).sum();
        // Drawn uniformly, the top 5% of the actors would get about 5% of the draws.
        assert!(
            top * 2 > draws,
            "the top 5% of {} actors got {top} of {draws} draws",
            all.len()
        );
        assert!(drawn.iter().filter(|&&n| n > 0).count() > all.len() / 4);
    }

    fn both() -> Vec<String> {
        vec!["nl".to_string(), "en".to_string()]
    }

    /// Every file of a directory with its bytes, by name.
    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .expect("read generated dir")
            .map(|e| {
                let path = e.expect("dir entry").path();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, std::fs::read(&path).expect("read generated file"))
            })
            .collect();
        out.sort();
        out
    }

    /// The number and language in "gen-nl-000003.txt".
    fn parse_name(name: &str) -> (usize, String) {
        let stem = name.strip_suffix(".txt").expect("a .txt file");
        let mut parts = stem.splitn(3, '-');
        assert_eq!(parts.next(), Some("gen"), "{name}");
        let lang = parts.next().expect("language part").to_string();
        let n = parts.next().expect("number part").parse().expect("number");
        (n, lang)
    }

    #[test]
    fn the_same_seed_writes_the_same_bytes() {
        let (a, b) = (fresh("same-a"), fresh("same-b"));
        let ga = generate(engine(), &a, 30_000, 7, &both()).expect("generate a");
        let gb = generate(engine(), &b, 30_000, 7, &both()).expect("generate b");
        assert_eq!(ga, gb);
        assert_eq!(files(&a), files(&b));
        std::fs::remove_dir_all(&a).ok();
        std::fs::remove_dir_all(&b).ok();
    }

    #[test]
    fn different_seeds_write_different_text() {
        let (a, b) = (fresh("seed-a"), fresh("seed-b"));
        generate(engine(), &a, 20_000, 1, &both()).expect("generate a");
        generate(engine(), &b, 20_000, 2, &both()).expect("generate b");
        let text = |dir: &Path| -> Vec<u8> {
            files(dir)
                .into_iter()
                .filter(|(n, _)| n.ends_with(".txt"))
                .flat_map(|(_, b)| b)
                .collect()
        };
        assert_ne!(text(&a), text(&b));
        std::fs::remove_dir_all(&a).ok();
        std::fs::remove_dir_all(&b).ok();
    }

    #[test]
    fn the_size_is_reached_by_at_most_one_document_and_the_manifest_describes_every_file() {
        let dir = fresh("size");
        let asked = 40_000;
        let g = generate(engine(), &dir, asked, 3, &both()).expect("generate");
        let texts: Vec<(String, Vec<u8>)> = files(&dir)
            .into_iter()
            .filter(|(n, _)| n.ends_with(".txt"))
            .collect();
        assert_eq!(texts.len(), g.documents);
        let total: u64 = texts.iter().map(|(_, b)| b.len() as u64).sum();
        assert_eq!(total, g.bytes);
        assert!(total >= asked, "{total} < {asked}");
        let (_, last) = texts
            .iter()
            .max_by_key(|(n, _)| parse_name(n).0)
            .expect("some document");
        assert!(
            total - (last.len() as u64) < asked,
            "more than one document past the size"
        );
        assert!(g.sentences > g.documents * 12, "{g:?}");

        let corpus = crate::Corpus::load(std::slice::from_ref(&dir)).expect("the corpus loads");
        assert!(corpus.errors.is_empty(), "{:?}", corpus.errors);
        assert_eq!(corpus.documents.len(), g.documents);
        let mut languages = std::collections::BTreeSet::new();
        for doc in &corpus.documents {
            let name = doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let (_, lang) = parse_name(&name);
            assert_eq!(doc.meta.language.as_deref(), Some(lang.as_str()), "{name}");
            assert_eq!(
                engine()
                    .detect_language(&doc.raw)
                    .map(|r| r.language.as_str()),
                Some(lang.as_str()),
                "{name} reads as another language"
            );
            assert_eq!(doc.meta.file, name);
            let date = doc.meta.date.as_deref().expect("a date");
            assert!(
                crate::gazetteer::is_partial_date(date)
                    && date.len() == 10
                    && ("2019-01-01"..="2025-12-31").contains(&date),
                "{date}"
            );
            let title = doc.meta.title.as_deref().expect("a title");
            let first_line = doc.raw.lines().next().expect("a first line");
            assert_eq!(title, first_line);
            assert!(!first_line.ends_with(HEADLINE_END), "{first_line}");
            assert!(first_line.split_whitespace().count() <= HEADLINE_WORDS);
            languages.insert(lang);
        }
        assert_eq!(languages.len(), 2, "both languages drawn: {languages:?}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn generated_text_carries_relations() {
        let dir = fresh("relations");
        let g = generate(engine(), &dir, 15_000, 11, &both()).expect("generate");
        let corpus = crate::Corpus::load(std::slice::from_ref(&dir)).expect("the corpus loads");
        let mut mentions = 0;
        for doc in &corpus.documents {
            mentions += engine()
                .extract_document(doc, &crate::Language::Auto)
                .expect("extracts")
                .len();
        }
        assert!(
            mentions >= g.documents * 3,
            "{mentions} relation mentions in {g:?}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn shapes_have_slots_and_fillers_name_no_actor() {
        for rules in &engine().rule_sets {
            let model = Model::new(&engine().gazetteer, rules).expect("model");
            assert!(
                model.templates.len() > 50,
                "{}: {}",
                rules.language,
                model.templates.len()
            );
            assert!(model
                .templates
                .iter()
                .all(|t| t.groups.iter().all(|g| !g.is_empty())));
            let index = SurfaceIndex::new(&model.forms);
            for f in model.fillers {
                assert!(index.mentions(f).is_empty(), "{f}");
            }
        }
    }

    #[test]
    fn a_slot_keeps_type_and_form() {
        let g = &engine().gazetteer;
        let forms = actor_forms(g, "nl");
        let index = SurfaceIndex::new(&forms);
        let t =
            template("De Russische steun aan Armenië blijft.", &index, &forms, g).expect("a shape");
        let slots: Vec<Kind> = t
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Slot { kind, .. } => Some(*kind),
                Piece::Text(_) => None,
            })
            .collect();
        assert_eq!(slots, vec![Kind::Inflected, Kind::Name]);
        assert!(t
            .groups
            .iter()
            .flatten()
            .all(|&a| g.actors[a].kind == ActorType::State));
        // An English genitive in Dutch text is left as written, not cut to its name.
        assert!(index.mentions("Iran's steun.").is_empty());
    }

    #[test]
    fn a_non_empty_directory_and_an_unknown_language_are_refused() {
        let dir = fresh("refuse");
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("keep.txt"), "mine").expect("write");
        match generate(engine(), &dir, 1000, 1, &both()) {
            Err(Error::Usage(m)) => {
                assert!(
                    m.contains(&dir.display().to_string()) && m.contains("not empty"),
                    "{m}"
                )
            }
            other => panic!("expected a usage error, got {other:?}"),
        }
        let empty = fresh("unknown-language");
        match generate(engine(), &empty, 1000, 1, &["xx".to_string()]) {
            Err(Error::Usage(m)) => assert!(m.contains("'xx'"), "{m}"),
            other => panic!("expected a usage error, got {other:?}"),
        }
        assert!(!empty.exists(), "nothing is created for a bad language");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn the_generator_is_platform_independent() {
        // Pinned SplitMix64 outputs for seed 0 (from the reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        let mut rng = SplitMix64::new(5);
        assert!((0..1000).all(|_| rng.below(7) < 7));
        assert_eq!(toml_string("a \"b\" \\ c"), "\"a \\\"b\\\" \\\\ c\"");
    }
}
