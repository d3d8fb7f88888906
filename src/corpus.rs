//! Stage 1, corpus: finds documents (files, directories with or without a manifest, stdin),
//! reads their metadata and cleans their text into blocks whose every offset maps back to the
//! original file. Entry points: [`Corpus::load`] and [`Cleaner::clean`].

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use crate::error::{toml_error, Error, Result};

/// What is known about a document.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DocMeta {
    pub id: String,
    #[serde(default)]
    pub file: String,
    pub title: Option<String>,
    pub language: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub date_precision: Option<String>,
    pub date_basis: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    #[serde(default)]
    document: Vec<DocMeta>,
}

/// A document: its metadata, where it came from, and its original text.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: DocMeta,
    /// The path as given (or "-" for standard input).
    pub path: PathBuf,
    /// The original text, exactly as decoded from the file.
    pub raw: String,
}

/// A span of the original text that went into a block.
#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    raw_start: usize,
    len: usize,
}

/// A paragraph or heading of cleaned text, with the way back to the original offsets.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    pub heading: bool,
    pieces: Vec<Piece>,
}

impl Block {
    /// Maps a byte offset of the block text to a byte offset of the original file.
    pub fn to_raw(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|p| p.text_start <= offset)
            .saturating_sub(1);
        let p = self.pieces[i];
        p.raw_start + (offset.saturating_sub(p.text_start)).min(p.len)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CleanFile {
    leading_metadata: String,
    #[serde(default)]
    drop_line: Vec<NamedPattern>,
    #[serde(default)]
    drop_paragraph: Vec<NamedPattern>,
    pull_quote: PullQuote,
    heading: Heading,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamedPattern {
    id: String,
    pattern: toml::Spanned<String>,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct PullQuote {
    shared_chars: usize,
    max_len: usize,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct Heading {
    max_words: usize,
}

/// The cleaning rules of `ontology/corpus.toml`, compiled.
#[derive(Debug)]
pub struct Cleaner {
    leading_metadata: Regex,
    drop_line: Vec<Regex>,
    drop_paragraph: Vec<Regex>,
    pull_quote: PullQuote,
    heading: Heading,
}

impl Cleaner {
    /// Reads and compiles the cleaning rules.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file: CleanFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, e))?;
        let compile = |p: &NamedPattern| {
            Regex::new(p.pattern.get_ref()).map_err(|e| {
                Error::data(
                    path,
                    crate::error::line_of(&text, p.pattern.span().start),
                    format!("pattern '{}' does not compile: {e}", p.id),
                )
            })
        };
        Ok(Cleaner {
            leading_metadata: Regex::new(&file.leading_metadata).map_err(|e| {
                Error::data(path, 1, format!("leading_metadata does not compile: {e}"))
            })?,
            drop_line: file.drop_line.iter().map(compile).collect::<Result<_>>()?,
            drop_paragraph: file
                .drop_paragraph
                .iter()
                .map(compile)
                .collect::<Result<_>>()?,
            pull_quote: file.pull_quote,
            heading: file.heading,
        })
    }

    /// Cleans a document's text into blocks (paragraphs and headings).
    pub fn clean(&self, raw: &str) -> Vec<Block> {
        let skip = self.leading_metadata.find(raw).map_or(0, |m| m.end());
        // Paragraphs as lists of (start, end) raw line ranges, trimmed.
        let mut paragraphs: Vec<Vec<(usize, usize)>> = vec![Vec::new()];
        let mut line_start = 0;
        for line in raw.split_inclusive('\n') {
            let start = line_start.max(skip);
            line_start += line.len();
            let end = line_start;
            if start >= end {
                continue;
            }
            let content = &raw[start..end];
            let trimmed = content.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            if trimmed.is_empty() {
                if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                    paragraphs.push(Vec::new());
                }
                continue;
            }
            if self.drop_line.iter().any(|r| r.is_match(trimmed)) {
                continue;
            }
            // `trimmed` is a slice of `content`: its offset is where it starts.
            let lead = trimmed.as_ptr() as usize - content.as_ptr() as usize;
            let s = start + lead;
            if let Some(p) = paragraphs.last_mut() {
                p.push((s, s + trimmed.len()));
            }
        }
        let mut blocks: Vec<Block> = paragraphs
            .into_iter()
            .filter(|p| !p.is_empty())
            .map(|lines| join_lines(raw, &lines))
            .filter(|b| !self.drop_paragraph.iter().any(|r| r.is_match(&b.text)))
            .collect();
        self.drop_pull_quotes(&mut blocks);
        for b in &mut blocks {
            let ends_sentence = b
                .text
                .trim_end()
                .ends_with(['.', '!', '?', '…', ':', ';', '\'', '’', '”', '"', ')']);
            b.heading =
                !ends_sentence && b.text.split_whitespace().count() <= self.heading.max_words;
        }
        blocks
    }

    /// Drops short blocks that share a run of `shared_chars` normalised characters with a
    /// longer block: pull-quotes repeat the article.
    ///
    /// Work grows with the length of the text, not with the square of the number of
    /// paragraphs, and does not hash every window in full: a shared run of `n` characters
    /// contains a whole `m`-character window that starts at a multiple of `stride` in the
    /// short block (`m + stride - 1 <= n`). Only those sampled windows of the short blocks
    /// are indexed; every window of every block is looked up with a rolling hash, and a hit is
    /// checked character by character and extended to its full shared run.
    fn drop_pull_quotes(&self, blocks: &mut Vec<Block>) {
        let n = self.pull_quote.shared_chars;
        let candidates: Vec<usize> = (0..blocks.len())
            .filter(|&i| blocks[i].text.len() <= self.pull_quote.max_len)
            .collect();
        if candidates.is_empty() || n == 0 || blocks.len() < 2 {
            return;
        }
        // The candidates' texts first: when none is long enough, the rest is not needed.
        let mut norm: Vec<Vec<char>> = vec![Vec::new(); blocks.len()];
        for &i in &candidates {
            norm[i] = normalize_for_overlap_chars(&blocks[i].text);
        }
        let stride = (n / 2).max(1);
        let m = n + 1 - stride;
        // Sampled window hash → (candidate, start).
        let sampled: usize = candidates
            .iter()
            .map(|&i| norm[i].len())
            .filter(|&len| len >= n)
            .map(|len| (len - m) / stride + 1)
            .sum();
        // Sampled window hash → the last of its windows in `windows`, each of which holds
        // (candidate, start, the window before with the same hash): one allocation for all
        // of them, not one per hash.
        let mut owners: HashMap<u64, usize> =
            HashMap::with_capacity_and_hasher(sampled, Default::default());
        let mut windows: Vec<(usize, usize, Option<usize>)> = Vec::with_capacity(sampled);
        // A bit per hash (low bits) of `owners`: most windows miss, and miss here cheaply.
        let mut seen = vec![0u64; OWNER_FILTER_BITS / 64];
        let bit = |h: u64| (h as usize) & (OWNER_FILTER_BITS - 1);
        for &i in &candidates {
            let text = &norm[i];
            if text.len() < n {
                continue;
            }
            // Only every `stride`-th window is indexed: each is hashed on its own, which
            // costs less than rolling through all the windows in between.
            for start in (0..=text.len() - m).step_by(stride) {
                let h = RollingWindows::hash(&text[start..start + m]);
                let before = owners.insert(h, windows.len());
                windows.push((i, start, before));
                seen[bit(h) / 64] |= 1 << (bit(h) % 64);
            }
        }
        if owners.is_empty() {
            return;
        }
        for (i, b) in blocks.iter().enumerate() {
            if b.text.len() > self.pull_quote.max_len {
                norm[i] = normalize_for_overlap_chars(&b.text);
            }
        }
        // Only a block longer than the shortest indexed candidate can hold one of its runs.
        let shortest = windows
            .iter()
            .map(|&(i, _, _)| norm[i].len())
            .min()
            .unwrap_or(0);
        let mut drop = HashSet::default();
        for (j, long) in norm.iter().enumerate() {
            if long.len() <= shortest {
                continue;
            }
            for (q, h) in RollingWindows::new(long, m) {
                if seen[bit(h) / 64] & (1 << (bit(h) % 64)) == 0 {
                    continue;
                }
                let mut next = owners.get(&h).copied();
                while let Some(w) = next {
                    let (i, p, before) = windows[w];
                    next = before;
                    if i == j || long.len() <= norm[i].len() || drop.contains(&i) {
                        continue;
                    }
                    let short = &norm[i];
                    if short[p..p + m] != long[q..q + m] {
                        continue;
                    }
                    let left = (1..=p.min(q))
                        .take_while(|&k| short[p - k] == long[q - k])
                        .count();
                    let right = (0..)
                        .take_while(|&k| {
                            p + m + k < short.len()
                                && q + m + k < long.len()
                                && short[p + m + k] == long[q + m + k]
                        })
                        .count();
                    if left + m + right >= n {
                        drop.insert(i);
                    }
                }
            }
        }
        let mut k = 0;
        blocks.retain(|_| {
            k += 1;
            !drop.contains(&(k - 1))
        });
    }
}

/// The polynomial hashes of every `m`-character window of a text, with their start, in one
/// pass (Rabin–Karp, arithmetic modulo 2^64).
struct RollingWindows<'a> {
    text: &'a [char],
    m: usize,
    next: usize,
    hash: u64,
    /// BASE^(m-1), to take the leaving character out.
    top: u64,
}

impl<'a> RollingWindows<'a> {
    const BASE: u64 = 0x100_0000_01b3;

