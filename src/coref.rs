//! Stage 3b, coreference: between recognition and extraction, turns the referring
//! expressions of a sentence ("het land", "hij", "the alliance", "its troops", listed as
//! `[[referring]]` records in the rule files) into mentions of the actor they stand for, so
//! that the rules see them like names. Entry point: [`resolve`].
//!
//! Precision comes first: the antecedent is the one actor of a fitting type before the
//! expression in its sentence, else in one of the two sentences before (where several fit,
//! the subject of that sentence if it fits); whenever two actors compete, nothing is
//! resolved. A description ("het land") never stands for an actor of its own clause; only an
//! expression that opens its clause as subject reaches back to earlier sentences; a plural of
//! two ("beide landen") stands for the one coordination of two actors. A resolved mention keeps the id of its expression, so that every relation made
//! through it says so in its rule id.

use crate::gazetteer::{Form, Gazetteer};
use crate::recognize::{
    has_adjective_suffix, is_inflected_adjective, preposition_before, recognize, ActorRef, Mention,
    Recognized, Sentence,
};
use crate::rules::{Lexicon, Referring, RuleSet};
use crate::segment::{tokenize, TokenKind};
use std::sync::OnceLock;

/// Sentences before the one being extracted that an expression may reach back to.
pub const REACH: usize = 2;

/// A sentence before the one being extracted, its actors recognised the first time an
/// expression reaches back to it and then kept. Every later sentence within [`REACH`] may
/// ask for them, so without the memo a sentence was recognised up to [`REACH`] more times;
/// a document's sentences share one list of these (the lock lets sentences extracted in
/// parallel share it too).
pub struct Preceding<'a> {
    text: &'a str,
    earlier: OnceLock<Earlier>,
}

impl<'a> Preceding<'a> {
    pub fn new(text: &'a str) -> Self {
        Preceding {
            text,
            earlier: OnceLock::new(),
        }
    }

    fn earlier(&self, rules: &RuleSet, gazetteer: &Gazetteer) -> &Earlier {
        self.earlier
            .get_or_init(|| Earlier::of(self.text, rules, gazetteer))
    }
}

/// The actors of a sentence before the one being extracted.
struct Earlier {
    actors: Vec<ActorRef>,
    /// The coordinations of two or more actors ("Armenië en Azerbeidzjan").
    coordinations: Vec<Vec<ActorRef>>,
    /// The first actor without a preposition that is no modifier ("Russische", "Ruslands").
    subject: Option<ActorRef>,
}

impl Earlier {
    /// The sentences an expression may reach back to, the nearest first.
    fn before<'p>(
        before: &'p [Preceding],
        rules: &RuleSet,
        gazetteer: &Gazetteer,
    ) -> Vec<&'p Earlier> {
        before
            .iter()
            .rev()
            .take(REACH)
            .map(|p| p.earlier(rules, gazetteer))
            .collect()
    }

    fn of(text: &str, rules: &RuleSet, gazetteer: &Gazetteer) -> Earlier {
        let tokens = tokenize(text);
        let s = Sentence::new(text, &tokens);
        let found = recognize(&s, gazetteer, &rules.lexicon, &rules.titles);
        let ms = &found.mentions;
        let lx = &rules.lexicon;
        // "Hamas en Hezbollah …": a coordinated subject is no single one.
        let subject = ms
            .iter()
            .position(|m| m.prep.is_none() && !matches!(m.form, Form::Adjective | Form::Genitive))
            .filter(|&k| {
                // A comma or conjunction (and determiners) joins the next actor to it.
                ms.get(k + 1).is_none_or(|n| {
                    let gap = ms[k].end..n.start;
                    let joins =
                        |t: usize| s.norm[t] == "," || lx.list_conjunctions.contains_token(&s, t);
                    !(gap.clone().any(joins)
                        && gap
                            .clone()
                            .all(|t| joins(t) || lx.determiners.contains_token(&s, t)))
                })
            })
            .map(|k| ms[k].actor.clone());
        let all: Vec<&Mention> = ms.iter().collect();
        Earlier {
            coordinations: coordinations(&s, lx, &all),
            subject,
            actors: found
                .mentions
                .into_iter()
                .map(|m| m.actor)
                .chain(found.ties.into_iter().map(|t| t.owner))
                .collect(),
        }
    }
}

