//! Stage 4, extraction: turns the recognised actors of a sentence into relation mentions with
//! the rules of its language. A sentence is cut into clauses (negation and hedging are scoped
//! to them); each rule trigger then finds its subject and object through slots (clause subject,
//! direct object, a preposition, the modifier before a noun), with passive voice, coordination
//! and attribution handled the same way for every rule. Entry point: [`extract_sentence`].

use rustc_hash::FxHashSet as HashSet;

use crate::coref;
use crate::gazetteer::{ActorType, Form, Gazetteer};
use crate::recognize::{
    is_inflected_adjective, recognize, ActorRef, Mention, Recognized, Sentence,
};
use crate::rules::{Lexicon, Pattern, Rule, RuleKind, RuleSet, Slot, MAY_START_TITLE};
use crate::segment::{tokenize, TokenKind};

/// How a relation is asserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    Asserted,
    Reported,
    Hedged,
}

impl Modality {
    /// The name used in output and gold files.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Reported => "reported",
            Modality::Hedged => "hedged",
        }
    }

    /// Parses a name used in files.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "asserted" => Some(Modality::Asserted),
            "reported" => Some(Modality::Reported),
            "hedged" => Some(Modality::Hedged),
            _ => None,
        }
    }
}

/// A relation found in one sentence, with token offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub subject: ActorRef,
    pub relation: String,
    pub object: ActorRef,
    pub negated: bool,
    pub modality: Modality,
    pub source: Option<ActorRef>,
    pub rule: String,
    /// Byte range of the evidence within the sentence text.
    pub start: usize,
    pub end: usize,
}

/// Mentions joined by "en", "of" or commas, acting as one argument.
#[derive(Debug, Clone)]
struct Group {
    members: Vec<usize>,
    start: usize,
    end: usize,
    prep: Option<String>,
}

