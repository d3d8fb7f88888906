//! How two actors are connected, and how the picture changed between two periods.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Evidence, Network, Style};

/// One hop of a chain: a relation between two consecutive actors, with its first mention.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hop {
    pub subject: String,
    pub relation: String,
    pub object: String,
    pub style: Style,
    pub mentions: usize,
    /// Whether the relation points against the direction of the chain.
    pub reversed: bool,
    pub evidence: Evidence,
}

/// One shortest chain: the actors in order, and every relation between each consecutive pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chain {
    pub actors: Vec<String>,
    /// hops[i] holds the relations between actors[i] and actors[i + 1], heaviest first.
    pub hops: Vec<Vec<Hop>>,
}

/// The shortest chains between two actors, links taken in either direction, at most `limit`
/// of them, in a stable order (by the labels along the chain).
pub fn shortest_chains(net: &Network, from: NodeIndex, to: NodeIndex, limit: usize) -> Vec<Chain> {
    let g = &net.graph;
    if from == to {
        return Vec::new();
    }
    let mut dist: HashMap<NodeIndex, usize> = HashMap::from([(from, 0)]);
    let mut preds: HashMap<NodeIndex, BTreeSet<NodeIndex>> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        if dist.get(&to).is_some_and(|&d| dist[&n] >= d) {
            break;
        }
        let mut next: Vec<NodeIndex> = g.neighbors_undirected(n).collect();
        next.sort();
        next.dedup();
        for nb in next {
            match dist.get(&nb) {
                None => {
                    dist.insert(nb, dist[&n] + 1);
                    preds.entry(nb).or_default().insert(n);
                    queue.push_back(nb);
                }
                Some(&d) if d == dist[&n] + 1 => {
                    preds.entry(nb).or_default().insert(n);
                }
                _ => {}
            }
        }
    }
    if !dist.contains_key(&to) {
        return Vec::new();
    }
    // Walk back from `to` over the predecessors: every path found is a shortest one.
    let mut paths: Vec<Vec<NodeIndex>> = Vec::new();
    let mut stack = vec![vec![to]];
    while let Some(partial) = stack.pop() {
        let last = partial[partial.len() - 1];
        if last == from {
            let mut p = partial;
            p.reverse();
            paths.push(p);
            continue;
        }
        for &p in preds.get(&last).into_iter().flatten() {
            let mut longer = partial.clone();
            longer.push(p);
            stack.push(longer);
        }
        if stack.len() > 100_000 {
            break;
        }
    }
    let label = |n: NodeIndex| g[n].label.clone();
    paths.sort_by_key(|p| p.iter().map(|&n| label(n)).collect::<Vec<_>>());
    paths.truncate(limit);
    paths
        .into_iter()
        .map(|p| Chain {
            actors: p.iter().map(|&n| label(n)).collect(),
            hops: p
                .windows(2)
                .map(|w| {
                    net.links_between(w[0], w[1])
                        .into_iter()
                        .map(|e| {
                            let l = &g[e];
                            let (s, o) = g.edge_endpoints(e).unwrap_or((w[0], w[1]));
                            Hop {
                                subject: label(s),
                                relation: l.relation.clone(),
                                object: label(o),
                                style: l.style,
                                mentions: l.weight(),
                                reversed: s != w[0] && !l.symmetric,
                                evidence: l.mentions[0].clone(),
                            }
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

/// A relation between two actors and its mentions in each period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub subject: String,
    pub relation: String,
    pub object: String,
    pub style: Style,
    pub before: usize,
    pub after: usize,
}

/// The relations of one pair of actors that appear, disappear or stay between two periods.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DyadChange {
    pub actors: [String; 2],
    pub gained: Vec<Change>,
    pub lost: Vec<Change>,
    pub kept: Vec<Change>,
}

/// Compares the networks of two periods, pair by pair of actors (by label order).
pub fn compare(before: &Network, after: &Network) -> Vec<DyadChange> {
    type Key = (String, String, String, Style);
    let links = |net: &Network| -> BTreeMap<Key, usize> {
        net.graph
            .edge_references()
            .map(|e| {
                let l = e.weight();
                (
                    (
                        net.graph[e.source()].label.clone(),
                        l.relation.clone(),
                        net.graph[e.target()].label.clone(),
                        l.style,
                    ),
                    l.weight(),
                )
            })
            .collect()
    };
    let (a, b) = (links(before), links(after));
    let mut dyads: BTreeMap<[String; 2], DyadChange> = BTreeMap::new();
    for key in a.keys().chain(b.keys()).collect::<BTreeSet<_>>() {
        let (s, r, o, style) = key;
        let pair = if s <= o {
            [s.clone(), o.clone()]
        } else {
            [o.clone(), s.clone()]
        };
        let d = dyads.entry(pair.clone()).or_insert_with(|| DyadChange {
            actors: pair,
            gained: Vec::new(),
            lost: Vec::new(),
            kept: Vec::new(),
        });
        let change = Change {
            subject: s.clone(),
            relation: r.clone(),
            object: o.clone(),
            style: *style,
            before: a.get(key).copied().unwrap_or(0),
            after: b.get(key).copied().unwrap_or(0),
        };
        match (change.before, change.after) {
            (0, _) => d.gained.push(change),
            (_, 0) => d.lost.push(change),
            _ => d.kept.push(change),
        }
    }
    dyads.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::net;
    use super::*;

    #[test]
    fn every_shortest_chain_in_either_direction() {
        let n = net(&[
            ("A", "+", "B"),
            ("C", "-", "B"),
            ("A", "+", "D"),
            ("D", "+", "C"),
            ("C", "+", "E"),
            ("A", "+", "E"),
        ]);
        let (a, c) = (
            n.node("A").expect("test value"),
            n.node("C").expect("test value"),
        );
        let chains = shortest_chains(&n, a, c, 10);
        let routes: Vec<Vec<String>> = chains.iter().map(|c| c.actors.clone()).collect();
        assert_eq!(
            routes,
            [["A", "B", "C"], ["A", "D", "C"], ["A", "E", "C"]].map(|r| r.map(String::from))
        );
        let hop = &chains[0].hops[1][0];
        assert_eq!((hop.subject.as_str(), hop.object.as_str()), ("C", "B"));
        assert!(hop.reversed, "C → B runs against the chain B … C");
        assert_eq!(hop.evidence.text, "C - B");
        assert_eq!(shortest_chains(&n, a, c, 1).len(), 1);
        let lone = net(&[("A", "+", "B"), ("X", "+", "Y")]);
        assert!(shortest_chains(
            &lone,
            lone.node("A").expect("test value"),
            lone.node("X").expect("test value"),
            5
        )
        .is_empty());
    }

    #[test]
    fn comparing_periods_lists_gains_and_losses_per_pair() {
        let before = net(&[("A", "+", "B"), ("A", "-", "C"), ("A", "-", "C")]);
        let after = net(&[("A", "-", "B"), ("A", "-", "C"), ("D", "+", "A")]);
        let changes = compare(&before, &after);
        let ab = &changes[0];
        assert_eq!(ab.actors, ["A", "B"]);
        assert_eq!(ab.lost[0].relation, "+");
        assert_eq!(ab.gained[0].relation, "-");
        let ac = &changes[1];
        assert_eq!((ac.kept[0].before, ac.kept[0].after), (2, 1));
        let ad = &changes[2];
        assert_eq!(ad.actors, ["A", "D"]);
        assert_eq!(ad.gained[0].subject, "D");
    }
}