/// What a search for an antecedent among some actors found.
enum Candidates<'a> {
    None,
    One(&'a ActorRef),
    Several,
}

fn candidates<'a>(r: &Referring, actors: impl Iterator<Item = &'a ActorRef>) -> Candidates<'a> {
    let mut found: Option<&ActorRef> = None;
    for a in actors.filter(|a| r.types.contains(&a.kind)) {
        match found {
            Some(f) if f.id != a.id => return Candidates::Several,
            _ => found = Some(a),
        }
    }
    found.map_or(Candidates::None, Candidates::One)
}

/// The mentions in runs joined only by commas, conjunctions and determiners, in text order;
/// a mention joined to none is a run of its own.
fn runs<'m>(s: &Sentence, lx: &Lexicon, mentions: &[&'m Mention]) -> Vec<Vec<&'m Mention>> {
    let mut runs: Vec<Vec<&Mention>> = Vec::new();
    for &m in mentions {
        let joined = runs.last().and_then(|r| r.last()).is_some_and(|p| {
            p.end < m.start
                && (p.end..m.start).all(|k| {
                    let w = &s.norm[k];
                    w == "," || lx.list_conjunctions.contains(w) || lx.determiners.contains(w)
                })
                && (p.end..m.start)
                    .any(|k| lx.list_conjunctions.contains_token(s, k) || s.norm[k] == ",")
        });
        match runs.last_mut() {
            Some(r) if joined => r.push(m),
            _ => runs.push(vec![m]),
        }
    }
    runs
}

/// The runs of two or more actors joined only by commas, conjunctions and determiners.
fn coordinations(s: &Sentence, lx: &Lexicon, mentions: &[&Mention]) -> Vec<Vec<ActorRef>> {
    runs(s, lx, mentions)
        .into_iter()
        .filter(|r| r.len() > 1)
        .map(|r| r.into_iter().map(|m| m.actor.clone()).collect())
        .collect()
}

/// The antecedents of a reporter pronoun at token `i` ("Spain, Ireland and Norway announced
/// on Wednesday that they …", "Russia said it …"): the subject of the reporting verb whose
/// clause the pronoun opens, the one actor (for a plural, the one coordination) right before
/// that verb. Nothing when another actor stands between verb and pronoun ("Russia told
/// Armenia that it …"), or another clause between subject and verb ("Turkey, which backs
/// Azerbaijan, said it …").
fn reporter(
    s: &Sentence,
    lx: &Lexicon,
    r: &Referring,
    mentions: &[Mention],
    i: usize,
) -> Vec<ActorRef> {
    let reporting =
        |k: usize| lx.reporting_verbs.matches_token(s, k) || lx.denials.contains_token(s, k);
    let verb = if i > 0 && lx.complementizers.contains_token(s, i - 1) {
        (0..i - 1)
            .rev()
            .take_while(|&k| reporting(k) || !is_clause_boundary(s, lx, k))
            .find(|&k| reporting(k))
    } else {
        i.checked_sub(1).filter(|&k| reporting(k))
    };
    let Some(verb) = verb else {
        return Vec::new();
    };
    if mentions.iter().any(|m| verb < m.start && m.start < i) {
        return Vec::new();
    }
    let before: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.via.is_none() && m.end <= verb)
        .collect();
    let Some(run) = runs(s, lx, &before).pop() else {
        return Vec::new();
    };
    let (first, last) = (run[0], run[run.len() - 1]);
    if first.prep.is_some()
        || last.prep.is_some()
        || (last.end..verb).any(|k| is_clause_boundary(s, lx, k))
        || !run.iter().all(|m| r.types.contains(&m.actor.kind))
    {
        return Vec::new();
    }
    // A plural stands for a coordination, or for a people named by its adjective ("Russian
    // officials said they …"); a singular for one actor.
    let fits = if r.plural {
        run.len() > 1 || first.form == Form::Adjective
    } else {
        run.len() == 1
    };
    if fits {
        run.iter().map(|m| m.actor.clone()).collect()
    } else {
        Vec::new()
    }
}