impl Group {
    /// The phrase of mention `i` alone.
    fn of(i: usize, m: &Mention) -> Group {
        Group {
            members: vec![i],
            start: m.start,
            end: m.end,
            prep: m.prep.clone(),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Clause {
    /// Opened by a subordinator: it has a subject of its own, even if it is no actor.
    subordinate: bool,
    /// An infinitive clause ("om … te", "door … te"): its subject is the one before it.
    infinitive: bool,
    /// A relative clause ("die …", "waarmee …"): not a source of inherited subjects.
    relative: bool,
    start: usize,
    end: usize,
    negated: bool,
    /// An infinitive clause under a negated one ("heeft zijn troepen niet ingezet om de
    /// enclave te verdedigen"): what it would have done did not happen.
    negated_above: bool,
    hedged: bool,
    irrealis: bool,
    /// Set when the clause is attributed: the source, if it is an actor.
    reported: Option<Option<ActorRef>>,
    /// An apposition between commas ("Washington, Israel's closest ally, …"): the token span
    /// of the phrase it is set beside.
    anchor: Option<(usize, usize)>,
    /// The clause after a denial ("X denies that …"): its relations are negated.
    denied: bool,
    /// A second verb phrase after a conjunction ("… and occupied Georgia"): its subject is
    /// the one before it, and a phrase after its verb is its object.
    verb_phrase: bool,
}

/// Extracts the relations of one sentence, alone: a referring expression ("het land")
/// finds its antecedent only in the sentence itself.
pub fn extract_sentence(text: &str, rules: &RuleSet, gazetteer: &Gazetteer) -> Vec<Found> {
    extract_in_context(text, &[], rules, gazetteer)
}

/// Extracts the relations of every sentence of a short text (an example, a paragraph), each
/// with the sentences before it as context.
pub fn extract_text(text: &str, rules: &RuleSet, gazetteer: &Gazetteer) -> Vec<Found> {
    let sentences: Vec<&str> = crate::segment::split_sentences(text, &rules.segment)
        .into_iter()
        .map(|(s, e)| &text[s..e])
        .collect();
    let preceding: Vec<coref::Preceding> =
        sentences.iter().map(|t| coref::Preceding::new(t)).collect();
    (0..sentences.len())
        .flat_map(|k| {
            let from = k.saturating_sub(coref::REACH);
            extract_after(sentences[k], &preceding[from..k], rules, gazetteer)
        })
        .collect()
}

/// Extracts the relations of one sentence; `before` holds the sentences before it in its
/// text (in text order), where a referring expression may find its antecedent.
pub fn extract_in_context(
    text: &str,
    before: &[&str],
    rules: &RuleSet,
    gazetteer: &Gazetteer,
) -> Vec<Found> {
    let before: Vec<coref::Preceding> = before.iter().map(|t| coref::Preceding::new(t)).collect();
    extract_after(text, &before, rules, gazetteer)
}

/// Like [`extract_in_context`], with the sentences before given as [`coref::Preceding`], so
/// that a text's sentences recognised for one sentence's look-back serve the next ones too.
pub fn extract_after(
    text: &str,
    before: &[coref::Preceding],
    rules: &RuleSet,
    gazetteer: &Gazetteer,
) -> Vec<Found> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let mut s = Sentence::new(text, &tokens);
    // One pass of the trigger prefilter per token: which patterns of which rules may start.
    // (rule, pattern, token) of every possible start.
    let mut starts: Vec<(usize, usize, usize)> = Vec::new();
    let roles = rules.look_up_words(&s.norm, |i, k| {
        let (r, p) = rules.trigger_owner[k];
        starts.push((r, p, i));
        // A pattern may also start on the joining hyphens before its first word.
        let mut h = i;
        while h > 0 && s.is_joining_hyphen(h - 1) {
            h -= 1;
            starts.push((r, p, h));
        }
    });
    // Relations come from triggers and from titles: a sentence with neither (most
    // sentences of real news) needs no actor recognition.
    if starts.is_empty() && !roles.iter().any(|&r| r & MAY_START_TITLE != 0) {
        return Vec::new();
    }
    // From here on the stages ask the lexicon's word lists about most tokens, several times.
    s.set_roles(roles, rules.lexicon.roles.key());
    starts.sort_unstable();
    starts.dedup();
    // The triggers found, per rule with a possible start, in rule order.
    let mut triggers: Vec<(&Rule, Vec<(usize, usize)>)> = Vec::new();
    let mut st: Vec<(usize, usize)> = Vec::new();
    for (n, &(r, p, i)) in starts.iter().enumerate() {
        st.push((p, i));
        if starts.get(n + 1).is_none_or(|&(next, _, _)| next != r) {
            let rule = &rules.rules[r];
            triggers.push((rule, find_triggers(&s, &rules.lexicon, rule, &st)));
            st.clear();
        }
    }
    for (rule, found) in &triggers {
        if rule.kind == RuleKind::Verb {
            for &(a, _) in found {
                // "de aanvallen": after a determiner a verb form is a noun.
                if a == 0 || !rules.lexicon.determiners.contains_token(&s, a - 1) {
                    s.verb[a] = true;
                }
            }
        }
    }
    let s = s;
    let lx = &rules.lexicon;
    let mut recognized = recognize(&s, gazetteer, lx, &rules.titles);
    coref::resolve(&s, rules, gazetteer, before, &mut recognized);
    let Recognized { mentions, ties } = recognized;
    let mut out = Vec::new();
    let span = |a: usize, b: usize| (tokens[a].start, tokens[b - 1].end);
    for t in &ties {
        let (start, end) = span(t.start, t.end);
        out.push(Found {
            subject: t.person.clone(),
            relation: t.relation.clone(),
            object: t.owner.clone(),
            negated: false,
            modality: Modality::Asserted,
            source: None,
            rule: t.rule.clone(),
            start,
            end,
        });
    }
    if mentions.len() < 2 {
        return out;
    }
    let mut groups = group_mentions(&s, lx, &mentions);
    // Tokens inside an actor's name ("the United States" holds no verb "states").
    let mut covered = vec![false; s.tokens.len()];
    for m in &mentions {
        covered[m.start..m.end].iter_mut().for_each(|c| *c = true);
    }
    let mut clauses = split_clauses(&s, lx, &mentions, &groups, &covered);
    mark_appositions(&s, lx, &mentions, &groups, &mut clauses);
    // "door de Armeense regering te beschuldigen": the phrase after the introducer of an
    // infinitive clause is the infinitive's object.
    // A subordinator that opened a clause ("sinds Rusland …") is no preposition either.
    for g in &mut groups {
        if let Some(c) = clauses
            .iter()
            .find(|c| c.start <= g.start && g.start < c.end)
        {
            let opener: &str = &s.norm[c.start];
            let opens = g.prep.as_deref() == Some(opener);
            let infinitive = lx.infinitive_introducers.contains(opener)
                && (g.end..c.end).any(|k| lx.infinitive_markers.contains_token(&s, k));
            if opens && (infinitive || lx.weak_subordinators.contains(opener)) {
                g.prep = None;
            }
        }
    }
    add_relative_antecedents(&s, lx, &mentions, &clauses, &mut groups);
    let mut is_trigger = vec![false; s.tokens.len()];
    for &(a, _) in triggers.iter().flat_map(|(_, found)| found) {
        is_trigger[a] = true;
    }
    attribute(
        &s,
        lx,
        &mentions,
        &groups,
        &is_trigger,
        &covered,
        &mut clauses,
    );
    let question = tokens.iter().any(|t| t.text(text) == "?");
    let mut seen = HashSet::default();
    for (rule, found) in triggers {
        for (a, b) in found {
            let Some(c) = clauses.iter().position(|c| c.start <= a && a < c.end) else {
                continue;
            };
            let clause = &clauses[c];
            if clause.irrealis || question {
                continue;
            }
            // "de aanvallen", "the attacks", "Russian attacks", "Russia's support": after a
            // determiner, a demonym or a possessive a verb form is a noun.
            if rule.kind == RuleKind::Verb
                && a > 0
                && (lx.determiners.contains_token(&s, a - 1)
                    || mentions
                        .iter()
                        .any(|m| m.end == a && matches!(m.form, Form::Adjective | Form::Genitive)))
            {
                continue;
            }
            // "warned Finland against joining NATO": a prevented act has not happened.
            if rule.kind == RuleKind::Verb && s.norm[a].ends_with("ing") {
                let mut k = a;
                while k > 0 && s.norm[k - 1].ends_with("ly") && s.is_lower_word(k - 1) {
                    k -= 1;
                }
                if k > 0 && lx.preventive_prepositions.contains_token(&s, k - 1) {
                    continue;
                }
            }
            // "dreigt Syldavië aan te vallen": an intended act has not happened.
            let te_infinitive = a > 0 && lx.infinitive_markers.contains_token(&s, a - 1);
            if rule.kind == RuleKind::Verb
                && te_infinitive
                && (clause.start..a).any(|k| lx.intention_verbs.matches_token(&s, k))
            {
                continue;
            }
            // "the Shahed drones that Iran supplied": a relative clause right after its noun
            // also sees that noun.
            if !rule.requires.is_empty() {
                let opens_relative = clause.subordinate
                    && clause.start > 0
                    && (lx.relatives.contains_token(&s, clause.start)
                        || lx.complementizers.contains_token(&s, clause.start))
                    && s.is_lower_word(clause.start - 1);
                // "huurlingen gestuurd om te vechten aan de zijde van X": an infinitive clause
                // also sees the clause it depends on.
                let from = if clause.infinitive && c > 0 {
                    clauses[c - 1].start
                } else {
                    clause.start - usize::from(opens_relative)
                };
                if !(from..clause.end).any(|i| {
                    rule.requires
                        .iter()
                        .any(|r| r.match_at(&s, i).is_some_and(|e| e <= clause.end))
                }) {
                    continue;
                }
            }
            if !rule.excludes.is_empty()
                && (clause.start..clause.end).any(|i| {
                    rule.excludes
                        .iter()
                        .any(|r| r.match_at(&s, i).is_some_and(|e| e <= clause.end))
                })
            {
                continue;
            }
            let args = Args {
                rule,
                mentions: &mentions,
                s: &s,
                lx,
                groups: &groups,
                clauses: &clauses,
                clause: c,
                a,
                b,
            };
            let (mut subj, obj) = args.resolve(rule);
            // "accused Azerbaijan of (deliberately) starving Karabakh": the accused does the
            // gerund, and the accuser reports it.
            let mut reporter = None;
            // "urged Beijing to stop supplying drones": the one urged does the infinitive,
            // and the one who urges reports it.
            if let Some(ctrl) = args.controller() {
                reporter = args.clause_subject().filter(|&g| g != ctrl);
                subj = Some(ctrl);
            }
            if let Some(accused) = args.gerund_subject() {
                reporter = args.clause_subject().filter(|&g| g != accused);
                subj = Some(accused);
            }
            // "beschuldigt de Emiraten ervan de RSF te bewapenen": the object before the
            // introducer does the infinitive (its clause subject), and the accuser reports it.
            if let Some(accused) = args.object_controller() {
                reporter = args.inherited_subject().filter(|&g| g != accused);
            }
            let pairs = pairs(&groups, subj, obj, rule, rules);
            for (sm, om) in pairs {
                let (ms, mo) = (&mentions[sm], &mentions[om]);
                if ms.actor.id == mo.actor.id
                    || !rules.allows(&rule.relation, ms.actor.kind, mo.actor.kind)
                {
                    continue;
                }
                let (subject, object) =
                    if rules.symmetric.contains(&rule.relation) && ms.actor.id > mo.actor.id {
                        (&mo.actor, &ms.actor)
                    } else {
                        (&ms.actor, &mo.actor)
                    };
                let negated = (rule.negatable
                    && match rule.kind {
                        // A noun is negated by its own determiner ("geen steun", "nauwelijks
                        // nog steun"), not by the verb of its clause ("deden niets tegen de
                        // blokkade"), unless that verb calls it off.
                        RuleKind::Noun => noun_negated(&s, lx, clause, (a, b)),
                        // "called off talks with": a word read as a verb right after a
                        // cancellation is its noun.
                        _ => {
                            (clause.negated && verb_negated(&s, lx, &groups, clause, (a, b)))
                                || clause.negated_above
                                || just_before(clause, a)
                                    .any(|k| lx.cancellations.at(&s, k).is_some_and(|e| e <= a))
                        }
                    })
                    != clause.denied;
                // Borrowed: a pair found again costs no copies.
                let key = (
                    subject.id.as_str(),
                    rule.relation.as_str(),
                    object.id.as_str(),
                    negated,
                );
                if !seen.insert(key) {
                    continue;
                }
                let first = ms.head.min(mo.head).min(a);
                let last = ms.end.max(mo.end).max(b);
                let (start, end) = span(first.min(ms.start).min(mo.start), last);
                let reported = match reporter {
                    Some(g) => Some(Some(mentions[groups[g].members[0]].actor.clone())),
                    None => clause.reported.clone(),
                };
                let (modality, source) = match (&reported, clause.hedged) {
                    (Some(src), true) => (Modality::Hedged, src.clone()),
                    (None, true) => (Modality::Hedged, None),
                    (Some(src), false) => (Modality::Reported, src.clone()),
                    (None, false) => (Modality::Asserted, None),
                };
                out.push(Found {
                    subject: subject.clone(),
                    relation: rule.relation.clone(),
                    object: object.clone(),
                    negated,
                    modality,
                    source,
                    rule: [ms, mo]
                        .iter()
                        .filter_map(|m| m.via.as_deref())
                        .fold(rule.id.clone(), |id, via| {
                            id + &coref::provenance(&rules.language, via)
                        }),
                    start,
                    end,
                });
            }
        }
    }
    // A narrower relation says the broader one too: "levert drones aan" is support, and
    // one row for the pair says so (the ontology makes it a sub-property).
    let broader: Vec<usize> = (0..out.len())
        .filter(|&i| {
            let f = &out[i];
            out.iter().any(|g| {
                g.subject.id == f.subject.id
                    && g.object.id == f.object.id
                    && g.negated == f.negated
                    && rules.is_kind_of(&g.relation, &f.relation)
            })
        })
        .collect();
    for i in broader.into_iter().rev() {
        out.remove(i);
    }
    out
}

/// A relative clause speaks of the phrase before it: "Pasjinjan, die niet loyaal is aan
/// Moskou" (the antecedent is the subject), "Azerbeidzjan, waarmee het wapendeals sloot" (the
/// antecedent is a met-phrase). The antecedent is added as a phrase at the clause's start.
fn add_relative_antecedents(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    clauses: &[Clause],
    groups: &mut Vec<Group>,
) {
    let mut added = Vec::new();
    for c in clauses.iter().filter(|c| c.relative) {
        // "the militia that Iran backs": the relative has a subject of its own.
        if lx.complementizers.contains_token(s, c.start) && !opens_subject_relative(s, lx, c.start)
        {
            continue;
        }
        let prep = lx.relative_prepositions.get(&*s.norm[c.start]).cloned();
        // ", a move which …", ", een stap die …": the relative speaks of the noun summing
        // up the clause before it, not of an actor in that clause.
        let summing = clauses
            .iter()
            .find(|p| p.end == c.start)
            .and_then(|p| summary_noun(s, lx, p.start, p.end))
            .is_some_and(|(n, _)| n + 1 == c.start);
        if summing {
            continue;
        }
        let mut antecedent = groups
            .iter()
            .filter(|g| g.end <= c.start && c.start - g.end <= 8)
            .max_by_key(|g| g.end);
        // "Srpska Lista, the main Kosovo Serb party, which …": an actor that only modifies the
        // head of an apposition is not the antecedent; the phrase the apposition is set beside
        // is.
        if let Some(g) = antecedent {
            let comma = if c.start > 0 && s.norm[c.start - 1] == "," {
                c.start - 1
            } else {
                c.start
            };
            let head =
                g.end <= comma && comma - g.end <= 3 && (g.end..comma).all(|k| s.is_lower_word(k));
            // "Hezbollah, the Lebanese group that …": a demonym before a head noun that is
            // no body of its state ("group", not "government") only modifies that noun.
            let modifier = head
                && g.members
                    .iter()
                    .all(|&m| mentions[m].form == Form::Adjective)
                && !lx
                    .np_heads
                    .iter()
                    .any(|h| s.phrase_at(g.end, h) == Some(comma));
            if modifier {
                antecedent = None;
            }
            if !head || modifier {
                let anchor = clauses
                    .iter()
                    .find(|p| p.end == c.start && p.start <= g.start)
                    .and_then(|p| p.anchor);
                if let Some((st, en)) = anchor {
                    antecedent = groups.iter().find(|g| g.start == st && g.end == en);
                }
            }
        }
        if let Some(a) = antecedent {
            added.push(Group {
                members: a.members.clone(),
                start: c.start,
                end: c.start + 1,
                prep,
            });
        }
    }
    groups.extend(added);
    groups.sort_by_key(|g| g.start);
}

/// Joins mentions separated only by commas, list conjunctions and determiners.
fn group_mentions(s: &Sentence, lx: &Lexicon, mentions: &[Mention]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(g) = groups.last_mut() {
            // "the Ethiopian government and the TPLF": a demonym's head noun belongs to its
            // phrase, not between the two.
            let last = &mentions[*g.members.last().unwrap_or(&i)];
            let head_end = if last.form == Form::Adjective && last.end == g.end {
                past_head_noun(s, lx, g.end)
            } else {
                g.end
            };
            let between = head_end..m.start;
            // "three Hamas leaders, including Yahya Sinwar": an inclusion after a comma adds
            // the phrase after it to the one before it.
            let inclusion = inclusion_words(s, lx, g, m);
            let joins = m.start >= g.end
                && !between.is_empty()
                && between.clone().all(|k| {
                    let w = &s.norm[k];
                    w == ","
                        || lx.list_conjunctions.contains(w)
                        || lx.determiners.contains(w)
                        || s.is_joining_hyphen(k)
                        || inclusion.contains(&k)
                })
                && between
                    .clone()
                    .any(|k| s.norm[k] == "," || lx.list_conjunctions.contains_token(s, k))
                && (m.prep.is_none() || m.prep == g.prep)
                // "Washington, Israel's closest ally": a possessive after a bare comma opens an
                // apposition, not a list ("Armenia and Azerbaijan's leaders" is one).
                && !(m.form == Form::Genitive
                    && mentions[*g.members.last().unwrap_or(&i)].form != Form::Genitive
                    && between.clone().all(|k| s.norm[k] == ","))
                // "Armenia attacked Georgia, Ukraine said.": a phrase after a bare comma that a
                // reporting verb follows is the speaker of a clause of its own.
                && !(between
                    .clone()
                    .all(|k| s.norm[k] == "," || lx.determiners.contains_token(s, k))
                    && speaks_next(s, lx, m.end))
                // "a corridor to Nakhchivan, and Turkey supports …": after a prepositional
                // phrase, a comma and a conjunction, a bare phrase that a verb (or a
                // reporting verb: "fled to Moscow, and the Kremlin said") follows is the
                // subject of a clause of its own.
                && !(g.prep.is_some()
                    && m.prep.is_none()
                    && between.clone().any(|k| s.norm[k] == ",")
                    && (s.verb.get(past_head_noun(s, lx, m.end)) == Some(&true)
                        || speaks_next(s, lx, m.end)))
                // "In Lebanon, Hezbollah fired …": a fronted place phrase and the subject
                // after its comma are no list.
                && !(g.members.len() == 1
                    && m.prep.is_none()
                    && g.prep.as_ref().is_some_and(|p| lx.place_prepositions.contains(p))
                    && between.clone().all(|k| s.norm[k] == ","));
            // "beide landen": a plural referring phrase stands for all its actors at once.
            let same_phrase = m.via.is_some() && m.start == g.start && m.end == g.end;
            if joins || same_phrase {
                g.members.push(i);
                g.end = m.end;
                continue;
            }
        }
        groups.push(Group::of(i, m));
    }
    // "While supporting Armenia, Russia sold …", "After Georgia, Russia …": phrases joined by
    // bare commas, with no "and" or "or" between any two of them, are no list.
    let bare = |g: &Group| {
        g.members.len() > 1
            && g.members.windows(2).all(|w| {
                let mut gap = mentions[w[0]].end..mentions[w[1]].start;
                !gap.is_empty()
                    && gap.all(|k| s.norm[k] == "," || lx.determiners.contains_token(s, k))
            })
    };
    if !groups.iter().any(bare) {
        return groups;
    }
    groups
        .into_iter()
        .flat_map(|g| {
            if bare(&g) {
                g.members
                    .iter()
                    .map(|&i| Group::of(i, &mentions[i]))
                    .collect()
            } else {
                vec![g]
            }
        })
        .collect()
}

/// The end of the head noun ("government", "armed forces") that follows a phrase ending at
/// `end`, or `end` when none does.
fn past_head_noun(s: &Sentence, lx: &Lexicon, end: usize) -> usize {
    lx.np_heads
        .iter()
        .filter_map(|h| s.phrase_at(end, h))
        .max()
        .unwrap_or(end)
}

/// Whether a reporting verb follows the phrase ending at `end`, past a head noun ("the
/// Ukrainian military said").
fn speaks_next(s: &Sentence, lx: &Lexicon, end: usize) -> bool {
    s.norm
        .get(past_head_noun(s, lx, end))
        .is_some_and(|w| lx.reporting_verbs.is_match(w))
}

/// The token where the noun phrase whose words start at `k` begins: back over its
/// determiners, not before `floor`.
fn before_determiners(s: &Sentence, lx: &Lexicon, mut k: usize, floor: usize) -> usize {
    while k > floor && lx.determiners.contains_token(s, k - 1) {
        k -= 1;
    }
    k
}

/// Whether `w` is a noun summing up an act or a statement ("move", "decision", "claim").
fn is_summary(lx: &Lexicon, w: &str) -> bool {
    lx.act_summaries.contains(w) || lx.speech_summaries.contains(w)
}

/// The up to three tokens of clause `c` right before a trigger at `a`: where its own
/// negation ("geen steun") or a cancellation ("called off talks") stands.
fn just_before(c: &Clause, a: usize) -> std::ops::Range<usize> {
    a.saturating_sub(3).max(c.start)..a
}

/// Whether the relation noun from token `a` to `b` is negated: by a negation right before
/// it ("geen steun", "nauwelijks nog steun"), or by a verb that calls it off, before it in
/// English ("called off talks with"; "imposed sanctions … and suspended …" cancels no
/// sanctions), anywhere in a Dutch clause ("de gesprekken afgeblazen").
fn noun_negated(s: &Sentence, lx: &Lexicon, c: &Clause, (a, b): (usize, usize)) -> bool {
    let own = just_before(c, a).any(|k| lx.negation_at(s, k).is_some_and(|e| e <= b));
    let last = if lx.verb_final { c.end } else { a };
    own || (c.start..last)
        .any(|k| !(a..b).contains(&k) && lx.cancellations.at(s, k).is_some_and(|e| e <= c.end))
}

/// Whether a negation in the clause negates the verb from token `a` to `b`. In a verb-second
/// language a negation after the verb and after an "and" that joins no actors belongs to a
/// coordinated clause ("Eritrean troops still occupy parts of Tigray and a million people
/// cannot return home").
fn verb_negated(
    s: &Sentence,
    lx: &Lexicon,
    groups: &[Group],
    c: &Clause,
    (a, b): (usize, usize),
) -> bool {
    // An "and" between the verb and the negation that joins no actors opens another clause.
    let after_coordination = |k: usize| {
        !lx.verb_final
            && k >= b
            && (b..k).any(|j| lx.list_conjunctions.contains_token(s, j) && !in_group(groups, j))
    };
    // "warned Washington not to interfere": a negation after the verb and right before an
    // infinitive marker negates the infinitive, not the warning.
    let before_infinitive = |k: usize, e: usize| {
        k >= b
            && s.norm
                .get(e)
                .is_some_and(|w| lx.infinitive_markers.contains(w))
    };
    // A trigger does not negate itself: "denied Abdi's account" is a rejection.
    (c.start..c.end).any(|k| {
        !(a..b).contains(&k)
            && lx
                .negation_at(s, k)
                .is_some_and(|e| e <= c.end && !before_infinitive(k, e))
            && !after_coordination(k)
    })
}

/// Marks appositions: a noun phrase between commas right after an actor's phrase
/// ("Washington, Israel's closest ally, has …", "Srpska Lista, the main Kosovo Serb party,
/// which …").
fn mark_appositions(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    groups: &[Group],
    clauses: &mut [Clause],
) {
    let n = s.tokens.len();
    let relative_at: Vec<usize> = clauses
        .iter()
        .filter(|c| c.relative)
        .map(|c| c.start)
        .collect();
    for c in clauses.iter_mut().skip(1) {
        let (start, end) = (c.start, c.end);
        if start < 2 || s.norm[start - 1] != "," {
            continue;
        }
        // The phrase before the comma, past the parenthesis of an abbreviation.
        let mut e = start - 1;
        if s.norm[e - 1] == ")" {
            e -= 1;
        }
        let opens_np = lx.determiners.contains_token(s, start)
            || mentions
                .iter()
                .any(|m| m.start == start && m.form == Form::Genitive);
        // Closed by a comma, or by the relative clause that follows the apposition
        // ("Hezbollah, the Lebanese group that fought …, has"), or by the end of the
        // sentence when it holds no verb ("relies on Russia, its traditional protector.").
        let at_end = (end..n).all(|k| s.tokens[k].kind == TokenKind::Punct)
            && !(start..end).any(|k| s.verb[k] || lx.reporting_verbs.matches_token(s, k));
        let closed = end - start <= 12
            && ((end < n && (s.norm[end - 1] == "," || relative_at.contains(&end))) || at_end);
        if opens_np && closed {
            if let Some(g) = groups.iter().find(|g| g.end == e) {
                c.anchor = Some((g.start, g.end));
            }
        }
    }
}

/// The tokens between the phrase `g` and the mention `m` when they are a comma and an
/// inclusion ("including", "such as", "as well as") that opens the phrase of `m`. After a
/// prepositional phrase the comma may come after up to two words of its head ("for three
/// Hamas leaders, including …").
fn inclusion_words(s: &Sentence, lx: &Lexicon, g: &Group, m: &Mention) -> Vec<usize> {
    let mut comma = g.end;
    if g.prep.is_some() {
        while comma < m.start && comma < g.end + 2 && s.is_lower_word(comma) {
            comma += 1;
        }
    }
    if comma >= m.start || s.norm[comma] != "," {
        return Vec::new();
    }
    // Back over determiners and numbers, up to two lower-case words ("three", "senior") and
    // the preposition the two phrases share (", as well as for three Hamas leaders").
    let mut k = m.start;
    let mut words = 0;
    while k > comma + 1 {
        if lx
            .inclusions
            .ending_at(s, k)
            .any(|p| k == comma + 1 + p.len())
        {
            return (g.end..m.start).collect();
        }
        let w = &s.norm[k - 1];
        if lx.determiners.contains(w)
            || s.tokens[k - 1].kind == TokenKind::Number
            || (m.prep.is_some() && m.prep == g.prep && m.prep.as_deref() == Some(&**w))
        {
            k -= 1;
        } else if words < 2 && s.is_lower_word(k - 1) && !lx.prepositions.contains(w) {
            words += 1;
            k -= 1;
        } else {
            break;
        }
    }
    Vec::new()
}

fn in_group(groups: &[Group], k: usize) -> bool {
    groups.iter().any(|g| g.start < k && k < g.end)
}

/// Whether the conjunction at `k` joins a second verb phrase to a first that is complete:
/// "Russia did not attack Ukraine and occupied Georgia" (a negation of the first says
/// nothing of the second, whose subject is the first's). The second verb follows the
/// conjunction after at most three function words or adverbs ("and has since occupied"). The
/// first phrase has its own object after its verb, or no verb a rule knows ("was not
/// involved and is still supporting"), so that "attacked and occupied Ukraine" keeps one
/// clause and one object. Only in a main clause.
fn opens_verb_phrase(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    covered: &[bool],
    starts: &[usize],
    complements: &[usize],
    k: usize,
) -> bool {
    let n = s.tokens.len();
    let verb = |j: usize| s.verb[j] && !covered[j];
    // Only function words and adverbs before it: in "drone and missile attacks" the noun
    // "missile" makes "attacks" a noun.
    let filler = |j: usize| {
        s.is_lower_word(j) && (lx.stopwords.contains_token(s, j) || s.norm[j].ends_with("ly"))
    };
    if !(k + 1..n.min(k + 5))
        .take_while(|&j| filler(j) || verb(j))
        .any(verb)
    {
        return false;
    }
    let start = starts.iter().copied().filter(|&b| b < k).max().unwrap_or(0);
    // Inside a subordinate, relative or reported clause the second phrase may as well be the
    // main clause's ("has determined that X committed genocide and has imposed sanctions").
    let opener: &str = &s.norm[start];
    if complements.contains(&start)
        || lx.subordinators.contains(opener)
        || lx.weak_subordinators.contains(opener)
        || lx.complementizers.contains(opener)
        || lx.relatives.contains(opener)
    {
        return false;
    }
    match (start..k).rev().find(|&j| verb(j)) {
        // An actor or a noun phrase after the first verb: "did not sign the deal and …".
        Some(first) => {
            mentions.iter().any(|m| first < m.start && m.end <= k)
                || (first + 1..k).any(|j| lx.determiners.contains_token(s, j))
        }
        None => (start..k).any(|j| s.is_lower_word(j)),
    }
}

/// Cuts a sentence into clauses at punctuation, subordinators and coordinators.
fn split_clauses(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    groups: &[Group],
    covered: &[bool],
) -> Vec<Clause> {
    let n = s.tokens.len();
    // A verb follows token `k` before the next punctuation: "and Russia attacked …" opens a
    // clause, "Turkish drones and Israeli missiles" does not.
    let verb_follows = |k: usize| {
        (k..n)
            .take_while(|&j| s.tokens[j].kind != TokenKind::Punct)
            .any(|j| s.verb[j] && !covered[j])
    };
    // An actor's name in parentheses right after an actor is an apposition, not a clause:
    // "the Syrian Democratic Forces (SDF) attacked", "de Syrische Democratische
    // Strijdkrachten (SDF) vielen … aan".
    let mut transparent = Vec::new();
    for k in 1..n {
        if s.norm[k] != "(" || !mentions.iter().any(|m| m.end == k) {
            continue;
        }
        let close = mentions
            .iter()
            .find(|m| m.start == k + 1)
            .map(|m| m.end)
            .filter(|&e| s.norm.get(e).is_some_and(|w| w == ")"));
        if let Some(close) = close {
            transparent.extend([k, close]);
        }
    }
    let mut starts = vec![0];
    let mut phrase_starts = Vec::new();
    let mut complements = Vec::new();
    for k in 0..n {
        let w: &str = &s.norm[k];
        let is_punct = s.tokens[k].kind == TokenKind::Punct && !transparent.contains(&k);
        let dash = w == "-"
            && s.tokens[k].space_before
            && s.tokens.get(k + 1).is_some_and(|t| t.space_before);
        if is_punct
            && (matches!(w, ";" | ":" | "(" | ")" | "–" | "—")
                || dash
                || (w == "," && !in_group(groups, k)))
        {
            starts.push(k + 1);
        } else if lx.subordinators.contains_token(s, k)
            || lx.coordinators.contains_token(s, k)
            || lx.conditionals.contains_token(s, k)
        {
            starts.push(k);
            // "The militia that Iran backs attacked Israel": the relative clause ends before
            // the main clause's verb.
            if let Some(v) = object_relative_end(s, lx, mentions, covered, k) {
                starts.push(v);
            }
        } else if lx.bare_complements
            && !covered.get(k).is_some_and(|&c| c)
            && lx.reporting_verbs.matches_token(s, k)
            && bare_complement_after(s, lx, mentions, k)
            && verb_follows(k + 1)
        {
            // "Kyiv said Russia attacked …": the reported clause needs no "that".
            starts.push(k + 1);
            complements.push(k + 1);
        } else if lx.infinitive_introducers.contains_token(s, k) {
            // The introducer owns the first infinitive marker after it, unless another
            // introducer comes first: in "dwars door Armenië om … te verbinden" the "te"
            // belongs to "om", and "door" is a preposition.
            // "het leger ervan te beschuldigen … te schenden": "ervan" right before the marker
            // belongs to that verb and introduces nothing.
            let complement = |j: usize| {
                lx.object_control.contains(&s.norm[j])
                    && s.norm
                        .get(j + 1)
                        .is_some_and(|x| lx.infinitive_markers.contains(x))
            };
            let owns_marker = (k + 1..n)
                .take_while(|&j| s.tokens[j].kind != TokenKind::Punct)
                .find(|&j| {
                    lx.infinitive_markers.contains_token(s, j)
                        || (lx.infinitive_introducers.contains_token(s, j) && !complement(j))
                })
                .is_some_and(|j| lx.infinitive_markers.contains_token(s, j));
            if owns_marker && !complement(k) {
                starts.push(k);
            }
        } else if lx.weak_subordinators.contains_token(s, k)
            || (lx.list_conjunctions.contains_token(s, k) && !in_group(groups, k) && k > 0)
        {
            let next_is_subject = mentions.iter().any(|m| m.start == k + 1)
                || s.norm.get(k + 1).is_some_and(|x| lx.pronouns.contains(x));
            if next_is_subject && (!lx.coordination_needs_verb || verb_follows(k + 1)) {
                starts.push(k);
            } else if lx.phrase_conjunctions.contains_token(s, k)
                && opens_verb_phrase(s, lx, mentions, covered, &starts, &complements, k)
            {
                starts.push(k);
                phrase_starts.push(k);
            }
        }
    }
    starts.push(n);
    starts.sort_unstable();
    starts.dedup();
    let mut clauses = Vec::new();
    for w in starts.windows(2) {
        let (start, end) = (w[0], w[1]);
        if start >= end {
            continue;
        }
        let negated = (start..end).any(|k| lx.negation_at(s, k).is_some_and(|e| e <= end));
        let hedged = (start..end).any(|k| lx.hedges.ends_at(s, k).any(|e| e <= end));
        let irrealis = lx.conditionals.contains_token(s, start);
        let opener: &str = &s.norm[start];
        let infinitive = lx.infinitive_introducers.contains(opener)
            && (start..end).any(|k| lx.infinitive_markers.contains_token(s, k));
        let subordinate = lx.subordinators.contains(opener)
            || lx.weak_subordinators.contains(opener)
            || lx.complementizers.contains(opener);
        let verb_phrase = phrase_starts.contains(&start);
        clauses.push(Clause {
            subordinate,
            infinitive,
            relative: lx.relatives.contains(opener)
                || opens_subject_relative(s, lx, start)
                || object_relative_subject(s, lx, mentions, start).is_some(),
            start,
            end,
            negated,
            negated_above: false,
            hedged,
            irrealis,
            reported: None,
            anchor: None,
            denied: false,
            verb_phrase,
        });
    }
    for i in 1..clauses.len() {
        // "Indien X …, dan …": the consequent of a condition holds no more than it.
        if clauses[i - 1].irrealis && lx.consequents.contains_token(s, clauses[i].start) {
            clauses[i].irrealis = true;
        }
        if clauses[i].infinitive {
            clauses[i].negated_above = clauses[i - 1].negated || clauses[i - 1].negated_above;
        }
        // "may have attacked Kyiv and occupied Bucha": the modal is shared, the negation
        // of one verb phrase is not.
        if clauses[i].infinitive || clauses[i].verb_phrase {
            clauses[i].hedged |= clauses[i - 1].hedged;
            clauses[i].irrealis |= clauses[i - 1].irrealis;
        }
    }
    clauses
}

/// Whether a plain noun stands before the complementizer at `k` (>0), one that a relative
/// clause may follow: not a reporting verb ("said that") nor a noun of speech or act ("the
/// claim that", "a move that").
fn noun_before(s: &Sentence, lx: &Lexicon, k: usize) -> bool {
    let noun = &s.norm[k - 1];
    s.is_lower_word(k - 1)
        && !lx.stopwords.contains(noun)
        && !lx.reporting_verbs.is_match(noun)
        && !lx.speech_summaries.contains(noun)
        && !lx.act_summaries.contains(noun)
}

/// The subject of an object relative clause opened by the complementizer at `k` (English
/// word order only): "the militia that Iran backs" (a noun before it, an actor after it).
fn object_relative_subject<'m>(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &'m [Mention],
    k: usize,
) -> Option<&'m Mention> {
    if lx.verb_final || k == 0 || !lx.complementizers.contains_token(s, k) {
        return None;
    }
    if !noun_before(s, lx, k) {
        return None;
    }
    let mut j = k + 1;
    while j < s.tokens.len() && lx.determiners.contains_token(s, j) {
        j += 1;
    }
    mentions.iter().find(|m| m.start == j)
}

