//! Stage 5, RDF: turns relation mentions, documents, the relation inventory and the gazetteer
//! into quads of the actorgraph ontology. Plain Rust values, no store: `store` loads them.
//! Every IRI is deterministic (no blank nodes), so the same corpus and rules give the same
//! quads. Entry points: [`Vocab`], [`document_quads`], [`ontology_quads`], [`gazetteer_quads`].

use std::fmt::Write as _;

use crate::gazetteer::{ActorType, Gazetteer};
use crate::ontology::Relations;
use crate::{Document, RelationMention};

/// The default base of all actorgraph IRIs.
pub const DEFAULT_BASE: &str = "https://w3id.org/actorgraph/";

const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
const DCT: &str = "http://purl.org/dc/terms/";
const PROV: &str = "http://www.w3.org/ns/prov#";

/// Prefixes for Turtle and TriG output.
pub fn prefixes(v: &Vocab) -> Vec<(&'static str, String)> {
    vec![
        ("ag", v.ns("")),
        ("actor", v.id("actor", "")),
        ("doc", v.id("doc", "")),
        ("mention", v.id("mention", "")),
        ("rdf", RDF.into()),
        ("rdfs", RDFS.into()),
        ("owl", OWL.into()),
        ("xsd", XSD.into()),
        ("skos", SKOS.into()),
        ("dcterms", DCT.into()),
        ("prov", PROV.into()),
    ]
}

/// An RDF term in object position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    Iri(String),
    Literal {
        value: String,
        /// A datatype IRI; none for a plain string.
        datatype: Option<String>,
        lang: Option<String>,
    },
}

impl Term {
    fn string(v: impl Into<String>) -> Term {
        Term::Literal {
            value: v.into(),
            datatype: None,
            lang: None,
        }
    }

    fn lang(v: impl Into<String>, lang: &str) -> Term {
        Term::Literal {
            value: v.into(),
            datatype: None,
            lang: Some(lang.into()),
        }
    }

    fn typed(v: impl Into<String>, xsd_type: &str) -> Term {
        Term::Literal {
            value: v.into(),
            datatype: Some(format!("{XSD}{xsd_type}")),
            lang: None,
        }
    }
}

/// A quad: subject and predicate IRIs, an object, and the named graph it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quad {
    pub subject: String,
    pub predicate: String,
    pub object: Term,
    pub graph: String,
}

/// The IRIs of the vocabulary (hash IRIs) and of the instances (slash IRIs) under one base.
#[derive(Debug, Clone)]
pub struct Vocab {
    base: String,
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            base: DEFAULT_BASE.into(),
        }
    }
}

impl Vocab {
    /// A vocabulary under `base`, which must end in `/` or `#`.
    pub fn new(base: &str) -> crate::Result<Vocab> {
        let ok = (base.starts_with("http://") || base.starts_with("https://"))
            && base.ends_with('/')
            && !base.contains(|c: char| c.is_whitespace() || "<>\"{}|\\^`".contains(c));
        if !ok {
            return Err(crate::Error::Usage(format!(
                "base IRI '{base}' must be an http(s) IRI ending in '/'"
            )));
        }
        Ok(Vocab { base: base.into() })
    }

    /// A term of the vocabulary: `<base>ns#local`.
    pub fn ns(&self, local: &str) -> String {
        format!("{}ns#{local}", self.base)
    }

    /// An instance: `<base>id/<kind>/<key>`, the key percent-encoded where needed.
    pub fn id(&self, kind: &str, key: &str) -> String {
        format!("{}id/{kind}/{}", self.base, encode_segment(key))
    }

    /// A graph of actorgraph's own: `<base>graph/<name>`.
    pub fn graph(&self, name: &str) -> String {
        format!("{}graph/{name}", self.base)
    }

    /// The IRI of a document, which is also the name of its graph.
    pub fn doc(&self, id: &str) -> String {
        self.id("doc", id)
    }

    /// The IRI of an actor.
    pub fn actor(&self, id: &str) -> String {
        self.id("actor", id)
    }