/// The one coordination of two actors that both fit `r`: a plural's antecedents (the
/// plurals listed say "both" or "two").
fn one_coordination(r: &Referring, runs: &[Vec<ActorRef>]) -> Option<Vec<ActorRef>> {
    let mut fitting = runs
        .iter()
        .filter(|run| run.len() == 2 && run.iter().all(|a| r.types.contains(&a.kind)));
    match (fitting.next(), fitting.next()) {
        (Some(run), None) => Some(run.clone()),
        _ => None,
    }
}

/// Adds a mention for every referring expression of `s` whose antecedent is certain.
/// `before` holds the sentences before `s` in text order (only the last [`REACH`] are
/// read, and only when an expression needs them).
pub fn resolve(
    s: &Sentence,
    rules: &RuleSet,
    gazetteer: &Gazetteer,
    before: &[Preceding],
    found: &mut Recognized,
) {
    // The sentences before, recognised only when an expression needs them, once for both
    // passes.
    let mut earlier: Option<Vec<&Earlier>> = None;
    surnames(s, rules, gazetteer, before, &mut earlier, found);
    let Recognized { mentions, ties } = found;
    if rules.referring.is_empty() {
        return;
    }
    let lx = &rules.lexicon;
    let mut added = Vec::new();
    let mut i = 0;
    while i < s.tokens.len() {
        let hit = rules
            .referring_words
            .matches_at(s, i)
            .map(|(p, end)| (&rules.referring[rules.referring_owner[p]], i, end))
            .max_by_key(|&(_, _, end)| end)
            .or_else(|| description_past_adjectives(s, rules, i));
        let Some((r, from, end)) = hit else {
            i += 1;
            continue;
        };
        let inside = mentions.iter().any(|m| m.start < end && from < m.end);
        // "de regering van Armenië", "the government in Kyiv": the actor named right after
        // the phrase is the one it speaks of, and recognition has it.
        // ("accusing the organisation of smuggling": no actor after "of", so no owner.)
        let mut after_of = end + 1;
        while after_of < s.tokens.len() && lx.determiners.contains_token(s, after_of) {
            after_of += 1;
        }
        let followed = (s
            .norm
            .get(end)
            .is_some_and(|w| lx.genitive_prepositions.contains(w))
            && mentions.iter().any(|m| m.start == after_of))
            || (end < s.tokens.len() && s.is_joining_hyphen(end))
            || mentions
                .iter()
                .any(|m| m.start == end + 1 && lx.prepositions.contains_token(s, end));
        if inside || followed {
            i = end;
            continue;
        }
        if r.reporter {
            for actor in reporter(s, lx, r, mentions, i) {
                added.push(standing_for(s, lx, actor, from, end, &r.id));
            }
            i = end;
            continue;
        }
        if r.plural {
            let before_it: Vec<&Mention> = mentions
                .iter()
                .filter(|m| m.via.is_none() && m.end <= i)
                .collect();
            let found = one_coordination(r, &coordinations(s, lx, &before_it)).or_else(|| {
                if !opens_clause(s, lx, mentions, i) {
                    return None;
                }
                let earlier =
                    earlier.get_or_insert_with(|| Earlier::before(before, rules, gazetteer));
                earlier
                    .first()
                    .and_then(|e| one_coordination(r, &e.coordinations))
            });
            for actor in found.into_iter().flatten() {
                added.push(standing_for(s, lx, actor, from, end, &r.id));
            }
            i = end;
            continue;
        }
        // Not an actor of the same phrase: "Armenië en het land" are two.
        let same_phrase = |m: &Mention| {
            (m.end..i).all(|k| s.norm[k] == "," || lx.list_conjunctions.contains_token(s, k))
        };
        // A description never names an actor of its own clause again: in "Rusland valt het
        // land aan" the land is not Rusland. An infinitive opens a clause of its own: "zijn
        // troepen in Karabach ingezet om de enclave te verdedigen".
        let reachable = |from: usize| {
            from <= i
                && (!r.description
                    || (from..i).any(|k| {
                        is_clause_boundary(s, lx, k)
                            || lx.infinitive_introducers.contains_token(s, k)
                    }))
        };
        // The owner of a title ("NATO Secretary-General Mark Rutte") is named there too.
        let here = mentions
            .iter()
            .filter(|m| m.via.is_none() && reachable(m.end) && !same_phrase(m))
            .map(|m| &m.actor)
            .chain(ties.iter().filter(|t| reachable(t.end)).map(|t| &t.owner));
        let actor = match candidates(r, here) {
            Candidates::One(a) => Some(a.clone()),
            Candidates::Several => None,
            // An expression reaches back to an earlier sentence only where it continues the
            // topic, as the subject opening its clause ("Hij gaf Turkije …", "The group, for
            // its part, …"); further in ("who has admitted leading the group") it too often
            // speaks of something new.
            Candidates::None if !opens_clause(s, lx, mentions, i) => None,
            Candidates::None => {
                let earlier =
                    earlier.get_or_insert_with(|| Earlier::before(before, rules, gazetteer));
                earlier
                    .iter()
                    .find_map(|e| match candidates(r, e.actors.iter()) {
                        Candidates::None => None,
                        Candidates::One(a) => Some(Some(a.clone())),
                        Candidates::Several => {
                            Some(e.subject.clone().filter(|a| r.types.contains(&a.kind)))
                        }
                    })
                    .flatten()
            }
        };
        if let Some(actor) = actor {
            added.push(standing_for(s, lx, actor, from, end, &r.id));
        }
        i = end;
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| m.start);
    }
}