/// Where the main clause resumes after an object relative clause opened at `k`: "the militia
/// that Iran backs attacked Israel" resumes at "attacked", the second verb after the
/// relative's own subject with nothing but words between.
fn object_relative_end(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    covered: &[bool],
    k: usize,
) -> Option<usize> {
    let subject = object_relative_subject(s, lx, mentions, k)?;
    let is_verb = |i: usize| s.verb[i] && !covered[i];
    let plain = |i: usize| {
        let w = &s.norm[i];
        s.tokens[i].kind == TokenKind::Word
            && !lx.list_conjunctions.contains(w)
            && !lx.subordinators.contains(w)
            && !lx.complementizers.contains(w)
    };
    let first = (subject.end..s.tokens.len())
        .take_while(|&i| plain(i))
        .find(|&i| is_verb(i))?;
    (first + 1..s.tokens.len())
        .take_while(|&i| plain(i))
        .find(|&i| is_verb(i))
}

/// Whether the complementizer at `k` opens a relative clause without a subject of its own:
/// "the Lebanese group that fought alongside …" (a noun before it, a verb right after it,
/// past auxiliaries and adverbs), not "said that …", "the claim that …" or "that Russia …".
fn opens_subject_relative(s: &Sentence, lx: &Lexicon, k: usize) -> bool {
    if k == 0 || !lx.complementizers.contains_token(s, k) {
        return false;
    }
    noun_before(s, lx, k)
        && (k + 1..s.tokens.len())
            .take_while(|&j| {
                let w = &s.norm[j];
                s.verb[j]
                    || lx.passive_auxiliaries.contains(w)
                    || (lx.stopwords.contains(w)
                        && !lx.determiners.contains(w)
                        && !lx.pronouns.contains(w))
                    || (s.is_lower_word(j) && w.ends_with("ly"))
            })
            .any(|j| s.verb[j])
}