    /// The IRI of a relation property.
    pub fn relation(&self, name: &str) -> String {
        self.ns(name)
    }
}

fn encode_segment(key: &str) -> String {
    let mut out = String::new();
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A stable 128-bit fingerprint (two FNV-1a hashes) as 32 hex digits. Not cryptographic: it
/// names mentions and notices changed inputs.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for part in parts {
        for &byte in part.iter().chain(std::iter::once(&0xff)) {
            a = (a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            b = (b ^ u64::from(byte.rotate_left(3))).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{a:016x}{b:016x}")
}

struct Out<'a> {
    quads: Vec<Quad>,
    graph: &'a str,
}

impl Out<'_> {
    fn add(&mut self, s: &str, p: String, o: Term) {
        self.quads.push(Quad {
            subject: s.to_string(),
            predicate: p,
            object: o,
            graph: self.graph.to_string(),
        });
    }

    fn iri(&mut self, s: &str, p: String, o: impl Into<String>) {
        self.add(s, p, Term::Iri(o.into()));
    }
}

/// The ontology class of an actor type.
pub fn class_of(kind: ActorType) -> &'static str {
    match kind {
        ActorType::State => "State",
        ActorType::Person => "Person",
        ActorType::Organisation => "Organisation",
        ActorType::Place => "Place",
        ActorType::Group => "Group",
    }
}

/// The actor type of an ontology class name (the inverse of [`class_of`]).
pub fn type_of_class(class: &str) -> Option<ActorType> {
    [
        ActorType::State,
        ActorType::Person,
        ActorType::Organisation,
        ActorType::Place,
        ActorType::Group,
    ]
    .into_iter()
    .find(|&k| class_of(k) == class)
}

