//! Rule files (`ontology/rules/<lang>.toml`): the lexicon a language needs (abbreviations,
//! prepositions, negation, hedging and reporting cues, clause boundaries), titles, and the
//! relation rules with their examples. Entry point: [`RuleSet::load`], which checks
//! everything before any text is touched.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::{FxHashMap, FxHashSet as HashSet};

use regex::Regex;
use serde::Deserialize;

use crate::error::{line_of, toml_error, Error, LineIndex, Result};
use crate::gazetteer::{name_tokens, normalize, ActorType};
use crate::ontology::Relations;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    language: String,
    lexicon: LexiconRecord,
    #[serde(default)]
    title: Vec<TitleRecord>,
    #[serde(default)]
    rule: Vec<RuleRecord>,
    #[serde(default)]
    referring: Vec<ReferringRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferringRecord {
    id: toml::Spanned<String>,
    kind: String,
    #[serde(default)]
    plural: bool,
    #[serde(default)]
    reporter: bool,
    words: Vec<String>,
    types: Vec<ActorType>,
    #[serde(default)]
    example: Vec<ExampleRecord>,
    #[serde(default)]
    near_misses: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconRecord {
    abbreviations: Vec<String>,
    stopwords: Vec<String>,
    determiners: Vec<String>,
    premodifiers: Vec<String>,
    prepositions: Vec<String>,
    place_prepositions: Vec<String>,
    adjective_blockers: Vec<String>,
    negations: Vec<String>,
    not_negations: Vec<String>,
    hedges: Vec<String>,
    reporting_verbs: Vec<String>,
    intention_verbs: Vec<String>,
    reporting_prepositions: Vec<String>,
    reporting_postpositions: Vec<String>,
    subordinators: Vec<String>,
    weak_subordinators: Vec<String>,
    pronouns: Vec<String>,
    relatives: Vec<String>,
    #[serde(default)]
    relative_prepositions: std::collections::BTreeMap<String, String>,
    person_pronouns: Vec<String>,
    complementizers: Vec<String>,
    consequents: Vec<String>,
    infinitive_introducers: Vec<String>,
    coordinators: Vec<String>,
    conditionals: Vec<String>,
    passive_auxiliaries: Vec<String>,
    list_conjunctions: Vec<String>,
    np_heads: Vec<String>,
    name_particles: Vec<String>,
    affiliation_relation: Option<String>,
    genitive_prepositions: Vec<String>,
    agent_prepositions: Vec<String>,
    between_prepositions: Vec<String>,
    infinitive_markers: Vec<String>,
    origin_prepositions: Vec<String>,
    head_modifier_prepositions: Vec<String>,
    adjective_suffixes: Vec<String>,
    passive_window: usize,
    verb_final: bool,
    bare_complements: bool,
    hyphen_agents: Vec<String>,
    hyphen_leaders: Vec<String>,
    owned_themes: Vec<String>,
    people_heads: Vec<String>,
    affiliation_prepositions: Vec<String>,
    gerund_prepositions: Vec<String>,
    preventive_prepositions: Vec<String>,
    coordination_needs_verb: bool,
    #[serde(default)]
    act_summaries: Vec<String>,
    #[serde(default)]
    speech_summaries: Vec<String>,
    #[serde(default)]
    state_heads: Vec<String>,
    #[serde(default)]
    inclusions: Vec<String>,
    #[serde(default)]
    denials: Vec<String>,
    #[serde(default)]
    cancellations: Vec<String>,
    #[serde(default)]
    object_control: Vec<String>,
    #[serde(default)]
    border_nouns: Vec<String>,
    #[serde(default)]
    clause_relatives: Vec<String>,
    #[serde(default)]
    user_participles: Vec<String>,
    #[serde(default)]
    phrase_conjunctions: Vec<String>,
    #[serde(default)]
    possessives: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TitleRecord {
    id: toml::Spanned<String>,
    relation: Option<String>,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleRecord {
    id: toml::Spanned<String>,
    relation: String,
    kind: String,
    trigger: Vec<String>,
    particle: Option<String>,
    subject: Option<Vec<String>>,
    object: Option<Vec<String>>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
    #[serde(default = "yes")]
    negatable: bool,
    #[serde(default)]
    example: Vec<ExampleRecord>,
    #[serde(default)]
    near_misses: Vec<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleRecord {
    text: String,
    expect: Vec<String>,
}

/// Word lists of a language, normalised (lower case, diacritics folded).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub abbreviations: HashSet<String>,
    pub stopwords: WordSet,
    pub determiners: WordSet,
    /// Multi-word fillers skipped between a preposition and its noun phrase ("onder meer").
    pub premodifiers: Phrases,
    pub prepositions: WordSet,
    pub place_prepositions: WordSet,
    pub adjective_blockers: WordSet,
    /// Words and phrases that negate their clause ("niet", "no longer", "refused to").
    pub negations: Phrases,
    pub not_negations: Phrases,
    pub hedges: Phrases,
    pub reporting_verbs: WordPatterns,
    /// Verbs of intention, threat or attempt: a te-infinitive under them has not happened
    /// ("dreigt Syldavië aan te vallen").
    pub intention_verbs: WordPatterns,
    pub reporting_prepositions: WordSet,
    pub reporting_postpositions: WordSet,
    pub subordinators: WordSet,
    /// Words that start a clause only when a subject follows ("sinds Rusland …", not "sinds 2020").
    pub weak_subordinators: WordSet,
    pub pronouns: WordSet,
    /// Relative pronouns: their clauses are skipped when a subject is inherited.
    pub relatives: WordSet,
    /// Relative pronouns made of "waar" and a preposition, with that preposition
    /// ("waarmee" → "met").
    pub relative_prepositions: rustc_hash::FxHashMap<String, String>,
    /// Pronouns that stand for a person named earlier in the sentence ("hij").
    pub person_pronouns: WordSet,
    /// Words that open the reported clause after a reporting verb ("dat").
    pub complementizers: WordSet,
    /// Words that open the consequent of a condition ("dan").
    pub consequents: WordSet,
    /// Words that open an infinitive clause ("om … te", "door … te"); the noun phrase right
    /// after them is the object of the infinitive, not a prepositional phrase.
    pub infinitive_introducers: WordSet,
    pub coordinators: WordSet,
    pub conditionals: WordSet,
    pub passive_auxiliaries: WordSet,
    pub list_conjunctions: WordSet,
    pub np_heads: Vec<Vec<String>>,
    pub name_particles: WordSet,
    /// The relation a titled person has to the organisation after their name ("analist X van
    /// het Carnegie Centre").
    pub affiliation_relation: Option<String>,
    /// Prepositions of a possessor: "de president van X", "the president of X".
    pub genitive_prepositions: WordSet,
    /// Prepositions of the agent of a passive verb ("door", "by").
    pub agent_prepositions: WordSet,
    /// Prepositions that join both sides of a symmetric noun ("tussen", "between").
    pub between_prepositions: WordSet,
    /// Markers of an infinitive ("te", "to").
    pub infinitive_markers: WordSet,
    /// Prepositions that place a people in a region ("de Armeniërs in Nagorno-Karabach").
    pub origin_prepositions: WordSet,
    /// Prepositions by which an actor modifies the subject's head noun ("De brug naar X").
    pub head_modifier_prepositions: WordSet,
    /// Endings of lower-case adjectives inside a noun phrase ("-e" in Dutch: "de Russische
    /// troepen"); none: no adjective is recognised by its ending.
    pub adjective_suffixes: Vec<String>,
    /// How close a passive auxiliary must stand before the verb, in tokens: 0 means anywhere
    /// in the clause (Dutch puts the participle last), English wants it close ("was
    /// attacked", "has been blocked").
    pub passive_window: usize,
    /// Whether a verb's object may stand before it (Dutch subordinate clauses are verb-final).
    pub verb_final: bool,
    /// Whether a reporting verb opens a reported clause without a complementizer ("Kyiv said
    /// Russia attacked …").
    pub bare_complements: bool,
    /// Words glued by a hyphen after an actor that keep it an actor ("Russian-backed").
    pub hyphen_agents: WordSet,
    /// Of those, the ones that make the actor the doer of what its noun does ("Hamas-led
    /// militants attacked …" → Hamas attacks); after the others ("Iran-backed militias") the
    /// noun acts on its own.
    pub hyphen_leaders: WordSet,
    /// Nouns whose demonym names their owner even where a rule requires the noun: "holds
    /// Ethiopian territory" holds Ethiopia's, while "supplies Turkish drones" supplies no
    /// Turkey.
    pub owned_themes: WordSet,
    /// Nouns for a people or a group of it rather than its state: after them a demonym is
    /// no actor ("the Lebanese group", "Syrian rebels", "de Armeense bevolking").
    pub people_heads: WordSet,
    /// Prepositions besides the genitive ones by which a title in an apposition names its
    /// organisation ("Milan Radoicic, a senior figure in Srpska Lista, …").
    pub affiliation_prepositions: WordSet,
    /// Prepositions after which the phrase before them does the gerund ("accused Azerbaijan
    /// of starving Karabakh", "criticised Russia for attacking Ukraine").
    pub gerund_prepositions: WordSet,
    /// Prepositions after which a gerund has not happened ("warned Finland against joining
    /// NATO", "stopped Russia from attacking").
    pub preventive_prepositions: WordSet,
    /// Whether "and" before an actor opens a clause only when a verb follows ("and Russia
    /// attacked …", not "Turkish drones and Israeli missiles"); Dutch "en Rusland …" opens
    /// one by itself.
    pub coordination_needs_verb: bool,
    /// Nouns that sum up the act of the clause before them, after a comma ("…, a move
    /// condemned by Egypt"): the one who acted is the act's doer.
    pub act_summaries: WordSet,
    /// Nouns that sum up what the clause before them says ("…, a claim Kyiv disputed"): the
    /// one who said it is its source, or else its subject.
    pub speech_summaries: WordSet,
    /// Head nouns that turn a leader's possessive into the state they lead ("Assad's
    /// government", "Putin's army").
    pub state_heads: Phrases,
    /// Words after a comma that add the phrase after them to the one before them ("three
    /// Hamas leaders, including Yahya Sinwar").
    pub inclusions: Phrases,
    /// Verbs that deny the clause after them ("Iran denies that its drones …"): the clause
    /// is negated and reported by the one who denies.
    pub denials: WordSet,
    /// Verbs that call off or block what a relation noun in their clause speaks of
    /// ("called off talks with", "blocked Kosovo's membership of", "de gesprekken
    /// afgeblazen"): they negate that noun, not the clause's verbs ("called off the talks
    /// and attacked").
    pub cancellations: Phrases,
    /// Infinitive introducers whose infinitive is done by the phrase right before them, the
    /// verb's object ("beschuldigt de Emiraten ervan de RSF te bewapenen").
    pub object_control: WordSet,
    /// Nouns that keep the prepositional phrase after them ("near the border with Ukraine"):
    /// it is no argument of the trigger.
    pub border_nouns: WordSet,
    /// Relatives that, after a comma, may speak of the act of the clause before them
    /// ("Baku set up a checkpoint, which Yerevan called a violation").
    pub clause_relatives: WordSet,
    /// Participles of using a weapon: "Iranian drones used by Russia" are Russia's in the
    /// clause ("… have hit Kyiv").
    pub user_participles: WordSet,
    /// Conjunctions that join a second verb phrase with a scope of its own ("did not attack
    /// Ukraine and occupied Georgia": the negation stays in the first).
    pub phrase_conjunctions: WordSet,
    /// Possessive pronouns: in an apposition ("Russia, its traditional protector") they speak
    /// of the subject of the clause the apposition is in.
    pub possessives: WordSet,
    /// Every word of the word lists above, and every first word of the phrase lists and of
    /// the rule set's referring expressions and titles, with the lists that hold it.
    pub roles: WordRoles,
}

impl Lexicon {
    /// The word lists, each given its bit in [`Lexicon::roles`].
    fn word_lists_mut(&mut self) -> [&mut WordSet; WORD_LISTS] {
        [
            &mut self.stopwords,
            &mut self.determiners,
            &mut self.prepositions,
            &mut self.place_prepositions,
            &mut self.adjective_blockers,
            &mut self.reporting_prepositions,
            &mut self.reporting_postpositions,
            &mut self.subordinators,
            &mut self.weak_subordinators,
            &mut self.pronouns,
            &mut self.relatives,
            &mut self.person_pronouns,
            &mut self.complementizers,
            &mut self.consequents,
            &mut self.infinitive_introducers,
            &mut self.coordinators,
            &mut self.conditionals,
            &mut self.passive_auxiliaries,
            &mut self.list_conjunctions,
            &mut self.name_particles,
            &mut self.genitive_prepositions,
            &mut self.agent_prepositions,
            &mut self.between_prepositions,
            &mut self.infinitive_markers,
            &mut self.origin_prepositions,
            &mut self.head_modifier_prepositions,
            &mut self.hyphen_agents,
            &mut self.hyphen_leaders,
            &mut self.owned_themes,
            &mut self.people_heads,
            &mut self.affiliation_prepositions,
            &mut self.gerund_prepositions,
            &mut self.preventive_prepositions,
            &mut self.act_summaries,
            &mut self.speech_summaries,
            &mut self.denials,
            &mut self.object_control,
            &mut self.border_nouns,
            &mut self.clause_relatives,
            &mut self.user_participles,
            &mut self.phrase_conjunctions,
            &mut self.possessives,
            &mut self.reporting_verbs.words,
            &mut self.intention_verbs.words,
        ]
    }

    /// The phrase lists, each given a bit in [`Lexicon::roles`] for their first words.
    fn phrase_lists_mut(&mut self) -> [&mut Phrases; PHRASE_LISTS] {
        [
            &mut self.premodifiers,
            &mut self.negations,
            &mut self.not_negations,
            &mut self.hedges,
            &mut self.state_heads,
            &mut self.inclusions,
            &mut self.cancellations,
        ]
    }

    /// Gives each word list its bit and indexes every word by the lists that hold it, and
    /// the first words of the phrase lists (and of the language's referring expressions and
    /// titles, which coreference and recognition ask about at every token) by the lists
    /// they start.
    fn index_word_lists(&mut self, referring: &mut Phrases, titles: &mut Titles) {
        let key = NEXT_MEMO_KEY.fetch_add(1, Ordering::Relaxed) + 1;
        let mut masks: FxHashMap<String, u64> = FxHashMap::default();
        let mut note = |words: &mut dyn Iterator<Item = &String>, bit: u8| {
            for w in words {
                *masks.entry(w.clone()).or_insert(0) |= 1 << bit;
            }
            Some(RoleBit { lexicon: key, bit })
        };
        for (bit, list) in (0u8..).zip(self.word_lists_mut()) {
            list.role = note(&mut list.words.iter(), bit);
        }
        let phrases = self.phrase_lists_mut().into_iter().chain([referring]);
        for (bit, list) in (WORD_LISTS as u8..).zip(phrases) {
            // A list with an empty phrase is asked about every token anyway.
            if list.all.is_none() {
                list.role = note(&mut list.by_first.keys(), bit);
            }
        }
        titles.role = note(
            &mut titles.by_first.keys(),
            (WORD_LISTS + PHRASE_LISTS + 1) as u8,
        );
        self.roles = WordRoles {
            key,
            filter: WordFilter::new(masks.keys()),
            masks,
        };
    }

    /// The end of a negation starting at token `k`, unless it is one of the phrases that do
    /// not negate ("niet alleen", "not only").
    pub fn negation_at(&self, s: &crate::recognize::Sentence, k: usize) -> Option<usize> {
        let e = self.negations.at(s, k)?;
        let excluded = self.not_negations.at(s, k).is_some();
        (!excluded).then_some(e)
    }
}

/// The word lists of a [`Lexicon`], each a bit of a [`WordRoles`] mask.
const WORD_LISTS: usize = 44;
/// The phrase lists of a [`Lexicon`], each a bit of a [`WordRoles`] mask after those of the
/// word lists; the referring expressions and the titles of its rule set have the two bits
/// after them.
const PHRASE_LISTS: usize = 7;
const _: () = assert!(WORD_LISTS + PHRASE_LISTS + 2 <= 62);

/// Bits of a word's roles beyond those of the lists, added by [`RuleSet::look_up_words`]:
/// the word may start a title ([`Titles::may_start`]).
pub const MAY_START_TITLE: u64 = 1 << 62;
/// The word is a compound ending in a one-word title ([`Titles::compound_ends`]).
const COMPOUND_TITLE: u64 = 1 << 63;

/// A title that ties a person to what they lead or serve ("president", "minister van
/// Buitenlandse Zaken").
#[derive(Debug, Clone)]
pub struct Title {
    pub id: String,
    /// leaderOf, memberOf, or none for a role without a tie ("analist").
    pub relation: Option<String>,
    /// Each a sequence of normalised words; the last word also matches as the end of a
    /// compound ("buitenlandminister" is a "minister").
    pub words: Vec<Vec<String>>,
}

/// A word list of the lexicon. Extraction asks several lists about almost every token of a
/// sentence, and most tokens are in none of them; the lengths, first and last bytes of the
/// list's words turn most of those away before the word is hashed.
#[derive(Debug, Clone, Default)]
pub struct WordSet {
    words: HashSet<String>,
    filter: WordFilter,
    /// The list's bit in the [`WordRoles`] of its lexicon, set when the lexicon is indexed.
    role: Option<RoleBit>,
}

/// Where a word list's answer stands in the role masks of a sentence's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RoleBit {
    /// The [`WordRoles::key`] of the lexicon.
    lexicon: usize,
    bit: u8,
}

impl RoleBit {
    /// Whether token `k` of `s` has this bit, if the sentence noted the roles of its tokens
    /// with this bit's lexicon.
    fn noted_in(self, s: &crate::recognize::Sentence, k: usize) -> Option<bool> {
        Some(s.noted_roles(self.lexicon, k)? >> self.bit & 1 == 1)
    }
}

/// The words of a lexicon's word lists (and the first words of its phrase lists, referring
/// expressions and titles), each with a mask of the lists that hold it. Extraction
/// asks several lists about almost every token of a sentence, often more than once; a
/// sentence looks each token up once ([`RuleSet::look_up_words`], remembered per thread),
/// and every later question about the token is a bit test.
#[derive(Debug, Clone, Default)]
pub struct WordRoles {
    /// Unique per lexicon indexed (0: none), so that a mask is read only with its own
    /// lexicon's bits.
    key: usize,
    masks: FxHashMap<String, u64>,
    filter: WordFilter,
}

impl WordRoles {
    /// Tells the masks of this lexicon apart from those of others.
    pub fn key(&self) -> usize {
        self.key
    }

    /// The lists (as bits) that hold `word`.
    pub fn of(&self, word: &str) -> u64 {
        if !self.filter.may_hold(word) {
            return 0;
        }
        self.masks.get(word).copied().unwrap_or(0)
    }
}

/// What the words of a list are made of, to turn most other words away without hashing
/// them: a word that passes may be in the list, one that fails is not.
#[derive(Debug, Clone, Default)]
struct WordFilter {
    /// Bit `n` set when a word has `n` bytes (63: 63 or more).
    lengths: u64,
    /// Bit `b` set when a word starts with byte `b`.
    firsts: [u64; 4],
    /// Bit `b` set when a word ends with byte `b`.
    lasts: [u64; 4],
}

fn byte_bit(set: &[u64; 4], b: u8) -> bool {
    set[usize::from(b >> 6)] & (1 << (b & 63)) != 0
}

impl WordFilter {
    fn new<'a>(words: impl Iterator<Item = &'a String>) -> WordFilter {
        let mut f = WordFilter::default();
        for w in words {
            f.lengths |= 1 << w.len().min(63);
            if let (Some(&a), Some(&z)) = (w.as_bytes().first(), w.as_bytes().last()) {
                f.firsts[usize::from(a >> 6)] |= 1 << (a & 63);
                f.lasts[usize::from(z >> 6)] |= 1 << (z & 63);
            }
        }
        f
    }

    fn may_hold(&self, word: &str) -> bool {
        if self.lengths & (1 << word.len().min(63)) == 0 {
            return false;
        }
        let b = word.as_bytes();
        match (b.first(), b.last()) {
            (Some(&a), Some(&z)) => byte_bit(&self.firsts, a) && byte_bit(&self.lasts, z),
            _ => true,
        }
    }
}

impl WordSet {
    pub fn new(words: HashSet<String>) -> WordSet {
        WordSet {
            filter: WordFilter::new(words.iter()),
            words,
            role: None,
        }
    }

    /// Whether token `k` of `s` is one of these words: a bit test when the sentence noted
    /// the roles of its tokens with this list's lexicon, else a look-up.
    pub fn contains_token(&self, s: &crate::recognize::Sentence, k: usize) -> bool {
        let noted = self.role.and_then(|r| r.noted_in(s, k));
        noted.unwrap_or_else(|| self.contains(&*s.norm[k]))
    }

    pub fn contains<W: AsRef<str> + ?Sized>(&self, word: &W) -> bool {
        let word = word.as_ref();
        self.filter.may_hold(word) && self.words.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> + '_ {
        self.words.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }
}

/// Token patterns matched as one: a word matches when any of them matches it (one pass of
/// one automaton instead of one per pattern). Most patterns are a few spelled-out words
/// ("say|says|said", "zeg(t|gen)?"): those are answered from a word set, and only the
/// others ("onderhandel.*") by the automaton.
#[derive(Debug, Clone, Default)]
pub struct WordPatterns {
    /// Every word the patterns that match finitely many words match.
    words: WordSet,
    /// The other patterns, none when every pattern is spelled out.
    set: Option<regex::RegexSet>,
    /// Tells this set's entries in the per-thread memo apart from those of other sets
    /// (unique per set made; 0 only for the empty default, which matches nothing).
    memo_key: usize,
}

/// Words seen per thread and pattern set → whether the set matches them.
type PatternMemo = FxHashMap<usize, FxHashMap<Box<str>, bool>>;

thread_local! {
    static PATTERN_MEMO: RefCell<PatternMemo> = RefCell::new(FxHashMap::default());
}

impl WordPatterns {
    fn new(list: &[Regex]) -> std::result::Result<WordPatterns, regex::Error> {
        let mut words = HashSet::default();
        let mut others = Vec::new();
        for r in list {
            match spelled_out(r.as_str()) {
                Some(spelled) => words.extend(spelled),
                None => others.push(r.as_str()),
            }
        }
        let set = if others.is_empty() {
            None
        } else {
            Some(regex::RegexSet::new(others)?)
        };
        Ok(WordPatterns {
            words: WordSet::new(words),
            set,
            memo_key: NEXT_MEMO_KEY.fetch_add(1, Ordering::Relaxed) + 1,
        })
    }

    /// Whether any pattern matches `word`. Clause splitting and attribution ask this of most
    /// tokens of a sentence, several times, and the set's cache pool made every thread but
    /// its first wait on a lock per question; news repeats its words, so the automaton's
    /// answer is remembered per thread instead.
    pub fn is_match(&self, word: &str) -> bool {
        self.words.contains(word) || self.others_match(word)
    }

    /// [`WordPatterns::is_match`] of token `k` of `s`, its spelled-out words answered from
    /// the roles the sentence noted.
    pub fn matches_token(&self, s: &crate::recognize::Sentence, k: usize) -> bool {
        self.words.contains_token(s, k) || self.others_match(&s.norm[k])
    }

    /// Whether a pattern that is not spelled out matches `word`.
    fn others_match(&self, word: &str) -> bool {
        let Some(set) = &self.set else {
            return false;
        };
        PATTERN_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let mine = memo.entry(self.memo_key).or_default();
            if let Some(&hit) = mine.get(word) {
                return hit;
            }
            if mine.len() >= START_MEMO_WORDS {
                mine.clear();
            }
            let hit = set.is_match(word);
            mine.insert(word.into(), hit);
            hit
        })
    }
}

