//! The gazetteer (`ontology/gazetteer/*.toml`): actors with their ids, types, labels and every
//! name they go by. Entry point: [`Gazetteer::load`]. The recognizer matches its [`Entry`]s.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{toml_error, Error, LineIndex, Result};
use crate::segment::{tokenize, TokenKind};

/// The kind of an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ActorType {
    State,
    Person,
    Organisation,
    Place,
    Group,
}

impl ActorType {
    /// The lower-case name used in files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorType::State => "state",
            ActorType::Person => "person",
            ActorType::Organisation => "organisation",
            ActorType::Place => "place",
            ActorType::Group => "group",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorRecord {
    id: toml::Spanned<String>,
    #[serde(rename = "type")]
    kind: Option<ActorType>,
    label: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    adjectives: Vec<String>,
    #[serde(default)]
    plurals: Vec<String>,
    #[serde(default)]
    seats: Vec<String>,
    wikidata: Option<String>,
    #[serde(default)]
    roles: Vec<RoleRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleRecord {
    relation: String,
    of: String,
    from: Option<String>,
    to: Option<String>,
}

/// A standing tie of an actor to another: a person who leads a state, a body that belongs to
/// an organisation, with the years it held where known. The analyses use roles to roll people
/// and bodies up into the state or organisation they stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    /// `leaderOf` or `memberOf`.
    pub relation: String,
    /// The id of the actor led or belonged to.
    pub of: String,
    /// First and last date the role held (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Role {
    /// Whether the role held on `date` (YYYY, YYYY-MM or YYYY-MM-DD); an undated role or an
    /// unknown date always holds.
    pub fn holds_on(&self, date: Option<&str>) -> bool {
        let Some(date) = date.filter(|d| is_partial_date(d)) else {
            return true;
        };
        let after_start = self
            .from
            .as_deref()
            .is_none_or(|from| date_end(date) >= date_start(from));
        let before_end = self
            .to
            .as_deref()
            .is_none_or(|to| date_start(date) <= date_end(to));
        after_start && before_end
    }
}

/// Whether `s` is YYYY, YYYY-MM or YYYY-MM-DD.
pub fn is_partial_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

/// The first day a partial date covers, as YYYY-MM-DD ("2020" gives "2020-01-01").
pub fn date_start(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

/// The last day a partial date covers, for comparisons ("2020" gives "2020-12-31", "2020-02"
/// gives "2020-02-31", which sorts after every real day of the month).
pub fn date_end(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-12-31"),
        7 => format!("{d}-31"),
        _ => d.to_string(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GazetteerFile {
    actor: Vec<ActorRecord>,
}

/// An actor of the gazetteer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub kind: ActorType,
    pub label: String,
    pub wikidata: Option<String>,
    /// All names, adjectives, plurals and seats with their language (none: both), for
    /// publishing the gazetteer.
    pub names: Vec<(String, Option<String>)>,
    /// The offices and bodies it belongs to.
    pub roles: Vec<Role>,
}

/// How a gazetteer entry refers to its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Name,
    /// A name with the genitive -s ("Ruslands invasie").
    Genitive,
    Adjective,
    Plural,
    /// A capital or seat of government; a place after a place preposition.
    Seat,
}

/// What the first letter of a text token must look like to match an entry token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Any,
    Upper,
    /// An acronym: the token must be exactly this.
    Exact,
}

/// One way of writing an actor, as a sequence of normalised tokens.
#[derive(Debug, Clone)]
pub struct Entry {
    pub tokens: Vec<String>,
    pub case: Vec<(Case, String)>,
    pub actor: usize,
    pub form: Form,
}

/// All actors and their entries.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub actors: Vec<Actor>,
    pub entries: Vec<Entry>,
    /// Entry indices by first normalised token, longest entries first.
    pub by_first: HashMap<String, Vec<usize>>,
    index: HashMap<String, usize>,
    /// Actor indices of persons by the last word of a name of two or more words ("khan" →
    /// Karim Khan): the surname a text uses once it has named them in full.
    surnames: HashMap<String, Vec<usize>>,
}