/// The ontology: classes, the relation properties with labels, definitions, domain and range,
/// symmetry, sub-properties, CAMEO/PLOVER alignment and sign, and the mention vocabulary.
pub fn ontology_quads(v: &Vocab, relations: &Relations) -> Vec<Quad> {
    let graph = v.graph("ontology");
    let mut o = Out {
        quads: Vec::new(),
        graph: &graph,
    };
    let ty = format!("{RDF}type");
    let label = format!("{RDFS}label");
    let comment = format!("{RDFS}comment");
    let onto = v.ns("");
    o.iri(&onto, ty.clone(), format!("{OWL}Ontology"));
    o.add(
        &onto,
        label.clone(),
        Term::lang("actorgraph ontology", "en"),
    );
    let classes: [(&str, &str, &str, Option<&str>); 9] = [
        ("Actor", "actor", "actor", None),
        ("State", "state", "staat", Some("Actor")),
        ("Person", "person", "persoon", Some("Actor")),
        ("Organisation", "organisation", "organisatie", Some("Actor")),
        ("Place", "region or place", "regio of plaats", Some("Actor")),
        ("Group", "group", "groep", Some("Actor")),
        ("Document", "document", "document", None),
        (
            "RelationMention",
            "relation mention",
            "relatievermelding",
            None,
        ),
        ("Modality", "modality", "modaliteit", None),
    ];
    for (name, en, nl, parent) in classes {
        let c = v.ns(name);
        o.iri(&c, ty.clone(), format!("{OWL}Class"));
        o.add(&c, label.clone(), Term::lang(en, "en"));
        o.add(&c, label.clone(), Term::lang(nl, "nl"));
        if let Some(p) = parent {
            o.iri(&c, format!("{RDFS}subClassOf"), v.ns(p));
        }
    }
    for (name, en) in [
        ("Asserted", "asserted"),
        ("Reported", "reported"),
        ("Hedged", "hedged"),
    ] {
        let m = v.ns(name);
        o.iri(&m, ty.clone(), v.ns("Modality"));
        o.add(&m, label.clone(), Term::lang(en, "en"));
    }
    // Properties of mentions and documents.
    let object_props: [(&str, &str, &str, &str); 7] = [
        (
            "subject",
            "RelationMention",
            "Actor",
            "The actor the mention says acts.",
        ),
        (
            "object",
            "RelationMention",
            "Actor",
            "The actor the mention says is acted upon.",
        ),
        (
            "relation",
            "RelationMention",
            "",
            "The relation property the mention states.",
        ),
        (
            "modality",
            "RelationMention",
            "Modality",
            "Asserted, reported or hedged.",
        ),
        (
            "source",
            "RelationMention",
            "Actor",
            "Who the claim is attributed to.",
        ),
        (
            "document",
            "RelationMention",
            "Document",
            "The document the mention is in.",
        ),
        (
            "claim",
            "RelationMention",
            "",
            "The claim the mention states or denies: one IRI per subject, relation and object.",
        ),
    ];
    for (name, dom, range, doc) in object_props {
        let p = v.ns(name);
        o.iri(&p, ty.clone(), format!("{OWL}ObjectProperty"));
        o.iri(&p, format!("{RDFS}domain"), v.ns(dom));
        if !range.is_empty() {
            o.iri(&p, format!("{RDFS}range"), v.ns(range));
        }
        o.add(&p, comment.clone(), Term::lang(doc, "en"));
    }
    let data_props: [(&str, &str, &str); 11] = [
        (
            "negated",
            "boolean",
            "Whether the text says the relation does not hold.",
        ),
        (
            "rule",
            "string",
            "The id of the extraction rule that made the mention.",
        ),
        (
            "sentence",
            "string",
            "The sentence, cleaned of hard line breaks.",
        ),
        (
            "sentenceIndex",
            "integer",
            "0-based index of the sentence in its document.",
        ),
        ("evidence", "string", "The original text from start to end."),
        (
            "start",
            "integer",
            "Character offset of the evidence in the original file.",
        ),
        (
            "end",
            "integer",
            "Character offset after the evidence in the original file.",
        ),
        ("path", "string", "Where the document was read from."),
        (
            "outlet",
            "string",
            "The outlet that published the document.",
        ),
        (
            "contentHash",
            "string",
            "Fingerprint of a document and the knowledge it was built with.",
        ),
        (
            "sign",
            "integer",
            "+1 cooperation, -1 conflict, 0 structural.",
        ),
    ];
    for (name, range, doc) in data_props {
        let p = v.ns(name);
        o.iri(&p, ty.clone(), format!("{OWL}DatatypeProperty"));
        o.iri(&p, format!("{RDFS}range"), format!("{XSD}{range}"));
        o.add(&p, comment.clone(), Term::lang(doc, "en"));
    }
    for (name, doc) in [
        ("cameoCode", "The CAMEO root code of a relation."),
        ("cameoDetail", "The closest CAMEO sub-code of a relation."),
        ("ploverCategory", "The PLOVER event category of a relation."),
    ] {
        let p = v.ns(name);
        o.iri(&p, ty.clone(), format!("{OWL}AnnotationProperty"));
        o.add(&p, comment.clone(), Term::lang(doc, "en"));
    }
    for r in &relations.relations {
        let p = v.relation(&r.name);
        o.iri(&p, ty.clone(), format!("{OWL}ObjectProperty"));
        if r.symmetric {
            o.iri(&p, ty.clone(), format!("{OWL}SymmetricProperty"));
        }
        o.add(&p, label.clone(), Term::lang(&r.label_en, "en"));
        o.add(&p, label.clone(), Term::lang(&r.label_nl, "nl"));
        o.add(
            &p,
            format!("{SKOS}definition"),
            Term::lang(&r.definition, "en"),
        );
        let domain = match r.subject_types.as_slice() {
            [one] => class_of(*one),
            _ => "Actor",
        };
        o.iri(&p, format!("{RDFS}domain"), v.ns(domain));
        o.iri(&p, format!("{RDFS}range"), v.ns("Actor"));
        if let Some(parent) = &r.parent {
            o.iri(&p, format!("{RDFS}subPropertyOf"), v.relation(parent));
        }
        if let Some(c) = &r.cameo {
            o.add(&p, v.ns("cameoCode"), Term::string(c));
        }
        if let Some(c) = &r.cameo_detail {
            o.add(&p, v.ns("cameoDetail"), Term::string(c));
        }
        if let Some(c) = &r.plover {
            o.add(&p, v.ns("ploverCategory"), Term::string(c));
        }
        o.add(&p, v.ns("sign"), Term::typed(r.sign.to_string(), "integer"));
    }
    o.quads
}