/// One token pattern of a rule (a trigger word, a required or excluded word), matched
/// against a whole normalised token. Extraction asks the required words of a rule of every
/// token of the trigger's clause, and a regex search per question cost more than the rest
/// of the check: the pattern is asked as a [`WordPatterns`] of one.
#[derive(Debug, Clone)]
pub struct TokenPattern {
    regex: Regex,
    matcher: WordPatterns,
}

impl TokenPattern {
    fn new(pattern: &str) -> std::result::Result<TokenPattern, regex::Error> {
        let regex = compile_token(pattern)?;
        let matcher = WordPatterns::new(std::slice::from_ref(&regex))?;
        Ok(TokenPattern { regex, matcher })
    }

    pub fn is_match(&self, word: &str) -> bool {
        self.matcher.is_match(word)
    }

    /// The compiled regex, `^(?:…)$`.
    pub fn as_str(&self) -> &str {
        self.regex.as_str()
    }
}

/// The most words [`spelled_out`] lists for one pattern.
const MAX_SPELLED_OUT: usize = 1024;

/// Every word a compiled token pattern (`^(?:…)$`) matches, when it is made only of
/// letters, digits, spaces, hyphens and apostrophes, alternatives, groups and optional
/// parts ("zeg(t|gen)?|zei(den)?|gezegd"); none for any other pattern ("onderhandel.*",
/// "air-defen[cs]e"), which only the regex can answer.
fn spelled_out(compiled: &str) -> Option<Vec<String>> {
    let inner = compiled.strip_prefix("^(?:")?.strip_suffix(")$")?;
    let chars: Vec<char> = inner.chars().collect();
    let mut at = 0;
    let words = spell_alternatives(&chars, &mut at)?;
    (at == chars.len()).then_some(words)
}