/// Folds diacritics and case so that "Aliëv", "Erdoğan" and "ERDOGAN" meet their plain forms.
pub fn normalize(token: &str) -> String {
    // Plain ASCII (most tokens): lower-casing is all there is to do.
    if token.is_ascii() {
        return token.to_ascii_lowercase();
    }
    token
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'đ' => 'd',
            'ğ' => 'g',
            'ş' | 'š' | 'ś' | 'ș' => 's',
            'ț' | 'ţ' => 't',
            'ž' | 'ź' | 'ż' => 'z',
            'ñ' | 'ń' => 'n',
            'ł' => 'l',
            'ý' | 'ÿ' => 'y',
            '’' => '\'',
            c => c,
        })
        .collect()
}

/// [`normalize`] without a copy of a token that is normal already (plain lower-case ASCII,
/// most words of a text): every token of every sentence is normalised, and allocating a
/// string for each was a good part of the cost.
pub fn normalized(token: &str) -> std::borrow::Cow<'_, str> {
    if token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        std::borrow::Cow::Borrowed(token)
    } else {
        std::borrow::Cow::Owned(normalize(token))
    }
}

/// The tokens of a name, without joining hyphens (so "Nagorno-Karabach" meets "Nagorno Karabach").
pub fn name_tokens(name: &str) -> Vec<&str> {
    tokenize(name)
        .into_iter()
        .filter(|t| !(t.kind == TokenKind::Punct && t.text(name) == "-"))
        .map(|t| t.text(name))
        .collect()
}

fn case_of(token: &str) -> Case {
    let letters: Vec<char> = token.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        Case::Exact
    } else if letters.first().is_some_and(|c| c.is_uppercase()) {
        Case::Upper
    } else {
        Case::Any
    }
}

/// The Dutch inflected form of an adjective: "Russisch" → "Russische", "Europees" → "Europese".
pub fn inflect_adjective(adj: &str) -> String {
    let chars: Vec<char> = adj.chars().collect();
    let n = chars.len();
    if n >= 3 {
        let (a, b, c) = (chars[n - 3], chars[n - 2], chars[n - 1]);
        if a == b && "aeou".contains(a) && !"aeiou".contains(c) {
            let mut s: String = chars[..n - 2].iter().collect();
            s.push(c);
            s.push('e');
            return s;
        }
    }
    format!("{adj}e")
}

/// "Rusland@nl" → ("Rusland", Some("nl")); "Iran" → ("Iran", None).
fn split_language(name: &str) -> (String, Option<String>) {
    match name.rsplit_once('@') {
        Some((n, lang)) if lang.len() == 2 && lang.chars().all(|c| c.is_ascii_lowercase()) => {
            (n.to_string(), Some(lang.to_string()))
        }
        _ => (name.to_string(), None),
    }
}

/// One `[[actor]]` record with where it was written.
struct Located {
    path: PathBuf,
    line: usize,
    id: String,
    rec: ActorRecord,
}

/// The records of one id from all files, merged.
struct Merged {
    first: (PathBuf, usize),
    kind: Option<(ActorType, PathBuf, usize)>,
    label: Option<(String, PathBuf, usize)>,
    wikidata: Option<(String, PathBuf, usize)>,
    names: Vec<String>,
    adjectives: Vec<String>,
    plurals: Vec<String>,
    seats: Vec<String>,
    roles: Vec<(PathBuf, usize, RoleRecord)>,
}

/// Sets a single-valued field of a merged actor, or checks that it agrees with the value an
/// earlier record gave.
fn merge_field<T: PartialEq + std::fmt::Debug>(
    slot: &mut Option<(T, PathBuf, usize)>,
    value: Option<T>,
    field: &str,
    at: &Located,
) -> Result<()> {
    let Some(value) = value else { return Ok(()) };
    match slot {
        Some((old, path, line)) if *old != value => Err(Error::data(
            &at.path,
            at.line,
            format!(
                "actor '{}': {field} {value:?} disagrees with {old:?} given at {}:{line}",
                at.id,
                path.display()
            ),
        )),
        Some(_) => Ok(()),
        None => {
            *slot = Some((value, at.path.clone(), at.line));
            Ok(())
        }
    }
}