/// A description of determiner and noun with up to two adjectives between them ("de
/// pro-Armeense enclave", "the breakaway enclave"): its record, start and end. Demonyms and
/// the like are recognised as actors before this, and a phrase inside a mention is passed
/// over. After an actor glued to a hyphen agent ("the Iran-backed group") the description
/// is the noun alone, so that the actor before it stays a mention of its own and the rules
/// see who backs whom.
fn description_past_adjectives<'r>(
    s: &Sentence,
    rules: &'r RuleSet,
    i: usize,
) -> Option<(&'r Referring, usize, usize)> {
    let lx = &rules.lexicon;
    let n = s.tokens.len();
    if !lx.determiners.contains_token(s, i) {
        return None;
    }
    let noun_at = |j: usize| {
        rules.referring.iter().filter(|r| r.description).find(|r| {
            r.words
                .iter()
                .any(|w| w.len() == 2 && w[0] == s.norm[i] && w[1] == s.norm[j])
        })
    };
    let mut j = i + 1;
    let mut glued = false;
    for adjectives in 0..=2 {
        if j >= n {
            return None;
        }
        if adjectives > 0 {
            if let Some(r) = noun_at(j) {
                return Some((r, if glued { j } else { i }, j + 1));
            }
        }
        let hyphened = j + 2 < n && s.is_joining_hyphen(j + 1);
        // "pro-Armeense": a prefix joined by a hyphen to a demonym, which is capitalised.
        let prefixed = hyphened && lx.adjective_blockers.contains(&s.norm[j]);
        // "Iran-backed": a capitalised name glued to a hyphen agent.
        let agent = hyphened && s.is_capitalized(j) && lx.hyphen_agents.contains_token(s, j + 2);
        let k = if prefixed || agent { j + 2 } else { j };
        let adjective = if prefixed {
            s.tokens[k].kind == TokenKind::Word && has_adjective_suffix(lx, &s.norm[k])
        } else {
            agent || is_inflected_adjective(s, lx, k)
        };
        glued |= agent;
        if !adjective {
            return None;
        }
        j = k + 1;
    }
    None
}

/// The mention of `actor` that the phrase from token `start` to `end` stands for, made
/// through the expression `id`.
fn standing_for(
    s: &Sentence,
    lx: &Lexicon,
    actor: ActorRef,
    start: usize,
    end: usize,
    id: &str,
) -> Mention {
    Mention {
        actor,
        start,
        end,
        head: start,
        form: Form::Name,
        prep: preposition_before(s, lx, start),
        via: Some(id.to_string()),
    }
}