/// The words of the alternatives starting at `chars[*at]`, up to a closing parenthesis or
/// the end (left unread).
fn spell_alternatives(chars: &[char], at: &mut usize) -> Option<Vec<String>> {
    let mut words = spell_sequence(chars, at)?;
    while chars.get(*at) == Some(&'|') {
        *at += 1;
        words.extend(spell_sequence(chars, at)?);
        if words.len() > MAX_SPELLED_OUT {
            return None;
        }
    }
    Some(words)
}

/// The words of a sequence of literal characters and groups, each perhaps optional.
fn spell_sequence(chars: &[char], at: &mut usize) -> Option<Vec<String>> {
    let mut words = vec![String::new()];
    while let Some(&c) = chars.get(*at) {
        let part: Vec<String> = match c {
            '|' | ')' => break,
            '(' => {
                *at += 1;
                if chars.get(*at) == Some(&'?') {
                    // Only a non-capturing group: other `(?…)` forms set flags.
                    if chars.get(*at + 1) != Some(&':') {
                        return None;
                    }
                    *at += 2;
                }
                let inside = spell_alternatives(chars, at)?;
                if chars.get(*at) != Some(&')') {
                    return None;
                }
                *at += 1;
                inside
            }
            c if c.is_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '’') => {
                *at += 1;
                vec![c.to_string()]
            }
            _ => return None,
        };
        let mut part = part;
        if chars.get(*at) == Some(&'?') {
            *at += 1;
            // `??` and `?+` change how a match is found or are errors: leave them to the regex.
            if matches!(chars.get(*at), Some('?' | '+')) {
                return None;
            }
            part.push(String::new());
        }
        if matches!(chars.get(*at), Some('*' | '+' | '{')) {
            return None;
        }
        if words.len() * part.len() > MAX_SPELLED_OUT {
            return None;
        }
        words = words
            .iter()
            .flat_map(|w| part.iter().map(move |p| format!("{w}{p}")))
            .collect();
    }
    Some(words)
}

/// Phrases of the lexicon (lists of normalised words), indexed by their first and last
/// words, so that asking which of them start or end at a token costs a lookup instead of a
/// pass over the list. Answers come in the order of the list, as a linear scan gives them.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    pub list: Vec<Vec<String>>,
    /// First word → indices into `list`, in order.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Last word → indices into `list`, in order.
    by_last: FxHashMap<String, Vec<usize>>,
    /// Every index, when the list holds an empty phrase (which matches anywhere): then
    /// every question is answered by the linear scan.
    all: Option<Vec<usize>>,
    /// Of the keys of `by_first` and `by_last`: most tokens start and end no phrase.
    first_filter: WordFilter,
    last_filter: WordFilter,
    /// The bit of the first words in the [`WordRoles`] of the lexicon, once indexed.
    role: Option<RoleBit>,
}

impl Phrases {
    pub fn new(list: Vec<Vec<String>>) -> Phrases {
        let mut by_first: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut by_last: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        let mut has_empty = false;
        for (k, p) in list.iter().enumerate() {
            match (p.first(), p.last()) {
                (Some(f), Some(l)) => {
                    by_first.entry(f.clone()).or_default().push(k);
                    by_last.entry(l.clone()).or_default().push(k);
                }
                _ => has_empty = true,
            }
        }
        let all = has_empty.then(|| (0..list.len()).collect());
        Phrases {
            first_filter: WordFilter::new(by_first.keys()),
            last_filter: WordFilter::new(by_last.keys()),
            list,
            by_first,
            by_last,
            all,
            role: None,
        }
    }

    /// The phrases that may start at token `i`: those whose first word is the first token
    /// at or after `i` that is no joining hyphen (the tokens [`Sentence::phrase_at`] skips).
    ///
    /// [`Sentence::phrase_at`]: crate::recognize::Sentence::phrase_at
    fn starting_candidates(&self, s: &crate::recognize::Sentence, i: usize) -> &[usize] {
        if let Some(all) = &self.all {
            return all;
        }
        let mut j = i;
        while j < s.tokens.len() && s.is_joining_hyphen(j) {
            j += 1;
        }
        if self.role.and_then(|r| r.noted_in(s, j)) == Some(false) {
            return &[];
        }
        s.norm
            .get(j)
            .filter(|w| self.first_filter.may_hold(w))
            .and_then(|w| self.by_first.get(&**w))
            .map_or(&[], Vec::as_slice)
    }

