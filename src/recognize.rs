//! Stage 3, recognition: finds the actors of a sentence with the gazetteer (names, spelling
//! variants, demonym adjectives, plural nouns, capitals as governments), ties titled people to
//! what they lead, and notes the preposition that introduces each noun phrase.
//! Entry point: [`recognize`].

use std::borrow::Cow;

use crate::gazetteer::{normalize, normalized, ActorType, Case, Form, Gazetteer};
use crate::rules::{Lexicon, Titles};
use crate::segment::{Token, TokenKind};

/// An actor as it appears in output: id, English label, type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorRef {
    pub id: String,
    pub label: String,
    pub kind: ActorType,
}

/// An actor mention in a sentence, as a token range.
#[derive(Debug, Clone)]
pub struct Mention {
    pub actor: ActorRef,
    /// First token of the noun phrase the mention heads (with its title, if any).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The token of the name itself, where the phrase starts earlier.
    pub head: usize,
    pub form: Form,
    /// The preposition that introduces the noun phrase, normalised.
    pub prep: Option<String>,
    /// The referring expression ("het land", "he") that stands for the actor here, when the
    /// coreference stage found it: its id, for the provenance of what is made of it.
    pub via: Option<String>,
}

/// A leaderOf/memberOf tie stated by a title ("de Armeense premier Nikol Pasjinjan").
#[derive(Debug, Clone)]
pub struct TitleTie {
    pub person: ActorRef,
    pub owner: ActorRef,
    pub relation: String,
    pub rule: String,
    pub start: usize,
    pub end: usize,
}

/// What recognition finds in one sentence.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    pub mentions: Vec<Mention>,
    pub ties: Vec<TitleTie>,
}

/// Sentence tokens with their normalised forms, shared by recognition and extraction.
pub struct Sentence<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// The normalised tokens, borrowed from `text` where it has them already.
    pub norm: Vec<Cow<'a, str>>,
    /// Tokens where a verb rule's trigger starts (marked by the extractor): a verb is never
    /// part of a noun phrase.
    pub verb: Vec<bool>,
    /// For each token, the word lists of a lexicon that hold it (see [`WordRoles`]), once
    /// noted with [`Sentence::set_roles`].
    ///
    /// [`WordRoles`]: crate::rules::WordRoles
    roles: Vec<u64>,
    /// The [`WordRoles::key`](crate::rules::WordRoles::key) of the lexicon `roles` were
    /// noted with; 0 before.
    roles_key: usize,
    /// What each token is, asked of most tokens many times by recognition and extraction.
    flags: Vec<TokenFlags>,
}

/// What [`Sentence::new`] notes of each token.
#[derive(Debug, Clone, Copy)]
struct TokenFlags {
    /// A word with a capital first letter.
    capitalized: bool,
    /// A hyphen inside a word ("Nagorno-Karabach").
    joining_hyphen: bool,
}