/// The gazetteer as SKOS: each actor typed, with its English preferred label and its other
/// names as alternative labels.
pub fn gazetteer_quads(v: &Vocab, gazetteer: &Gazetteer) -> Vec<Quad> {
    let graph = v.graph("gazetteer");
    let mut o = Out {
        quads: Vec::new(),
        graph: &graph,
    };
    for a in &gazetteer.actors {
        let s = v.actor(&a.id);
        o.iri(&s, format!("{RDF}type"), v.ns(class_of(a.kind)));
        o.add(&s, format!("{SKOS}prefLabel"), Term::lang(&a.label, "en"));
        o.add(&s, format!("{RDFS}label"), Term::lang(&a.label, "en"));
        for (n, lang) in &a.names {
            let langs: &[&str] = match lang {
                Some(l) => &[l.as_str()],
                None => &["en", "nl"],
            };
            for l in langs {
                if !(n == &a.label && *l == "en") {
                    o.add(&s, format!("{SKOS}altLabel"), Term::lang(n, l));
                }
            }
        }
        if let Some(q) = &a.wikidata {
            o.iri(
                &s,
                format!("{OWL}sameAs"),
                format!("http://www.wikidata.org/entity/{q}"),
            );
        }
    }
    o.quads
}

/// The quads of one document, all in its own named graph: its metadata, a plain triple for
/// every positive mention, and a node for every mention with its provenance.
pub fn document_quads(
    v: &Vocab,
    doc: &Document,
    mentions: &[RelationMention],
    gazetteer: &Gazetteer,
) -> Vec<Quad> {
    let d = v.doc(&doc.meta.id);
    let mut o = Out {
        quads: Vec::new(),
        graph: &d,
    };
    let ty = format!("{RDF}type");
    o.iri(&d, ty.clone(), v.ns("Document"));
    let m = &doc.meta;
    if let Some(t) = &m.title {
        o.add(&d, format!("{DCT}title"), Term::string(t));
    }
    if let Some(date) = &m.date {
        let term = if date.len() == 10 {
            Term::typed(date, "date")
        } else if date.len() == 7 {
            Term::typed(date, "gYearMonth")
        } else {
            Term::string(date)
        };
        o.add(&d, format!("{DCT}date"), term);
    }
    if let Some(l) = &m.language {
        o.add(&d, format!("{DCT}language"), Term::string(l));
    }
    if let Some(x) = &m.outlet {
        o.add(&d, v.ns("outlet"), Term::string(x));
    }
    if let Some(x) = &m.author {
        o.add(&d, format!("{DCT}creator"), Term::string(x));
    }
    o.add(
        &d,
        v.ns("path"),
        Term::string(doc.path.display().to_string()),
    );
    let mut new_actors = std::collections::BTreeMap::new();
    for mention in mentions {
        for a in [
            Some(&mention.subject),
            Some(&mention.object),
            mention.source.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            if gazetteer.get(a.short_id()).is_none() {
                new_actors.insert(a.short_id().to_string(), a.clone());
            }
        }
        let subject = v.actor(mention.subject.short_id());
        let object = v.actor(mention.object.short_id());
        let relation = v.relation(&mention.relation);
        if !mention.negated {
            o.iri(&subject, relation.clone(), object.clone());
        }
        let key = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            mention.doc,
            mention.sentence,
            mention.start,
            mention.end,
            mention.subject.short_id(),
            mention.relation,
            mention.object.short_id(),
            mention.negated
        );
        let n = v.id("mention", &fingerprint(&[key.as_bytes()]));
        o.iri(&n, ty.clone(), v.ns("RelationMention"));
        o.iri(
            &n,
            v.ns("claim"),
            claim_iri(v, &subject, &relation, &object),
        );
        o.iri(&n, v.ns("subject"), subject);
        o.iri(&n, v.ns("relation"), relation);
        o.iri(&n, v.ns("object"), object);
        o.add(
            &n,
            v.ns("negated"),
            Term::typed(mention.negated.to_string(), "boolean"),
        );
        let modality = match mention.modality {
            crate::Modality::Asserted => "Asserted",
            crate::Modality::Reported => "Reported",
            crate::Modality::Hedged => "Hedged",
        };
        o.iri(&n, v.ns("modality"), v.ns(modality));
        if let Some(src) = &mention.source {
            o.iri(&n, v.ns("source"), v.actor(src.short_id()));
        }
        o.add(&n, v.ns("rule"), Term::string(&mention.rule));
        o.add(&n, v.ns("sentence"), Term::string(&mention.text));
        o.add(
            &n,
            v.ns("sentenceIndex"),
            Term::typed(mention.sentence.to_string(), "integer"),
        );
        o.add(&n, v.ns("evidence"), Term::string(&mention.evidence));
        o.add(
            &n,
            v.ns("start"),
            Term::typed(mention.start.to_string(), "integer"),
        );
        o.add(
            &n,
            v.ns("end"),
            Term::typed(mention.end.to_string(), "integer"),
        );
        o.iri(&n, v.ns("document"), d.clone());
        o.iri(&n, format!("{PROV}wasDerivedFrom"), d.clone());
    }
    // Actors the gazetteer does not know (people named after a title) are typed and
    // labelled in the document that names them.
    for (id, a) in new_actors {
        let s = v.actor(&id);
        o.iri(&s, ty.clone(), v.ns(class_of(a.kind)));
        o.add(&s, format!("{RDFS}label"), Term::string(&a.label));
        o.add(&s, format!("{SKOS}prefLabel"), Term::string(&a.label));
    }
    o.quads.sort();
    o.quads.dedup();
    o.quads
}