    fn new(text: &'a [char], m: usize) -> Self {
        let top = (1..m).fold(1u64, |t, _| t.wrapping_mul(Self::BASE));
        let hash = Self::hash(&text[..m.min(text.len())]);
        RollingWindows {
            text,
            m,
            next: 0,
            hash,
            top,
        }
    }

    /// The hash of one window, the same as the one rolled to.
    fn hash(window: &[char]) -> u64 {
        window.iter().fold(0u64, |h, &c| {
            h.wrapping_mul(Self::BASE).wrapping_add(c as u64)
        })
    }
}

impl Iterator for RollingWindows<'_> {
    type Item = (usize, u64);

    fn next(&mut self) -> Option<(usize, u64)> {
        let start = self.next;
        if self.m == 0 || start + self.m > self.text.len() {
            return None;
        }
        let h = self.hash;
        if let Some(&incoming) = self.text.get(start + self.m) {
            let outgoing = self.text[start] as u64;
            self.hash = h
                .wrapping_sub(outgoing.wrapping_mul(self.top))
                .wrapping_mul(Self::BASE)
                .wrapping_add(incoming as u64);
        }
        self.next += 1;
        Some((start, h))
    }
}

/// Bits of the filter in front of the sampled windows of [`Cleaner::drop_pull_quotes`].
const OWNER_FILTER_BITS: usize = 1 << 16;