/// Reads the `[[actor]]` records of one file, checking their ids.
fn read_records(path: &Path) -> Result<Vec<Located>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let file: GazetteerFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, e))?;
    let mut seen = HashSet::default();
    let mut out = Vec::new();
    let lines = LineIndex::new(&text);
    for rec in file.actor {
        let line = lines.line_of(rec.id.span().start);
        let id = rec.id.get_ref().clone();
        let valid_id = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            return Err(Error::data(
                path,
                line,
                format!("actor id '{id}' must be lower-case letters, digits and hyphens"),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(Error::data(
                path,
                line,
                format!("duplicate actor id '{id}'"),
            ));
        }
        out.push(Located {
            path: path.to_path_buf(),
            line,
            id,
            rec,
        });
    }
    Ok(out)
}

impl Gazetteer {
    /// Loads every `*.toml` in a directory (or one file), checking ids and names. An id may
    /// appear in several files (a generated list of states and a hand-kept file of their
    /// demonyms, say): its names, adjectives, plurals, seats and roles are joined, and its
    /// type, label and Wikidata id, which one record must give, may be repeated only
    /// unchanged.
    pub fn load(path: &Path) -> Result<Self> {
        let mut files = Vec::new();
        if path.is_dir() {
            for e in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
                let p = e.map_err(|e| Error::io(path, e))?.path();
                if p.extension().is_some_and(|x| x == "toml") {
                    files.push(p);
                }
            }
            files.sort();
        } else {
            files.push(path.to_path_buf());
        }
        let mut order: Vec<String> = Vec::new();
        let mut merged: HashMap<String, Merged> = HashMap::default();
        for file in files {
            for at in read_records(&file)? {
                let m = merged.entry(at.id.clone()).or_insert_with(|| {
                    order.push(at.id.clone());
                    Merged {
                        first: (at.path.clone(), at.line),
                        kind: None,
                        label: None,
                        wikidata: None,
                        names: Vec::new(),
                        adjectives: Vec::new(),
                        plurals: Vec::new(),
                        seats: Vec::new(),
                        roles: Vec::new(),
                    }
                });
                merge_field(&mut m.kind, at.rec.kind, "type", &at)?;
                merge_field(&mut m.label, at.rec.label.clone(), "label", &at)?;
                merge_field(&mut m.wikidata, at.rec.wikidata.clone(), "wikidata", &at)?;
                let Located {
                    path, line, rec, ..
                } = at;
                m.names.extend(rec.names);
                m.adjectives.extend(rec.adjectives);
                m.plurals.extend(rec.plurals);
                m.seats.extend(rec.seats);
                m.roles
                    .extend(rec.roles.into_iter().map(|r| (path.clone(), line, r)));
            }
        }
        let mut g = Gazetteer::default();
        let mut role_lines = Vec::new();
        for id in order {
            if let Some(m) = merged.remove(&id) {
                role_lines.push(g.add_actor(id, m)?);
            }
        }
        for (actor, lines) in g.actors.iter().zip(&role_lines) {
            for (role, (path, line)) in actor.roles.iter().zip(lines) {
                if !g.index.contains_key(&role.of) {
                    return Err(Error::data(
                        path,
                        *line,
                        format!("actor '{}': role of unknown actor '{}'", actor.id, role.of),
                    ));
                }
            }
        }
        let entries = &g.entries;
        for list in g.by_first.values_mut() {
            list.sort_by_key(|&e| std::cmp::Reverse(entries[e].tokens.len()));
        }
        Ok(g)
    }

    /// Adds a merged actor and its entries; returns where each of its roles was written.
    fn add_actor(&mut self, id: String, m: Merged) -> Result<Vec<(PathBuf, usize)>> {
        let (path, line) = (&m.first.0, m.first.1);
        let (Some((kind, ..)), Some((label, ..))) = (m.kind, m.label) else {
            return Err(Error::data(
                path,
                line,
                format!("actor '{id}' needs a type and a label (in one of its records)"),
            ));
        };
        if label.trim().is_empty() || m.names.is_empty() {
            return Err(Error::data(
                path,
                line,
                format!("actor '{id}' needs a label and at least one name"),
            ));
        }
        let mut roles = Vec::new();
        let mut role_lines = Vec::new();
        for (path, line, r) in m.roles {
            if r.relation != "leaderOf" && r.relation != "memberOf" {
                return Err(Error::data(
                    &path,
                    line,
                    format!(
                        "actor '{id}': a role's relation is leaderOf or memberOf, not '{}'",
                        r.relation
                    ),
                ));
            }
            for d in [&r.from, &r.to].into_iter().flatten() {
                if !is_partial_date(d) {
                    return Err(Error::data(
                        &path,
                        line,
                        format!("actor '{id}': role date '{d}' is not YYYY, YYYY-MM or YYYY-MM-DD"),
                    ));
                }
            }
            let role = Role {
                relation: r.relation,
                of: r.of,
                from: r.from,
                to: r.to,
            };
            if !roles.contains(&role) {
                roles.push(role);
                role_lines.push((path, line));
            }
        }
        let path = path.clone();
        let actor = self.actors.len();
        let tagged = |list: &[String]| -> Vec<(String, Option<String>)> {
            let mut out: Vec<(String, Option<String>)> = Vec::new();
            for n in list {
                let t = split_language(n);
                if !out.contains(&t) {
                    out.push(t);
                }
            }
            out
        };
        let (names, adjectives, plurals, seats) = (
            tagged(&m.names),
            tagged(&m.adjectives),
            tagged(&m.plurals),
            tagged(&m.seats),
        );
        let mut forms: Vec<(String, Form)> = Vec::new();
        for (n, lang) in &names {
            forms.push((n.clone(), Form::Name));
            if kind != ActorType::Place {
                // Dutch "Ruslands", "Armenië's"; English "Russia's", "Aliyev's".
                let dutch = if n.ends_with(['s', 'x', 'z']) {
                    None
                } else if n.ends_with(['a', 'e', 'i', 'o', 'u', 'ë', 'y']) {
                    Some(format!("{n}'s"))
                } else {
                    Some(format!("{n}s"))
                };
                if lang.as_deref() != Some("en") {
                    forms.extend(dutch.map(|g| (g, Form::Genitive)));
                }
                if lang.as_deref() != Some("nl") {
                    // "Hamas's" and "Hamas'" both occur.
                    forms.push((format!("{n}'s"), Form::Genitive));
                    if n.ends_with('s') {
                        forms.push((format!("{n}'"), Form::Genitive));
                    }
                }
            }
        }
        for (a, lang) in &adjectives {
            forms.push((a.clone(), Form::Adjective));
            if lang.as_deref() != Some("en") {
                forms.push((inflect_adjective(a), Form::Adjective));
            }
        }
        forms.extend(plurals.iter().map(|(p, _)| (p.clone(), Form::Plural)));
        forms.extend(seats.iter().map(|(p, _)| (p.clone(), Form::Seat)));
        // "Moscow's invasion", "the Kremlin's response": a seat's English possessive.
        for (p, lang) in &seats {
            if lang.as_deref() != Some("nl") {
                let g = if p.ends_with('s') {
                    format!("{p}'")
                } else {
                    format!("{p}'s")
                };
                forms.push((g, Form::Genitive));
            }
        }
        let mut seen = HashSet::default();
        for (written, form) in forms {
            let toks = name_tokens(&written);
            if toks.is_empty() {
                return Err(Error::data(
                    &path,
                    line,
                    format!("actor '{id}': empty name"),
                ));
            }
            let tokens: Vec<String> = toks.iter().map(|t| normalize(t)).collect();
            if !seen.insert(tokens.clone()) {
                continue;
            }
            if kind == ActorType::Person && form == Form::Name && tokens.len() >= 2 {
                let last = &tokens[tokens.len() - 1];
                if last.chars().count() >= 3 {
                    let list = self.surnames.entry(last.clone()).or_default();
                    if !list.contains(&actor) {
                        list.push(actor);
                    }
                }
            }
            let entry = self.entries.len();
            self.by_first
                .entry(tokens[0].clone())
                .or_default()
                .push(entry);
            self.entries.push(Entry {
                case: toks.iter().map(|t| (case_of(t), t.to_string())).collect(),
                tokens,
                actor,
                form,
            });
        }
        let mut names = names;
        names.extend(adjectives);
        names.extend(plurals);
        names.extend(seats);
        self.index.insert(id.clone(), actor);
        self.actors.push(Actor {
            id,
            kind,
            label,
            wikidata: m.wikidata.map(|(w, ..)| w),
            names,
            roles,
        });
        Ok(role_lines)
    }

    /// The persons one of whose names of two or more words ends in this normalised word.
    pub fn by_surname(&self, word: &str) -> impl Iterator<Item = &Actor> {
        self.surnames
            .get(word)
            .into_iter()
            .flatten()
            .map(|&i| &self.actors[i])
    }

    /// The actor with this id.
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.index.get(id).map(|&i| &self.actors[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_plain_ascii_takes_a_shortcut_to_the_same_answer() {
        let slow = |t: &str| -> String { t.chars().flat_map(char::to_lowercase).collect() };
        for t in [
            "Rusland",
            "NAVO",
            "o.a.",
            "U.S.-led",
            "123",
            "",
            "don't",
            "MiXeD-Case",
        ] {
            assert_eq!(normalize(t), slow(t), "{t:?}");
        }
        assert_eq!(normalize("Erdoğan"), "erdogan");
        assert_eq!(normalize("ALIËV"), "aliev");
        assert_eq!(normalize("Kyiv’s"), "kyiv's");
    }

    #[test]
    fn a_token_normal_already_is_borrowed_with_the_same_answer() {
        for t in [
            "rusland", "Rusland", "NAVO", "don't", "Kyiv’s", "erdoğan", "", "-", "f-16",
        ] {
            let n = normalized(t);
            assert_eq!(n, normalize(t), "{t:?}");
            assert_eq!(matches!(n, std::borrow::Cow::Borrowed(_)), n == t, "{t:?}");
        }
    }

    #[test]
    fn adjectives_inflect_the_dutch_way() {
        assert_eq!(inflect_adjective("Russisch"), "Russische");
        assert_eq!(inflect_adjective("Europees"), "Europese");
        assert_eq!(inflect_adjective("Azerbeidzjaans"), "Azerbeidzjaanse");
        assert_eq!(inflect_adjective("Turks"), "Turkse");
    }

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).expect("write gazetteer file");
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("actorgraph-gaz-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn records_of_one_id_in_several_files_are_joined() {
        let dir = temp_dir("join");
        write(
            &dir,
            "a.toml",
            "[[actor]]\nid = \"ruritania\"\ntype = \"state\"\nlabel = \"Ruritania\"\nnames = [\"Ruritania@en\", \"Ruritanië@nl\"]\n",
        );
        write(
            &dir,
            "b.toml",
            "[[actor]]\nid = \"ruritania\"\nadjectives = [\"Ruritanian@en\"]\nseats = [\"Strelsau\"]\nroles = [{ relation = \"memberOf\", of = \"ruritania\" }]\n",
        );
        let g = Gazetteer::load(&dir).expect("load joined gazetteer");
        assert_eq!(g.actors.len(), 1);
        let a = g.get("ruritania").expect("actor");
        assert_eq!(a.kind, ActorType::State);
        assert!(a.names.iter().any(|(n, _)| n == "Strelsau"));
        assert!(a.names.iter().any(|(n, _)| n == "Ruritanian"));
        assert_eq!(a.roles.len(), 1);
        // English and Dutch possessives both find the actor.
        for form in [["ruritania's"], ["ruritanie's"]] {
            let toks: Vec<String> = form.iter().map(|s| s.to_string()).collect();
            assert!(
                g.entries
                    .iter()
                    .any(|e| e.tokens == toks && e.form == Form::Genitive),
                "{form:?}"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn records_that_disagree_or_lack_a_type_are_refused_with_their_line() {
        let dir = temp_dir("disagree");
        write(
            &dir,
            "a.toml",
            "[[actor]]\nid = \"ruritania\"\ntype = \"state\"\nlabel = \"Ruritania\"\nnames = [\"Ruritania\"]\n",
        );
        write(
            &dir,
            "b.toml",
            "\n[[actor]]\nid = \"ruritania\"\ntype = \"place\"\n",
        );
        let err = Gazetteer::load(&dir)
            .expect_err("conflicting type")
            .to_string();
        assert!(err.contains("b.toml:3") && err.contains("type"), "{err}");
        write(
            &dir,
            "b.toml",
            "[[actor]]\nid = \"graustark\"\nnames = [\"Graustark\"]\n",
        );
        let err = Gazetteer::load(&dir).expect_err("no type").to_string();
        assert!(
            err.contains("b.toml:2") && err.contains("graustark"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn normalisation_folds_diacritics() {
        assert_eq!(normalize("Aliëv"), normalize("Aliev"));
        assert_eq!(normalize("Erdoğan"), "erdogan");
        assert_eq!(name_tokens("Nagorno-Karabach"), vec!["Nagorno", "Karabach"]);
    }
}