/// The claim a mention states or denies: one IRI per subject, relation and object, the same
/// in every document, shard and build, so that all the mentions of a claim are found with one
/// index look-up (`?m ag:claim <claim>`) instead of joining three properties of every mention.
pub fn claim_iri(v: &Vocab, subject: &str, relation: &str, object: &str) -> String {
    v.id(
        "claim",
        &fingerprint(&[subject.as_bytes(), relation.as_bytes(), object.as_bytes()]),
    )
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// One quad as an N-Quads line.
pub fn nquad_line(q: &Quad) -> String {
    let object = match &q.object {
        Term::Iri(i) => format!("<{i}>"),
        Term::Literal {
            value,
            datatype,
            lang,
        } => match (datatype, lang) {
            (_, Some(l)) => format!("\"{}\"@{l}", escape(value)),
            (Some(dt), None) => format!("\"{}\"^^<{dt}>", escape(value)),
            (None, None) => format!("\"{}\"", escape(value)),
        },
    };
    format!(
        "<{}> <{}> {} <{}> .",
        q.subject, q.predicate, object, q.graph
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_percent_encoded_and_fingerprints_stable() {
        let v = Vocab::default();
        assert_eq!(
            v.doc("a b/é"),
            "https://w3id.org/actorgraph/id/doc/a%20b%2F%C3%A9"
        );
        assert_eq!(fingerprint(&[b"x"]), fingerprint(&[b"x"]));
        assert_ne!(fingerprint(&[b"ab", b"c"]), fingerprint(&[b"a", b"bc"]));
        assert!(Vocab::new("ftp://x/").is_err() && Vocab::new("https://example.org/kg/").is_ok());
    }

    #[test]
    fn nquads_escape_literals() {
        let q = Quad {
            subject: "http://s".into(),
            predicate: "http://p".into(),
            object: Term::string("a \"b\"\nc"),
            graph: "http://g".into(),
        };
        assert_eq!(
            nquad_line(&q),
            "<http://s> <http://p> \"a \\\"b\\\"\\nc\" <http://g> ."
        );
    }
}