/// Whether a subject starts right after the reporting verb at `k`: a pronoun, or an actor
/// after at most two determiners or adjectives ("said the Russian army …").
fn bare_complement_after(s: &Sentence, lx: &Lexicon, mentions: &[Mention], k: usize) -> bool {
    let n = s.tokens.len();
    if s.norm.get(k + 1).is_some_and(|w| lx.pronouns.contains(w)) {
        return true;
    }
    let mut j = k + 1;
    while j < n && j <= k + 3 {
        if mentions.iter().any(|m| m.start == j) {
            return true;
        }
        let w = &s.norm[j];
        if s.tokens[j].kind != TokenKind::Word
            || lx.prepositions.contains(w)
            || lx.complementizers.contains(w)
            || lx.infinitive_markers.contains(w)
        {
            return false;
        }
        j += 1;
    }
    false
}

/// Marks attributed clauses: "volgens X", "aldus X" (the whole sentence) and the clauses
/// after a reporting verb ("X zegt dat …").
fn attribute(
    s: &Sentence,
    lx: &Lexicon,
    mentions: &[Mention],
    groups: &[Group],
    is_trigger: &[bool],
    covered: &[bool],
    clauses: &mut [Clause],
) {
    let n = s.tokens.len();
    // The source is an actor in the phrase after "volgens": up to seven tokens, ending before
    // a relation's trigger or a comma ("volgens de krant steunt Rusland …" names no source).
    // A common noun before any actor ends it too, unless "van"/"of" continues it: "volgens
    // verschillende bronnen kan Azerbeidzjan …" names no source, "volgens een communiqué van
    // het Azerbeidzjaanse ministerie" does.
    let source_after = |k: usize| -> Option<ActorRef> {
        let window = n.min(k + 8);
        let end = (k + 1..window)
            .find(|&i| {
                if is_trigger[i] || s.norm[i] == "," {
                    return true;
                }
                let w = &s.norm[i];
                let noun = s.is_lower_word(i)
                    && !lx.determiners.contains(w)
                    && !lx.stopwords.contains(w)
                    && !lx.prepositions.contains(w)
                    && !is_inflected_adjective(s, lx, i)
                    && !s
                        .norm
                        .get(i + 1)
                        .is_some_and(|x| lx.genitive_prepositions.contains(x));
                noun && !groups.iter().any(|g| g.start > k && g.start <= i)
            })
            .unwrap_or(window);
        groups
            .iter()
            .find(|g| g.start > k && g.start < end)
            .map(|g| mentions[g.members[0]].actor.clone())
    };
    for k in 0..n {
        if lx.reporting_prepositions.contains_token(s, k)
            || lx.reporting_postpositions.contains_token(s, k)
        {
            let src = source_after(k);
            // A hedge inside the attribution ("volgens onbevestigde berichten") hedges it all.
            let phrase_end = clauses
                .iter()
                .find(|c| c.start <= k && k < c.end)
                .map_or(n, |c| c.end);
            let hedged = (k..phrase_end).any(|i| lx.hedges.at(s, i).is_some());
            // In a main clause it covers the sentence; inside a subordinate clause ("de
            // zuivering die volgens hem gaande is") only that clause.
            let own = clauses.iter().position(|c| c.start <= k && k < c.end);
            let embedded = own.is_some_and(|i| clauses[i].subordinate || clauses[i].relative);
            // ", a claim Moscow rejected": a noun summing up the report ends it.
            let summed = clauses
                .iter()
                .position(|c| c.start > k && summary_noun(s, lx, c.start, c.end).is_some())
                .unwrap_or(clauses.len());
            for (i, c) in clauses.iter_mut().enumerate() {
                if (embedded && Some(i) != own) || i >= summed {
                    continue;
                }
                c.reported = Some(src.clone());
                c.hedged |= hedged;
            }
        }
    }
    for ci in 0..clauses.len() {
        let c = clauses[ci].clone();
        // "the United States" holds no reporting verb.
        let verb =
            (c.start..c.end).find(|&k| lx.reporting_verbs.matches_token(s, k) && !covered[k]);
        let denial = (c.start..c.end).find(|&k| lx.denials.contains_token(s, k) && !covered[k]);
        if verb.is_none() && denial.is_none() {
            continue;
        }
        let speaker = groups
            .iter()
            .find(|g| g.prep.is_none() && g.start >= c.start && g.end <= c.end)
            .or_else(|| {
                clauses[..ci].iter().rev().find_map(|p| {
                    groups
                        .iter()
                        .find(|g| g.prep.is_none() && g.start >= p.start && g.end <= p.end)
                })
            })
            .map(|g| mentions[g.members[0]].actor.clone());
        // "Asmara denies that its troops hold …": the that-clause after a denial is negated
        // and reported by the one who denies.
        if let Some(d) = denial {
            if let Some(next) = clauses
                .get_mut(ci + 1)
                .filter(|n| n.start > d && lx.complementizers.contains_token(s, n.start))
            {
                next.denied = true;
                next.reported.get_or_insert(speaker.clone());
            }
        }
        let Some(v) = verb else { continue };
        // "X zegt Y niet aan te vallen": the reporting clause itself, when a te-infinitive
        // follows the verb; "X zegt dat …": the clauses from the dat-clause on.
        if (v + 1..c.end).any(|k| lx.infinitive_markers.contains_token(s, k)) {
            clauses[ci].reported.get_or_insert(speaker.clone());
        }
        if clauses.get(ci + 1).is_some_and(|n| {
            lx.complementizers.contains_token(s, n.start)
                || (lx.bare_complements && n.start == v + 1)
        }) {
            for next in clauses.iter_mut().skip(ci + 1) {
                // ", a move Israel condemned": a noun summing up the report ends it.
                if summary_noun(s, lx, next.start, next.end).is_some() {
                    break;
                }
                if next.reported.is_none() {
                    next.reported = Some(speaker.clone());
                }
            }
        }
        // "Russian forces shelled Kharkiv, the Ukrainian military said.": a last clause after
        // a comma that reports and has no relation of its own reports what came before it.
        // So does one followed only by a noun summing up the report (", a claim Moscow
        // rejected").
        let last = clauses
            .get(ci + 1)
            .is_none_or(|n| summary_noun(s, lx, n.start, n.end).is_some());
        let after_comma = ci > 0 && last && c.start > 0 && s.norm[c.start - 1] == ",";
        // ("the Kurdish-led group said": a participle glued to a name is no relation of
        // the clause.)
        let own_trigger = (c.start..c.end).any(|k| {
            is_trigger[k] && !s.is_joining_hyphen(k) && !(k > 0 && s.is_joining_hyphen(k - 1))
        });
        if after_comma && !own_trigger {
            let own_speaker = groups
                .iter()
                .find(|g| g.prep.is_none() && g.start >= c.start && g.end <= c.end)
                .map(|g| mentions[g.members[0]].actor.clone());
            for prev in clauses[..ci].iter_mut() {
                if prev.reported.is_none() {
                    prev.reported = Some(own_speaker.clone());
                }
            }
        }
    }
}

/// A noun that sums up the clause before it, opening the clause that starts at `start` after
/// a comma, after at most three determiners or lower-case words (", a move …", ", remarks
/// that …"): its token, and whether it sums up what was said rather than what was done.
fn summary_noun(s: &Sentence, lx: &Lexicon, start: usize, end: usize) -> Option<(usize, bool)> {
    if start == 0 || s.norm[start - 1] != "," {
        return None;
    }
    (start..end.min(start + 4)).find_map(|k| {
        let w = &s.norm[k];
        if lx.speech_summaries.contains(w) {
            Some(Some((k, true)))
        } else if lx.act_summaries.contains(w) {
            Some(Some((k, false)))
        } else if lx.determiners.contains(w) || s.is_lower_word(k) {
            None
        } else {
            Some(None)
        }
    })?
}

/// Token ranges where a rule's triggers match (with the particle of a separable verb).
/// `starts` lists the (pattern, token) pairs the prefilter allows, sorted: patterns in file
/// order, tokens left to right, as the unfiltered search would try them.
fn find_triggers(
    s: &Sentence,
    lx: &Lexicon,
    rule: &Rule,
    starts: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(p, i) in starts {
        if let Some(e) = match_pattern(s, lx, &rule.triggers[p], i, rule.particle.as_deref()) {
            if !out.iter().any(|&(a, b)| a < e && i < b) {
                out.push((i, e));
            }
        }
    }
    out.sort_unstable();
    out
}

fn match_pattern(
    s: &Sentence,
    lx: &Lexicon,
    p: &Pattern,
    i: usize,
    particle: Option<&str>,
) -> Option<usize> {
    let n = s.tokens.len();
    if let Some(parts) = particle {
        if p.tokens.len() == 1 {
            return parts
                .split('|')
                .find_map(|part| match_separable(s, lx, p, i, part));
        }
    }
    // `i` comes from the prefilter: unless it is a joining hyphen (a start moved back over
    // the hyphens before the word), the first token is known to match there.
    if !s.is_joining_hyphen(i) {
        return p.match_from(s, i, true);
    }
    let mut j = i;
    while j < n && s.is_joining_hyphen(j) {
        j += 1;
    }
    p.match_at(s, j)
}

fn match_separable(s: &Sentence, lx: &Lexicon, p: &Pattern, i: usize, part: &str) -> Option<usize> {
    let n = s.tokens.len();
    let w = &s.norm[i];
    // Joined: "aanvallen", "aangevallen"; split: "valt … aan", "aan te vallen".
    if let Some(rest) = w.strip_prefix(part) {
        if !rest.is_empty() && p.tokens[0].is_match(rest) {
            return Some(i + 1);
        }
    }
    if !p.tokens[0].is_match(w) {
        return None;
    }
    // "aan te vallen", and the particle written apart in a verb-final clause ("gevangen namen").
    let split_before = (i >= 1 && s.norm[i - 1] == part)
        || (i >= 2 && lx.infinitive_markers.contains_token(s, i - 1) && s.norm[i - 2] == part);
    let end = (i + 1..n)
        .find(|&k| matches!(&*s.norm[k], "." | ";" | ":" | "?" | "!"))
        .unwrap_or(n);
    let split_after = (i + 1..end).any(|k| s.norm[k] == part);
    (split_before || split_after).then_some(i + 1)
}

struct Args<'a> {
    rule: &'a Rule,
    mentions: &'a [Mention],
    s: &'a Sentence<'a>,
    lx: &'a Lexicon,
    groups: &'a [Group],
    clauses: &'a [Clause],
    clause: usize,
    a: usize,
    b: usize,
}