/// "Karim Khan … Khan alleges that …": a lone capitalised word that ends the name of a person
/// named in full before it, in this sentence or the two before, stands for that person when
/// exactly one such person was named. A word beside another capitalised word ("Imran Khan",
/// "Khan Younis") is a name of its own. Made mentions carry the id `surname`.
fn surnames<'p>(
    s: &Sentence,
    rules: &RuleSet,
    gazetteer: &Gazetteer,
    before: &'p [Preceding],
    earlier: &mut Option<Vec<&'p Earlier>>,
    found: &mut Recognized,
) {
    let n = s.tokens.len();
    let lx = &rules.lexicon;
    let mut added = Vec::new();
    for i in 0..n {
        let lone = s.is_capitalized(i)
            && (i == 0 || !(s.is_capitalized(i - 1) || s.is_joining_hyphen(i - 1)))
            && (i + 1 == n || !(s.is_capitalized(i + 1) || s.is_joining_hyphen(i + 1)));
        if !lone || found.mentions.iter().any(|m| m.start <= i && i < m.end) {
            continue;
        }
        let persons: Vec<&str> = gazetteer
            .by_surname(&s.norm[i])
            .map(|a| a.id.as_str())
            .collect();
        if persons.is_empty() {
            continue;
        }
        let named_here = found
            .mentions
            .iter()
            .filter(|m| m.end <= i && m.via.is_none())
            .map(|m| &m.actor);
        let earlier = earlier.get_or_insert_with(|| Earlier::before(before, rules, gazetteer));
        let mut named: Vec<&ActorRef> = named_here
            .chain(earlier.iter().flat_map(|e| &e.actors))
            .filter(|a| persons.contains(&a.id.as_str()))
            .collect();
        named.sort_by(|a, b| a.id.cmp(&b.id));
        named.dedup_by(|a, b| a.id == b.id);
        if let [person] = named.as_slice() {
            added.push(standing_for(s, lx, (*person).clone(), i, i + 1, "surname"));
        }
    }
    if !added.is_empty() {
        found.mentions.extend(added);
        found.mentions.sort_by_key(|m| m.start);
    }
}

/// Whether the phrase at token `i` is the subject opening its clause: no preposition, and at
/// most one function word ("Ook hij", "En hij") after the clause's start.
fn opens_clause(s: &Sentence, lx: &Lexicon, mentions: &[Mention], i: usize) -> bool {
    let start = (0..i)
        .rev()
        .find(|&k| is_clause_boundary(s, lx, k))
        .map_or(0, |k| k + 1);
    i - start <= 1
        && (start..i)
            .all(|k| lx.stopwords.contains_token(s, k) || lx.list_conjunctions.contains_token(s, k))
        && preposition_before(s, lx, i).is_none()
        && !mentions.iter().any(|m| start <= m.start && m.start < i)
}

/// Whether token `k` starts a new clause, roughly: punctuation between clauses, a
/// subordinator, complementizer, relative or coordinator.
fn is_clause_boundary(s: &Sentence, lx: &Lexicon, k: usize) -> bool {
    let w: &str = &s.norm[k];
    matches!(w, "," | ";" | ":" | "–" | "—")
        || lx.subordinators.contains(w)
        || lx.complementizers.contains(w)
        || lx.relatives.contains(w)
        || lx.coordinators.contains(w)
        || lx.reporting_verbs.is_match(w)
}

/// The suffix a relation's rule id gets for a side found through the expression `id`.
pub fn provenance(language: &str, id: &str) -> String {
    format!("+coref.{language}.{id}")
}

#[cfg(test)]
mod tests {
    use crate::extract::{extract_in_context, extract_text};
    use crate::rules::describe;

    use crate::shipped_engine as engine;

    /// The relations of a text in a language, described, with their rule ids.
    fn found_in(language: &str, text: &str) -> Vec<(String, String)> {
        let e = engine();
        let rules = e
            .rules_for(language)
            .expect("shipped rules of the language");
        extract_text(text, rules, &e.gazetteer)
            .iter()
            .map(|f| (describe(f), f.rule.clone()))
            .collect()
    }

    fn nl(text: &str) -> Vec<(String, String)> {
        found_in("nl", text)
    }

