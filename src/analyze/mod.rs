//! Stage 7, analyze: the stored relation mentions projected into a petgraph network, and the
//! measures over it (centrality, components, signed balance and blocs, paths, changes between
//! periods).
//!
//! [`View`] holds the options that `analyze`, `path`, `render` and the graph exports share:
//! which relations, which polarities, a minimum number of mentions, a period, a focus actor
//! with a depth, and roll-up. [`Network::project`] applies them: one node per actor, one
//! [`Link`] per (subject, relation, object, style) with every mention that supports it as
//! evidence. Symmetric relations are stored once, from the lower id to the higher.

pub mod balance;
pub mod measures;
pub mod paths;
pub mod report;

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::gazetteer::{date_end, date_start, is_partial_date, normalize, ActorType, Gazetteer};
use crate::ontology::Relations;
use crate::store::DatedMention;
use crate::Modality;

/// A closed period of document dates; either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Period {
    /// Parses `2020`, `2020-10`, `2020-09-27..2020-11-10`, `2023..` or `..2021`.
    pub fn parse(s: &str) -> Result<Period> {
        let (from, to) = match s.split_once("..") {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (s.trim(), s.trim()),
        };
        let bad = || {
            Error::Usage(format!(
                "'{s}' is not a period: use YYYY, YYYY-MM, YYYY-MM-DD or FROM..TO"
            ))
        };
        let part = |d: &str| -> Result<Option<String>> {
            if d.is_empty() {
                return Ok(None);
            }
            let month = d.get(5..7).map_or(Some(1), |m| m.parse::<u32>().ok());
            let day = d.get(8..10).map_or(Some(1), |m| m.parse::<u32>().ok());
            let valid = is_partial_date(d)
                && month.is_some_and(|m| (1..=12).contains(&m))
                && day.is_some_and(|x| (1..=31).contains(&x));
            if valid {
                Ok(Some(d.to_string()))
            } else {
                Err(bad())
            }
        };
        let p = Period {
            from: part(from)?,
            to: part(to)?,
        };
        if let (Some(a), Some(b)) = (&p.from, &p.to) {
            if date_start(a) > date_end(b) {
                return Err(Error::Usage(format!(
                    "'{s}': the period ends before it starts"
                )));
            }
        }
        Ok(p)
    }

    /// Whether the period has no bounds.
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether a document date lies inside: a document counts on the first day its date
    /// covers (one dated "2020" lies in 2020-01..2020-06, not in 2020-07..2020-12). A
    /// document without a usable date lies inside only an open period.
    pub fn contains(&self, date: Option<&str>) -> bool {
        if self.is_open() {
            return true;
        }
        let Some(d) = date.filter(|d| is_partial_date(d)) else {
            return false;
        };
        self.from
            .as_deref()
            .is_none_or(|f| date_start(d) >= date_start(f))
            && self
                .to
                .as_deref()
                .is_none_or(|t| date_start(d) <= date_end(t))
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.from, &self.to) {
            (None, None) => write!(f, "all dates"),
            (Some(a), Some(b)) if a == b => write!(f, "{a}"),
            (a, b) => write!(
                f,
                "{}..{}",
                a.as_deref().unwrap_or(""),
                b.as_deref().unwrap_or("")
            ),
        }
    }
}

/// How a link's mentions stand: asserted, negated ("steunt niet meer") or uncertain (hedged
/// or reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    Asserted,
    Uncertain,
    Negated,
}

impl Style {
    fn of(negated: bool, modality: Modality) -> Style {
        if negated {
            Style::Negated
        } else if modality == Modality::Asserted {
            Style::Asserted
        } else {
            Style::Uncertain
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Style::Asserted => "asserted",
            Style::Uncertain => "uncertain",
            Style::Negated => "negated",
        }
    }
}