impl Args<'_> {
    fn in_clause(&self, g: &Group, c: usize) -> bool {
        let c = &self.clauses[c];
        g.start >= c.start && g.end <= c.end
    }

    fn overlaps_trigger(&self, g: &Group) -> bool {
        g.start < self.b && self.a < g.end
    }

    /// "Iran-backed": the phrase is glued by a hyphen to a participle that says what it did
    /// to the noun after it; it modifies that noun and is no subject of the clause.
    /// The hyphen's token, after a head noun of the phrase's own ("Azerbaijani
    /// government-backed activists").
    fn glued_agent(&self, g: &Group) -> Option<usize> {
        let s = self.s;
        let mut h = g.end;
        if h < s.norm.len()
            && self
                .lx
                .np_heads
                .iter()
                .any(|p| p.len() == 1 && p[0] == s.norm[h])
        {
            h += 1;
        }
        (h + 1 < s.norm.len()
            && s.is_joining_hyphen(h)
            && self.lx.hyphen_agents.contains_token(s, h + 1))
        .then_some(h)
    }

    /// The clause subject: its first noun phrase without a preposition, or the subject of
    /// the nearest clause before it that has one.
    fn clause_subject(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        // "Washington, Israel's closest ally": the noun of an apposition speaks of the phrase
        // the apposition is set beside.
        // ("relies on Russia, its traditional protector": after a possessive the phrase may
        // have a preposition.)
        if let Some((st, en)) = c.anchor.filter(|_| self.rule.kind == RuleKind::Noun) {
            let possessive = self.lx.possessives.contains_token(self.s, c.start);
            if let Some(g) = (0..self.groups.len()).find(|&g| {
                let gr = &self.groups[g];
                gr.start == st && gr.end == en && (gr.prep.is_none() || possessive)
            }) {
                return Some(g);
            }
        }
        // "Turkije, een lid van de NAVO, steunt …": a clause that opens with the verb after a
        // comma continues the subject before the apposition.
        let verb_first = self.rule.kind == RuleKind::Verb
            && self.a == c.start
            && self.clause > 0
            && c.start > 0
            && self.s.norm[c.start - 1] == ",";
        let own = (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            !verb_first
                && !c.verb_phrase
                && !c.infinitive
                && gr.prep.is_none()
                && self.in_clause(gr, self.clause)
                && !self.overlaps_trigger(gr)
                && !self.is_theme(gr)
                // "X, Y, has accused Z": in English the subject stands before the verb.
                && (self.lx.verb_final || self.rule.kind != RuleKind::Verb || gr.start < self.a)
        });
        // "Iran-backed militias attacked …": the subject is the noun the glued phrase
        // modifies; an actor only when it is one ("the Iran-backed Houthis attacked …").
        let own = match own.map(|g| (g, self.glued_agent(&self.groups[g]))) {
            Some((_, Some(h))) if !self.lx.hyphen_leaders.contains_token(self.s, h + 1) => {
                let noun = h + 2;
                return (0..self.groups.len())
                    .find(|&p| self.groups[p].start == noun && self.groups[p].start < self.a);
            }
            other => other.map(|(g, _)| g),
        };
        // "Iranian drones used by Russia have hit Kyiv": a demonym's noun with a participle
        // and its agent after it is the agent's.
        if let Some(agent) = own.and_then(|g| self.user_of(g)) {
            return Some(agent);
        }
        // A pronoun before the first actor is the subject. "hij" is the last person named
        // earlier in the sentence; other pronouns are no actor we know.
        let first = own.map_or(c.end, |g| self.groups[g].start);
        if let Some(k) =
            (c.start..first.min(self.a)).find(|&k| self.lx.pronouns.contains_token(self.s, k))
        {
            if !self.lx.person_pronouns.contains_token(self.s, k) {
                return None;
            }
            return (0..self.groups.len()).rev().find(|&g| {
                self.groups[g].end <= c.start
                    && self.groups[g]
                        .members
                        .iter()
                        .all(|&m| self.mentions[m].actor.kind == ActorType::Person)
            });
        }
        if own.is_none() {
            if let Some(g) = self.participle_head() {
                return Some(g);
            }
        }
        // "after accusing Armenia …", "While supporting Armenia, Russia …": a subordinate
        // clause that opens with its verb's gerund has the subject of the main clause it
        // modifies, before it or else after it.
        if own.is_none()
            && c.subordinate
            && !c.infinitive
            && self.rule.kind == RuleKind::Verb
            && self.a == c.start + 1
            && self.s.norm[self.a].ends_with("ing")
        {
            let main = |ci: usize| {
                let cl = &self.clauses[ci];
                if cl.subordinate || cl.relative || cl.anchor.is_some() {
                    return None;
                }
                (0..self.groups.len())
                    .find(|&g| self.groups[g].prep.is_none() && self.in_clause(&self.groups[g], ci))
            };
            return (0..self.clause)
                .rev()
                .find_map(main)
                .or_else(|| (self.clause + 1..self.clauses.len()).find_map(main));
        }
        // "met Azerbeidzjan, waarmee het wapendeals heeft gesloten": a relative adverb's
        // clause without a subject of its own continues the main clause's ("het" is too
        // often an article to stand for an actor of its own).
        let adverb_relative = self
            .lx
            .relative_prepositions
            .contains_key(&*self.s.norm[c.start]);
        if own.is_none() && c.subordinate && !c.infinitive && !adverb_relative {
            return None;
        }
        if own.is_none() && self.own_noun_subject() {
            return None;
        }
        own.or_else(|| self.object_controller())
            .or_else(|| self.inherited_subject())
    }

    /// "Armenia relies on Russia, its traditional protector": in an apposition, a possessive
    /// pronoun before the relation noun (past adjectives) speaks of the subject of the clause
    /// the apposition is set in, which is not the phrase it is set beside.
    fn possessive_owner(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        let (st, _) = c.anchor?;
        if self.rule.kind != RuleKind::Noun || !self.possessive_before_trigger() {
            return None;
        }
        self.inherited_subject()
            .filter(|&g| self.groups[g].start != st)
    }

    /// The clause subject, as the owner of a possessive before the trigger. Not after an
    /// infinitive marker: in "called on Israel to halt its strikes" the owner is the one
    /// called on, not the clause's subject.
    fn possessor(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        let infinitive =
            (c.start..self.a).any(|k| self.lx.infinitive_markers.contains_token(self.s, k));
        if infinitive || !self.possessive_before_trigger() {
            return None;
        }
        self.clause_subject()
    }

    /// Whether a possessive pronoun stands before the trigger, past at most two lower-case
    /// words that are no preposition or other determiner ("its traditional protector",
    /// "zijn strijd"; not "its support for the war").
    fn possessive_before_trigger(&self) -> bool {
        let c = &self.clauses[self.clause];
        let (s, lx) = (self.s, self.lx);
        let mut k = self.a;
        while k > c.start && self.a - k <= 2 && s.is_lower_word(k - 1) {
            if lx.possessives.contains_token(s, k - 1) {
                return true;
            }
            if lx.prepositions.contains_token(s, k - 1) || lx.determiners.contains_token(s, k - 1) {
                return false;
            }
            k -= 1;
        }
        false
    }

    /// The agent of a participle right after a demonym's head noun, before the trigger
    /// ("Iranian drones used by Russia", "Turkish jets flown by Azerbaijani pilots").
    fn user_of(&self, g: usize) -> Option<usize> {
        let (s, lx) = (self.s, self.lx);
        let gr = &self.groups[g];
        if lx.verb_final
            || !gr
                .members
                .iter()
                .all(|&m| self.mentions[m].form == Form::Adjective)
        {
            return None;
        }
        // The participle right after the head noun.
        let at = past_head_noun(s, lx, gr.end).max(gr.end + 1);
        if at + 2 >= self.a || !s.is_lower_word(at - 1) {
            return None;
        }
        let by = &s.norm[at + 1];
        if !lx.user_participles.contains(&s.norm[at]) || !lx.agent_prepositions.contains(by) {
            return None;
        }
        (0..self.groups.len()).find(|&p| {
            let a = &self.groups[p];
            a.start == at + 2 && a.end <= self.a && a.prep.as_deref() == Some(&**by)
        })
    }

    /// The subject a clause without one of its own takes: the first bare phrase of the
    /// nearest main clause before it.
    fn inherited_subject(&self) -> Option<usize> {
        (0..self.clause)
            .rev()
            .filter(|&c| {
                let cl = &self.clauses[c];
                !cl.relative && cl.anchor.is_none() && !cl.verb_phrase
            })
            .find_map(|c| {
                (0..self.groups.len())
                    .find(|&g| self.groups[g].prep.is_none() && self.in_clause(&self.groups[g], c))
            })
    }

    /// "and the federal government lifted its siege", "said the group had cut ties": in a
    /// language whose verb is not final a clause that opens with a conjunction, or a reported clause
    /// without one, and then a determiner and a lower-case noun before the trigger has a
    /// subject of its own that is no actor; it borrows none from the clauses before it.
    fn own_noun_subject(&self) -> bool {
        let c = &self.clauses[self.clause];
        let (s, lx) = (self.s, self.lx);
        if lx.verb_final || c.infinitive || self.clause == 0 {
            return false;
        }
        let np_at = |k: usize| {
            k + 1 < self.a
                && lx.determiners.contains_token(s, k)
                && s.is_lower_word(k + 1)
                && !lx.determiners.contains_token(s, k + 1)
        };
        // "said the group had cut ties": a reported clause without "that".
        if (c.start..self.a).any(|v| lx.reporting_verbs.matches_token(s, v) && np_at(v + 1)) {
            return true;
        }
        let mut k = c.start;
        let w = &s.norm[k];
        if lx.list_conjunctions.contains(w)
            || lx.coordinators.contains(w)
            || lx.complementizers.contains(w)
        {
            k += 1;
        } else if s.norm[k - 1] == "," {
            // ", a move condemned by Egypt", ", a coalition backed by Turkey": a noun phrase
            // after a bare comma sums up or is set beside what came before.
            return false;
        }
        np_at(k)
    }

    /// "urged Beijing to stop supplying drones": the actor between a verb of wanting or
    /// asking and the infinitive marker before the trigger is the infinitive's subject
    /// ("urge", "call on", "ask", "want X to …").
    fn controller(&self) -> Option<usize> {
        if self.rule.kind != RuleKind::Verb {
            return None;
        }
        let (s, lx, a) = (self.s, self.lx, self.a);
        let c = &self.clauses[self.clause];
        let t = (c.start.max(a.saturating_sub(4))..a)
            .rev()
            .find(|&k| lx.infinitive_markers.contains_token(s, k))?;
        if !(t + 1..a).all(|k| s.is_lower_word(k) && !lx.determiners.contains_token(s, k)) {
            return None;
        }
        // "Finland's decision to join", "the decision by Finland to join": the one whose act
        // the noun before the marker names.
        let owner = (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            if gr.start < c.start {
                return false;
            }
            let genitive = t >= 1
                && gr.end == t - 1
                && is_summary(lx, &s.norm[t - 1])
                && gr
                    .members
                    .iter()
                    .all(|&m| self.mentions[m].form == Form::Genitive);
            let agent = gr.end == t && self.summary_owned(gr, c.start).is_some();
            genitive || agent
        });
        if owner.is_some() {
            return owner;
        }
        let g = (0..self.groups.len()).find(|&g| self.groups[g].end == t)?;
        let gr = &self.groups[g];
        let mut k = before_determiners(s, lx, gr.start, c.start);
        // "called on Eritrea to withdraw": a preposition right after the verb.
        match &gr.prep {
            None => {}
            Some(p) if k > c.start && s.norm[k - 1] == *p => k -= 1,
            Some(_) => return None,
        }
        (k > c.start && lx.intention_verbs.matches_token(s, k - 1)).then_some(g)
    }

    /// The verb's object right before an infinitive introducer of object control ("de
    /// Emiraten ervan … te bewapenen"): the infinitive's subject.
    fn object_controller(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        if !c.infinitive || !self.lx.object_control.contains(&self.s.norm[c.start]) {
            return None;
        }
        (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            gr.end == c.start && gr.prep.is_none()
        })
    }

    /// ", backed by Eritrea": a participle with its agent right after a comma speaks of the
    /// phrase before the comma ("Ethiopian federal forces, backed by Eritrea, fought …").
    fn participle_head(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        let (a, b) = (self.a, self.b);
        let s = self.s;
        if a != c.start || a < 2 || s.norm[a - 1] != "," || s.norm[a].ends_with("ing") {
            return None;
        }
        let by = |k: usize| {
            s.norm
                .get(k)
                .is_some_and(|w| self.lx.agent_prepositions.contains(w))
        };
        if !(by(b) || by(b - 1)) {
            return None;
        }
        self.phrase_ending_at(a - 1)
    }

    /// The phrase a participle at the trigger modifies: the actor right before it, or before
    /// the comma that sets it off, with at most three lower-case words of its head between
    /// ("Armenian forces backed by Russia", "Ethiopian federal forces, backed by Eritrea").
    fn modified_phrase(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        let a = self.a;
        if a == c.start {
            return self.participle_head();
        }
        self.phrase_ending_at(a)
    }

    fn phrase_ending_at(&self, end: usize) -> Option<usize> {
        let g = (0..self.groups.len())
            .rev()
            .find(|&g| self.groups[g].end <= end)?;
        let gr = &self.groups[g];
        (gr.prep.is_none() && end - gr.end <= 3 && (gr.end..end).all(|k| self.s.is_lower_word(k)))
            .then_some(g)
    }

    /// The agent of a participle without auxiliary: a by-phrase right after it ("troops
    /// condemned by Egypt", "rebels backed by Turkey").
    fn agent_after(&self) -> Option<usize> {
        let (s, b) = (self.s, self.b);
        if s.norm[self.a].ends_with("ing") {
            return None;
        }
        let prep = s
            .norm
            .get(b)
            .filter(|w| self.lx.agent_prepositions.contains(*w))?;
        (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            gr.prep.as_deref() == Some(&**prep)
                && gr.start > b
                && (b + 1..gr.start).all(|k| self.lx.determiners.contains_token(s, k))
        })
    }

    /// A demonym that only says where the rule's required theme comes from ("Turkse drones",
    /// "Syrische huurlingen") is not an argument; one that owns it ("Ethiopian territory")
    /// is.
    fn is_theme(&self, g: &Group) -> bool {
        !self.rule.requires.is_empty()
            && g.members
                .iter()
                .all(|&m| self.mentions[m].form == Form::Adjective)
            && self.s.norm.get(g.end).is_some_and(|w| {
                self.rule
                    .requires
                    .iter()
                    .any(|r| r.match_at(self.s, g.end).is_some())
                    && !self.lx.owned_themes.contains(w)
            })
    }

    /// The doer of a gerund after "of" (English "-ing" verbs): the phrase right before "of"
    /// ("accused Azerbaijan of starving Karabakh" → Azerbaijan).
    fn gerund_subject(&self) -> Option<usize> {
        if self.rule.kind != RuleKind::Verb || !self.s.norm[self.a].ends_with("ing") {
            return None;
        }
        let mut k = self.a;
        while k > 0
            && self.s.norm[k - 1].ends_with("ly")
            && self.s.tokens[k - 1].kind == TokenKind::Word
        {
            k -= 1;
        }
        if k == 0 || !self.lx.gerund_prepositions.contains_token(self.s, k - 1) {
            return None;
        }
        let of = k - 1;
        (0..self.groups.len()).find(|&g| self.groups[g].end == of && self.groups[g].prep.is_none())
    }

    fn bare_after(&self, subject: Option<usize>) -> Option<usize> {
        if let Some(g) = self.act_owner_after() {
            return Some(g);
        }
        let ok = |g: usize| {
            let gr = &self.groups[g];
            Some(g) != subject
                && !self.is_theme(gr)
                && gr.prep.is_none()
                && self.in_clause(gr, self.clause)
                && !self.overlaps_trigger(gr)
        };
        // The nearest phrase after the trigger ("… en omschrijven Pasjinjan als …"), else the
        // first one after the subject (verb-final order).
        if let Some(g) = (0..self.groups.len()).find(|&g| ok(g) && self.groups[g].start >= self.b) {
            return Some(g);
        }
        if !self.lx.verb_final {
            return None;
        }
        (0..self.groups.len()).find(|&g| {
            ok(g)
                && subject.is_none_or(|sg| {
                    self.groups[g].start > self.groups[sg].start
                        || !self.in_clause(&self.groups[sg], self.clause)
                })
        })
    }

    /// "denounced the decision by Finland to join NATO", "condemned the move of Serbia": a
    /// noun summing up an act or a statement right after the trigger stands for the one
    /// whose act it is, named in its agent or genitive phrase.
    fn act_owner_after(&self) -> Option<usize> {
        let (s, lx) = (self.s, self.lx);
        let n = s.tokens.len();
        let mut k = self.b;
        while k < n && (lx.determiners.contains(&s.norm[k]) || is_inflected_adjective(s, lx, k)) {
            k += 1;
        }
        if k >= n || !is_summary(lx, &s.norm[k]) {
            return None;
        }
        (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            self.summary_owned(gr, 0) == Some(k) && self.in_clause(gr, self.clause)
        })
    }

    /// The summary noun ("decision", "move", "claim") whose agent or genitive phrase `gr`
    /// is ("the decision by Finland", "the move of Serbia"), looking back no further than
    /// `floor`.
    fn summary_owned(&self, gr: &Group, floor: usize) -> Option<usize> {
        let (s, lx) = (self.s, self.lx);
        let p = gr.prep.as_deref()?;
        if !(lx.agent_prepositions.contains(p) || lx.genitive_prepositions.contains(p)) {
            return None;
        }
        let j = before_determiners(s, lx, gr.start, floor);
        (j >= 2 && &*s.norm[j - 1] == p && is_summary(lx, &s.norm[j - 2])).then_some(j - 2)
    }

    /// "held drills near the border with Ukraine": the phrase belongs to the border noun
    /// before its preposition.
    fn after_border_noun(&self, gr: &Group) -> bool {
        let s = self.s;
        let k = before_determiners(s, self.lx, gr.start, 0);
        k >= 2
            && gr.prep.as_deref() == Some(&*s.norm[k - 1])
            && self.lx.border_nouns.contains(&s.norm[k - 2])
    }

    /// Whether the genitive preposition of `gr` ends a complex preposition that is not the
    /// trigger's own ("in support of Hamas", "on behalf of Russia"): the phrase belongs to
    /// that, not to the trigger ("attacked ships in support of Hamas" attacks no Hamas;
    /// "tot ergernis van Frankrijk" is a trigger itself).
    fn in_complex_preposition(&self, gr: &Group, prep: &str) -> bool {
        let s = self.s;
        if !self.lx.genitive_prepositions.contains(prep) {
            return false;
        }
        let k = before_determiners(s, self.lx, gr.start, 0);
        k >= 3
            && s.norm[k - 1] == prep
            && s.tokens[k - 2].kind == TokenKind::Word
            && !s.is_capitalized(k - 2)
            && self.lx.prepositions.contains_token(s, k - 3)
            && !(k - 3..k).any(|j| self.a <= j && j < self.b)
    }

    fn pp(&self, prep: &str, object: bool) -> Option<usize> {
        // "Attacks in Syria were reported by X": a by-phrase after a passive verb is that
        // verb's agent, not the noun's.
        // A noun's own by-phrase follows it ("the attack on X by Y").
        let agent_of_noun = |gr: &Group| {
            self.rule.kind != RuleKind::Noun
                || !self.lx.agent_prepositions.contains(prep)
                || (gr.start >= self.b
                    && !(self.b..gr.start)
                        .any(|k| self.lx.passive_auxiliaries.contains_token(self.s, k)))
        };
        let cands: Vec<usize> = (0..self.groups.len())
            .filter(|&g| {
                let gr = &self.groups[g];
                gr.prep.as_deref() == Some(prep)
                    && self.in_clause(gr, self.clause)
                    && !self.overlaps_trigger(gr)
                    && !self.is_theme(gr)
                    && agent_of_noun(gr)
                    && !self.in_complex_preposition(gr, prep)
                    && !self.after_border_noun(gr)
            })
            .collect();
        let after = cands
            .iter()
            .copied()
            .find(|&g| self.groups[g].start >= self.b);
        // A noun takes its object after it; a verb-final clause has it before the verb.
        // A relative adverb opening the noun's clause stands for its phrase there too
        // ("met Azerbeidzjan, waarmee het wapendeals heeft gesloten").
        if object && self.rule.kind == RuleKind::Noun {
            let c = &self.clauses[self.clause];
            after.or(cands.first().copied().filter(|&g| {
                self.groups[g].start == c.start && self.lx.relatives.contains_token(self.s, c.start)
            }))
        } else {
            // "struck positions in Lebanon and killed a commander": a phrase before the
            // conjunction that joins another verb is no object of this one (in English).
            after.or(cands.first().copied().filter(|&g| {
                self.lx.verb_final
                    || !(self.groups[g].end..self.a)
                        .any(|k| self.lx.list_conjunctions.contains_token(self.s, k))
            }))
        }
    }

    fn before(&self) -> Option<usize> {
        let lower_word = |k: usize| {
            self.s.tokens[k].kind == TokenKind::Word
                && !self
                    .s
                    .word(k)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        };
        // One word between ("Russia brutally invaded", "Israël een doorn in het oog"), but no
        // conjunction, preposition or function word other than an article: in "Ukraine and
        // occupied Georgia" and "Kosovo have held talks" the phrase modifies no participle.
        let (s, lx) = (self.s, self.lx);
        let function_word = |k: usize| {
            lx.list_conjunctions.contains_token(s, k)
                || lx.coordinators.contains_token(s, k)
                || lx.prepositions.contains_token(s, k)
                || lx.passive_auxiliaries.contains_token(s, k)
                || (lx.stopwords.contains_token(s, k) && !lx.determiners.contains_token(s, k))
        };
        (0..self.groups.len()).find(|&g| {
            let gr = &self.groups[g];
            let e = gr.end;
            if e == self.a || (e + 1 == self.a && lower_word(e) && !function_word(e)) {
                return true;
            }
            // "Russia's full-scale invasion", "de Russische grootschalige inval": a possessor
            // or demonym before up to two adjectives.
            let modifier = gr
                .members
                .iter()
                .all(|&m| matches!(self.mentions[m].form, Form::Genitive | Form::Adjective));
            let words = (e..self.a.max(e))
                .filter(|&k| !self.s.is_joining_hyphen(k))
                .count();
            modifier
                && e < self.a
                && words <= 2
                && (e..self.a).all(|k| {
                    self.s.is_joining_hyphen(k)
                        || (lower_word(k)
                            && !self.s.verb[k]
                            && !self.lx.prepositions.contains_token(self.s, k)
                            && !self.lx.determiners.contains_token(self.s, k))
                })
        })
    }

    /// ", a move condemned by Egypt", ", a claim Kyiv disputed", ", remarks that Eritrea
    /// condemned": a noun after a comma that sums up the clause before it stands for the one
    /// who acted there (an act) or who said it (a claim: its source, or else its subject).
    /// The phrase of that actor, when the trigger's clause speaks of such a noun.
    fn summed(&self) -> Option<usize> {
        let c = &self.clauses[self.clause];
        let (s, lx) = (self.s, self.lx);
        if self.rule.kind != RuleKind::Verb {
            return None;
        }
        // The noun opens this clause (", a move Israel condemned") or the one before a
        // relative clause (", remarks that Eritrea condemned").
        let opener = &s.norm[c.start];
        // ", which Yerevan called a violation": a relative after a comma that follows no
        // actor sums up the act of the clause before, as a noun would.
        let act_relative = lx.clause_relatives.contains(opener)
            && c.start >= 2
            && s.norm[c.start - 1] == ","
            && !self.groups.iter().any(|g| g.end + 1 == c.start);
        let (from, (n, speech)) = if act_relative {
            (c.start, (c.start, false))
        } else if self.clause > 0
            && (lx.relatives.contains(opener) || lx.complementizers.contains(opener))
        {
            let p = &self.clauses[self.clause - 1];
            let found = summary_noun(s, lx, p.start, p.end).filter(|&(n, _)| n + 1 == c.start)?;
            (p.start, found)
        } else {
            (c.start, summary_noun(s, lx, c.start, self.a)?)
        };
        let comma = from - 1;
        if self.groups.iter().any(|g| g.start <= n && from < g.end) {
            return None;
        }
        // The clause summed up: the first main clause before the comma that opens with an
        // actor (after determiners), or is reported by one when the noun is a claim.
        for (i, m) in self.clauses.iter().enumerate() {
            if m.start >= comma {
                break;
            }
            if m.subordinate || m.relative || m.infinitive || m.anchor.is_some() {
                continue;
            }
            if speech {
                if let Some(Some(src)) = &m.reported {
                    let speaker = (0..self.groups.len()).find(|&g| {
                        self.groups[g].end <= comma
                            && self.mentions[self.groups[g].members[0]].actor.id == src.id
                    });
                    if speaker.is_some() {
                        return speaker;
                    }
                }
            }
            let subject = (0..self.groups.len()).find(|&g| {
                let gr = &self.groups[g];
                gr.prep.is_none()
                    && self.in_clause(gr, i)
                    && (m.start..gr.start).all(|k| lx.determiners.contains_token(s, k))
            });
            if subject.is_some() {
                return subject;
            }
        }
        None
    }

    /// The nearest phrase before the trigger anywhere in the sentence ("het bondgenootschap
    /// CSTO, een NAVO-tegenhanger met als leden …").
    fn previous(&self) -> Option<usize> {
        (0..self.groups.len())
            .rev()
            .find(|&g| self.groups[g].end <= self.a)
    }

    /// "De brug naar de Lachin-corridor, …, wordt geblokkeerd": when the sentence's subject
    /// is no actor, the actor that modifies its head noun stands for it.
    fn head_modifier(&self) -> Option<usize> {
        let g = self.groups.first()?;
        let head_words = (0..g.start)
            .filter(|&k| self.s.tokens[k].kind == TokenKind::Word)
            .count();
        let modifier = g
            .prep
            .as_ref()
            .is_some_and(|p| self.lx.head_modifier_prepositions.contains(p));
        (modifier && head_words <= 4 && self.clauses.first().is_some_and(|c| g.end <= c.end))
            .then_some(0)
    }

    fn that_subject(&self) -> Option<usize> {
        let next = self.clauses.get(self.clause + 1)?;
        if !self.lx.complementizers.contains_token(self.s, next.start) {
            return None;
        }
        (0..self.groups.len()).find(|&g| {
            self.groups[g].prep.is_none() && self.in_clause(&self.groups[g], self.clause + 1)
        })
    }

    fn after(&self) -> Option<usize> {
        (0..self.groups.len()).find(|&g| {
            let st = self.groups[g].start;
            st >= self.b
                && (self.b..st)
                    .all(|k| self.lx.determiners.contains_token(self.s, k) || self.s.norm[k] == ",")
                && st - self.b <= 3
        })
    }

    fn slot(&self, slot: &Slot, subject: Option<usize>, object: bool) -> Option<usize> {
        match slot {
            Slot::Subject => self.clause_subject(),
            Slot::Object => self.bare_after(subject),
            Slot::Pp(p) => self.pp(p, object),
            Slot::Before => self.before(),
            Slot::After => self.after(),
            Slot::Previous => self.previous(),
            Slot::ThatSubject => self.that_subject(),
            Slot::Reporter => self.reporter(),
            Slot::Possessor => self.possessor(),
        }
    }

    /// The phrase naming the actor the clause is reported by: its last mention before the
    /// trigger ("Borrell said Serbia must …", "Volgens Borrell moet Servië …"), else its
    /// first after it ("Serbia must …, Borrell said").
    fn reporter(&self) -> Option<usize> {
        let speaker = self.clauses[self.clause].reported.as_ref()?.as_ref()?;
        let names = |g: &usize| {
            self.groups[*g]
                .members
                .iter()
                .any(|&m| self.mentions[m].actor.id == speaker.id)
        };
        (0..self.groups.len())
            .rev()
            .filter(|g| self.groups[*g].end <= self.a)
            .find(names)
            .or_else(|| {
                (0..self.groups.len()).find(|g| self.groups[*g].start >= self.b && names(g))
            })
    }

    /// The subject and object groups of a rule at this trigger.
    fn resolve(&self, rule: &Rule) -> (Option<usize>, Option<usize>) {
        let c = &self.clauses[self.clause];
        // "the Iran-backed Houthis", "Iran-backed militias": the glued participle's agent is
        // the phrase before the hyphen, its patient the actor right after it, or none.
        if rule.kind == RuleKind::Verb {
            let glued = (0..self.groups.len()).find(|&g| {
                self.glued_agent(&self.groups[g])
                    .is_some_and(|h| h == self.a || h + 1 == self.a)
            });
            if let Some(g) = glued {
                let patient = (0..self.groups.len()).find(|&p| self.groups[p].start == self.b);
                return (Some(g), patient);
            }
        }
        if rule.kind == RuleKind::Verb {
            // Dutch puts the participle anywhere after its auxiliary ("wordt al maanden door
            // X geblokkeerd"); English keeps them close ("has been blocked by").
            let from = match self.lx.passive_window {
                0 => c.start,
                w => self.a.saturating_sub(w).max(c.start),
            };
            let to = if self.lx.passive_window == 0 {
                c.end
            } else {
                self.a
            };
            let participle = self.lx.passive_window == 0 || !self.s.norm[self.a].ends_with("ing");
            let passive = participle
                && (from..to).any(|k| self.lx.passive_auxiliaries.contains_token(self.s, k));
            if passive {
                let agent = self
                    .lx
                    .agent_prepositions
                    .iter()
                    .find_map(|p| self.pp(p, false));
                if let Some(agent) = agent {
                    let patient = self
                        .clause_subject()
                        .or_else(|| self.head_modifier())
                        .or_else(|| self.summed())
                        .filter(|&g| g != agent);
                    return (Some(agent), patient);
                }
                return (None, None);
            }
            // "rebels backed by Turkey": a participle without auxiliary is passive when its
            // agent follows it; its patient is the phrase it modifies, which stands before it.
            if let Some(agent) = self.agent_after() {
                let patient = self
                    .modified_phrase()
                    .or_else(|| self.summed())
                    .filter(|&g| g != agent);
                return (Some(agent), patient);
            }
        }
        let subj = rule
            .subject
            .iter()
            .find_map(|sl| self.slot(sl, None, false));
        let obj = rule
            .object
            .iter()
            .find_map(|sl| self.slot(sl, subj, true).filter(|&g| Some(g) != subj))
            .or_else(|| self.summed().filter(|&g| Some(g) != subj))
            .or_else(|| self.possessive_owner().filter(|&g| Some(g) != subj));
        (subj, obj)
    }
}