/// What [`normalize_for_overlap_chars`] makes of an ASCII character.
#[derive(Clone, Copy)]
enum Overlap {
    Dropped,
    Space,
    Kept(char),
}

/// [`Overlap`] of each ASCII character: white space as `char::is_whitespace` (with the
/// vertical tab, unlike `u8::is_ascii_whitespace`), letters and digits lower-cased.
const OVERLAP_ASCII: [Overlap; 128] = {
    let mut table = [Overlap::Dropped; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(c, b' ' | b'\t'..=b'\r') {
            Overlap::Space
        } else if c.is_ascii_alphanumeric() {
            Overlap::Kept(c.to_ascii_lowercase() as char)
        } else {
            Overlap::Dropped
        };
        b += 1;
    }
    table
};

/// One pass: letters and digits lower-cased, each run of whitespace one space, none at
/// either end; everything else dropped.
fn normalize_for_overlap_chars(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    // Byte by byte where the text is ASCII (most of it), without decoding characters.
    while let Some(&b) = bytes.get(i) {
        if !b.is_ascii() {
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            if c.is_whitespace() {
                space = !out.is_empty();
            } else if c.is_alphanumeric() {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.extend(c.to_lowercase());
            }
            continue;
        }
        i += 1;
        match OVERLAP_ASCII[usize::from(b)] {
            Overlap::Dropped => {}
            Overlap::Space => space = !out.is_empty(),
            Overlap::Kept(c) => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// [`normalize_for_overlap_chars`] as first written, character by character: what the fast
/// version must agree with.
#[cfg(test)]
fn normalize_for_overlap_chars_plain(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if c.is_alphanumeric() {
            if space {
                out.push(' ');
                space = false;
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    out
}

#[cfg(test)]
fn normalize_for_overlap(text: &str) -> String {
    normalize_for_overlap_chars(text).into_iter().collect()
}

/// Joins the lines of a paragraph with single spaces; a word broken with a hyphen at the end
/// of a line is joined without the hyphen.
fn join_lines(raw: &str, lines: &[(usize, usize)]) -> Block {
    let mut text = String::new();
    let mut pieces = Vec::new();
    for (k, &(s, e)) in lines.iter().enumerate() {
        let mut e = e;
        let next_lower = lines
            .get(k + 1)
            .and_then(|&(ns, _)| raw[ns..].chars().next())
            .is_some_and(char::is_lowercase);
        let line = &raw[s..e];
        let hyphen_break = next_lower
            && line.ends_with('-')
            && line[..line.len() - 1]
                .chars()
                .last()
                .is_some_and(char::is_alphabetic);
        if hyphen_break {
            e -= 1;
        }
        pieces.push(Piece {
            text_start: text.len(),
            raw_start: s,
            len: e - s,
        });
        text.push_str(&raw[s..e]);
        if k + 1 < lines.len() && !hyphen_break {
            text.push(' ');
        }
    }
    Block {
        text,
        heading: false,
        pieces,
    }
}

/// A set of documents to process, in a stable order.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Documents that could not be read; the run goes on without them.
    pub errors: Vec<Error>,
    /// The ids of those documents: a build keeps what it stored for them.
    pub unreadable: Vec<String>,
    /// What the loader did that a user should know but that is no error (a file decoded
    /// from Windows-1252), each naming its file.
    pub notices: Vec<String>,
}

/// A document found in the corpus paths and not read yet: what a build or an extraction
/// needs to go through a corpus batch by batch without holding it in memory.
#[derive(Debug, Clone)]
pub struct Source {
    pub meta: DocMeta,
    pub path: PathBuf,
    /// The size of the file (for progress and batching; the file may change before it is
    /// read).
    pub bytes: u64,
    /// The text when it cannot be read again later (standard input).
    text: Option<String>,
}

impl Source {
    /// Reads the document: its text, or the error that names its file; and a notice when
    /// it was not UTF-8.
    pub fn read(&self) -> std::result::Result<(Document, Option<String>), Error> {
        if let Some(raw) = &self.text {
            let doc = Document {
                meta: self.meta.clone(),
                path: self.path.clone(),
                raw: raw.clone(),
            };
            return Ok((doc, None));
        }
        let path = &self.path;
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let (raw, encoding) = decode(bytes).map_err(|message| Error::Document {
            path: path.clone(),
            message,
        })?;
        let notice = encoding.map(|enc| {
            format!(
                "{}: not UTF-8; decoded as {enc} (offsets count the characters of the decoded text{})",
                path.display(),
                if enc == "Windows-1252" { ", one per byte" } else { ", after the byte-order mark" }
            )
        });
        let doc = Document {
            meta: self.meta.clone(),
            path: path.clone(),
            raw,
        };
        Ok((doc, notice))
    }

    /// Whether the document falls in shard `index` of `count` (1-based), decided by its id
    /// alone, so that every run and every machine splits a corpus the same way.
    pub fn in_shard(&self, shard: Shard) -> bool {
        shard.holds(&self.meta.id)
    }
}

/// One of `count` parts of a corpus, 1-based: `--shard 2/4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Whether the document with this id belongs to the shard: FNV-1a of the id, modulo the
    /// number of shards (stable across versions and platforms, unlike the std hasher).
    pub fn holds(self, id: &str) -> bool {
        let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        hash % u64::from(self.count) == u64::from(self.index - 1)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("'{s}' is not a shard: write INDEX/COUNT, such as 1/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u32 = i.trim().parse().map_err(|_| bad())?;
        let count: u32 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard '{s}': INDEX must be between 1 and COUNT ({count})"
            ));
        }
        Ok(Shard { index, count })
    }
}

impl Corpus {
    /// Loads files, directories (recursively, `.txt` files; a `manifest.toml` in a directory
    /// supplies metadata) and `-` for standard input.
    pub fn load(paths: &[PathBuf]) -> Result<Corpus> {
        Ok(Corpus::read(&Corpus::scan(paths)?))
    }

    /// Finds the documents of files, directories and `-` (read at once: standard input
    /// cannot be read twice), in a stable order, without reading the files.
    pub fn scan(paths: &[PathBuf]) -> Result<Vec<Source>> {
        let mut out = Vec::new();
        for path in paths {
            if path.as_os_str() == "-" {
                let mut raw = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut raw)
                    .map_err(|e| Error::io("-", e))?;
                out.push(Source {
                    meta: DocMeta {
                        id: "stdin".into(),
                        ..Default::default()
                    },
                    path: path.clone(),
                    bytes: raw.len() as u64,
                    text: Some(raw),
                });
            } else if path.is_dir() {
                let manifest = read_manifest(path)?;
                let mut files = Vec::new();
                collect_txt(path, &mut files).map_err(|e| Error::io(path, e))?;
                files.sort();
                out.extend(
                    files
                        .into_iter()
                        .map(|(f, bytes)| source(f, bytes, &manifest)),
                );
            } else if path.is_file() {
                let manifest = match path.parent() {
                    Some(dir) => read_manifest(dir)?,
                    None => BTreeMap::new(),
                };
                let bytes = std::fs::metadata(path).map_or(0, |m| m.len());
                out.push(source(path.clone(), bytes, &manifest));
            } else {
                return Err(Error::Usage(format!(
                    "'{}' is neither a file nor a directory",
                    path.display()
                )));
            }
        }
        Ok(out)
    }

    /// Reads documents in parallel (rayon), keeping their order; a document that cannot be
    /// read becomes an error naming its file, and the others are read.
    pub fn read(sources: &[Source]) -> Corpus {
        use rayon::prelude::*;
        let read: Vec<_> = sources.par_iter().map(Source::read).collect();
        let mut corpus = Corpus::default();
        for (src, r) in sources.iter().zip(read) {
            match r {
                Ok((doc, notice)) => {
                    corpus.notices.extend(notice);
                    corpus.documents.push(doc);
                }
                Err(e) => {
                    corpus.errors.push(e);
                    corpus.unreadable.push(src.meta.id.clone());
                }
            }
        }
        corpus
    }
}