impl<'a> Sentence<'a> {
    /// Normalises the tokens of `text`.
    pub fn new(text: &'a str, tokens: &'a [Token]) -> Self {
        let norm = tokens.iter().map(|t| normalized(t.text(text))).collect();
        let flags = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| TokenFlags {
                capitalized: t.kind == TokenKind::Word
                    && t.text(text).chars().next().is_some_and(char::is_uppercase),
                joining_hyphen: t.kind == TokenKind::Punct
                    && t.text(text) == "-"
                    && !t.space_before
                    && tokens.get(i + 1).is_some_and(|n| !n.space_before),
            })
            .collect();
        Sentence {
            text,
            tokens,
            norm,
            verb: vec![false; tokens.len()],
            roles: Vec::new(),
            roles_key: 0,
            flags,
        }
    }

    /// Takes the roles of the tokens as [`RuleSet::look_up_words`] returns them (with the
    /// title bits), for the lexicon with key `key`, so that asking a list about a token
    /// ([`WordSet::contains_token`]) or whether it may start a title is a bit test.
    ///
    /// [`RuleSet::look_up_words`]: crate::rules::RuleSet::look_up_words
    /// [`WordSet::contains_token`]: crate::rules::WordSet::contains_token
    pub fn set_roles(&mut self, roles: Vec<u64>, key: usize) {
        debug_assert_eq!(roles.len(), self.tokens.len());
        self.roles = roles;
        self.roles_key = key;
    }

    /// The word lists that hold token `k`, as bits of the lexicon with key `lexicon`, if
    /// the tokens were noted with that lexicon (and there is a token `k`).
    pub fn noted_roles(&self, lexicon: usize, k: usize) -> Option<u64> {
        if lexicon != 0 && lexicon == self.roles_key {
            self.roles.get(k).copied()
        } else {
            None
        }
    }

    /// Whether token `i` is a hyphen inside a word ("Nagorno-Karabach", "NAVO-tegenhanger").
    pub fn is_joining_hyphen(&self, i: usize) -> bool {
        self.flags[i].joining_hyphen
    }

    /// The original text of token `i`.
    pub fn word(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
    }

    pub fn is_capitalized(&self, i: usize) -> bool {
        self.flags[i].capitalized
    }

    /// A lower-case word that is no verb trigger: part of a noun phrase's head.
    pub fn is_lower_word(&self, i: usize) -> bool {
        self.tokens[i].kind == TokenKind::Word && !self.is_capitalized(i) && !self.verb[i]
    }

    /// Whether the phrase `words` starts at token `i`; returns its end.
    pub fn phrase_at(&self, i: usize, words: &[String]) -> Option<usize> {
        let mut j = i;
        for w in words {
            while j < self.tokens.len() && self.is_joining_hyphen(j) {
                j += 1;
            }
            if self.norm.get(j)? != w {
                return None;
            }
            j += 1;
        }
        Some(j)
    }
}

/// Recognises the actors of a sentence.
pub fn recognize(
    s: &Sentence,
    gazetteer: &Gazetteer,
    lexicon: &Lexicon,
    titles: &Titles,
) -> Recognized {
    let mut mentions = match_gazetteer(s, gazetteer, lexicon);
    let mut ties = Vec::new();
    apply_titles(s, lexicon, titles, &mut mentions, &mut ties);
    for m in &mut mentions {
        if m.prep.is_none() {
            m.prep = preposition_before(s, lexicon, m.start);
        }
    }
    // "Assad's government", "Putin's army": a leader's possessive before a state head stands
    // for the state the leader leads; so does a leader after a state head and "of", with at
    // most two title words between ("the government of Eritrean President Isaias Afwerki",
    // "het leger van president Assad"), looked at before the head joins the mention.
    let head_of = |m: &Mention| {
        (m.start.saturating_sub(3)..m.start)
            .rev()
            .find(|&g| lexicon.genitive_prepositions.contains_token(s, g))
            .is_some_and(|g| {
                (g + 1..m.start).all(|k| s.tokens[k].kind == TokenKind::Word)
                    && lexicon.state_heads.ending_at(s, g).next().is_some()
            })
    };
    let governed: Vec<bool> = mentions.iter().map(head_of).collect();
    absorb_heads(s, lexicon, titles, &mut mentions);
    for (m, governed) in mentions.iter_mut().zip(governed) {
        let possessive = m.form == Form::Genitive && lexicon.state_heads.at(s, m.end).is_some();
        if m.actor.kind != ActorType::Person || !(possessive || governed) {
            continue;
        }
        let state = gazetteer.get(&m.actor.id).and_then(|a| {
            a.roles
                .iter()
                .filter(|r| r.relation == "leaderOf")
                .filter_map(|r| gazetteer.get(&r.of))
                .find(|o| o.kind == ActorType::State)
        });
        if let Some(st) = state {
            m.actor = ActorRef {
                id: st.id.clone(),
                label: st.label.clone(),
                kind: st.kind,
            };
        }
    }
    // "NAVO-tegenhanger", "OVSE-verband": a name glued to a lower-case head is a modifier of
    // that head, not the actor.
    // "Russian-backed", "Iranian-sponsored" keep their actor: the glued word says what it did.
    mentions.retain(|m| {
        m.end >= s.tokens.len()
            || !s.is_joining_hyphen(m.end)
            || s.is_capitalized(m.end + 1)
            || lexicon.hyphen_agents.contains_token(s, m.end + 1)
    });
    // "de Armeniërs in Nagorno-Karabach": a people located in a place stand for that place.
    let places: Vec<(usize, ActorRef)> = mentions
        .iter()
        .filter(|m| m.actor.kind == ActorType::Place)
        .map(|m| (m.start, m.actor.clone()))
        .collect();
    for m in &mut mentions {
        if m.form == Form::Plural
            && m.end + 1 < s.tokens.len()
            && lexicon.origin_prepositions.contains_token(s, m.end)
        {
            let mut k = m.end + 1;
            while k < s.tokens.len() && lexicon.determiners.contains_token(s, k) {
                k += 1;
            }
            if let Some((_, place)) = places.iter().find(|(st, _)| *st == k) {
                m.actor = place.clone();
            }
        }
    }
    // A capital after a place preposition is the place, not its government.
    mentions.retain(|m| {
        !(m.form == Form::Seat
            && m.prep
                .as_ref()
                .is_some_and(|p| lexicon.place_prepositions.contains(p)))
    });
    mentions.sort_by_key(|m| m.start);
    Recognized { mentions, ties }
}