    /// The ends of the phrases that start at token `i`, in list order.
    pub fn ends_at<'a>(
        &'a self,
        s: &'a crate::recognize::Sentence,
        i: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        self.starting_candidates(s, i)
            .iter()
            .filter_map(move |&p| s.phrase_at(i, &self.list[p]))
    }

    /// The phrases that start at token `i`, as (index into `list`, end), in list order.
    pub fn matches_at<'a>(
        &'a self,
        s: &'a crate::recognize::Sentence,
        i: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.starting_candidates(s, i)
            .iter()
            .filter_map(move |&p| Some((p, s.phrase_at(i, &self.list[p])?)))
    }

    /// The end of the first phrase (in list order) that starts at token `i`.
    pub fn at(&self, s: &crate::recognize::Sentence, i: usize) -> Option<usize> {
        self.ends_at(s, i).next()
    }

    /// The phrases `p` that end right before token `k`, none of their tokens skipped
    /// (`s.phrase_at(k - p.len(), p) == Some(k)`), in list order.
    pub fn ending_at<'a>(
        &'a self,
        s: &'a crate::recognize::Sentence,
        k: usize,
    ) -> impl Iterator<Item = &'a Vec<String>> + 'a {
        let candidates: &[usize] = match &self.all {
            Some(all) => all,
            None => k
                .checked_sub(1)
                .and_then(|l| s.norm.get(l))
                .filter(|w| self.last_filter.may_hold(w))
                .and_then(|w| self.by_last.get(&**w))
                .map_or(&[], Vec::as_slice),
        };
        candidates
            .iter()
            .map(|&p| &self.list[p])
            .filter(move |p| p.len() <= k && s.phrase_at(k - p.len(), p) == Some(k))
    }
}

/// The titles of a language, indexed by the words they start with, so that finding the
/// title at a token costs a lookup or two instead of a pass over every title.
#[derive(Debug, Clone, Default)]
pub struct Titles {
    pub list: Vec<Title>,
    /// First word → (title, sequence) of every word sequence.
    by_first: FxHashMap<String, Vec<(usize, usize)>>,
    /// One-word sequences: word → (title, sequence); a compound may end in them.
    singles: FxHashMap<String, Vec<(usize, usize)>>,
    /// The last two bytes of every key of `singles`, none when a key is shorter: a word
    /// ending otherwise is the compound of none of them.
    single_tails: Option<HashSet<[u8; 2]>>,
    /// The byte lengths of the keys of `singles`, longest first: only a suffix of one of
    /// these lengths can be a key, so a compound is looked up a few times instead of once
    /// per character (most words of a sentence are asked).
    single_lengths: Vec<usize>,
    /// Of the keys of `by_first` and `singles`: most words start no title.
    first_filter: WordFilter,
    single_filter: WordFilter,
    /// The bit of the keys of `by_first` in the [`WordRoles`] of the lexicon, once indexed.
    role: Option<RoleBit>,
}

/// The last two bytes of `word`, if it has two.
fn tail(word: &str) -> Option<[u8; 2]> {
    let b = word.as_bytes();
    (b.len() >= 2).then(|| [b[b.len() - 2], b[b.len() - 1]])
}

impl Titles {
    pub fn new(list: Vec<Title>) -> Titles {
        let mut by_first: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        let mut singles: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        for (t, title) in list.iter().enumerate() {
            for (w, words) in title.words.iter().enumerate() {
                if let Some(first) = words.first() {
                    by_first.entry(first.clone()).or_default().push((t, w));
                }
                if let [only] = words.as_slice() {
                    singles.entry(only.clone()).or_default().push((t, w));
                }
            }
        }
        let single_tails = singles.keys().map(|k| tail(k)).collect();
        let mut single_lengths: Vec<usize> =
            singles.keys().map(String::len).filter(|&l| l > 0).collect();
        single_lengths.sort_unstable_by(|a, b| b.cmp(a));
        single_lengths.dedup();
        Titles {
            first_filter: WordFilter::new(by_first.keys()),
            single_filter: WordFilter::new(singles.keys()),
            list,
            by_first,
            singles,
            single_tails,
            single_lengths,
            role: None,
        }
    }

    /// The (title, sequence) pairs whose sequence starts with `word`.
    pub fn starting_with(&self, word: &str) -> &[(usize, usize)] {
        if !self.first_filter.may_hold(word) {
            return &[];
        }
        self.by_first.get(word).map_or(&[], Vec::as_slice)
    }

    /// [`Titles::starting_with`] the word of token `i` of `s`: none without a look-up when
    /// the sentence noted that the word starts no title.
    pub fn starting_with_token(
        &self,
        s: &crate::recognize::Sentence,
        i: usize,
    ) -> &[(usize, usize)] {
        if self.role.and_then(|r| r.noted_in(s, i)) == Some(false) {
            return &[];
        }
        self.starting_with(&s.norm[i])
    }

    /// The (title, sequence) pairs of one-word sequences that are `word`.
    pub fn single(&self, word: &str) -> &[(usize, usize)] {
        if !self.single_filter.may_hold(word) {
            return &[];
        }
        self.singles.get(word).map_or(&[], Vec::as_slice)
    }

    /// The (title, sequence) pairs of one-word titles that `word` is a compound of: it ends
    /// in one after at least four bytes of its own ("buitenlandminister").
    pub fn compound_ends<'a>(&'a self, word: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
        // Every suffix of `word` ends in its last two bytes.
        let possible = match (&self.single_tails, tail(word)) {
            (Some(tails), Some(last)) => tails.contains(&last),
            _ => true,
        };
        let lengths: &[usize] = if possible { &self.single_lengths } else { &[] };
        // Longest suffix first: the order of a scan of the word's character boundaries.
        lengths
            .iter()
            .filter_map(move |&len| {
                let k = word.len().checked_sub(len)?;
                (k > 3 && word.is_char_boundary(k)).then_some(k)
            })
            .flat_map(move |k| self.single(&word[k..]).iter().copied())
    }

    /// [`Titles::may_start`] of the word of token `i` of `s`: a bit test when the sentence
    /// noted the roles of its words with [`RuleSet::look_up_words`].
    pub fn may_start_token(&self, s: &crate::recognize::Sentence, i: usize) -> bool {
        match self.role.and_then(|r| s.noted_roles(r.lexicon, i)) {
            Some(roles) => roles & MAY_START_TITLE != 0,
            None => self.may_start(&s.norm[i]),
        }
    }

    /// [`Titles::compound_ends`] of the word of token `i` of `s`: none without a look-up
    /// when the sentence noted that the word ends no title.
    pub fn compound_ends_token<'a>(
        &'a self,
        s: &'a crate::recognize::Sentence,
        i: usize,
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let noted = self.role.and_then(|r| s.noted_roles(r.lexicon, i));
        let none = noted.is_some_and(|roles| roles & COMPOUND_TITLE == 0);
        (!none)
            .then(|| self.compound_ends(&s.norm[i]))
            .into_iter()
            .flatten()
    }

    /// Whether `word` may be (the end of) a title: a first word of one, or a compound
    /// ending in a one-word title.
    pub fn may_start(&self, word: &str) -> bool {
        !self.starting_with(word).is_empty() || self.compound_ends(word).next().is_some()
    }
}

/// Where a rule looks for an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// The clause subject: the first noun phrase without a preposition (inherited from the
    /// clause before when the clause has none).
    Subject,
    /// The next noun phrase without a preposition after the subject.
    Object,
    /// A noun phrase introduced by this preposition.
    Pp(String),
    /// The modifier right before the trigger ("Russische inval", "Ruslands invasie").
    Before,
    /// The noun phrase right after the trigger.
    After,
    /// The nearest noun phrase before the trigger, anywhere in the sentence.
    Previous,
    /// The subject of the dat-clause that follows ("X eist dat Y …").
    ThatSubject,
    /// The actor the clause is reported by ("Borrell said Serbia must …").
    Reporter,
    /// The clause subject, when a possessive pronoun stands before the trigger ("Azerbaijan
    /// relied on drones in its war with Armenia").
    Possessor,
}

/// The grammatical kind of a trigger, which sets the default slots and passive handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Verb,
    Noun,
    Phrase,
}

/// A sequence of token patterns, each matched against a whole normalised token.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub tokens: Vec<TokenPattern>,
}

impl Pattern {
    /// The end of a match starting at token `i`; hyphens that join words ("cease-fire",
    /// "staakt-het-vuren") are passed over between the tokens, as in names.
    pub fn match_at(&self, s: &crate::recognize::Sentence, i: usize) -> Option<usize> {
        self.match_from(s, i, false)
    }

