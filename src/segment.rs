//! Stage 2, segmentation: splits the cleaned blocks of a document into sentences and
//! sentences into tokens. Entry points: [`tokenize`] and [`split_sentences`].
//!
//! Offsets here are byte offsets into the block text; the corpus stage maps them back to the
//! original file.

use rustc_hash::FxHashSet as HashSet;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and digits) with inner apostrophes: "Azeri's", "zo'n", "F-16" gives "F", "-", "16".
    Word,
    /// Digits with inner dots or commas: "120.000", "2,5".
    Number,
    /// Any other single character.
    Punct,
}

/// A token of a text: its byte span and kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Whether white space (or the start of the text) comes right before it.
    pub space_before: bool,
}

impl Token {
    /// The token's text in `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// The character starting at byte `at` of `text`, if any.
fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|rest| rest.chars().next())
}

/// Splits `text` into word, number and punctuation tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Walked by byte offsets, each character decoded where it is looked at: a vector of
    // every character of the sentence first cost an allocation of 16 bytes per byte.
    // Plain ASCII (most of a text) without decoding.
    let next_of = |at: usize| match text.as_bytes().get(at) {
        Some(&b) if b.is_ascii() => Some((at + 1, char::from(b))),
        _ => char_at(text, at).map(|c| (at + c.len_utf8(), c)),
    };
    // About one token per four bytes of news text: room for them at once, not in steps.
    let mut tokens = Vec::with_capacity(text.len() / 4 + 1);
    let mut i = 0;
    let mut space_before = true;
    while let Some((after_first, c)) = next_of(i) {
        let start = i;
        if c.is_whitespace() {
            space_before = true;
            i = after_first;
            continue;
        }
        let kind;
        let mut j = after_first;
        if c.is_ascii_digit() {
            kind = TokenKind::Number;
            while let Some((after, d)) = next_of(j) {
                let next_digit = || char_at(text, after).is_some_and(|n| n.is_ascii_digit());
                if d.is_ascii_digit() || (matches!(d, '.' | ',') && next_digit()) {
                    j = after;
                } else if d.is_alphabetic() {
                    // "120.000-tal", "29ste": digits glued to letters form one word
                    j = after;
                    while let Some((after, w)) = next_of(j) {
                        if !is_word_char(w) {
                            break;
                        }
                        j = after;
                    }
                    break;
                } else {
                    break;
                }
            }
        } else if is_word_char(c) {
            kind = TokenKind::Word;
            while let Some((after, d)) = next_of(j) {
                let next_is_letter = || char_at(text, after).is_some_and(char::is_alphabetic);
                if is_word_char(d) || (is_apostrophe(d) && next_is_letter()) {
                    j = after;
                } else {
                    break;
                }
            }
        } else {
            kind = TokenKind::Punct;
        }
        tokens.push(Token {
            start,
            end: j,
            kind,
            space_before,
        });
        space_before = false;
        i = j;
    }
    tokens
}

/// Language data the splitter needs.
#[derive(Debug, Default, Clone)]
pub struct SegmentConfig {
    /// Abbreviations, lower case, with their dots ("o.a.", "dhr.").
    pub abbreviations: HashSet<String>,
}

fn is_closing(c: char) -> bool {
    matches!(c, '\'' | '’' | '”' | '"' | ')' | ']' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(c, '\'' | '‘' | '„' | '“' | '"' | '(' | '[' | '«')
}

/// Splits a block of text into sentence byte ranges (trimmed of surrounding white space).
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets after it) when
/// white space and then an upper-case letter, a digit or an opening quote follow, or the block
/// ends. A dot does not end a sentence after a known abbreviation or a single capital (an
/// initial), nor inside a number ("120.000").
pub fn split_sentences(text: &str, config: &SegmentConfig) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0;
    // Walks the text by byte offset, decoding characters as it goes: a huge block costs no
    // more memory than its sentences.
    let bytes = text.as_bytes();
    // Straight to the next byte that may start a terminator ('…' starts with 0xE2, a leading
    // byte; the others are ASCII, never inside another character).
    while let Some(skip) = bytes[i..]
        .iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
    {
        i += skip;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if matches!(c, '.' | '!' | '?' | '…') {
            // Extend over repeated terminators and closing quotes.
            let mut j = i + c.len_utf8();
            while let Some(d) = text[j..].chars().next() {
                if matches!(d, '.' | '!' | '?' | '…') || is_closing(d) {
                    j += d.len_utf8();
                } else {
                    break;
                }
            }
            let after = &text[j..];
            let followed_by_space = after.is_empty() || after.starts_with(char::is_whitespace);
            let next_starts_sentence = after
                .trim_start()
                .chars()
                .next()
                .is_none_or(|n| n.is_uppercase() || n.is_ascii_digit() || is_opening(n));
            if followed_by_space
                && next_starts_sentence
                && !(c == '.' && is_abbreviation(text, i, config))
            {
                push_trimmed(text, start, j, &mut out);
                start = j;
            }
            i = j;
            continue;
        }
        i += c.len_utf8();
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

/// Whether the dot at byte `dot` closes an abbreviation or an initial.
fn is_abbreviation(text: &str, dot: usize, config: &SegmentConfig) -> bool {
    // A word is short: look back at most 64 bytes, so runs of dots cost no quadratic time.
    let mut from = dot.saturating_sub(64);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..dot + 1];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || is_opening(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &before[word_start..];
    // Lower-cased only when it is not already (every sentence end asks).
    let lower = if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    };
    if config.abbreviations.contains(lower.as_ref()) {
        return true;
    }
    // An initial: one capital letter and its dot ("J. Smith"), or a run of them ("J.F.").
    let mut letters = word.chars().filter(|c| *c != '.');
    matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase())
}

