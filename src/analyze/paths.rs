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

/// Distances from `start` over links in either direction.
fn distances(net: &Network, start: NodeIndex) -> HashMap<NodeIndex, usize> {
    let mut dist = HashMap::from([(start, 0)]);
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        for nb in net.graph.neighbors_undirected(n) {
            if !dist.contains_key(&nb) {
                dist.insert(nb, dist[&n] + 1);
                queue.push_back(nb);
            }
        }
    }
    dist
}

/// The shortest-chain steps: from each actor on a shortest chain, the next actors on one,
/// sorted by label (then id); and the length of the chains. None when `to` is unreachable.
fn steps(
    net: &Network,
    from: NodeIndex,
    to: NodeIndex,
) -> Option<(HashMap<NodeIndex, Vec<NodeIndex>>, usize)> {
    let g = &net.graph;
    let (da, db) = (distances(net, from), distances(net, to));
    let length = *da.get(&to)?;
    let on_chain =
        |n: &NodeIndex| matches!((da.get(n), db.get(n)), (Some(a), Some(b)) if a + b == length);
    let mut next: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    for n in g.node_indices().filter(on_chain) {
        let mut after: Vec<NodeIndex> = g
            .neighbors_undirected(n)
            .filter(|m| on_chain(m) && da[m] == da[&n] + 1)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        after.sort_by(|&x, &y| (&g[x].label, &g[x].id).cmp(&(&g[y].label, &g[y].id)));
        next.insert(n, after);
    }
    Some((next, length))
}

/// How many shortest chains join two actors (saturating at u64::MAX).
pub fn count_shortest_chains(net: &Network, from: NodeIndex, to: NodeIndex) -> u64 {
    let Some((next, length)) = steps(net, from, to) else {
        return 0;
    };
    if from == to || length == 0 {
        return 0;
    }
    // Chains from each actor to `to`, counted backwards by distance from `from`.
    let da = distances(net, from);
    let mut order: Vec<NodeIndex> = next.keys().copied().collect();
    order.sort_by_key(|n| std::cmp::Reverse(da[n]));
    let mut count: HashMap<NodeIndex, u64> = HashMap::from([(to, 1)]);
    for n in order.into_iter().filter(|&n| n != to) {
        let c = next[&n]
            .iter()
            .map(|m| count.get(m).copied().unwrap_or(0))
            .fold(0u64, u64::saturating_add);
        count.insert(n, c);
    }
    count.get(&from).copied().unwrap_or(0)
}

/// The shortest chains between two actors, links taken in either direction: the first
/// `limit` in the order of the labels along the chain.
pub fn shortest_chains(net: &Network, from: NodeIndex, to: NodeIndex, limit: usize) -> Vec<Chain> {
    let g = &net.graph;
    if from == to {
        return Vec::new();
    }
    let Some((next, _)) = steps(net, from, to) else {
        return Vec::new();
    };
    // Depth-first over the sorted steps yields the chains in label order; stop at `limit`.
    let mut paths: Vec<Vec<NodeIndex>> = Vec::new();
    let mut stack: Vec<Vec<NodeIndex>> = vec![vec![from]];
    while let Some(partial) = stack.pop() {
        if paths.len() >= limit {
            break;
        }
        let last = partial[partial.len() - 1];
        if last == to {
            paths.push(partial);
            continue;
        }
        for &m in next.get(&last).into_iter().flatten().rev() {
            let mut longer = partial.clone();
            longer.push(m);
            stack.push(longer);
        }
    }
    let label = |n: NodeIndex| g[n].label.clone();
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
        assert_eq!(shortest_chains(&n, a, c, 1)[0].actors, ["A", "B", "C"]);
        assert_eq!(count_shortest_chains(&n, a, c), 3);
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
    fn chains_are_counted_without_listing_them_all() {
        // A ladder of 20 rungs: 2^20 shortest chains from one end to the other.
        let names: Vec<(String, String)> = (0..=20)
            .map(|i| (format!("U{i:02}"), format!("L{i:02}")))
            .collect();
        let mut triples = Vec::new();
        for w in names.windows(2) {
            let ((u0, l0), (u1, l1)) = (&w[0], &w[1]);
            for (a, b) in [(u0, u1), (u0, l1), (l0, u1), (l0, l1)] {
                triples.push((a.as_str(), "+", b.as_str()));
            }
        }
        triples.push(("S", "+", "U00"));
        triples.push(("S", "+", "L00"));
        let n = net(&triples);
        let (s, t) = (n.node("S").expect("S"), n.node("U20").expect("U20"));
        assert_eq!(count_shortest_chains(&n, s, t), 1 << 20);
        let first = shortest_chains(&n, s, t, 3);
        assert_eq!(first.len(), 3);
        assert_eq!(first[0].actors[1], "L00", "label order: L before U");
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