    /// As [`Pattern::match_at`]; with `first_known` the first token is taken as matching
    /// (a prefilter proved it) and not tested again.
    pub fn match_from(
        &self,
        s: &crate::recognize::Sentence,
        i: usize,
        first_known: bool,
    ) -> Option<usize> {
        let n = s.tokens.len();
        let mut j = i;
        for (k, t) in self.tokens.iter().enumerate() {
            while k > 0 && j < n && s.is_joining_hyphen(j) {
                j += 1;
            }
            if j >= n || !((k == 0 && first_known) || t.is_match(&s.norm[j])) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }
}

/// The token sequences that one written token pattern stands for. A token never holds a
/// hyphen (the tokenizer splits "cease-fire" into "cease", "-", "fire"), so each alternative
/// with a hyphen becomes a sequence of its own ("truce|cease-fire" is "truce" or "cease"
/// "fire"); a hyphen inside a group could never match and is refused.
fn token_sequences(pattern: &str) -> std::result::Result<Vec<Vec<String>>, String> {
    let mut alternatives = Vec::new();
    let (mut parens, mut bracket, mut escaped) = (0usize, false, false);
    let mut current = String::new();
    for c in pattern.chars() {
        let literal = escaped || bracket;
        escaped = !escaped && c == '\\';
        match c {
            '[' if !literal => bracket = true,
            ']' if bracket && !escaped => bracket = false,
            '(' if !literal => parens += 1,
            ')' if !literal => parens = parens.saturating_sub(1),
            '|' if !literal && parens == 0 => {
                alternatives.push(std::mem::take(&mut current));
                continue;
            }
            '-' if !literal && parens > 0 => {
                return Err(format!(
                    "'{pattern}': a hyphen inside a group never matches a token; write the alternative out"
                ))
            }
            _ => {}
        }
        current.push(c);
    }
    alternatives.push(current);
    let (hyphenated, plain): (Vec<String>, Vec<String>) = alternatives
        .into_iter()
        .partition(|a| split_outside_brackets(a, '-').len() > 1);
    let mut out = Vec::new();
    if !plain.is_empty() {
        out.push(vec![plain.join("|")]);
    }
    for a in hyphenated {
        out.push(split_outside_brackets(&a, '-'));
    }
    Ok(out)
}

/// The non-empty parts of `pattern` between the `sep` characters that stand outside its
/// bracketed character classes.
fn split_outside_brackets(pattern: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut bracket = false;
    for c in pattern.chars() {
        match c {
            '[' => bracket = true,
            ']' => bracket = false,
            _ => {}
        }
        if c == sep && !bracket {
            parts.push(String::new());
        } else if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.retain(|p| !p.is_empty());
    parts
}

/// Compiles a written pattern of space-separated tokens into the sequences it stands for:
/// one per combination of its tokens' hyphenated alternatives.
fn compile_sequences(written: &str) -> std::result::Result<Vec<Pattern>, String> {
    let mut sequences: Vec<Vec<String>> = vec![Vec::new()];
    for token in written.split_whitespace() {
        let options = token_sequences(token)?;
        sequences = sequences
            .iter()
            .flat_map(|prefix| {
                options.iter().map(move |o| {
                    let mut s = prefix.clone();
                    s.extend(o.iter().cloned());
                    s
                })
            })
            .collect();
    }
    sequences
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.iter()
                .map(|p| {
                    TokenPattern::new(p).map_err(|e| format!("'{written}' does not compile: {e}"))
                })
                .collect::<std::result::Result<Vec<_>, _>>()
                .map(|tokens| Pattern { tokens })
        })
        .collect()
}

/// A relation rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub relation: String,
    pub kind: RuleKind,
    pub triggers: Vec<Pattern>,
    pub particle: Option<String>,
    pub subject: Vec<Slot>,
    pub object: Vec<Slot>,
    pub requires: Vec<Pattern>,
    /// Words none of which may stand in the trigger's clause ("should have": a reproach,
    /// no demand).
    pub excludes: Vec<Pattern>,
    /// False when a negation in the clause belongs to what the trigger speaks of, not to the
    /// relation: "had zijn troepen niet moeten terugtrekken" still reproaches.
    pub negatable: bool,
    pub examples: Vec<Example>,
    pub near_misses: Vec<String>,
    pub line: usize,
}

impl From<ExampleRecord> for Example {
    fn from(e: ExampleRecord) -> Example {
        Example {
            text: e.text,
            expect: e.expect,
        }
    }
}

/// At least one example, each expectation "subject relation object [flags]" with a known
/// relation; the message of the first that is not.
fn check_example_records(
    examples: &[ExampleRecord],
    relations: &Relations,
) -> std::result::Result<(), String> {
    if examples.is_empty() {
        return Err("needs at least one example".into());
    }
    for e in examples.iter().flat_map(|ex| &ex.expect) {
        let parts: Vec<&str> = e.split_whitespace().collect();
        if parts.len() < 3 || relations.get(parts[1]).is_none() {
            return Err(format!(
                "example expectation '{e}' is not 'subject relation object [flags]'"
            ));
        }
    }
    Ok(())
}

/// A sentence a rule must turn into relations, written "subject relation object" with
/// optional flags `negated`, `hedged`, `reported`, `source=ID`.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub expect: Vec<String>,
}

/// A referring expression ("het land", "the alliance", "he"): a phrase that stands for an
/// actor named before it, resolved by the coreference stage.
#[derive(Debug, Clone)]
pub struct Referring {
    pub id: String,
    /// A description ("het land", "the alliance") names its actor again, so never one of
    /// its own clause (that would be a reflexive); a pronoun or possessive ("hij", "its
    /// troops") may stand for the subject of its clause.
    pub description: bool,
    /// A plural of two ("beide landen", "both countries") stands for the two actors of one
    /// coordination ("Armenië en Azerbeidzjan") at once.
    pub plural: bool,
    /// A pronoun that opens the clause of a reporting verb ("Spain announced that it …",
    /// "Armenië en Azerbeidzjan zeggen dat ze …") and stands for that verb's subject only:
    /// the pronoun is too common to stand for anything looser.
    pub reporter: bool,
    /// Each a sequence of normalised words.
    pub words: Vec<Vec<String>>,
    /// The actor types it may stand for.
    pub types: Vec<ActorType>,
    /// Texts (one or more sentences) whose relations include these, made through it.
    pub examples: Vec<Example>,
    /// Texts that must give no relation through it.
    pub near_misses: Vec<String>,
    pub line: usize,
}

/// All rules of one language.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub language: String,
    pub path: PathBuf,
    pub lexicon: Lexicon,
    /// What the sentence splitter needs of the lexicon, made once.
    pub segment: crate::segment::SegmentConfig,
    pub titles: Titles,
    pub rules: Vec<Rule>,
    pub referring: Vec<Referring>,
    /// The words of every referring expression, in record order, indexed by first word:
    /// coreference asks at every token which expressions start there, and a pass over all
    /// of them cost more than the rest of resolution.
    pub referring_words: Phrases,
    /// For each phrase of `referring_words`: the index of its record in `referring`.
    pub referring_owner: Vec<usize>,
    /// Names of the symmetric relations, from the ontology.
    pub symmetric: HashSet<String>,
    /// Relation name → every relation it is a kind of (rdfs:subPropertyOf), from the
    /// ontology.
    pub kinds: rustc_hash::FxHashMap<String, Vec<String>>,
    /// Relation name → the actor types its subject and object may have (domain and range).
    pub types: rustc_hash::FxHashMap<String, (Vec<ActorType>, Vec<ActorType>)>,
    /// The first token of every trigger pattern (and its form joined to a separable
    /// particle) in one set, so that one pass per token finds the patterns that may start
    /// there: the prefilter that keeps matching cost independent of the number of rules.
    pub trigger_starts: regex::RegexSet,
    /// For each member of `trigger_starts`: (rule index, pattern index).
    pub trigger_owner: Vec<(usize, usize)>,
    /// Tells this rule set's entries in the per-thread memo of `trigger_starts` apart from
    /// those of other rule sets (unique per load).
    memo_key: usize,
}

static NEXT_MEMO_KEY: AtomicUsize = AtomicUsize::new(0);

/// What [`RuleSet::look_up_words`] remembers of a word.
struct WordMemo {
    /// The members of `trigger_starts` it matches.
    starts: Box<[u32]>,
    /// Its roles in the lexicon, with [`MAY_START_TITLE`] and [`COMPOUND_TITLE`].
    roles: u64,
}

/// Words seen per thread and rule set → what they are.
type StartMemo = FxHashMap<usize, FxHashMap<Box<str>, WordMemo>>;

thread_local! {
    static START_MEMO: RefCell<StartMemo> = RefCell::new(FxHashMap::default());
}

/// Words remembered per thread and rule set (or pattern set) before a memo starts afresh.
const START_MEMO_WORDS: usize = 200_000;

/// The set of the first tokens of all trigger patterns, with their owners.
fn trigger_starts(
    rules: &[Rule],
) -> std::result::Result<(regex::RegexSet, Vec<(usize, usize)>), regex::Error> {
    let mut patterns = Vec::new();
    let mut owner = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        for (p, pattern) in rule.triggers.iter().enumerate() {
            let Some(first) = pattern.tokens.first() else {
                continue;
            };
            // The compiled token regex is `^(?:…)$`.
            let inner = first
                .as_str()
                .strip_prefix('^')
                .and_then(|x| x.strip_suffix('$'))
                .unwrap_or(first.as_str())
                .to_string();
            patterns.push(format!("^{inner}$"));
            owner.push((r, p));
            if pattern.tokens.len() == 1 {
                for part in rule.particle.iter().flat_map(|x| x.split('|')) {
                    patterns.push(format!("^{}{inner}$", regex::escape(part)));
                    owner.push((r, p));
                }
            }
        }
    }
    Ok((regex::RegexSet::new(patterns)?, owner))
}

impl RuleSet {
    /// Calls `f(i, k)` with each member `k` of `trigger_starts` that matches the normalised
    /// `words[i]`, in order of `i`, and returns the roles of the words in the lexicon (as
    /// [`WordRoles::of`], for [`Sentence::set_roles`]) with [`MAY_START_TITLE`] and the bit
    /// of compound titles. News repeats its words, and the set's automaton was the costliest
    /// step per token, so the answers are remembered per thread: one look-up per token
    /// for all of them.
    ///
    /// [`Sentence::set_roles`]: crate::recognize::Sentence::set_roles
    pub fn look_up_words<W: AsRef<str>>(
        &self,
        words: &[W],
        mut f: impl FnMut(usize, usize),
    ) -> Vec<u64> {
        START_MEMO.with(|memo| {
            let mut memo = memo.borrow_mut();
            let mine = memo.entry(self.memo_key).or_default();
            let mut roles = Vec::with_capacity(words.len());
            for (i, word) in words.iter().enumerate() {
                let word = word.as_ref();
                if let Some(known) = mine.get(word) {
                    known.starts.iter().for_each(|&k| f(i, k as usize));
                    roles.push(known.roles);
                    continue;
                }
                if mine.len() >= START_MEMO_WORDS {
                    mine.clear();
                }
                let starts: Box<[u32]> = self
                    .trigger_starts
                    .matches(word)
                    .iter()
                    .map(|k| k as u32)
                    .collect();
                starts.iter().for_each(|&k| f(i, k as usize));
                let mut word_roles = self.lexicon.roles.of(word);
                if self.titles.may_start(word) {
                    word_roles |= MAY_START_TITLE;
                }
                if self.titles.compound_ends(word).next().is_some() {
                    word_roles |= COMPOUND_TITLE;
                }
                roles.push(word_roles);
                mine.insert(
                    word.into(),
                    WordMemo {
                        starts,
                        roles: word_roles,
                    },
                );
            }
            roles
        })
    }