/// The projection options shared by `analyze`, `path`, `render` and the graph exports.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// Relation names to keep; empty keeps all. `cooperation`, `conflict` and `structural`
    /// stand for every relation of that sign.
    pub relations: Vec<String>,
    /// Keep negated mentions (as their own links).
    pub negated: bool,
    /// Keep hedged and reported mentions (as their own links).
    pub uncertain: bool,
    /// Drop links with fewer mentions.
    pub min_mentions: usize,
    pub period: Period,
    /// Keep only the actors within `depth` links of this one (label, id or any gazetteer name).
    pub focus: Option<String>,
    pub depth: usize,
    /// Count people and bodies as the state or organisation they lead or belong to.
    pub roll_up: bool,
    /// A focus actor without relations gives an empty network instead of an error (for
    /// comparing periods, where an actor may appear in one only).
    #[serde(skip)]
    pub focus_may_be_absent: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            relations: Vec::new(),
            negated: false,
            uncertain: false,
            min_mentions: 1,
            period: Period::default(),
            focus: None,
            depth: 1,
            roll_up: false,
            focus_may_be_absent: false,
        }
    }
}

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// The gazetteer id (or the id minted for a person first named in a document).
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: ActorType,
    /// With roll-up: the actors counted as this one (itself excluded), sorted.
    pub members: Vec<String>,
}

/// One mention behind a link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub doc: String,
    pub date: Option<String>,
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    /// The whole sentence.
    pub text: String,
    /// The matched span.
    pub evidence: String,
    pub rule: String,
    pub modality: Modality,
    pub negated: bool,
    /// The label of the source of a reported claim.
    pub source: Option<String>,
    /// The actors as the sentence names them, before roll-up.
    pub subject: String,
    pub object: String,
}

/// A relation between two actors with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub relation: String,
    /// +1 cooperation, -1 conflict, 0 structural (from the ontology).
    pub sign: i8,
    /// How strongly one mention ties the two actors (the relation's intensity, 0–10).
    pub intensity: f64,
    pub symmetric: bool,
    pub style: Style,
    pub mentions: Vec<Evidence>,
}

impl Link {
    /// The number of mentions.
    pub fn weight(&self) -> usize {
        self.mentions.len()
    }

    /// The earliest document date among the mentions.
    pub fn first_date(&self) -> Option<&str> {
        self.mentions.iter().filter_map(|m| m.date.as_deref()).min()
    }

    /// The latest document date among the mentions.
    pub fn last_date(&self) -> Option<&str> {
        self.mentions.iter().filter_map(|m| m.date.as_deref()).max()
    }
}

/// The projected network: actors and links, in a deterministic order (nodes by id, links by
/// subject, object, relation and style).
#[derive(Debug, Clone)]
pub struct Network {
    pub graph: DiGraph<Node, Link>,
    pub view: View,
    index: HashMap<String, NodeIndex>,
    /// Mentions left out because the period is bounded and their document has no usable
    /// date.
    pub undated: usize,
}

/// Who an actor stands for under roll-up: its gazetteer roles, and the offices the texts
/// give people ("de Russische president Poetin").
struct RollUp<'a> {
    gazetteer: &'a Gazetteer,
    /// Person id → (leaderOf?, target id, target type, mentions), best first.
    stated: HashMap<String, Vec<(bool, String, ActorType, usize)>>,
}

impl<'a> RollUp<'a> {
    fn new(mentions: &[DatedMention], gazetteer: &'a Gazetteer) -> Self {
        let mut counts: BTreeMap<(String, bool, String), (ActorType, usize)> = BTreeMap::new();
        for d in mentions {
            let m = &d.mention;
            let leader = m.relation == "leaderOf";
            if (leader || m.relation == "memberOf")
                && !m.negated
                && m.modality == Modality::Asserted
                && m.subject.kind == ActorType::Person
            {
                let e = counts
                    .entry((
                        m.subject.short_id().to_string(),
                        leader,
                        m.object.short_id().to_string(),
                    ))
                    .or_insert((m.object.kind, 0));
                e.1 += 1;
            }
        }
        let mut stated: HashMap<String, Vec<(bool, String, ActorType, usize)>> = HashMap::new();
        for ((person, leader, target), (kind, n)) in counts {
            stated
                .entry(person)
                .or_default()
                .push((leader, target, kind, n));
        }
        for list in stated.values_mut() {
            // leaderOf before memberOf, states before other bodies, most mentions first.
            list.sort_by(|a, b| {
                (b.0, b.2 == ActorType::State, b.3)
                    .cmp(&(a.0, a.2 == ActorType::State, a.3))
                    .then_with(|| a.1.cmp(&b.1))
            });
        }
        RollUp { gazetteer, stated }
    }