/// The longest sentence, in bytes. Real sentences stay far below it (the corpus's longest has
/// about 600); text without sentence ends (a table dump, a file without punctuation) is cut
/// into pieces of this size at a comma or semicolon, else at a space, so that the work per
/// sentence stays bounded.
pub const MAX_SENTENCE_BYTES: usize = 2_000;

/// `text[start..end]` trimmed, as one range or, when longer than [`MAX_SENTENCE_BYTES`],
/// several (a heading too long for a heading is cut the same way).
pub fn bounded_ranges(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    push_trimmed(text, start, end, &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail >= piece.len() {
        return;
    }
    let (mut s, e) = (start + lead, end - trail);
    while e - s > MAX_SENTENCE_BYTES {
        let mut limit = s + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &text[s..limit];
        let cut = window
            .rfind([',', ';'])
            .map(|i| s + i + 1)
            .or_else(|| window.rfind(char::is_whitespace).map(|i| s + i))
            .filter(|&c| c > s + MAX_SENTENCE_BYTES / 2)
            .unwrap_or(limit);
        let head = &text[s..cut];
        let head_end = s + head.trim_end().len();
        if head_end > s {
            out.push((s, head_end));
        }
        let rest = &text[cut..e];
        s = cut + (rest.len() - rest.trim_start().len());
        if s >= e {
            return;
        }
    }
    out.push((s, e));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_sentence_ends_is_cut_into_bounded_pieces() {
        let text = "Rusland steunt Armenië, zegt men ".repeat(500) + "ëë".repeat(3000).as_str();
        let pieces = split_sentences(&text, &config());
        assert!(pieces.len() > 10);
        let mut last = 0;
        for &(s, e) in &pieces {
            assert!(e - s <= MAX_SENTENCE_BYTES && s >= last && s < e);
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            last = e;
        }
        // Cut after a comma where there is one.
        assert!(text[pieces[0].0..pieces[0].1].ends_with(','));
        // Nothing is lost between the pieces but white space.
        let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let kept: String = pieces.iter().map(|&(s, e)| visible(&text[s..e])).collect();
        assert_eq!(kept, visible(&text));
    }

    fn config() -> SegmentConfig {
        SegmentConfig {
            abbreviations: ["o.a.", "dhr.", "m.b.t.", "ca.", "nr.", "bv.", "mr."]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split_sentences(text, &config())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn terminators_among_other_characters_still_split() {
        let text = "Erdoğan zweeg… Toen sprak Aliëv! Wat nu? — „Niets.” Klaar";
        let got: Vec<&str> = split_sentences(text, &config())
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            [
                "Erdoğan zweeg…",
                "Toen sprak Aliëv!",
                "Wat nu? — „Niets.”",
                "Klaar"
            ]
        );
    }

    #[test]
    fn abbreviations_initials_and_numbers_do_not_split() {
        let text =
            "Dhr. Jansen sprak o.a. met J. Smit over ca. 120.000 mensen. Daarna ging hij weg.";
        assert_eq!(
            sentences(text),
            vec![
                "Dhr. Jansen sprak o.a. met J. Smit over ca. 120.000 mensen.",
                "Daarna ging hij weg."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        let text = "Hij zei: ‘Het is voorbij.’ Dat laatste klopt. ‘Waarom?’, vroeg zij.";
        assert_eq!(
            sentences(text),
            vec![
                "Hij zei: ‘Het is voorbij.’",
                "Dat laatste klopt.",
                "‘Waarom?’, vroeg zij."
            ]
        );
    }

    #[test]
    fn dutch_low_quotes_open_a_sentence() {
        let text = "Dat is waar. „Maar wel eentje die op het slagveld wordt bepaald.”";
        assert_eq!(sentences(text).len(), 2);
    }

    #[test]
    fn tokens_keep_apostrophes_numbers_and_offsets() {
        let text = "De Azeri's en 120.000 POW's, zo'n F-16.";
        let toks: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
        assert_eq!(
            toks,
            vec!["De", "Azeri's", "en", "120.000", "POW's", ",", "zo'n", "F", "-", "16", "."]
        );
    }
}