/// The source of a file: its manifest entry, or an id from its file name.
fn source(path: PathBuf, bytes: u64, manifest: &BTreeMap<String, DocMeta>) -> Source {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = manifest.get(&name).cloned().unwrap_or_else(|| DocMeta {
        id: path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file: name,
        ..Default::default()
    });
    Source {
        meta,
        path,
        bytes,
        text: None,
    }
}

/// Turns a file's bytes into text: UTF-8 (a byte-order mark stays in the text, so offsets
/// match what other tools count, and the cleaner ignores it); else Windows-1252, the encoding
/// of most older Western news exports and a superset of Latin-1's printable characters,
/// returned with its name; UTF-16 when it starts with its byte-order mark. Refused with a message: binary files (NUL or many control bytes),
/// empty files, and invalid UTF-8 that cannot be Windows-1252 — bytes that encoding leaves
/// undefined, or valid UTF-8 multi-byte characters elsewhere in the file (a damaged UTF-8 file,
/// which Windows-1252 would turn into mojibake).
pub fn decode(bytes: Vec<u8>) -> std::result::Result<(String, Option<&'static str>), String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file (no text); skipped".into());
    }
    // UTF-16 with its byte-order mark, as Windows saves "Unicode" text.
    for (bom, encoding, name) in [
        (&[0xff, 0xfe], encoding_rs::UTF_16LE, "UTF-16LE"),
        (&[0xfe, 0xff], encoding_rs::UTF_16BE, "UTF-16BE"),
    ] {
        if bytes.starts_with(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
            if had_errors {
                return Err(format!("starts like {name} but is not; skipped"));
            }
            return Ok((text.into_owned(), Some(name)));
        }
    }
    let controls = bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if bytes.contains(&0) || controls * 20 > bytes.len() {
        return Err("binary file, not text; skipped".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let has_utf8 = bytes
                .utf8_chunks()
                .any(|c| c.valid().chars().any(|ch| ch.len_utf8() > 1));
            let undefined = bytes
                .iter()
                .any(|b| matches!(b, 0x81 | 0x8d | 0x8f | 0x90 | 0x9d));
            if has_utf8 || undefined {
                return Err(format!(
                    "not valid UTF-8 at byte {at}, and not Windows-1252 or Latin-1 text either; skipped"
                ));
            }
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
            Ok((text.into_owned(), Some("Windows-1252")))
        }
    }
}