    /// The id `id` counts as on `date`: followed through roles until a state, an actor
    /// without a role, or a cycle.
    fn target(&self, id: &str, kind: ActorType, date: Option<&str>) -> String {
        let mut current = id.to_string();
        let mut current_kind = kind;
        let mut seen = HashSet::new();
        while current_kind != ActorType::State && seen.insert(current.clone()) {
            let from_gazetteer = self.gazetteer.get(&current).and_then(|a| {
                let holding = a.roles.iter().filter(|r| r.holds_on(date));
                holding
                    .clone()
                    .find(|r| r.relation == "leaderOf")
                    .or_else(|| holding.clone().next())
                    .map(|r| r.of.clone())
            });
            // The texts' offices count only for actors the gazetteer gives no roles: a
            // gazetteer role outside its dates must not be replaced by an undated one.
            let has_roles = self
                .gazetteer
                .get(&current)
                .is_some_and(|a| !a.roles.is_empty());
            let next = from_gazetteer.or_else(|| {
                if has_roles {
                    return None;
                }
                self.stated
                    .get(&current)
                    .and_then(|l| l.first())
                    .map(|t| t.1.clone())
            });
            let Some(next) = next else { break };
            current_kind = self
                .gazetteer
                .get(&next)
                .map(|a| a.kind)
                .or_else(|| {
                    self.stated
                        .values()
                        .flatten()
                        .find(|t| t.1 == next)
                        .map(|t| t.2)
                })
                .unwrap_or(ActorType::Organisation);
            current = next;
        }
        current
    }
}

impl Network {
    /// Projects stored mentions through a view.
    pub fn project(
        mentions: &[DatedMention],
        relations: &Relations,
        gazetteer: &Gazetteer,
        view: &View,
    ) -> Result<Network> {
        let wanted = relation_filter(&view.relations, relations)?;
        let roll = view.roll_up.then(|| RollUp::new(mentions, gazetteer));
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        let mut links: BTreeMap<(String, String, String, Style), Link> = BTreeMap::new();
        let mut undated = 0;
        for d in mentions {
            let m = &d.mention;
            if !wanted.contains(m.relation.as_str()) {
                continue;
            }
            let style = Style::of(m.negated, m.modality);
            if (style == Style::Negated && !view.negated)
                || (style == Style::Uncertain && !view.uncertain)
            {
                continue;
            }
            if !view.period.contains(d.date.as_deref()) {
                if !d.date.as_deref().is_some_and(is_partial_date) {
                    undated += 1;
                }
                continue;
            }
            let mut ends = Vec::with_capacity(2);
            for a in [&m.subject, &m.object] {
                let own = a.short_id().to_string();
                let id = match &roll {
                    Some(r) => r.target(&own, a.kind, d.date.as_deref()),
                    None => own.clone(),
                };
                let node = nodes.entry(id.clone()).or_insert_with(|| {
                    let (label, kind) = if id == own {
                        (a.label.clone(), a.kind)
                    } else {
                        gazetteer
                            .get(&id)
                            .map(|g| (g.label.clone(), g.kind))
                            .or_else(|| {
                                mentions.iter().find_map(|x| {
                                    [&x.mention.subject, &x.mention.object]
                                        .into_iter()
                                        .find(|o| o.short_id() == id)
                                        .map(|o| (o.label.clone(), o.kind))
                                })
                            })
                            .unwrap_or_else(|| (id.clone(), ActorType::Group))
                    };
                    Node {
                        id: id.clone(),
                        label,
                        kind,
                        members: Vec::new(),
                    }
                });
                if id != own && !node.members.contains(&own) {
                    node.members.push(own);
                }
                ends.push(id);
            }
            let (mut s, mut o) = (ends[0].clone(), ends[1].clone());
            if s == o {
                continue;
            }
            let rel = relations.get(&m.relation);
            let symmetric = rel.is_some_and(|r| r.symmetric);
            if symmetric && s > o {
                std::mem::swap(&mut s, &mut o);
            }
            links
                .entry((s, o, m.relation.clone(), style))
                .or_insert_with(|| Link {
                    relation: m.relation.clone(),
                    sign: rel.map_or(0, |r| r.sign),
                    intensity: rel.map_or(1.0, |r| r.intensity()),
                    symmetric,
                    style,
                    mentions: Vec::new(),
                })
                .mentions
                .push(Evidence {
                    doc: m.doc.clone(),
                    date: d.date.clone(),
                    sentence: m.sentence,
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    evidence: m.evidence.clone(),
                    rule: m.rule.clone(),
                    modality: m.modality,
                    negated: m.negated,
                    source: m.source.as_ref().map(|s| s.label.clone()),
                    subject: m.subject.label.clone(),
                    object: m.object.label.clone(),
                });
        }
        links.retain(|_, l| l.weight() >= view.min_mentions.max(1));
        for n in nodes.values_mut() {
            n.members.sort();
        }
        let mut net = Network::assemble(nodes, links, view.clone(), undated);
        if let Some(focus) = &view.focus {
            match net.find(focus, gazetteer) {
                Ok(centre) => net = net.around(centre, view.depth),
                // Comparing periods: an actor absent from one of them leaves it empty.
                Err(_) if view.focus_may_be_absent && net.knows(focus, gazetteer) => {
                    net = Network::assemble(BTreeMap::new(), BTreeMap::new(), view.clone(), undated)
                }
                Err(e) => return Err(e),
            }
        }
        Ok(net)
    }