    /// Whether a relation's domain and range admit these actor types.
    /// Whether `narrow` is a kind of `broad` ("suppliesWeaponsTo" of "supports"), directly or
    /// through other kinds.
    pub fn is_kind_of(&self, narrow: &str, broad: &str) -> bool {
        self.kinds
            .get(narrow)
            .is_some_and(|broader| broader.iter().any(|b| b == broad))
    }

    pub fn allows(&self, relation: &str, subject: ActorType, object: ActorType) -> bool {
        self.types.get(relation).is_none_or(|(d, r)| {
            (d.is_empty() || d.contains(&subject)) && (r.is_empty() || r.contains(&object))
        })
    }
}

fn words(list: &[String]) -> WordSet {
    WordSet::new(list.iter().map(|w| normalize(w)).collect())
}

fn phrases(list: &[String]) -> Vec<Vec<String>> {
    list.iter()
        .map(|p| name_tokens(p).iter().map(|t| normalize(t)).collect())
        .collect()
}

fn compile_token(pattern: &str) -> std::result::Result<Regex, regex::Error> {
    Regex::new(&format!("^(?:{pattern})$"))
}

fn parse_slot(s: &str) -> Option<Slot> {
    Some(match s {
        "subject" => Slot::Subject,
        "object" => Slot::Object,
        "before" => Slot::Before,
        "after" => Slot::After,
        "previous" => Slot::Previous,
        "that-subject" => Slot::ThatSubject,
        "reporter" => Slot::Reporter,
        "possessor" => Slot::Possessor,
        _ => Slot::Pp(normalize(s.strip_prefix("pp:")?)),
    })
}

impl RuleSet {
    /// Reads a rule file and checks it: known relations, unique ids, compiling patterns,
    /// valid slots. Errors name the file, the line and the rule id.
    pub fn load(path: &Path, relations: &Relations) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file: RuleFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, e))?;
        let lx = &file.lexicon;
        let compile_list = |list: &[String], what: &str| -> Result<Vec<Regex>> {
            list.iter()
                .map(|p| {
                    compile_token(p).map_err(|e| {
                        let line = text.find(p.as_str()).map_or(1, |o| line_of(&text, o));
                        Error::data(path, line, format!("{what} pattern does not compile: {e}"))
                    })
                })
                .collect()
        };
        let as_set = |list: Vec<Regex>, what: &str| {
            WordPatterns::new(&list).map_err(|e| {
                Error::data(path, 1, format!("the {what} patterns do not combine: {e}"))
            })
        };
        let reporting_verbs = as_set(
            compile_list(&lx.reporting_verbs, "reporting verb")?,
            "reporting verb",
        )?;
        let intention_verbs = as_set(
            compile_list(&lx.intention_verbs, "intention verb")?,
            "intention verb",
        )?;
        let mut lexicon = Lexicon {
            abbreviations: lx.abbreviations.iter().map(|a| a.to_lowercase()).collect(),
            stopwords: words(&lx.stopwords),
            determiners: words(&lx.determiners),
            premodifiers: Phrases::new(phrases(&lx.premodifiers)),
            prepositions: words(&lx.prepositions),
            place_prepositions: words(&lx.place_prepositions),
            adjective_blockers: words(&lx.adjective_blockers),
            negations: Phrases::new(phrases(&lx.negations)),
            not_negations: Phrases::new(phrases(&lx.not_negations)),
            hedges: Phrases::new(phrases(&lx.hedges)),
            reporting_verbs,
            intention_verbs,
            reporting_prepositions: words(&lx.reporting_prepositions),
            reporting_postpositions: words(&lx.reporting_postpositions),
            subordinators: words(&lx.subordinators),
            weak_subordinators: words(&lx.weak_subordinators),
            pronouns: words(&lx.pronouns),
            relatives: words(&lx.relatives),
            relative_prepositions: lx
                .relative_prepositions
                .iter()
                .map(|(k, v)| (normalize(k), normalize(v)))
                .collect(),
            person_pronouns: words(&lx.person_pronouns),
            complementizers: words(&lx.complementizers),
            consequents: words(&lx.consequents),
            infinitive_introducers: words(&lx.infinitive_introducers),
            coordinators: words(&lx.coordinators),
            conditionals: words(&lx.conditionals),
            passive_auxiliaries: words(&lx.passive_auxiliaries),
            list_conjunctions: words(&lx.list_conjunctions),
            np_heads: phrases(&lx.np_heads),
            name_particles: words(&lx.name_particles),
            affiliation_relation: lx.affiliation_relation.clone(),
            genitive_prepositions: words(&lx.genitive_prepositions),
            agent_prepositions: words(&lx.agent_prepositions),
            between_prepositions: words(&lx.between_prepositions),
            infinitive_markers: words(&lx.infinitive_markers),
            origin_prepositions: words(&lx.origin_prepositions),
            head_modifier_prepositions: words(&lx.head_modifier_prepositions),
            adjective_suffixes: lx.adjective_suffixes.iter().map(|a| normalize(a)).collect(),
            passive_window: lx.passive_window,
            verb_final: lx.verb_final,
            bare_complements: lx.bare_complements,
            hyphen_agents: words(&lx.hyphen_agents),
            hyphen_leaders: words(&lx.hyphen_leaders),
            owned_themes: words(&lx.owned_themes),
            people_heads: words(&lx.people_heads),
            affiliation_prepositions: words(&lx.affiliation_prepositions),
            gerund_prepositions: words(&lx.gerund_prepositions),
            preventive_prepositions: words(&lx.preventive_prepositions),
            coordination_needs_verb: lx.coordination_needs_verb,
            act_summaries: words(&lx.act_summaries),
            speech_summaries: words(&lx.speech_summaries),
            state_heads: Phrases::new(phrases(&lx.state_heads)),
            inclusions: Phrases::new(phrases(&lx.inclusions)),
            denials: words(&lx.denials),
            cancellations: Phrases::new(phrases(&lx.cancellations)),
            object_control: words(&lx.object_control),
            border_nouns: words(&lx.border_nouns),
            clause_relatives: words(&lx.clause_relatives),
            user_participles: words(&lx.user_participles),
            phrase_conjunctions: words(&lx.phrase_conjunctions),
            possessives: words(&lx.possessives),
            roles: WordRoles::default(),
        };

        if let Some(r) = &lexicon.affiliation_relation {
            if relations.get(r).is_none() {
                let line = text
                    .find("affiliation_relation")
                    .map_or(1, |o| line_of(&text, o));
                return Err(Error::data(
                    path,
                    line,
                    format!("affiliation_relation: unknown relation '{r}'"),
                ));
            }
        }
        let lines = LineIndex::new(&text);
        let mut ids = HashSet::default();
        let mut titles = Vec::new();
        for t in file.title {
            let line = lines.line_of(t.id.span().start);
            let id = t.id.into_inner();
            if !ids.insert(id.clone()) {
                return Err(Error::data(path, line, format!("duplicate id '{id}'")));
            }
            if let Some(r) = &t.relation {
                if relations.get(r).is_none() {
                    return Err(Error::data(
                        path,
                        line,
                        format!("title '{id}': unknown relation '{r}'"),
                    ));
                }
            }
            titles.push(Title {
                id,
                relation: t.relation,
                words: phrases(&t.words),
            });
        }
        let mut rules = Vec::new();
        for r in file.rule {
            let line = lines.line_of(r.id.span().start);
            let id = r.id.into_inner();
            let err = |msg: String| Error::data(path, line, format!("rule '{id}': {msg}"));
            if !ids.insert(id.clone()) {
                return Err(err("duplicate id".into()));
            }
            if relations.get(&r.relation).is_none() {
                return Err(err(format!("unknown relation '{}'", r.relation)));
            }
            let kind = match r.kind.as_str() {
                "verb" => RuleKind::Verb,
                "noun" => RuleKind::Noun,
                "phrase" => RuleKind::Phrase,
                k => return Err(err(format!("unknown kind '{k}' (verb, noun or phrase)"))),
            };
            let mut triggers = Vec::new();
            for t in &r.trigger {
                let patterns = compile_sequences(t).map_err(|e| err(format!("trigger {e}")))?;
                if patterns.is_empty() {
                    return Err(err("empty trigger".into()));
                }
                triggers.extend(patterns);
            }
            if triggers.is_empty() {
                return Err(err("needs at least one trigger".into()));
            }
            let slots = |list: &Option<Vec<String>>, default: Vec<Slot>| -> Result<Vec<Slot>> {
                match list {
                    None => Ok(default),
                    Some(l) => l
                        .iter()
                        .map(|s| {
                            parse_slot(s).ok_or_else(|| {
                                err(format!(
                                    "unknown slot '{s}' (subject, object, before, after, previous, that-subject, pp:PREP)"
                                ))
                            })
                        })
                        .collect(),
                }
            };
            let (ds, dobj) = match kind {
                RuleKind::Verb => (vec![Slot::Subject], vec![Slot::Object]),
                RuleKind::Noun => {
                    let pps = |set: &WordSet| {
                        let mut v: Vec<&String> = set.iter().collect();
                        v.sort();
                        v.into_iter()
                            .map(|p| Slot::Pp(p.clone()))
                            .collect::<Vec<_>>()
                    };
                    let mut subject = vec![Slot::Before];
                    subject.extend(pps(&lexicon.agent_prepositions));
                    subject.push(Slot::Subject);
                    (subject, pps(&lexicon.genitive_prepositions))
                }
                RuleKind::Phrase => (vec![Slot::Subject], vec![Slot::After]),
            };
            let compile_all = |key: &str, list: &[String]| -> Result<Vec<Pattern>> {
                let mut out = Vec::new();
                for p in list {
                    if p.split_whitespace().count() != 1 {
                        return Err(err(format!("{key} '{p}' must be one word")));
                    }
                    out.extend(compile_sequences(p).map_err(|e| err(format!("{key} {e}")))?);
                }
                Ok(out)
            };
            let requires = compile_all("requires", &r.requires)?;
            let excludes = compile_all("excludes", &r.excludes)?;
            check_example_records(&r.example, relations).map_err(err)?;
            rules.push(Rule {
                subject: slots(&r.subject, ds)?,
                object: slots(&r.object, dobj)?,
                id,
                relation: r.relation,
                kind,
                triggers,
                particle: r.particle.map(|p| normalize(&p)),
                requires,
                excludes,
                negatable: r.negatable,
                examples: r.example.into_iter().map(Example::from).collect(),
                near_misses: r.near_misses,
                line,
            });
        }
        let mut referring = Vec::new();
        for r in file.referring {
            let line = lines.line_of(r.id.span().start);
            let id = r.id.into_inner();
            let err = |msg: String| Error::data(path, line, format!("referring '{id}': {msg}"));
            if !ids.insert(id.clone()) {
                return Err(err("duplicate id".into()));
            }
            if r.words.is_empty() || r.types.is_empty() {
                return Err(err("needs words and types".into()));
            }
            let description = match r.kind.as_str() {
                "description" => true,
                "pronoun" => false,
                k => return Err(err(format!("unknown kind '{k}' (description or pronoun)"))),
            };
            if r.reporter && description {
                return Err(err("a reporter is a pronoun, not a description".into()));
            }
            check_example_records(&r.example, relations).map_err(err)?;
            referring.push(Referring {
                id,
                description,
                plural: r.plural,
                reporter: r.reporter,
                words: phrases(&r.words),
                types: r.types,
                examples: r.example.into_iter().map(Example::from).collect(),
                near_misses: r.near_misses,
                line,
            });
        }
        let referring_owner: Vec<usize> = referring
            .iter()
            .enumerate()
            .flat_map(|(k, r)| r.words.iter().map(move |_| k))
            .collect();
        let mut referring_words = Phrases::new(
            referring
                .iter()
                .flat_map(|r| r.words.iter().cloned())
                .collect(),
        );
        let mut titles = Titles::new(titles);
        lexicon.index_word_lists(&mut referring_words, &mut titles);
        let (trigger_starts, trigger_owner) = trigger_starts(&rules).map_err(|e| {
            Error::data(path, 1, format!("the trigger patterns do not combine: {e}"))
        })?;
        Ok(RuleSet {
            language: file.language,
            path: path.to_path_buf(),
            segment: crate::segment::SegmentConfig {
                abbreviations: lexicon.abbreviations.clone(),
            },
            lexicon,
            titles,
            rules,
            referring,
            referring_words,
            referring_owner,
            trigger_starts,
            trigger_owner,
            memo_key: NEXT_MEMO_KEY.fetch_add(1, Ordering::Relaxed),
            symmetric: relations
                .relations
                .iter()
                .filter(|r| r.symmetric)
                .map(|r| r.name.clone())
                .collect(),
            kinds: relations
                .relations
                .iter()
                .map(|n| {
                    let broader = relations
                        .relations
                        .iter()
                        .filter(|b| relations.is_kind_of(&n.name, &b.name))
                        .map(|b| b.name.clone())
                        .collect();
                    (n.name.clone(), broader)
                })
                .collect(),
            types: relations
                .relations
                .iter()
                .map(|r| {
                    (
                        r.name.clone(),
                        (r.subject_types.clone(), r.object_types.clone()),
                    )
                })
                .collect(),
        })
    }
}

