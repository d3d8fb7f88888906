//! Who is central: degree, weighted PageRank, betweenness and connected components.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::Network;

/// The measures of one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Centrality {
    #[serde(skip)]
    pub node: NodeIndex,
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: crate::gazetteer::ActorType,
    /// Links the actor is the subject of (a symmetric link counts on both ends).
    pub out_links: usize,
    /// Links the actor is the object of.
    pub in_links: usize,
    /// Mentions of all its links.
    pub mentions: usize,
    /// Weighted PageRank; the values of a network sum to 1.
    pub pagerank: f64,
    /// Betweenness over the undirected network of actors, normalised to 0..1.
    pub betweenness: f64,
    /// Index of its connected component (0 is the largest).
    pub component: usize,
}

/// All measures, most central (PageRank) first.
pub fn centrality(net: &Network) -> Vec<Centrality> {
    let g = &net.graph;
    let pr = pagerank(net, 0.85);
    let bc = betweenness(net);
    let comps = components(net);
    let mut comp_of = vec![0; g.node_count()];
    for (c, members) in comps.iter().enumerate() {
        for n in members {
            comp_of[n.index()] = c;
        }
    }
    let mut out: Vec<Centrality> = g
        .node_indices()
        .map(|n| {
            let (mut out_links, mut in_links, mut mentions) = (0, 0, 0);
            for e in g.edges_directed(n, petgraph::Direction::Outgoing) {
                out_links += 1;
                in_links += usize::from(e.weight().symmetric);
                mentions += e.weight().weight();
            }
            for e in g.edges_directed(n, petgraph::Direction::Incoming) {
                in_links += 1;
                out_links += usize::from(e.weight().symmetric);
                mentions += e.weight().weight();
            }
            Centrality {
                node: n,
                id: g[n].id.clone(),
                label: g[n].label.clone(),
                kind: g[n].kind,
                out_links,
                in_links,
                mentions,
                pagerank: pr[n.index()],
                betweenness: bc[n.index()],
                component: comp_of[n.index()],
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.pagerank
            .total_cmp(&a.pagerank)
            .then_with(|| b.mentions.cmp(&a.mentions))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

/// PageRank with links weighted by their mentions; a symmetric link points both ways.
/// Actors without outgoing links spread their rank evenly (the usual dangling-node rule), so
/// the ranks sum to 1. petgraph's own `page_rank` ignores weights, hence this one.
pub fn pagerank(net: &Network, damping: f64) -> Vec<f64> {
    let g = &net.graph;
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let mut arcs: Vec<(usize, usize, f64)> = Vec::new();
    for e in g.edge_references() {
        let w = e.weight().weight() as f64;
        arcs.push((e.source().index(), e.target().index(), w));
        if e.weight().symmetric {
            arcs.push((e.target().index(), e.source().index(), w));
        }
    }
    let mut out_weight = vec![0.0; n];
    for &(s, _, w) in &arcs {
        out_weight[s] += w;
    }
    let nf = n as f64;
    let mut rank = vec![1.0 / nf; n];
    for _ in 0..1000 {
        let dangling: f64 = (0..n)
            .filter(|&i| out_weight[i] == 0.0)
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - damping) / nf + damping * dangling / nf;
        let mut next = vec![base; n];
        for &(s, t, w) in &arcs {
            next[t] += damping * rank[s] * w / out_weight[s];
        }
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < 1e-12 {
            break;
        }
    }
    rank
}

/// Betweenness centrality (Brandes, via rustworkx-core) over the undirected simple graph of
/// actors: how often an actor lies on the shortest chains between two others, normalised by
/// the number of pairs so that a star's centre has 1.
pub fn betweenness(net: &Network) -> Vec<f64> {
    let g = &net.graph;
    let mut u: UnGraph<(), ()> = UnGraph::with_capacity(g.node_count(), g.edge_count());
    for _ in g.node_indices() {
        u.add_node(());
    }
    let mut seen = std::collections::HashSet::new();
    for e in g.edge_references() {
        let (a, b) = (e.source().min(e.target()), e.source().max(e.target()));
        if seen.insert((a, b)) {
            u.add_edge(a, b, ());
        }
    }
    rustworkx_core::centrality::betweenness_centrality(&u, false, true, 200)
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect()
}

/// Connected components (links taken in either direction), largest first, each sorted by id.
pub fn components(net: &Network) -> Vec<Vec<NodeIndex>> {
    let g = &net.graph;
    let mut uf = UnionFind::<usize>::new(g.node_count());
    for e in g.edge_references() {
        uf.union(e.source().index(), e.target().index());
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<NodeIndex>> = Default::default();
    for n in g.node_indices() {
        groups.entry(uf.find(n.index())).or_default().push(n);
    }
    let mut out: Vec<Vec<NodeIndex>> = groups.into_values().collect();
    for c in &mut out {
        c.sort_by(|&a, &b| g[a].id.cmp(&g[b].id));
    }
    out.sort_by(|a, b| {
        b.len()
            .cmp(&a.len())
            .then_with(|| g[a[0]].id.cmp(&g[b[0]].id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::{labels, net};
    use super::*;

    #[test]
    fn a_stars_centre_has_the_highest_betweenness() {
        let n = net(&[
            ("C", "+", "A"),
            ("C", "+", "B"),
            ("D", "+", "C"),
            ("E", "-", "C"),
        ]);
        let bc = betweenness(&n);
        let c = n.node("C").expect("test value").index();
        assert!((bc[c] - 1.0).abs() < 1e-9, "centre: {}", bc[c]);
        for (i, v) in bc.iter().enumerate() {
            if i != c {
                assert_eq!(*v, 0.0);
            }
        }
    }

    #[test]
    fn pagerank_sums_to_one_and_follows_the_weight() {
        let n = net(&[
            ("A", "+", "B"),
            ("C", "+", "B"),
            ("C", "+", "B"),
            ("B", "+", "D"),
            ("E", "~", "A"),
        ]);
        let pr = pagerank(&n, 0.85);
        let sum: f64 = pr.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "sum {sum}");
        let of = |id: &str| pr[n.node(id).expect("test value").index()];
        assert!(of("B") > of("A"), "B is pointed at by A and twice by C");
        assert!(of("D") > of("C"), "D inherits B's rank; nobody points at C");
        // The symmetric link makes E and A point at each other.
        assert!(of("E") > of("C"));
    }

    #[test]
    fn degrees_count_symmetric_links_on_both_ends() {
        let n = net(&[("A", "+", "B"), ("A", "~", "C"), ("D", "-", "A")]);
        let c = centrality(&n);
        let a = c.iter().find(|x| x.id == "A").expect("test value");
        assert_eq!((a.out_links, a.in_links, a.mentions), (2, 2, 3));
    }

    #[test]
    fn components_are_largest_first() {
        let n = net(&[("A", "+", "B"), ("B", "-", "C"), ("X", "+", "Y")]);
        let comps = components(&n);
        assert_eq!(comps.len(), 2);
        assert_eq!(labels(&n, &comps[0]), ["A", "B", "C"]);
        assert_eq!(labels(&n, &comps[1]), ["X", "Y"]);
    }
}