    /// Whether `name` names an actor of the gazetteer or of the network.
    fn knows(&self, name: &str, gazetteer: &Gazetteer) -> bool {
        let key = normalize(name.trim());
        self.graph
            .node_weights()
            .any(|n| n.id == name.trim() || normalize(&n.label) == key)
            || !gazetteer_ids(name, gazetteer).is_empty()
    }

    /// Builds the graph from nodes and links, keeping only nodes that have a link.
    fn assemble(
        nodes: BTreeMap<String, Node>,
        links: BTreeMap<(String, String, String, Style), Link>,
        view: View,
        undated: usize,
    ) -> Network {
        let used: HashSet<&String> = links.keys().flat_map(|k| [&k.0, &k.1]).collect();
        let mut graph = DiGraph::new();
        let mut index = HashMap::new();
        for (id, node) in &nodes {
            if used.contains(id) {
                index.insert(id.clone(), graph.add_node(node.clone()));
            }
        }
        for ((s, o, _, _), link) in links {
            graph.add_edge(index[&s], index[&o], link);
        }
        Network {
            graph,
            view,
            index,
            undated,
        }
    }

    /// The sub-network of the actors within `depth` links (either direction) of `centre`.
    fn around(&self, centre: NodeIndex, depth: usize) -> Network {
        let mut dist = HashMap::from([(centre, 0usize)]);
        let mut queue = VecDeque::from([centre]);
        while let Some(n) = queue.pop_front() {
            if dist[&n] == depth {
                continue;
            }
            for nb in self.graph.neighbors_undirected(n) {
                if !dist.contains_key(&nb) {
                    dist.insert(nb, dist[&n] + 1);
                    queue.push_back(nb);
                }
            }
        }
        let nodes: BTreeMap<String, Node> = dist
            .keys()
            .map(|&n| (self.graph[n].id.clone(), self.graph[n].clone()))
            .collect();
        let links = self
            .graph
            .edge_references()
            .filter(|e| dist.contains_key(&e.source()) && dist.contains_key(&e.target()))
            .map(|e| {
                let l = e.weight();
                (
                    (
                        self.graph[e.source()].id.clone(),
                        self.graph[e.target()].id.clone(),
                        l.relation.clone(),
                        l.style,
                    ),
                    l.clone(),
                )
            })
            .collect();
        let mut net = Network::assemble(nodes, links, self.view.clone(), self.undated);
        if net.graph.node_count() == 0 {
            // A focus without links still shows itself.
            let node = self.graph[centre].clone();
            let i = net.graph.add_node(node.clone());
            net.index.insert(node.id, i);
        }
        net
    }