/// Adds a failure for each expectation of an example that `got` (its relations, described)
/// lacks; `how` qualifies "expected" (" through it").
fn missing(
    failures: &mut Vec<String>,
    at: &str,
    how: &str,
    text: &str,
    expect: &[String],
    got: &[String],
) {
    for want in expect {
        let want_norm = want.split_whitespace().collect::<Vec<_>>().join(" ");
        if !got.iter().any(|g| g == &want_norm) {
            failures.push(format!(
                "{at}: expected '{want_norm}'{how} in \"{text}\", found {got:?}"
            ));
        }
    }
}

/// Runs every rule's examples and near misses; returns one line per failure.
pub fn check_examples(engine: &crate::Engine) -> Vec<String> {
    let mut failures = Vec::new();
    for rs in &engine.rule_sets {
        for rule in &rs.rules {
            let at = format!("{}:{}: rule '{}'", rs.path.display(), rule.line, rule.id);
            for ex in &rule.examples {
                let found = crate::extract::extract_sentence(&ex.text, rs, &engine.gazetteer);
                let got: Vec<String> = found.iter().map(describe).collect();
                missing(&mut failures, &at, "", &ex.text, &ex.expect, &got);
            }
            for nm in &rule.near_misses {
                let found = crate::extract::extract_sentence(nm, rs, &engine.gazetteer);
                for f in found.iter().filter(|f| f.rule == rule.id) {
                    failures.push(format!("{at}: near miss \"{nm}\" gave '{}'", describe(f)));
                }
            }
        }
    }
    for rs in &engine.rule_sets {
        for r in &rs.referring {
            let at = format!("{}:{}: referring '{}'", rs.path.display(), r.line, r.id);
            let mark = crate::coref::provenance(&rs.language, &r.id);
            for ex in &r.examples {
                let found = crate::extract::extract_text(&ex.text, rs, &engine.gazetteer);
                let got: Vec<String> = found
                    .iter()
                    .filter(|f| f.rule.contains(&mark))
                    .map(describe)
                    .collect();
                missing(
                    &mut failures,
                    &at,
                    " through it",
                    &ex.text,
                    &ex.expect,
                    &got,
                );
            }
            for nm in &r.near_misses {
                let found = crate::extract::extract_text(nm, rs, &engine.gazetteer);
                for f in found.iter().filter(|f| f.rule.contains(&mark)) {
                    failures.push(format!("{at}: near miss \"{nm}\" gave '{}'", describe(f)));
                }
            }
        }
    }
    failures
}