/// The `.txt` files under `dir`, with their sizes (0 when unknown).
///
/// The directory entries tell what they are and their sizes without a look-up of the whole
/// path each (a large corpus has many thousand files); only a symbolic link is followed by
/// path.
fn collect_txt(dir: &Path, out: &mut Vec<(PathBuf, u64)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let linked = entry.file_type().map_or(true, |t| t.is_symlink());
        let metadata = if linked {
            std::fs::metadata(&path)
        } else {
            entry.metadata()
        };
        if metadata.as_ref().is_ok_and(|m| m.is_dir()) {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push((path, metadata.map_or(0, |m| m.len())));
        }
    }
    Ok(())
}

/// Reads `manifest.toml` in `dir`, if there is one, keyed by file name.
fn read_manifest(dir: &Path) -> Result<BTreeMap<String, DocMeta>> {
    let path = dir.join("manifest.toml");
    if !path.is_file() {
        return Ok(BTreeMap::new());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest = match plain_manifest(&text) {
        Some(document) => Manifest { document },
        None => toml::from_str(&text).map_err(|e| toml_error(&path, &text, e))?,
    };
    let mut ids = HashSet::default();
    let mut out = BTreeMap::new();
    for doc in manifest.document {
        if !ids.insert(doc.id.clone()) {
            let line = text
                .find(&format!("\"{}\"", doc.id))
                .map_or(1, |o| crate::error::line_of(&text, o));
            return Err(Error::data(
                &path,
                line,
                format!("duplicate document id '{}'", doc.id),
            ));
        }
        out.insert(doc.file.clone(), doc);
    }
    Ok(out)
}

/// The keys of a manifest's document ([`DocMeta`]'s fields), the id first.
const MANIFEST_KEYS: [&str; 9] = [
    "id",
    "file",
    "title",
    "language",
    "outlet",
    "author",
    "date",
    "date_precision",
    "date_basis",
];

/// The documents of a manifest written the plain way (as `actorgraph generate` and the
/// shipped corpus write it): comment lines, blank lines, `[[document]]` headers and
/// `key = "value"` lines of known keys, each document with an id and no key twice, and
/// values without escapes or control characters. The manifest of a large corpus is long:
/// the TOML parser took about 4% of the time of extracting the generated 30 MB corpus.
/// Anything else (any other TOML, any mistake) is `None`, and left to the TOML parser,
/// which reads it or tells what is wrong.
fn plain_manifest(text: &str) -> Option<Vec<DocMeta>> {
    // The control characters TOML refuses in comments and strings.
    let control = |c: char| (c < ' ' && c != '\t') || c == '\u{7f}';
    // A basic string's content without escapes.
    let plain = |s: &str| !s.chars().any(|c| control(c) || c == '"' || c == '\\');
    let mut documents: Vec<DocMeta> = Vec::new();
    // The keys the last document has, as bits (the first: the id).
    let mut keys = 1u16;
    for line in text.split('\n') {
        if line.bytes().all(|b| b == b' ' || b == b'\t') {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if comment.chars().any(control) {
                return None;
            }
            continue;
        }
        if line == "[[document]]" {
            if keys & 1 == 0 {
                return None;
            }
            documents.push(DocMeta::default());
            keys = 0;
            continue;
        }
        let doc = documents.last_mut()?;
        let (key, value) = line.split_once(" = \"")?;
        let value = value.strip_suffix('"').filter(|v| plain(v))?.to_string();
        let bit = MANIFEST_KEYS.iter().position(|&k| k == key)?;
        if keys & (1 << bit) != 0 {
            return None;
        }
        keys |= 1 << bit;
        match key {
            "id" => doc.id = value,
            "file" => doc.file = value,
            "title" => doc.title = Some(value),
            "language" => doc.language = Some(value),
            "outlet" => doc.outlet = Some(value),
            "author" => doc.author = Some(value),
            "date" => doc.date = Some(value),
            "date_precision" => doc.date_precision = Some(value),
            _ => doc.date_basis = Some(value),
        }
    }
    (keys & 1 != 0).then_some(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_manifest_reads_as_the_toml_parser_reads_it() {
        let text = "# A corpus.\n#\n\n[[document]]\nid = \"a-1\"\nfile = \"a.txt\"\ntitle = \"Rusland steunt Armenië\"\nlanguage = \"nl\"\noutlet = \"x\"\nauthor = \"y\"\ndate = \"2024-01-02\"\ndate_precision = \"day\"\ndate_basis = \"the\ttext\"\n  \n[[document]]\nid = \"b\"\n";
        let toml: Manifest = toml::from_str(text).expect("valid TOML");
        assert_eq!(plain_manifest(text), Some(toml.document));
        assert_eq!(plain_manifest(""), Some(Vec::new()));
        let shipped = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/manifest.toml"),
        )
        .expect("shipped manifest");
        let toml: Manifest = toml::from_str(&shipped).expect("valid TOML");
        assert_eq!(plain_manifest(&shipped), Some(toml.document));
        // Other TOML, and mistakes, are the TOML parser's.
        for other in [
            "[[document]]\nid = \"a\\\"b\"\n",
            "[[document]]\nid = 'a'\n",
            "[[document]]\nid = \"a\" # comment\n",
            "[[document]]\nid=\"a\"\n",
            "[[document]]\r\nid = \"a\"\r\n",
            "[[document]]\nfile = \"a.txt\"\n",
            "[[document]]\nid = \"a\"\nid = \"b\"\n",
            "[[document]]\nid = \"a\"\nsource = \"b\"\n",
            "id = \"a\"\n",
            "[[document]]\n[[document]]\nid = \"a\"\n",
            "[document]\nid = \"a\"\n",
            "# bell \u{7}\n",
        ] {
            assert_eq!(plain_manifest(other), None, "{other:?}");
        }
    }

    fn cleaner() -> Cleaner {
        Cleaner::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/corpus.toml"))
            .expect("shipped cleaning rules load")
    }

    #[test]
    fn hard_line_breaks_are_joined_and_offsets_map_back() {
        let raw = "Op de morgen startte Azerbeidzjan met de \nbeschietingen van de regio. \n \nVolgende alinea.";
        let blocks = cleaner().clean(raw);
        assert_eq!(blocks.len(), 2);
        let b = &blocks[0];
        assert_eq!(
            b.text,
            "Op de morgen startte Azerbeidzjan met de beschietingen van de regio."
        );
        let s = b.text.find("beschietingen").expect("word present");
        let r = b.to_raw(s);
        assert_eq!(&raw[r..r + "beschietingen".len()], "beschietingen");
    }

    #[test]
    fn prompts_links_captions_and_pull_quotes_are_dropped() {
        let raw = "Eerste alinea over het conflict dat al lang duurt en steeds heviger wordt, zegt men.\n\n(Lees verder onder de preview)\n\n<https://example.org/x>\n\nEen vrouw loopt door de straat. Foto Jan Jansen/ AFP\n\nheviger wordt, zegt men. Jan\n\nTussenkop\n\nLaatste alinea.";
        let blocks = cleaner().clean(raw);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts[0],
            "Eerste alinea over het conflict dat al lang duurt en steeds heviger wordt, zegt men."
        );
        assert!(!texts
            .iter()
            .any(|t| t.contains("Lees verder") || t.contains("https") || t.contains("Foto")));
        assert!(texts.contains(&"Tussenkop") && blocks.iter().any(|b| b.heading));
        assert_eq!(texts.last(), Some(&"Laatste alinea."));
    }

    #[test]
    fn a_pull_quote_is_found_wherever_its_shared_run_starts() {
        // The longest run two texts share, the slow obvious way.
        fn longest_common_run(a: &str, b: &str) -> usize {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let mut best = 0;
            let mut prev = vec![0; b.len() + 1];
            for x in &a {
                let mut row = vec![0; b.len() + 1];
                for (k, y) in b.iter().enumerate() {
                    if x == y {
                        row[k + 1] = prev[k] + 1;
                        best = best.max(row[k + 1]);
                    }
                }
                prev = row;
            }
            best
        }
        let c = cleaner();
        let n = c.pull_quote.shared_chars;
        let article: String = (0..40)
            .map(|k| format!("zin nummer {k} gaat over iets anders dan de vorige. "))
            .collect();
        let mut seen = [false, false];
        for offset in 0..n {
            for len in [n - 2, n - 1, n, n + 1] {
                let quote: String = article.chars().skip(100 + offset).take(len).collect();
                let short = format!("Xq {quote} Zq");
                let raw = format!("{article}\n\n{short}");
                let kept = c.clean(&raw).iter().any(|b| b.text == short);
                let shared = longest_common_run(
                    &normalize_for_overlap(&article),
                    &normalize_for_overlap(&short),
                );
                assert_eq!(kept, shared < n, "offset {offset}, run of {len}: {short}");
                seen[usize::from(kept)] = true;
            }
        }
        assert_eq!(seen, [true, true], "both outcomes were tested");
    }

    #[test]
    fn overlap_normalisation_keeps_words_lower_cased_and_single_spaced() {
        // The obvious way, several passes.
        let slow = |t: &str| {
            t.chars()
                .filter(|c| c.is_alphanumeric() || c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        for t in [
            "",
            "  ",
            " Rusland  steunt\tArmenië. ",
            "a - b",
            "a-b",
            "„Dit is — zegt hij — onaanvaardbaar”",
            "İstanbul ΣΊΣΥΦΟΣ 120.000\u{a0}man",
        ] {
            assert_eq!(normalize_for_overlap(t), slow(t), "{t:?}");
            assert_eq!(
                normalize_for_overlap_chars(t),
                normalize_for_overlap_chars_plain(t),
                "{t:?}"
            );
        }
        for b in 0..=127u8 {
            let t = format!("a{}B", char::from(b));
            assert_eq!(
                normalize_for_overlap_chars(&t),
                normalize_for_overlap_chars_plain(&t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn rolling_window_hashes_match_hashes_computed_afresh() {
        let text: Vec<char> = "Azerbeidzjan blokkeert de Lachin-corridor, zegt Jerevan."
            .chars()
            .collect();
        for m in [1, 5, 17] {
            let rolled: Vec<(usize, u64)> = RollingWindows::new(&text, m).collect();
            assert_eq!(rolled.len(), text.len() + 1 - m);
            for (start, h) in rolled {
                let fresh = RollingWindows::new(&text[start..start + m], m).next();
                assert_eq!(fresh, Some((0, h)), "window {start}+{m}");
            }
        }
        assert_eq!(RollingWindows::new(&text[..3], 4).next(), None);
    }

    #[test]
    fn files_decode_from_utf8_or_windows_1252_and_binaries_are_refused() {
        assert_eq!(decode(b"caf\xc3\xa9".to_vec()), Ok(("café".into(), None)));
        // A byte-order mark stays; the cleaner skips it.
        let (bom, _) = decode(b"\xef\xbb\xbfRusland".to_vec()).expect("utf-8");
        assert_eq!(cleaner().clean(&bom)[0].text, "Rusland");
        let bytes = b"Caf\xe9 \x93Rusland\x94 \x80";
        let (text, enc) = decode(bytes.to_vec()).expect("1252");
        assert_eq!(text, "Café “Rusland” €");
        assert_eq!(enc, Some("Windows-1252"));
        assert_eq!(text.chars().count(), bytes.len(), "one character per byte");
        let damaged = decode(b"R\xc3\xbcsland \xff".to_vec()).expect_err("damaged UTF-8");
        assert!(damaged.contains("not valid UTF-8 at byte 9"), "{damaged}");
        assert!(
            decode(b"x\x81y".to_vec()).is_err(),
            "0x81 is undefined in Windows-1252"
        );
        assert!(decode(b"\x7fELF\x02\x01\x01\x00\x00".to_vec())
            .expect_err("binary")
            .contains("binary"));
        assert!(decode(b" \n\r\n".to_vec())
            .expect_err("empty")
            .contains("empty"));
    }

    #[test]
    fn crlf_lines_clean_like_lf_lines() {
        let lf = cleaner().clean("Eerste regel van de\nalinea.\n\nTweede alinea.");
        let crlf = cleaner().clean("Eerste regel van de\r\nalinea.\r\n\r\nTweede alinea.");
        let texts = |b: &[Block]| b.iter().map(|b| b.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&lf), texts(&crlf));
        assert_eq!(
            crlf[1].to_raw(0),
            "Eerste regel van de\r\nalinea.\r\n\r\n".len()
        );
    }

    #[test]
    fn leading_date_marker_is_not_text() {
        let blocks = cleaner().clean(" date 2020-10 Even leek Rusland geslaagd.");
        assert_eq!(blocks[0].text, "Even leek Rusland geslaagd.");
        assert_eq!(blocks[0].to_raw(0), 14);
    }
}