/// Mention pairs for the resolved groups; a symmetric relation with one coordinated side and
/// no other ("Armenië en Azerbeidzjan onderhandelen") pairs the members.
fn pairs(
    groups: &[Group],
    subj: Option<usize>,
    obj: Option<usize>,
    rule: &Rule,
    rules: &RuleSet,
) -> Vec<(usize, usize)> {
    match (subj, obj) {
        (Some(sg), Some(og)) => groups[sg]
            .members
            .iter()
            .flat_map(|&a| groups[og].members.iter().map(move |&b| (a, b)))
            .collect(),
        (Some(g), None) | (None, Some(g))
            if rules.symmetric.contains(&rule.relation)
                && (rule.kind != RuleKind::Noun
                    || groups[g]
                        .prep
                        .as_ref()
                        .is_some_and(|p| rules.lexicon.between_prepositions.contains(p))) =>
        {
            let m = &groups[g].members;
            let mut out = Vec::new();
            for i in 0..m.len() {
                for j in i + 1..m.len() {
                    out.push((m[i], m[j]));
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::describe;

    use crate::shipped_engine as engine;

    /// The relations of one sentence in a language, described.
    fn found_in(language: &str, text: &str) -> Vec<String> {
        let e = engine();
        let rules = e
            .rules_for(language)
            .expect("shipped rules of the language");
        super::extract_sentence(text, rules, &e.gazetteer)
            .iter()
            .map(describe)
            .collect()
    }

    fn found(text: &str) -> Vec<String> {
        found_in("en", text)
    }

    /// Asserts that the relations `got` include `want`.
    fn assert_has(got: &[String], want: &str) {
        assert!(got.iter().any(|g| g == want), "{want}: {got:?}");
    }

    /// Asserts that the relations `got` do not include `unwanted`.
    fn assert_lacks(got: &[String], unwanted: &str) {
        assert!(!got.iter().any(|g| g == unwanted), "{unwanted}: {got:?}");
    }

    /// Asserts that the English `text` gives the relation `want`.
    fn expect(text: &str, want: &str) {
        assert!(has(text, want), "{want}: {:?}", found(text));
    }

    /// Asserts that the English `text` does not give the relation `unwanted`.
    fn expect_none(text: &str, unwanted: &str) {
        assert!(!has(text, unwanted), "{unwanted}: {:?}", found(text));
    }

    fn has(text: &str, want: &str) -> bool {
        found(text).iter().any(|g| g == want)
    }

    fn found_nl(text: &str) -> Vec<String> {
        found_in("nl", text)
    }

    #[test]
    fn a_noun_summing_up_the_clause_before_stands_for_its_actor() {
        // An act: the one who acted is the missing object, passive or active.
        let text = "Israel closed the Rafah crossing, a move condemned by Egypt.";
        expect(text, "egypt criticizes israel");
        let text = "Israel closed the Rafah crossing, a move that Egypt condemned.";
        expect(text, "egypt criticizes israel");
        // A claim: its source when the clause is reported, and the report does not reach
        // the clause of the summing noun.
        let text = "Russia is shelling the plant, the Ukrainian ministry said, a claim Russia \
                    rejected.";
        let got = found(text);
        assert_has(&got, "russia rejects ukraine");
        assert!(
            !got.iter()
                .any(|g| g.starts_with("russia rejects") && g.contains("reported")),
            "{got:?}"
        );
        // Without such a noun the comma clause does not borrow an object.
        let text = "Israel closed the Rafah crossing, and Egypt condemned.";
        expect_none(text, "egypt criticizes israel");
        // Dutch: ", een eis die Polen verwierp".
        let text = "Rusland eiste een corridor door Litouwen, een eis die Polen verwierp.";
        let got = found_nl(text);
        assert_has(&got, "poland rejects russia");
    }

    #[test]
    fn that_without_a_subject_after_a_noun_opens_a_relative_clause() {
        let text =
            "Hezbollah, the Lebanese group that fought alongside Assad's army, has left Syria.";
        let got = found(text);
        assert_has(&got, "hezbollah supports syria");
        // The demonym only modifies "group": Lebanon fought nowhere.
        assert!(!got.iter().any(|g| g.starts_with("lebanon")), "{got:?}");
        // After a reporting verb or a noun of speech, "that" opens what was said.
        let text = "Russia's claim that attacks on Ukraine were staged was rejected.";
        expect_none(text, "russia attacks ukraine");
    }

    #[test]
    fn a_narrower_relation_stands_for_the_broader_one_of_the_same_pair() {
        let got = found("Azerbaijan rearmed with the help of Turkey.");
        assert_has(&got, "turkey suppliesWeaponsTo azerbaijan");
        assert_lacks(&got, "turkey supports azerbaijan");
        // Without arms the help is support.
        let got = found("Armenia got through the winter with the help of the EU.");
        assert_has(&got, "eu supports armenia");
    }

    #[test]
    fn a_speaker_after_a_comma_is_no_member_of_the_list_before_it() {
        for text in [
            "Armenia attacked Georgia, Ukraine said.",
            "Armenia attacked Georgia, the Ukrainian military said.",
        ] {
            let got = found(text);
            assert_has(&got, "armenia attacks georgia reported source=ukraine");
            assert!(
                !got.iter().any(|g| g.contains("attacks ukraine")),
                "{got:?}"
            );
        }
        // A list goes on: "Armenia, Georgia and Turkey attacked Iran."
        let got = found("Armenia, Georgia and Turkey attacked Iran.");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn a_gerund_after_a_subordinator_has_the_main_clause_subject() {
        let text = "Azerbaijan closed the road after accusing Armenia of smuggling.";
        expect(text, "azerbaijan accuses armenia");
        let text = "Before attacking Ukraine, Russia massed troops.";
        expect(text, "russia attacks ukraine");
        // And the comma after it lists nothing: Armenia sold no weapons.
        let got = found("While supporting Armenia, Russia sold weapons to Azerbaijan.");
        assert_has(&got, "russia supports armenia");
        assert!(
            !got.iter()
                .any(|g| g.starts_with("armenia suppliesWeaponsTo")),
            "{got:?}"
        );
    }

    #[test]
    fn a_gerund_after_for_is_done_by_the_one_blamed_and_after_against_not_at_all() {
        let got = found("France criticised Russia for attacking Ukraine.");
        assert_has(&got, "russia attacks ukraine reported source=france");
        let got = found("The Kremlin warned Finland against joining NATO.");
        assert!(!got.iter().any(|g| g.contains("memberOf nato")), "{got:?}");
        assert_has(&got, "russia threatens finland");
    }

    #[test]
    fn an_object_relative_ends_before_the_main_verb() {
        let got = found("The militia that Iran backs attacked Israel.");
        assert!(!got.iter().any(|g| g.starts_with("iran")), "{got:?}");
        let got = found("Hezbollah, the group that Iran backs, attacked Israel.");
        assert_has(&got, "hezbollah attacks israel");
        assert_lacks(&got, "iran attacks israel");
        // A complement clause keeps its subject and object.
        let got = found("Russia said that Iran backs Hezbollah.");
        assert_has(&got, "iran supports hezbollah reported source=russia");
    }

    #[test]
    fn a_demonym_before_a_people_is_no_state() {
        let text = "Syrian rebels attacked Russia.";
        expect_none(text, "syria attacks russia");
        let text = "Syrian troops attacked Turkey.";
        expect(text, "syria attacks turkey");
    }

    #[test]
    fn a_demonyms_head_noun_does_not_part_a_coordination() {
        let text = "The Ethiopian government and the TPLF signed a peace agreement.";
        expect(text, "ethiopia negotiatesWith tplf");
        // Another noun does: the drones are no party.
        let text = "Turkish drones and the TPLF signed a peace agreement.";
        expect_none(text, "turkey negotiatesWith tplf");
        let text = "De Armeense regering en Azerbeidzjan onderhandelen in Brussel.";
        assert!(
            found_nl(text)
                .iter()
                .any(|g| g == "armenia negotiatesWith azerbaijan"),
            "{:?}",
            found_nl(text)
        );
    }

    #[test]
    fn a_place_before_a_conjoined_verb_is_not_its_object() {
        let text = "Israel struck Hezbollah positions in southern Lebanon and killed a senior \
                    commander of the group.";
        let got = found(text);
        assert_has(&got, "israel attacks hezbollah");
        assert_lacks(&got, "israel attacks lebanon");
        // After the verb the place still counts.
        expect(
            "Israel struck targets in Lebanon.",
            "israel attacks lebanon",
        );
    }

    #[test]
    fn an_actor_glued_to_a_participle_modifies_the_noun_after_it() {
        // The noun after "Iran-backed" is the patient when it is an actor, and the subject
        // of the clause's verb.
        let got = found("The Iran-backed Houthis attacked Israel.");
        assert_has(&got, "iran supports houthis");
        assert_has(&got, "houthis attacks israel");
        assert!(
            !got.iter().any(|g| g.starts_with("iran attacks")),
            "{got:?}"
        );
        // A noun that is no actor leaves both without an argument.
        let got = found("Iran-backed militias attacked US forces in Iraq.");
        assert!(!got.iter().any(|g| g.starts_with("iran ")), "{got:?}");
        let got =
            found("Azerbaijani government-backed activists began blocking the Lachin corridor.");
        assert!(got.is_empty(), "{got:?}");
        // "-led" makes the actor the doer.
        expect(
            "Hamas-led militants attacked southern Israel.",
            "hamas attacks israel",
        );
    }

    #[test]
    fn an_english_subject_stands_before_its_verb() {
        // After an apposition and an auxiliary, the phrase after the verb is its object and
        // the name in the apposition its subject.
        let text = "Its chairman, Debretsion Gebremichael, has accused Getachew of sidelining \
                    the party.";
        let got = found(text);
        assert_has(&got, "debretsion-gebremichael accuses getachew-reda");
    }

    #[test]
    fn the_government_of_a_leader_is_his_state() {
        let text = "The government of Eritrean President Isaias Afwerki supported the TPLF's \
                    enemies.";
        let got = found(text);
        assert!(got.iter().any(|g| g.starts_with("eritrea ")), "{got:?}");
        assert!(has(text, "eritrea supports tplf"), "{got:?}");
        assert!(
            !got.iter().any(|g| g.starts_with("isaias-afwerki supports")),
            "{got:?}"
        );
    }

    #[test]
    fn a_participle_with_its_agent_is_passive_without_auxiliary() {
        let text = "Israeli troops condemned by Egypt withdrew from the buffer zone.";
        expect(text, "egypt criticizes israel");
        // Set off by commas, inside a relative clause with a preposition.
        let text = "The deal ended a war in which Ethiopian federal forces, backed by Eritrea, \
                    fought the TPLF.";
        expect(text, "eritrea supports ethiopia");
        // The participle modifies the phrase right before it, not the clause subject.
        let text = "Turkey attacked villages defended by Armenia.";
        assert!(
            !found(text)
                .iter()
                .any(|g| g.starts_with("armenia supports")),
            "{:?}",
            found(text)
        );
    }

    #[test]
    fn a_negation_in_a_coordinated_clause_after_the_verb_does_not_negate_it() {
        let text = "Eritrean troops still occupy parts of Tigray and many displaced people \
                    cannot return home.";
        expect(text, "eritrea occupies tigray");
        let text = "Eritrean troops do not occupy parts of Tigray.";
        expect(text, "eritrea occupies tigray negated");
    }

    #[test]
    fn a_second_verb_phrase_has_its_own_negation_and_the_first_ones_subject() {
        let got = found("Russia did not attack Ukraine and occupied Georgia.");
        assert_has(&got, "russia attacks ukraine negated");
        assert_has(&got, "russia occupies georgia");
        // A phrase before "and" is no modifier of a participle after it.
        assert_lacks(&got, "ukraine occupies georgia");
        // The phrase after the verb is the second verb's object, not its subject.
        expect(
            "Armenia did not sign the deal and has accused Russia of betrayal.",
            "armenia accuses russia",
        );
        // Without an object of its own the first verb shares the second's.
        let got = found("Russia attacked and occupied Ukraine.");
        assert_has(&got, "russia attacks ukraine");
        assert_has(&got, "russia occupies ukraine");
        // A shared modal hedges both; "or" shares the negation (one clause).
        expect(
            "Russia may have attacked Ukraine and occupied Georgia.",
            "russia occupies georgia hedged",
        );
        expect(
            "Russia did not attack Ukraine or occupy Georgia.",
            "russia occupies georgia negated",
        );
    }

    #[test]
    fn a_possessive_in_an_apposition_speaks_of_the_clause_subject() {
        expect(
            "Armenia relies on Russia, its traditional protector.",
            "russia supports armenia",
        );
        expect(
            "Armenia turned to France, its new ally.",
            "armenia alliedWith france",
        );
        // Without the possessive the noun has no other side.
        let got = found("Armenia relies on Russia, a traditional protector.");
        assert_lacks(&got, "russia supports armenia");
        // A clause after the comma is no apposition of the phrase before it.
        let got = found_nl(
            "Rusland is een bondgenoot van Armenië, het onderhoudt ook goede betrekkingen met \
             Azerbeidzjan.",
        );
        assert_lacks(&got, "armenia cooperatesWith azerbaijan");
    }

    #[test]
    fn an_apposition_speaks_of_the_phrase_it_is_set_beside() {
        // The possessive after the comma is no list member, and the apposition's noun takes
        // the phrase before it as its other side.
        let text = "Washington, Israel's closest ally, has continued to supply weapons.";
        expect(text, "israel alliedWith united-states");
        // A relative after an apposition speaks of the phrase before the apposition, not of
        // an actor that modifies the apposition's head.
        let text = "The attack was planned by a figure in Srpska Lista, the main Kosovo Serb \
                    party, which is backed by Belgrade.";
        let got = found(text);
        assert_has(&got, "serbia supports srpska-lista");
        assert_lacks(&got, "serbia supports kosovo");
    }

    #[test]
    fn a_leaders_possessive_before_a_state_head_is_the_state() {
        let text = "Iran has funded Assad's regime for a decade.";
        let got = found(text);
        assert_has(&got, "iran supports syria");
        assert!(
            !got.iter().any(|g| g.ends_with("bashar-al-assad")),
            "{got:?}"
        );
    }

    #[test]
    fn a_title_closing_an_apposition_ties_the_person_before_it() {
        let text = "Sergei Lavrov, the Russian foreign minister, met Antony Blinken in Geneva.";
        expect(text, "sergey-lavrov memberOf russia");
        let text = "Abiy appointed Getachew Reda, a senior TPLF official, as president.";
        expect(text, "getachew-reda memberOf tplf");
        // The owner after the title; the organisation stays a phrase of its own.
        let text = "Milan Radoicic, a senior figure in Srpska Lista, which Belgrade backs, \
                    planned the attack.";
        expect(text, "milan-radoicic memberOf srpska-lista");
        // After "in" a capital is a place of work.
        let text = "Milan Radoicic, a senior official in Belgrade, planned the attack.";
        expect_none(text, "milan-radoicic memberOf serbia");
        // A second title between the comma and the name.
        let text = "The African Union's chief mediator, former Nigerian president Olusegun \
                    Obasanjo, called on Eritrea to withdraw.";
        let got = found(text);
        assert_has(&got, "olusegun-obasanjo memberOf african-union");
        assert_has(&got, "olusegun-obasanjo leaderOf nigeria");
    }

    #[test]
    fn a_relative_clause_sees_the_noun_it_follows_for_a_required_word() {
        let text = "Russia copies the drones that Iran supplied to Moscow in 2022.";
        expect(text, "iran suppliesWeaponsTo russia");
    }

    #[test]
    fn the_one_urged_is_the_subject_of_the_infinitive() {
        let text = "Sybiha urged Beijing to stop supplying drones to Russia.";
        let got = found(text);
        assert_has(
            &got,
            "china suppliesWeaponsTo russia reported source=andrii-sybiha",
        );
        assert!(
            !got.iter()
                .any(|g| g.starts_with("andrii-sybiha suppliesWeaponsTo")),
            "{got:?}"
        );
        let text = "The envoy called on Iran to stop supplying drones to Russia.";
        expect(text, "iran suppliesWeaponsTo russia");
    }

    #[test]
    fn a_clause_with_a_noun_subject_of_its_own_borrows_none() {
        // After "and": the federal government, not the TPLF, lifted the siege.
        let text = "Under the deal, the TPLF handed over its heavy weapons, and the federal \
                    government lifted its siege of Tigray.";
        let got = found(text);
        assert!(
            !got.iter().any(|g| g.starts_with("tplf blockades")),
            "{got:?}"
        );
        // After a reporting verb without "that": the group is the speaker's, not the speaker.
        let text = "HTS leader Ahmed al-Sharaa, better known as Abu Mohammed al-Jolani, said \
                    the group had cut ties with al-Qaeda.";
        let got = found(text);
        assert!(
            !got.iter()
                .any(|g| g.starts_with("ahmed-al-sharaa cooperatesWith")),
            "{got:?}"
        );
        // A coordinated verb without a subject of its own still takes the first one, and a
        // noun phrase after a bare comma still speaks of what came before.
        let text = "Moscow called the operation a terrorist attack and vowed to retaliate \
                    against Kyiv.";
        expect(text, "russia threatens ukraine");
        let text = "Belgrade does not recognise Kosovo, a position backed by Russia.";
        expect(text, "russia supports serbia");
    }

    #[test]
    fn an_inclusion_adds_its_phrase_to_the_one_before() {
        let text = "Karim Khan requested arrest warrants for Netanyahu, as well as for three \
                    Hamas leaders, including Yahya Sinwar.";
        expect(text, "karim-khan accuses yahya-sinwar");
        // "among them" is no inclusion: Spain is no subject of "recognise".
        let text = "More than 100 countries, including the United States, recognise Kosovo, \
                    but five EU states, among them Spain, do not.";
        let got = found(text);
        assert_has(&got, "united-states recognizes kosovo");
        assert!(
            !got.iter().any(|g| g.starts_with("spain recognizes")),
            "{got:?}"
        );
    }

    #[test]
    fn volgens_names_a_source_only_in_its_own_phrase() {
        let text = "Volgens verschillende bronnen steunt Turkije Azerbeidzjan.";
        let got = found_nl(text);
        assert_has(&got, "turkey supports azerbaijan reported");
        let text =
            "Volgens een communiqué van het Armeense ministerie steunt Turkije Azerbeidzjan.";
        let got = found_nl(text);
        assert_has(&got, "turkey supports azerbaijan reported source=armenia");
    }

    #[test]
    fn a_denial_negates_the_clause_after_it_and_reports_it() {
        let text = "Asmara denies that Eritrean troops occupy Ethiopian territory.";
        expect(
            text,
            "eritrea occupies ethiopia negated reported source=eritrea",
        );
        // A negation inside the denied clause turns it back.
        let text = "Iran denied that Iraqi forces did not attack Syria.";
        expect(text, "iraq attacks syria reported source=iran");
        // A denial with no clause after it negates only its own clause.
        let text = "Turkey denied the reports, and Russia attacked Ukraine.";
        expect(text, "russia attacks ukraine");
    }

    #[test]
    fn a_noun_summing_up_an_act_stands_for_the_one_who_acts() {
        for text in [
            "The Kremlin denounced the decision by Finland to join NATO.",
            "The Kremlin denounced Finland's decision to join NATO.",
        ] {
            let got = found(text);
            assert_has(&got, "russia criticizes finland");
            assert_lacks(&got, "russia criticizes nato");
            assert!(
                got.iter().any(|g| g.starts_with("finland memberOf nato")),
                "{got:?}"
            );
            assert!(
                !got.iter().any(|g| g.starts_with("russia memberOf")),
                "{got:?}"
            );
        }
    }

    #[test]
    fn the_object_before_ervan_does_the_infinitive_and_the_accuser_reports_it() {
        let text = "Het Soedanese leger beschuldigt de Verenigde Arabische Emiraten ervan de RSF te bewapenen.";
        let got = found_nl(text);
        assert_has(
            &got,
            "united-arab-emirates suppliesWeaponsTo rsf reported source=sudan",
        );
        assert_has(&got, "sudan accuses united-arab-emirates");
        // "ervan" right before its own verb's marker opens no clause.
        let text = "Armenië gebruikt de crisis om Azerbeidzjan ervan te beschuldigen de wapenstilstand te schenden.";
        assert_has(&found_nl(text), "armenia accuses azerbaijan");
    }

    #[test]
    fn a_relative_adverb_stands_for_its_phrase_and_keeps_the_main_subject() {
        let text = "Rusland onderhoudt goede betrekkingen met Azerbeidzjan, waarmee het lucratieve wapendeals heeft gesloten.";
        assert_has(&found_nl(text), "russia suppliesWeaponsTo azerbaijan");
        // A subject of its own wins.
        let text = "Rusland onderhoudt goede betrekkingen met Azerbeidzjan, waarmee Turkije wapendeals heeft gesloten.";
        let got = found_nl(text);
        assert_has(&got, "turkey suppliesWeaponsTo azerbaijan");
        assert_lacks(&got, "russia suppliesWeaponsTo azerbaijan");
    }

    #[test]
    fn which_after_a_comma_and_no_actor_speaks_of_the_act_before() {
        let text = "Baku set up a checkpoint at the entrance to the road, which Yerevan called a violation.";
        expect(text, "armenia criticizes azerbaijan");
        // After an actor, "which" speaks of that actor, not of the act.
        let text = "Baku set up a checkpoint near Armenia, which Turkey called a violation.";
        expect_none(text, "turkey criticizes azerbaijan");
    }

    #[test]
    fn the_user_of_a_weapon_is_the_one_who_strikes_with_it() {
        let got = found("Iranian drones used by Russia have hit Ukraine.");
        assert_has(&got, "russia attacks ukraine");
        assert_lacks(&got, "iran attacks ukraine");
        // Without a user named, the demonym stands for the one who strikes.
        expect("Iranian drones hit Ukraine.", "iran attacks ukraine");
    }

    #[test]
    fn a_verb_that_calls_off_negates_the_relation_noun() {
        expect(
            "The TPLF called off talks with Ethiopia.",
            "ethiopia negotiatesWith tplf negated",
        );
        let text = "Israël heeft de onderhandelingen met Hamas opgeschort.";
        assert_has(&found_nl(text), "hamas negotiatesWith israel negated");
        // It negates what it calls off or blocks, not the other verbs of its clause.
        expect(
            "Russia called off the talks and attacked Ukraine.",
            "russia attacks ukraine",
        );
        let text = "Russia and China blocked Kosovo's membership of the United Nations.";
        expect(text, "kosovo memberOf un negated");
        // A verb joined after the noun cancels something else.
        let text = "Washington imposed sanctions on Eritrea and suspended Ethiopia's access to its market.";
        expect(text, "united-states sanctions eritrea");
    }

    #[test]
    fn an_infinitive_under_a_negated_clause_did_not_happen() {
        let text = "Rusland heeft zijn troepen niet ingezet om Armenië te verdedigen.";
        assert_has(&found_nl(text), "russia supports armenia negated");
        let text = "Rusland heeft zijn troepen ingezet om Armenië te verdedigen.";
        assert_has(&found_nl(text), "russia supports armenia");
    }

    #[test]
    fn a_reproach_keeps_its_polarity_whatever_it_reproaches() {
        // `negatable = false`: the negation is part of what should have been done.
        let text =
            "De Armeense regering zegt dat Rusland zijn troepen niet had moeten terugtrekken.";
        assert_has(
            &found_nl(text),
            "armenia criticizes russia reported source=armenia",
        );
        let text = "Yerevan says Russia should not have withdrawn its troops.";
        expect(text, "armenia criticizes russia reported source=armenia");
    }

    #[test]
    fn a_subject_after_a_comma_and_a_conjunction_does_not_join_a_prepositional_phrase() {
        let got = found("Azerbaijan wants a corridor to Nakhchivan, and Turkey supports Armenia.");
        assert_has(&got, "turkey supports armenia");
        assert_lacks(&got, "azerbaijan supports armenia");
        // Without a verb after it, the phrase is one more member of the list.
        let got = found("Russia sent weapons to Armenia, and Belarus.");
        assert_has(&got, "russia suppliesWeaponsTo belarus");
    }
}