/// "subject relation object [negated] [hedged|reported] [source=ID]", as examples are written.
pub fn describe(f: &crate::extract::Found) -> String {
    let mut s = format!("{} {} {}", f.subject.id, f.relation, f.object.id);
    if f.negated {
        s.push_str(" negated");
    }
    if f.modality != crate::Modality::Asserted {
        s.push(' ');
        s.push_str(f.modality.as_str());
    }
    if let Some(src) = &f.source {
        s.push_str(&format!(" source={}", src.id));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::Sentence;
    use crate::segment::tokenize;

    fn list(phrases: &[&str]) -> Vec<Vec<String>> {
        phrases
            .iter()
            .map(|p| match *p {
                "" => Vec::new(),
                p => p.split(' ').map(str::to_string).collect(),
            })
            .collect()
    }

    /// Every answer of `Phrases` against the linear scan it replaces, at every token.
    fn same_as_linear_scan(phrases: &[&str], text: &str) {
        let tokens = tokenize(text);
        let s = Sentence::new(text, &tokens);
        let linear = list(phrases);
        let indexed = Phrases::new(linear.clone());
        for i in 0..=tokens.len() {
            let ends: Vec<usize> = linear.iter().filter_map(|p| s.phrase_at(i, p)).collect();
            assert_eq!(
                indexed.ends_at(&s, i).collect::<Vec<_>>(),
                ends,
                "{text:?} at {i}"
            );
            assert_eq!(indexed.at(&s, i), ends.first().copied(), "{text:?} at {i}");
            let matches: Vec<(usize, usize)> = linear
                .iter()
                .enumerate()
                .filter_map(|(k, p)| Some((k, s.phrase_at(i, p)?)))
                .collect();
            assert_eq!(
                indexed.matches_at(&s, i).collect::<Vec<_>>(),
                matches,
                "{text:?} matches at {i}"
            );
            let ending: Vec<&Vec<String>> = linear
                .iter()
                .filter(|p| p.len() <= i && s.phrase_at(i - p.len(), p) == Some(i))
                .collect();
            assert_eq!(
                indexed.ending_at(&s, i).collect::<Vec<_>>(),
                ending,
                "{text:?} ending at {i}"
            );
        }
    }

    #[test]
    fn a_hyphenated_alternative_becomes_a_sequence_of_its_own() {
        let seqs =
            token_sequences("truce|cease-fire|air-defen[cs]e|f-16s?|[a-z]+x").expect("valid");
        assert_eq!(
            seqs,
            vec![
                vec!["truce|[a-z]+x".to_string()],
                vec!["cease".to_string(), "fire".to_string()],
                vec!["air".to_string(), "defen[cs]e".to_string()],
                vec!["f".to_string(), "16s?".to_string()],
            ]
        );
        assert!(token_sequences("(co-)?operate").is_err());
        // A trigger of several words multiplies out.
        let patterns = compile_sequences("staakt-het-vuren|bestand met").expect("valid");
        let lengths: Vec<usize> = patterns.iter().map(|p| p.tokens.len()).collect();
        assert_eq!(lengths, vec![2, 4]);
    }

    #[test]
    fn phrases_answer_as_the_linear_scan_does() {
        let phrases = [
            "niet",
            "niet alleen",
            "no longer",
            "no",
            "refused to",
            "onder meer",
            "meer",
        ];
        for text in [
            "Rusland valt niet alleen Oekraïne aan, maar ook niet Georgië.",
            "Iran no longer supports Hamas and refused to talk, no.",
            "Steun van onder meer Frankrijk en meer landen.",
            "Nagorno-Karabach niet-gebonden no-longer",
            "Nothing matches here at all.",
            "",
        ] {
            same_as_linear_scan(&phrases, text);
        }
    }

    #[test]
    fn word_sets_answer_as_their_words_do() {
        let list: Vec<String> = ["de", "het", "een", "tussen", "ä", "überhaupt", ""]
            .iter()
            .map(|w| w.to_string())
            .collect();
        let set = WordSet::new(list.iter().cloned().collect());
        for w in [
            "de",
            "het",
            "een",
            "tussen",
            "ä",
            "überhaupt",
            "",
            "d",
            "e",
            "dé",
            "hat",
            "tussenin",
            "ee",
            "a",
            "überhaupt!",
            "the",
        ] {
            assert_eq!(set.contains(w), list.iter().any(|l| l == w), "{w:?}");
            assert_eq!(set.contains(&w.to_string()), set.contains(w), "{w:?}");
        }
        let long = "a".repeat(70);
        let with_long = WordSet::new([long.clone()].into_iter().collect());
        assert!(with_long.contains(&long) && !with_long.contains(&"a".repeat(71)));
        assert!(!WordSet::default().contains("de"));
    }

    #[test]
    fn word_patterns_remember_their_own_answers() {
        let set = |patterns: &[&str]| {
            let list: Vec<Regex> = patterns
                .iter()
                .map(|p| compile_token(p).expect("pattern compiles"))
                .collect();
            WordPatterns::new(&list).expect("set compiles")
        };
        let said = set(&["said|says", "told"]);
        let zei = set(&["zei|zegt"]);
        // Asked twice each, in turns: a memo shared between the sets would answer wrongly.
        for _ in 0..2 {
            assert!(said.is_match("said") && said.is_match("told"));
            assert!(!said.is_match("zei") && !said.is_match("saidx"));
            assert!(zei.is_match("zei") && !zei.is_match("said"));
        }
        assert!(!WordPatterns::default().is_match("said"));
        assert!(said.clone().is_match("says"));
    }

    #[test]
    fn phrases_give_the_first_match_in_list_order() {
        let text = "Iran refused to talk.";
        let tokens = tokenize(text);
        let s = Sentence::new(text, &tokens);
        let phrases = Phrases::new(list(&["refused to talk", "refused", "refused to"]));
        assert_eq!(phrases.at(&s, 1), Some(4));
        assert_eq!(phrases.ends_at(&s, 1).collect::<Vec<_>>(), vec![4, 2, 3]);
        assert_eq!(
            phrases.matches_at(&s, 1).collect::<Vec<_>>(),
            vec![(0, 4), (1, 2), (2, 3)]
        );
        assert_eq!(phrases.at(&s, 0), None);
        let ending: Vec<_> = phrases.ending_at(&s, 3).collect();
        assert_eq!(ending, vec![&list(&["refused to"])[0]]);
    }

    #[test]
    fn compounds_end_in_one_word_titles_whatever_their_last_bytes() {
        let title = |id: &str, words: &[&str]| Title {
            id: id.to_string(),
            relation: None,
            words: words.iter().map(|w| vec![w.to_string()]).collect(),
        };
        let titles = Titles::new(vec![
            title("minister", &["minister"]),
            title("president", &["president", "premier"]),
        ]);
        let ends = |w: &str| titles.compound_ends(w).collect::<Vec<_>>();
        assert_eq!(ends("buitenlandminister"), vec![(0, 0)]);
        assert_eq!(ends("staatspremier"), vec![(1, 1)]);
        assert_eq!(ends("minister"), vec![]);
        assert_eq!(ends("buitenlandministerie"), vec![]);
        assert!(titles.may_start("vicepresident") && !titles.may_start("presidentschap"));
        // The same answers as a look-up of every suffix after the fourth byte.
        for word in [
            "buitenlandminister",
            "staatspremier",
            "éénminister",
            "oudpremierminister",
            "mini",
            "ministerpresident",
        ] {
            let every: Vec<(usize, usize)> = word
                .char_indices()
                .filter(|&(k, _)| k > 3)
                .flat_map(|(k, _)| titles.single(&word[k..]).iter().copied())
                .collect();
            assert_eq!(ends(word), every, "{word}");
        }
        // A one-byte title turns the filter on the last two bytes off.
        let short = Titles::new(vec![title("x", &["x"])]);
        assert_eq!(
            short.compound_ends("abcdex").collect::<Vec<_>>(),
            vec![(0, 0)]
        );
    }

    #[test]
    fn an_empty_phrase_matches_everywhere_as_before() {
        let text = "Iran refused.";
        let tokens = tokenize(text);
        let s = Sentence::new(text, &tokens);
        let phrases = Phrases::new(vec![Vec::new(), vec!["refused".to_string()]]);
        assert_eq!(phrases.at(&s, 0), Some(0));
        assert_eq!(phrases.ends_at(&s, 1).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(phrases.ending_at(&s, 2).count(), 2);
        same_as_linear_scan(&["refused", "", "iran refused"], text);
    }

    #[test]
    fn spelled_out_patterns_list_exactly_the_words_they_match() {
        let spelled = |p: &str| {
            let mut words = spelled_out(compile_token(p).expect("pattern compiles").as_str())?;
            words.sort();
            Some(words)
        };
        let some = |words: &[&str]| Some(words.iter().map(|w| w.to_string()).collect());
        assert_eq!(spelled("say|says|said"), some(&["said", "say", "says"]));
        assert_eq!(
            spelled("zeg(t|gen)?|zei(den)?"),
            some(&["zeg", "zeggen", "zegt", "zei", "zeiden"])
        );
        assert_eq!(
            spelled("commitments?"),
            some(&["commitment", "commitments"])
        );
        assert_eq!(
            spelled("(?:mede)?verantwoordelijk"),
            some(&["medeverantwoordelijk", "verantwoordelijk"])
        );
        assert_eq!(
            spelled("war criminal|re-arm|zo'n|(t|)"),
            some(&["", "re-arm", "t", "war criminal", "zo'n"])
        );
        for p in [
            "onderhandel.*",
            "air-defen[cs]e",
            "(?i)nato",
            "a+",
            "ab??",
            "x{2}",
            "(?<n>a)",
        ] {
            assert_eq!(spelled(p), None, "{p}");
        }
    }

    #[test]
    fn token_patterns_answer_as_their_regexes_do() {
        for rules in &crate::shipped_engine().rule_sets {
            let patterns: Vec<&TokenPattern> = rules
                .rules
                .iter()
                .flat_map(|r| {
                    r.triggers
                        .iter()
                        .chain(&r.requires)
                        .chain(&r.excludes)
                        .flat_map(|p| &p.tokens)
                })
                .collect();
            // The words of the examples, and the pattern's own words with a letter more and
            // one less.
            let mut words: Vec<String> = rules
                .rules
                .iter()
                .flat_map(|r| &r.examples)
                .flat_map(|e| {
                    let tokens = tokenize(&e.text);
                    let s = Sentence::new(&e.text, &tokens);
                    s.norm.iter().map(|w| w.to_string()).collect::<Vec<_>>()
                })
                .collect();
            for p in &patterns {
                for w in spelled_out(p.as_str()).into_iter().flatten() {
                    words.push(format!("{w}s"));
                    words.push(w.chars().skip(1).collect());
                    words.push(w);
                }
            }
            for p in &patterns {
                for w in &words {
                    assert_eq!(
                        p.is_match(w),
                        p.regex.is_match(w),
                        "{} on {w:?}",
                        p.as_str()
                    );
                }
            }
            for (lexicon_patterns, what) in [
                (&rules.lexicon.reporting_verbs, "reporting"),
                (&rules.lexicon.intention_verbs, "intention"),
            ] {
                let both = lexicon_patterns.set.as_ref();
                for w in &words {
                    let by_regex = lexicon_patterns.words.contains(w)
                        || both.is_some_and(|set| set.is_match(w));
                    assert_eq!(lexicon_patterns.is_match(w), by_regex, "{what} {w:?}");
                }
            }
        }
    }

    #[test]
    fn noted_roles_answer_as_the_word_and_phrase_lists_do() {
        for rules in &crate::shipped_engine().rule_sets {
            let mut lexicon = rules.lexicon.clone();
            let mut referring = rules.referring_words.clone();
            let texts = rules
                .rules
                .iter()
                .flat_map(|r| r.examples.iter().map(|e| e.text.as_str()))
                .chain(
                    rules
                        .referring
                        .iter()
                        .flat_map(|r| r.near_misses.iter().map(String::as_str)),
                );
            for text in texts {
                let tokens = tokenize(text);
                let plain = Sentence::new(text, &tokens);
                let mut noted = Sentence::new(text, &tokens);
                let roles = rules.look_up_words(&noted.norm, |_, _| {});
                noted.set_roles(roles, lexicon.roles.key());
                for list in lexicon.word_lists_mut() {
                    for k in 0..tokens.len() {
                        assert_eq!(
                            list.contains_token(&noted, k),
                            list.contains(&*noted.norm[k])
                        );
                        assert_eq!(
                            list.contains_token(&plain, k),
                            list.contains(&*plain.norm[k])
                        );
                    }
                }
                let phrases = lexicon
                    .phrase_lists_mut()
                    .into_iter()
                    .chain([&mut referring]);
                for list in phrases {
                    for k in 0..=tokens.len() {
                        assert_eq!(
                            list.matches_at(&noted, k).collect::<Vec<_>>(),
                            list.matches_at(&plain, k).collect::<Vec<_>>(),
                            "{text:?} at {k}"
                        );
                    }
                }
                for k in 0..tokens.len() {
                    let word = &noted.norm[k];
                    assert_eq!(
                        rules.titles.starting_with_token(&noted, k),
                        rules.titles.starting_with(word),
                        "{text:?} at {k}"
                    );
                    assert_eq!(
                        rules.titles.may_start_token(&noted, k),
                        rules.titles.may_start(word),
                        "{text:?} at {k}"
                    );
                    assert_eq!(
                        rules
                            .titles
                            .compound_ends_token(&noted, k)
                            .collect::<Vec<_>>(),
                        rules.titles.compound_ends(word).collect::<Vec<_>>(),
                        "{text:?} at {k}"
                    );
                }
            }
        }
    }
}