    fn en(text: &str) -> Vec<(String, String)> {
        found_in("en", text)
    }

    #[test]
    fn a_description_may_carry_adjectives_before_its_noun() {
        for text in [
            "Rusland sprak over Nagorno-Karabach, maar Azerbeidzjan valt de kleine enclave aan.",
            "Rusland sprak over Nagorno-Karabach, maar Azerbeidzjan valt de pro-Armeense enclave aan.",
        ] {
            let got = nl(text);
            assert!(
                got.iter().any(|(d, r)| d == "azerbaijan attacks nagorno-karabakh"
                    && r.ends_with("+coref.nl.de-enclave")),
                "{got:?}"
            );
        }
        // A noun the description does not name is no description of it.
        let got =
            nl("Rusland sprak over Nagorno-Karabach, maar Azerbeidzjan valt de kleine stad aan.");
        assert!(got.iter().all(|(d, _)| !d.contains("attacks")), "{got:?}");
    }

    #[test]
    fn a_surname_is_the_person_named_in_full_before_it() {
        let got =
            en("Karim Khan spoke in The Hague. Khan alleges that Israel has used starvation.");
        let hit = got
            .iter()
            .find(|(d, _)| d == "karim-khan accuses israel")
            .unwrap_or_else(|| panic!("{got:?}"));
        assert!(hit.1.ends_with("+coref.en.surname"), "{hit:?}");
        // Not named before: no one.
        let got = en("Khan alleges that Israel has used starvation.");
        assert!(
            !got.iter().any(|(d, _)| d.starts_with("karim-khan")),
            "{got:?}"
        );
        // Beside another capitalised word it is another name.
        let got = en("Karim Khan spoke. Imran Khan alleges that Israel has used starvation.");
        assert!(
            !got.iter().any(|(d, _)| d.starts_with("karim-khan accuses")),
            "{got:?}"
        );
    }