fn match_gazetteer(s: &Sentence, g: &Gazetteer, lexicon: &Lexicon) -> Vec<Mention> {
    // Content tokens: everything but hyphens inside words.
    let content: Vec<usize> = (0..s.tokens.len())
        .filter(|&i| !s.is_joining_hyphen(i))
        .collect();
    let mut out = Vec::new();
    let mut p = 0;
    while p < content.len() {
        let first = &s.norm[content[p]];
        let found = g.by_first.get(&**first).and_then(|cands| {
            cands.iter().find(|&&e| {
                let entry = &g.entries[e];
                entry.tokens.len() <= content.len() - p
                    && entry.tokens.iter().enumerate().all(|(k, t)| {
                        let i = content[p + k];
                        let (case, written) = &entry.case[k];
                        // The first token is the key the entry was found by.
                        (k == 0 || &s.norm[i] == t)
                            && match case {
                                Case::Any => true,
                                Case::Upper => s.is_capitalized(i),
                                Case::Exact => s.word(i) == written,
                            }
                    })
            })
        });
        match found {
            Some(&e) => {
                let entry = &g.entries[e];
                let start = content[p];
                let end = content[p + entry.tokens.len() - 1] + 1;
                let blocked = entry.form == Form::Adjective
                    && ((start >= 2
                        && s.is_joining_hyphen(start - 1)
                        && lexicon.adjective_blockers.contains_token(s, start - 2))
                        || heads_people(s, lexicon, end));
                if !blocked {
                    let a = &g.actors[entry.actor];
                    out.push(Mention {
                        actor: ActorRef {
                            id: a.id.clone(),
                            label: a.label.clone(),
                            kind: a.kind,
                        },
                        start,
                        end,
                        head: start,
                        form: entry.form,
                        prep: None,
                        via: None,
                    });
                }
                p += entry.tokens.len();
            }
            None => p += 1,
        }
    }
    out
}

/// Whether the phrase a demonym ending at `end` modifies is a people or a group of it, not
/// its state: a noun of `people_heads` right after it or after one more lower-case word
/// ("the Lebanese group", "Syrian rebel groups", "de Armeense bevolking").
fn heads_people(s: &Sentence, lexicon: &Lexicon, end: usize) -> bool {
    let at = |k: usize| k < s.tokens.len() && lexicon.people_heads.contains_token(s, k);
    at(end) || (end < s.tokens.len() && s.is_lower_word(end) && at(end + 1))
}