    /// The node of an actor named by id, English label or any gazetteer name (case and
    /// diacritics ignored); with roll-up, an actor counted as another finds that one.
    pub fn find(&self, name: &str, gazetteer: &Gazetteer) -> Result<NodeIndex> {
        let key = normalize(name.trim());
        if let Some(&i) = self.index.get(name.trim()) {
            return Ok(i);
        }
        let by_label = self
            .graph
            .node_indices()
            .find(|&i| normalize(&self.graph[i].label) == key);
        if let Some(i) = by_label {
            return Ok(i);
        }
        let ids = gazetteer_ids(name, gazetteer);
        for id in &ids {
            if let Some(&i) = self.index.get(*id) {
                return Ok(i);
            }
            if let Some(i) = self
                .graph
                .node_indices()
                .find(|&i| self.graph[i].members.iter().any(|m| m == id))
            {
                return Ok(i);
            }
        }
        let mut known: Vec<&str> = self
            .graph
            .node_weights()
            .map(|n| n.label.as_str())
            .collect();
        known.sort();
        Err(Error::Usage(if ids.is_empty() {
            format!(
                "no actor called '{name}'; actors in this view: {}",
                known.join(", ")
            )
        } else {
            format!(
                "'{name}' ({}) has no relations in this view (see --relation, --from/--to, --min-mentions)",
                ids.join(", ")
            )
        }))
    }

    /// The node of an actor id, if it is in the network.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Every link between two nodes, in either direction, heaviest first.
    pub fn links_between(&self, a: NodeIndex, b: NodeIndex) -> Vec<EdgeIndex> {
        let mut out: Vec<EdgeIndex> = self
            .graph
            .edges_connecting(a, b)
            .chain(self.graph.edges_connecting(b, a))
            .map(|e| e.id())
            .collect();
        out.sort_by_key(|&e| (std::cmp::Reverse(self.graph[e].weight()), e));
        out.dedup();
        out
    }

    /// The number of mentions behind all links.
    pub fn mention_count(&self) -> usize {
        self.graph.edge_weights().map(Link::weight).sum()
    }
}

/// The ids of the gazetteer actors that `name` names: by id, English label or any name
/// (case and diacritics ignored).
fn gazetteer_ids<'g>(name: &str, gazetteer: &'g Gazetteer) -> Vec<&'g str> {
    let key = normalize(name.trim());
    gazetteer
        .actors
        .iter()
        .filter(|a| {
            a.id == name.trim()
                || normalize(&a.label) == key
                || a.names.iter().any(|(n, _)| normalize(n) == key)
        })
        .map(|a| a.id.as_str())
        .collect()
}