    #[test]
    fn a_reporter_pronoun_is_the_subject_of_its_reporting_verb() {
        let got = en(
            "Spain, Ireland and Norway announced on Wednesday that they will recognise Palestine.",
        );
        for state in ["spain", "ireland", "norway"] {
            let hit = got
                .iter()
                .find(|(d, _)| d.starts_with(&format!("{state} recognizes palestine")))
                .unwrap_or_else(|| panic!("{state}: {got:?}"));
            assert!(hit.1.ends_with("+coref.en.they-reporter"), "{hit:?}");
        }
        // Another actor between verb and pronoun could be the one meant.
        let got = en("Russia told Armenia that it must leave the CSTO.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
        // Not after a reporting verb: the pronoun stands for nothing.
        let got = en("Russia met Armenia. It attacked Georgia.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
        // A singular is no coordination.
        let got = en("Spain and Ireland said it will recognise Palestine.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
    }

    #[test]
    fn het_land_is_the_one_state_before_it() {
        let got = nl("Armenië zoekt steun in het Westen. Het land wordt aangevallen door Rusland.");
        let hit = got
            .iter()
            .find(|(d, _)| d == "russia attacks armenia")
            .unwrap_or_else(|| panic!("{got:?}"));
        assert!(hit.1.ends_with("+coref.nl.het-land"), "{hit:?}");
        assert!(hit.1.starts_with("nl.attacks."), "{hit:?}");
    }

    #[test]
    fn a_sentence_before_is_recognised_once_for_all_after_it() {
        let e = engine();
        let rules = e.rules_for("nl").expect("Dutch rules");
        let p = super::Preceding::new("Armenië zoekt steun in het Westen.");
        let first: *const super::Earlier = p.earlier(rules, &e.gazetteer);
        let again: *const super::Earlier = p.earlier(rules, &e.gazetteer);
        assert!(std::ptr::eq(first, again));
        let earlier = p.earlier(rules, &e.gazetteer);
        assert!(
            earlier.actors.iter().any(|a| a.id == "armenia"),
            "{:?}",
            earlier.actors
        );
    }

    #[test]
    fn a_shared_look_back_finds_what_a_look_back_per_sentence_finds() {
        let e = engine();
        let rules = e.rules_for("nl").expect("Dutch rules");
        let text = "Armenië zoekt steun in het Westen. Het land wordt aangevallen door Rusland. \
                    Poetin sprak met Erdogan. Hij steunt Armenië. Het land zwijgt.";
        let sentences: Vec<&str> = crate::segment::split_sentences(text, &rules.segment)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        let one_by_one: Vec<_> = (0..sentences.len())
            .flat_map(|k| {
                let from = k.saturating_sub(super::REACH);
                extract_in_context(sentences[k], &sentences[from..k], rules, &e.gazetteer)
            })
            .collect();
        let shared = extract_text(text, rules, &e.gazetteer);
        assert!(
            one_by_one.iter().any(|f| f.rule.contains("+coref")),
            "{one_by_one:?}"
        );
        assert_eq!(shared, one_by_one);
    }

    #[test]
    fn two_states_that_compete_resolve_nothing() {
        let got =
            nl("Armenië en Georgië zoeken steun in het Westen. Het land wordt aangevallen door Rusland.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
    }

    #[test]
    fn the_subject_of_the_sentence_before_breaks_a_tie() {
        let e = engine();
        let rules = e.rules_for("nl").expect("Dutch rules");
        let got: Vec<String> = extract_in_context(
            "Hij steunt Armenië.",
            &[
                "Poetin sprak met Erdogan.",
                "De Turkse president Erdogan ontmoette Poetin.",
            ],
            rules,
            &e.gazetteer,
        )
        .iter()
        .map(describe)
        .collect();
        assert!(
            got.iter().any(|g| g.ends_with("supports armenia")),
            "{got:?}"
        );
        assert!(
            got.iter().all(|g| g.starts_with("recep-tayyip-erdogan ")),
            "{got:?}"
        );
    }

    #[test]
    fn no_relation_between_an_actor_and_itself() {
        // "zijn leger" is Rusland's own army: resolved, but no "russia supports russia".
        let e = engine();
        let rules = e.rules_for("nl").expect("Dutch rules");
        let text = "Rusland steunt zijn leger.";
        let tokens = crate::segment::tokenize(text);
        let s = crate::recognize::Sentence::new(text, &tokens);
        let mut found =
            crate::recognize::recognize(&s, &e.gazetteer, &rules.lexicon, &rules.titles);
        super::resolve(&s, rules, &e.gazetteer, &[], &mut found);
        let via: Vec<_> = found
            .mentions
            .iter()
            .filter_map(|m| Some((m.actor.id.as_str(), m.via.as_deref()?)))
            .collect();
        assert_eq!(via, [("russia", "zijn-troepen")]);
        let got = nl(text);
        assert!(got.is_empty(), "{got:?}");
        // A description is never an actor of its own clause: "het land" is not Rusland.
        let got = nl("Rusland valt het land aan.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn a_phrase_with_its_owner_named_after_it_is_not_referring() {
        let got = nl("Rusland steunt de regering van Armenië.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
    }

    #[test]
    fn both_countries_are_the_two_of_one_coordination() {
        let got =
            nl("Armenië en Azerbeidzjan praten in Moskou. Beide landen beschuldigen Rusland.");
        let through: Vec<&str> = got
            .iter()
            .filter(|(_, r)| r.ends_with("+coref.nl.beide-landen"))
            .map(|(d, _)| d.as_str())
            .collect();
        assert_eq!(
            through,
            ["armenia accuses russia", "azerbaijan accuses russia"],
            "{got:?}"
        );
        // Two pairs compete, or three are named: nothing.
        let got =
            nl("Armenië en Georgië praten met Iran en Rusland. Beide landen beschuldigen Turkije.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
        let got = nl("Armenië, Georgië en Iran praten. Beide landen beschuldigen Turkije.");
        assert!(!got.iter().any(|(_, r)| r.contains("+coref")), "{got:?}");
    }

    #[test]
    fn a_sentence_without_context_has_no_antecedent_before_it() {
        let e = engine();
        let rules = e.rules_for("nl").expect("Dutch rules");
        let got = extract_in_context("Rusland valt het land aan.", &[], rules, &e.gazetteer);
        assert!(got.is_empty(), "{got:?}");
    }
}