/// The end of a title starting at token `i`, if one does; a title's last word also matches
/// the end of a compound ("buitenlandminister").
/// The title that starts at token `i` and where it ends: the longest, the first listed on a
/// tie. A one-word title also matches as the end of a compound ("buitenlandminister").
fn title_at(s: &Sentence, titles: &Titles, i: usize) -> Option<(usize, usize)> {
    // Most words start no title, and end none.
    if !titles.may_start_token(s, i) {
        return None;
    }
    let word = s.tokens[i].kind == TokenKind::Word;
    let mut best: Option<(usize, usize, usize)> = None; // (title, sequence, end)
    let mut consider = |t: usize, q: usize, end: usize| {
        let better = match best {
            None => true,
            Some((bt, bq, be)) => end > be || (end == be && (t, q) < (bt, bq)),
        };
        if better {
            best = Some((t, q, end));
        }
    };
    for &(t, q) in titles.starting_with_token(s, i) {
        let words = &titles.list[t].words[q];
        let end = if words.len() == 1 {
            word.then_some(i + 1)
        } else {
            s.phrase_at(i, words)
        };
        if let Some(e) = end {
            consider(t, q, e);
        }
    }
    if word {
        for (t, q) in titles.compound_ends_token(s, i) {
            consider(t, q, i + 1);
        }
    }
    best.map(|(t, _, e)| (t, e))
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in normalize(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Ties titled people to what they lead: "[de Russische] president [van X] [,] Naam".
/// A title followed by an unknown capitalised name makes a new person.
fn apply_titles(
    s: &Sentence,
    lexicon: &Lexicon,
    titles: &Titles,
    mentions: &mut Vec<Mention>,
    ties: &mut Vec<TitleTie>,
) {
    let n = s.tokens.len();
    let mut i = 0;
    while i < n {
        let Some((t, tend)) = title_at(s, titles, i) else {
            i += 1;
            continue;
        };
        let title = &titles.list[t];
        // Owner after the title: "van (de) X".
        let mut j = tend;
        let mut owner_after = None;
        if s.norm
            .get(j)
            .is_some_and(|w| lexicon.genitive_prepositions.contains(w))
        {
            let mut k = j + 1;
            while k < n && lexicon.determiners.contains_token(s, k) {
                k += 1;
            }
            // A name may itself begin with a determiner ("de States").
            if let Some(m) = mentions
                .iter()
                .position(|m| (j + 1..=k).contains(&m.start) && m.actor.kind != ActorType::Person)
            {
                owner_after = Some(m);
                j = mentions[m].end;
            }
        }
        if s.word(j.min(n - 1)) == "," && j < n {
            j += 1;
        }
        // Owner before the title: a demonym with at most two lower-case words between.
        // "de Russische president", "Ukraine's foreign minister", "NATO chief".
        let owner_before = mentions.iter().position(|m| {
            let words_between = m.end <= i
                && i - m.end <= 2
                && (m.end..i).all(|k| !s.is_capitalized(k) && s.tokens[k].kind == TokenKind::Word);
            match m.form {
                Form::Adjective | Form::Genitive => words_between,
                // "NATO Secretary-General", "Kremlin spokesman", "Kremlin-woordvoerder".
                Form::Name | Form::Seat => {
                    (m.end == i || (m.end + 1 == i && s.is_joining_hyphen(m.end)))
                        && matches!(
                            m.actor.kind,
                            ActorType::Organisation | ActorType::State | ActorType::Group
                        )
                }
                _ => false,
            }
        });
        // The person: a known one, or a new one from capitalised words.
        let mut person = mentions
            .iter()
            .position(|m| m.start == j && m.actor.kind == ActorType::Person);
        // "The African Union's chief mediator, former Nigerian president Olusegun Obasanjo":
        // a second title stands between the comma and a known name. That title ties the name
        // on its own turn; this one ties it too, without taking its phrase.
        if person.is_none() && j > tend && s.norm[j - 1] == "," {
            if let Some(p) = after_second_title(s, lexicon, titles, mentions, j) {
                if let (Some(o), Some(rel)) = (owner_after.or(owner_before), &title.relation) {
                    ties.push(TitleTie {
                        person: mentions[p].actor.clone(),
                        owner: mentions[o].actor.clone(),
                        relation: rel.clone(),
                        rule: title.id.clone(),
                        start: mentions[o].start.min(i),
                        end: mentions[p].end,
                    });
                    mentions.remove(o);
                }
                i = tend;
                continue;
            }
        }
        if person.is_none()
            && j < n
            && s.is_capitalized(j)
            && !mentions.iter().any(|m| m.start <= j && j < m.end)
        {
            let mut e = j + 1;
            while e < n
                && e - j < 4
                && (s.is_capitalized(e)
                    || (lexicon.name_particles.contains_token(s, e)
                        && e + 1 < n
                        && s.is_capitalized(e + 1)))
            {
                e += 1;
            }
            let name = s.text[s.tokens[j].start..s.tokens[e - 1].end].to_string();
            mentions.push(Mention {
                actor: ActorRef {
                    id: slug(&name),
                    label: name,
                    kind: ActorType::Person,
                },
                start: j,
                end: e,
                head: j,
                form: Form::Name,
                prep: None,
                via: None,
            });
            person = Some(mentions.len() - 1);
        }
        let Some(p) = person else {
            // "Getachew Reda, a senior TPLF official, …": a title in an apposition after a
            // person's name ties that person to the title's owner.
            // An owner before the title only modifies it and goes with the tie; one after it
            // ("of Srpska Lista") is a phrase of its own and stays.
            let apposed = apposed_person(s, lexicon, mentions, i, tend)
                .map(|po| (po, true))
                .or_else(|| {
                    apposed_person_owner_after(s, lexicon, mentions, i, tend).map(|po| (po, false))
                });
            if let (Some(((p, o), modifier)), Some(rel)) = (apposed, &title.relation) {
                ties.push(TitleTie {
                    person: mentions[p].actor.clone(),
                    owner: mentions[o].actor.clone(),
                    relation: rel.clone(),
                    rule: title.id.clone(),
                    start: mentions[p].start,
                    end: tend.max(mentions[o].end),
                });
                if modifier {
                    mentions.remove(o);
                }
            }
            i = tend;
            continue;
        };
        let owner = owner_after.or(owner_before);
        let mut np_start = owner_before.map_or(i, |o| mentions[o].start);
        while np_start > 0 && lexicon.determiners.contains_token(s, np_start - 1) {
            np_start -= 1;
        }
        let person_end = mentions[p].end;
        if let Some(o) = owner {
            if let Some(rel) = &title.relation {
                ties.push(TitleTie {
                    person: mentions[p].actor.clone(),
                    owner: mentions[o].actor.clone(),
                    relation: rel.clone(),
                    rule: title.id.clone(),
                    start: np_start,
                    end: person_end,
                });
            }
        }
        // "analist Aleksandr Baoenov van het Carnegie Centre": a titled person of an
        // organisation is its member.
        if s.norm
            .get(person_end)
            .is_some_and(|w| lexicon.genitive_prepositions.contains(w))
        {
            // Up to three words between "van" and the name: "het Russische Carnegie Centre".
            let org = mentions.iter().find(|m| {
                m.actor.kind == ActorType::Organisation
                    && m.start > person_end
                    && m.start <= person_end + 4
                    && (person_end + 1..m.start).all(|k| s.tokens[k].kind == TokenKind::Word)
            });
            if let (Some(org), Some(rel)) = (org, &lexicon.affiliation_relation) {
                ties.push(TitleTie {
                    person: mentions[p].actor.clone(),
                    owner: org.actor.clone(),
                    relation: rel.clone(),
                    rule: title.id.clone(),
                    start: np_start,
                    end: org.end,
                });
            }
        }
        let prep = preposition_before(s, lexicon, np_start);
        let pm = &mut mentions[p];
        pm.head = pm.start;
        pm.start = np_start;
        pm.prep = prep;
        if let Some(o) = owner {
            mentions.remove(o);
        }
        i = person_end.max(tend);
    }
}

/// The known person named at token `j` after a second title: "former Nigerian president
/// Olusegun Obasanjo" (lower-case words and demonyms before the title).
fn after_second_title(
    s: &Sentence,
    lexicon: &Lexicon,
    titles: &Titles,
    mentions: &[Mention],
    j: usize,
) -> Option<usize> {
    let n = s.tokens.len();
    let mut k = j;
    for _ in 0..5 {
        if k >= n {
            return None;
        }
        if let Some((_, end)) = title_at(s, titles, k) {
            return mentions
                .iter()
                .position(|m| m.start == end && m.actor.kind == ActorType::Person);
        }
        if let Some(m) = mentions
            .iter()
            .find(|m| m.start == k && m.form == Form::Adjective)
        {
            k = m.end;
        } else if s.is_lower_word(k) && !lexicon.stopwords.contains_token(s, k) {
            k += 1;
        } else {
            return None;
        }
    }
    None
}

/// The person and owner of a title that closes an apposition after the person's name: "Name,
/// (a|the) [up to two lower-case words] OWNER title," where the owner is a name right before
/// the title or a demonym or possessive up to two words before it.
fn apposed_person(
    s: &Sentence,
    lexicon: &Lexicon,
    mentions: &[Mention],
    i: usize,
    tend: usize,
) -> Option<(usize, usize)> {
    let n = s.tokens.len();
    let closes = tend >= n || matches!(&*s.norm[tend], "," | "." | ";");
    if !closes {
        return None;
    }
    let o = mentions.iter().position(|m| match m.form {
        Form::Adjective | Form::Genitive => {
            m.end <= i && i - m.end <= 2 && (m.end..i).all(|k| s.is_lower_word(k))
        }
        Form::Name | Form::Seat => {
            m.end == i
                && matches!(
                    m.actor.kind,
                    ActorType::Organisation | ActorType::State | ActorType::Group
                )
        }
        _ => false,
    })?;
    Some((
        person_before_apposition(s, lexicon, mentions, mentions[o].start)?,
        o,
    ))
}

/// "Milan Radoicic, a senior official of Srpska Lista, …": the person and owner of a title
/// in an apposition whose owner follows it after "of" or an affiliation preposition ("a
/// senior figure in Srpska Lista") and closes the apposition.
fn apposed_person_owner_after(
    s: &Sentence,
    lexicon: &Lexicon,
    mentions: &[Mention],
    i: usize,
    tend: usize,
) -> Option<(usize, usize)> {
    let n = s.tokens.len();
    let prep = s.norm.get(tend)?;
    if !(lexicon.genitive_prepositions.contains(prep)
        || lexicon.affiliation_prepositions.contains(prep))
    {
        return None;
    }
    let mut k = tend + 1;
    while k < n && lexicon.determiners.contains_token(s, k) {
        k += 1;
    }
    // After "in" a state or capital is where the person works, not what they belong to.
    let genitive = lexicon.genitive_prepositions.contains(prep);
    let o = mentions.iter().position(|m| {
        m.start == k
            && match m.actor.kind {
                ActorType::Organisation | ActorType::Group => true,
                ActorType::State => genitive,
                _ => false,
            }
    })?;
    let close = mentions[o].end;
    if close < n && !matches!(&*s.norm[close], "," | "." | ";") {
        return None;
    }
    Some((person_before_apposition(s, lexicon, mentions, i)?, o))
}

/// The person whose name ends right before an apposition that reaches token `from`: back
/// over up to three lower-case words to a determiner after the comma.
fn person_before_apposition(
    s: &Sentence,
    lexicon: &Lexicon,
    mentions: &[Mention],
    from: usize,
) -> Option<usize> {
    let mut k = from;
    let mut words = 0;
    while k > 0 && words < 3 && s.is_lower_word(k - 1) {
        k -= 1;
        words += 1;
    }
    if k < 2 || s.norm[k - 1] != "," || !lexicon.determiners.contains_token(s, k) {
        return None;
    }
    mentions
        .iter()
        .position(|m| m.end == k - 1 && m.actor.kind == ActorType::Person)
}

/// "de regering van Armenië", "de president van Azerbeidzjan": the actor after the head noun
/// stands for the whole noun phrase, which takes the head's preposition.
fn absorb_heads(s: &Sentence, lexicon: &Lexicon, titles: &Titles, mentions: &mut [Mention]) {
    for m in mentions.iter_mut() {
        if !m
            .prep
            .as_ref()
            .is_some_and(|p| lexicon.genitive_prepositions.contains(p))
        {
            continue;
        }
        // Find "van" before the mention (skipping determiners).
        let mut k = m.start;
        while k > 0 && lexicon.determiners.contains_token(s, k - 1) {
            k -= 1;
        }
        if k == 0 || !lexicon.genitive_prepositions.contains_token(s, k - 1) {
            continue;
        }
        let van = k - 1;
        let head_start = lexicon
            .np_heads
            .iter()
            .filter_map(|h| {
                let len = h.len();
                (van >= len).then(|| van - len).filter(|&st| {
                    s.phrase_at(st, h) == Some(van)
                        || (len == 1 && s.norm[van - 1].ends_with(h[0].as_str()))
                })
            })
            .chain((0..van).filter(|&st| title_at(s, titles, st).is_some_and(|(_, e)| e == van)))
            .min();
        if let Some(h) = head_start {
            let mut st = h;
            while st > 0
                && (lexicon.determiners.contains_token(s, st - 1)
                    || is_inflected_adjective(s, lexicon, st - 1))
            {
                st -= 1;
            }
            m.start = st;
            m.prep = preposition_before(s, lexicon, st);
        }
    }
}

/// A lower-case adjective inside a noun phrase, known by its ending ("Russische").
pub fn is_inflected_adjective(s: &Sentence, lexicon: &Lexicon, i: usize) -> bool {
    s.tokens[i].kind == TokenKind::Word
        && !s.is_capitalized(i)
        && s.norm[i].len() > 3
        && has_adjective_suffix(lexicon, &s.norm[i])
}

/// Whether `w` ends as the language's adjectives do ("-e", "-al", "-ed" …).
pub fn has_adjective_suffix(lexicon: &Lexicon, w: &str) -> bool {
    lexicon
        .adjective_suffixes
        .iter()
        .any(|x| w.ends_with(x.as_str()))
}

/// The preposition that introduces the noun phrase starting at token `start`, skipping
/// determiners, fillers ("onder meer") and up to two inflected adjectives.
pub fn preposition_before(s: &Sentence, lexicon: &Lexicon, start: usize) -> Option<String> {
    let mut k = start;
    let mut adjectives = 0;
    // Apposition: "het bondgenootschap CSTO", "met bondgenoot Azerbeidzjan".
    let ends_premodifier = lexicon.premodifiers.ending_at(s, k).next().is_some();
    if k >= 2
        && !ends_premodifier
        && s.tokens[k - 1].kind == TokenKind::Word
        && !s.verb[k - 1]
        && !s.is_capitalized(k - 1)
        && !lexicon.prepositions.contains_token(s, k - 1)
        // "in which Ethiopian forces …": a relative pronoun is no head noun of an apposition.
        && !lexicon.relatives.contains_token(s, k - 1)
        && !lexicon.subordinators.contains_token(s, k - 1)
        && s.is_capitalized(k)
    {
        let before = &s.norm[k - 2];
        if lexicon.determiners.contains(before)
            || is_inflected_adjective(s, lexicon, k - 2)
            || lexicon.prepositions.contains(before)
        {
            k -= 1;
        }
    }
    'outer: while k > 0 {
        let w = &s.norm[k - 1];
        if lexicon.determiners.contains(w) || (s.tokens[k - 1].kind == TokenKind::Number) {
            k -= 1;
            continue;
        }
        if let Some(p) = lexicon.premodifiers.ending_at(s, k).next() {
            k -= p.len();
            continue 'outer;
        }
        if adjectives < 2
            && is_inflected_adjective(s, lexicon, k - 1)
            && !lexicon.prepositions.contains(w)
        {
            adjectives += 1;
            k -= 1;
            continue;
        }
        break;
    }
    (k > 0 && lexicon.prepositions.contains_token(s, k - 1)).then(|| s.norm[k - 1].to_string())
}