/// The relation names a `--relation` list keeps.
fn relation_filter<'r>(names: &[String], relations: &'r Relations) -> Result<HashSet<&'r str>> {
    if names.is_empty() {
        return Ok(relations
            .relations
            .iter()
            .map(|r| r.name.as_str())
            .collect());
    }
    let mut keep = HashSet::new();
    for n in names.iter().flat_map(|n| n.split(',')).map(str::trim) {
        let sign = match n {
            "cooperation" => Some(1),
            "conflict" => Some(-1),
            "structural" => Some(0),
            _ => None,
        };
        match sign {
            Some(s) => keep.extend(
                relations
                    .relations
                    .iter()
                    .filter(|r| r.sign == s)
                    .map(|r| r.name.as_str()),
            ),
            None => match relations.get(n) {
                Some(r) => {
                    // A relation keeps its sub-relations, at any depth: supports keeps
                    // suppliesWeaponsTo.
                    let mut todo = vec![r.name.as_str()];
                    while let Some(name) = todo.pop() {
                        if keep.insert(name) {
                            todo.extend(
                                relations
                                    .relations
                                    .iter()
                                    .filter(|c| c.parent.as_deref() == Some(name))
                                    .map(|c| c.name.as_str()),
                            );
                        }
                    }
                }
                None => {
                    return Err(Error::Usage(format!(
                        "unknown relation '{n}'; known: {}, or cooperation, conflict, structural",
                        relations
                            .relations
                            .iter()
                            .map(|r| r.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                }
            },
        }
    }
    Ok(keep)
}

#[cfg(test)]
pub(crate) mod testing {
    //! Small hand-made networks for the unit tests of the analyses.
    use super::*;

    /// A network from (subject, relation, object) triples, one mention each unless repeated.
    /// Relations: `+` (sign +1), `-` (sign -1), `~` (symmetric, +1), `0` (structural).
    pub fn net(triples: &[(&str, &str, &str)]) -> Network {
        let mut nodes = BTreeMap::new();
        let mut links: BTreeMap<(String, String, String, Style), Link> = BTreeMap::new();
        for (i, &(s, r, o)) in triples.iter().enumerate() {
            for a in [s, o] {
                nodes.entry(a.to_string()).or_insert_with(|| Node {
                    id: a.to_string(),
                    label: a.to_string(),
                    kind: ActorType::State,
                    members: Vec::new(),
                });
            }
            let (sign, symmetric) = match r {
                "+" => (1, false),
                "-" => (-1, false),
                "~" => (1, true),
                _ => (0, false),
            };
            links
                .entry((s.to_string(), o.to_string(), r.to_string(), Style::Asserted))
                .or_insert_with(|| Link {
                    relation: r.to_string(),
                    sign,
                    intensity: 1.0,
                    symmetric,
                    style: Style::Asserted,
                    mentions: Vec::new(),
                })
                .mentions
                .push(Evidence {
                    doc: "d".into(),
                    date: None,
                    sentence: i,
                    start: 0,
                    end: 0,
                    text: format!("{s} {r} {o}"),
                    evidence: format!("{s} {r} {o}"),
                    rule: "test".into(),
                    modality: Modality::Asserted,
                    negated: false,
                    source: None,
                    subject: s.into(),
                    object: o.into(),
                });
        }
        Network::assemble(nodes, links, View::default(), 0)
    }

    pub fn labels(net: &Network, nodes: &[NodeIndex]) -> Vec<String> {
        let mut v: Vec<String> = nodes.iter().map(|&n| net.graph[n].label.clone()).collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_contain_partial_dates() {
        let p = Period::parse("2020").expect("test value");
        assert!(p.contains(Some("2020-10-05")));
        assert!(p.contains(Some("2020-10")));
        assert!(!p.contains(Some("2023-09-28")));
        assert!(
            !p.contains(None),
            "a bounded period leaves out undated documents"
        );
        let open_end = Period::parse("2021..").expect("test value");
        assert!(open_end.contains(Some("2023-09-28")));
        assert!(!open_end.contains(Some("2020-12-31")));
        let range = Period::parse("2020-09-27..2020-11-10").expect("test value");
        assert!(range.contains(Some("2020-11-10")));
        assert!(!range.contains(Some("2020-11-11")));
        assert!(Period::default().contains(None));
        assert!(Period::parse("last year").is_err());
        assert_eq!(range.to_string(), "2020-09-27..2020-11-10");
    }

    const ROLES: &str = r#"
[[actor]]
id = "alpha"
type = "state"
label = "Alpha"
names = ["Alpha"]

[[actor]]
id = "beta"
type = "state"
label = "Beta"
names = ["Beta"]

[[actor]]
id = "gamma"
type = "state"
label = "Gamma"
names = ["Gamma"]

[[actor]]
id = "x-body"
type = "organisation"
label = "X"
names = ["Xbody"]
roles = [{ relation = "memberOf", of = "y-body" }]

[[actor]]
id = "y-body"
type = "organisation"
label = "Y"
names = ["Ybody"]
roles = [{ relation = "memberOf", of = "x-body" }]

[[actor]]
id = "pat"
type = "person"
label = "Pat"
names = ["Pat"]
roles = [
  { relation = "leaderOf", of = "alpha", from = "2010", to = "2015-06" },
  { relation = "leaderOf", of = "beta", from = "2016" },
]

[[actor]]
id = "quinn"
type = "person"
label = "Quinn"
names = ["Quinn"]
"#;

    fn gazetteer(text: &str) -> Result<Gazetteer> {
        let dir = tempfile::tempdir().map_err(|e| Error::io("tempdir", e))?;
        let path = dir.path().join("actors.toml");
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        Gazetteer::load(&path)
    }

    fn mention(date: Option<&str>, s: &str, r: &str, o: &str, g: &Gazetteer) -> DatedMention {
        let actor = |id: &str| {
            let a = g.get(id).expect("known actor");
            crate::ActorOut {
                id: format!("{}{id}", crate::ACTOR_BASE),
                label: a.label.clone(),
                kind: a.kind,
            }
        };
        DatedMention {
            date: date.map(String::from),
            mention: crate::RelationMention {
                doc: "d".into(),
                path: "d.txt".into(),
                sentence: 0,
                start: 0,
                end: 1,
                text: format!("{s} {r} {o}"),
                subject: actor(s),
                object: actor(o),
                relation: r.into(),
                negated: false,
                modality: Modality::Asserted,
                source: None,
                rule: "test".into(),
                evidence: "x".into(),
            },
        }
    }

    fn shipped_relations() -> Relations {
        Relations::load(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/relations.toml"),
        )
        .expect("shipped relations load")
    }

    /// The (subject, object) ids of every link after roll-up.
    fn rolled(g: &Gazetteer, mentions: &[DatedMention]) -> Vec<(String, String)> {
        let view = View {
            roll_up: true,
            ..View::default()
        };
        let net = Network::project(mentions, &shipped_relations(), g, &view).expect("projects");
        net.graph
            .edge_references()
            .map(|e| {
                (
                    net.graph[e.source()].id.clone(),
                    net.graph[e.target()].id.clone(),
                )
            })
            .collect()
    }

    #[test]
    fn roll_up_follows_dated_roles_and_then_the_texts() {
        let g = gazetteer(ROLES).expect("loads");
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        // Pat leads Alpha until mid-2015, Beta from 2016, nothing in between.
        let m = |date| vec![mention(date, "pat", "attacks", "gamma", &g)];
        assert_eq!(rolled(&g, &m(Some("2012-03-01"))), [pair("alpha", "gamma")]);
        assert_eq!(rolled(&g, &m(Some("2017"))), [pair("beta", "gamma")]);
        assert_eq!(rolled(&g, &m(Some("2015-09"))), [pair("pat", "gamma")]);
        // A text's office does not stand in for a gazetteer role out of its dates.
        let mut texts = m(Some("2015-09"));
        texts.push(mention(None, "pat", "memberOf", "gamma", &g));
        assert!(rolled(&g, &texts).contains(&pair("pat", "gamma")));
        // Quinn has no gazetteer role: the texts' office counts.
        let q = vec![
            mention(Some("2020"), "quinn", "leaderOf", "beta", &g),
            mention(Some("2020"), "quinn", "attacks", "gamma", &g),
        ];
        assert_eq!(rolled(&g, &q), [pair("beta", "gamma")]);
        // A cycle of bodies ends.
        let c = vec![mention(None, "x-body", "attacks", "gamma", &g)];
        assert_eq!(rolled(&g, &c).len(), 1);
    }

    #[test]
    fn bad_roles_are_rejected_with_file_and_line() {
        let with = |role: &str| {
            ROLES.replace(
                "names = [\"Quinn\"]",
                &format!("names = [\"Quinn\"]\nroles = [{role}]"),
            )
        };
        for (role, message) in [
            (
                r#"{ relation = "supports", of = "alpha" }"#,
                "leaderOf or memberOf",
            ),
            (
                r#"{ relation = "leaderOf", of = "omega" }"#,
                "unknown actor 'omega'",
            ),
            (
                r#"{ relation = "leaderOf", of = "alpha", from = "May 2020" }"#,
                "not YYYY",
            ),
        ] {
            let e = gazetteer(&with(role)).expect_err("rejected").to_string();
            assert!(e.contains(message) && e.contains("actors.toml:"), "{e}");
        }
    }

    #[test]
    fn focus_keeps_the_actors_within_depth() {
        let n = testing::net(&[("A", "+", "B"), ("B", "+", "C"), ("C", "+", "D")]);
        let b = n.node("B").expect("test value");
        let one = n.around(b, 1);
        let ids: Vec<&str> = one.graph.node_weights().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "C"]);
        assert_eq!(one.graph.edge_count(), 2);
        assert_eq!(n.around(b, 2).graph.node_count(), 4);
    }
}
