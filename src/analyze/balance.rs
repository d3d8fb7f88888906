//! Signed-network balance: which blocs form.
//!
//! Every relation has a sign in the ontology (cooperation +1, conflict −1, structural 0) and an
//! intensity (attacks 10 … negotiates 1). Two actors' tie is the sum over the links between
//! them of sign × intensity × (1 + ln mentions) (negated links and structural relations left
//! out): a positive sum is a friendly tie, a negative one a hostile tie, zero no tie. So two
//! states that fight and also negotiate are enemies, not friends. Mentions count with
//! diminishing returns (as term frequency does in retrieval) because news repeats a point
//! without making it stronger: three mentions of a cooperation weigh 2.1 times one. Places (regions, corridors) take no
//! side and are left out.
//!
//! A triad of three tied actors is balanced when the product of its signs is positive ("the
//! enemy of my enemy is my friend"). The two blocs are the split of the tied actors that
//! minimises the frustration: the strength of the friendly ties across the split and of the
//! hostile ties inside a bloc. Each connected part of the signed network is split on its own: exactly,
//! by trying every split, when it has at most [`EXACT_LIMIT`] actors; otherwise by a
//! heuristic — a two-colouring along a spanning tree from several start actors, each improved by
//! moving single actors while that lowers the frustration — which finds a good split but
//! does not prove it the best. When the signed network falls into unconnected parts, the blocs
//! combine the parts' splits, each part's most tied actor in bloc 1 ([`Balance::parts`]).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::{Network, Style};
use crate::gazetteer::ActorType;

/// The largest connected part split exactly (2^(n-1) splits are tried).
pub const EXACT_LIMIT: usize = 22;

/// A signed tie between two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tie {
    #[serde(skip)]
    pub a: NodeIndex,
    #[serde(skip)]
    pub b: NodeIndex,
    pub actors: [String; 2],
    /// Sum of sign × intensity × (1 + ln mentions): positive friendly, negative hostile.
    pub strength: f64,
    /// The same in tenths, for exact arithmetic.
    #[serde(skip)]
    pub net: i64,
    /// Mentions behind the tie.
    pub mentions: usize,
    /// The relations behind it, with their mentions ("attacks ×3").
    pub relations: Vec<String>,
}

/// The balance of a network and its two blocs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    pub ties: usize,
    pub triads: usize,
    pub balanced_triads: usize,
    /// balanced_triads / triads; none without triads.
    pub balanced_share: Option<f64>,
    /// The two blocs as lists of actor labels, the bloc of the most tied actor first.
    pub blocs: [Vec<String>; 2],
    #[serde(skip)]
    pub bloc_nodes: [Vec<NodeIndex>; 2],
    /// The strength of the ties that contradict the split.
    pub frustration: f64,
    /// The ties that contradict the split: friendly across it, hostile inside a bloc.
    pub contradicting: Vec<Tie>,
    /// "exact" or "heuristic".
    pub method: &'static str,
    /// Connected parts of the signed network. Each is split on its own; with more than one,
    /// the blocs combine the parts (each part's most tied actor in bloc 1), so which bloc a
    /// part's sides join means nothing.
    pub parts: usize,
}

/// The signed ties of a network.
pub fn ties(net: &Network) -> Vec<Tie> {
    let g = &net.graph;
    // Per pair of actors and relation: sign, intensity and mentions (both directions, asserted
    // and hedged alike), so that the log dampens all mentions of one relation together.
    type PerRelation = BTreeMap<String, (i8, f64, usize)>;
    let mut pairs: BTreeMap<(NodeIndex, NodeIndex), PerRelation> = BTreeMap::new();
    for e in g.edge_references() {
        let l = e.weight();
        if l.sign == 0 || l.style == Style::Negated {
            continue;
        }
        let (s, t) = (e.source(), e.target());
        if g[s].kind == ActorType::Place || g[t].kind == ActorType::Place {
            continue;
        }
        let entry = pairs
            .entry((s.min(t), s.max(t)))
            .or_default()
            .entry(l.relation.clone())
            .or_insert((l.sign, l.intensity, 0));
        entry.2 += l.weight();
    }
    pairs
        .into_iter()
        .filter_map(|((a, b), rels)| {
            let net: i64 = rels
                .values()
                .map(|&(sign, intensity, m)| {
                    i64::from(sign) * (intensity * 10.0 * (1.0 + (m as f64).ln())).round() as i64
                })
                .sum();
            (net != 0).then(|| Tie {
                a,
                b,
                actors: [g[a].label.clone(), g[b].label.clone()],
                strength: net as f64 / 10.0,
                net,
                mentions: rels.values().map(|r| r.2).sum(),
                relations: rels.iter().map(|(r, x)| format!("{r} ×{}", x.2)).collect(),
            })
        })
        .collect()
}

/// Balance, triads and the two blocs of a network.
pub fn balance(net: &Network) -> Balance {
    let g = &net.graph;
    let ties = ties(net);
    // Local indices of the tied actors, sorted by id for determinism.
    let mut actors: Vec<NodeIndex> = ties
        .iter()
        .flat_map(|t| [t.a, t.b])
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    actors.sort_by(|&a, &b| g[a].id.cmp(&g[b].id));
    let local: BTreeMap<NodeIndex, usize> =
        actors.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let n = actors.len();
    let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for t in &ties {
        let (a, b) = (local[&t.a], local[&t.b]);
        adj[a].push((b, t.net));
        adj[b].push((a, t.net));
    }
    let (triads, balanced_triads) = count_triads(&adj);

    // Split each connected part; orient each so its most tied actor is in bloc 0.
    let mut side = vec![false; n];
    let mut exact = true;
    let mut done = vec![false; n];
    let mut parts = 0;
    let strength = |i: usize| adj[i].iter().map(|&(_, w)| w.abs()).sum::<i64>();
    for start in 0..n {
        if done[start] {
            continue;
        }
        let part = reach(&adj, start);
        parts += 1;
        for &i in &part {
            done[i] = true;
        }
        let split = if part.len() <= EXACT_LIMIT {
            split_exact(&adj, &part)
        } else {
            exact = false;
            split_heuristic(&adj, &part)
        };
        let anchor = part
            .iter()
            .copied()
            .max_by_key(|&i| (strength(i), std::cmp::Reverse(i)))
            .unwrap_or(start);
        let flip = split[part.iter().position(|&i| i == anchor).unwrap_or(0)];
        for (k, &i) in part.iter().enumerate() {
            side[i] = split[k] != flip;
        }
    }
    let frustrated = |a: usize, b: usize, w: i64| (w > 0) == (side[a] != side[b]);
    let mut contradicting: Vec<Tie> = ties
        .iter()
        .filter(|t| frustrated(local[&t.a], local[&t.b], t.net))
        .cloned()
        .collect();
    contradicting.sort_by(|x, y| y.net.abs().cmp(&x.net.abs()).then(x.actors.cmp(&y.actors)));
    let frustration = contradicting.iter().map(|t| t.net.abs()).sum::<i64>() as f64 / 10.0;
    // Bloc 0 holds the most tied actor of all.
    let top = (0..n).max_by_key(|&i| (strength(i), std::cmp::Reverse(i)));
    let first_side = top.is_some_and(|t| side[t]);
    let mut bloc_nodes: [Vec<NodeIndex>; 2] = [Vec::new(), Vec::new()];
    for (i, &node) in actors.iter().enumerate() {
        bloc_nodes[usize::from(side[i] != first_side)].push(node);
    }
    for b in &mut bloc_nodes {
        b.sort_by(|&x, &y| {
            strength(local[&y])
                .cmp(&strength(local[&x]))
                .then_with(|| g[x].label.cmp(&g[y].label))
        });
    }
    let blocs = [
        bloc_nodes[0].iter().map(|&x| g[x].label.clone()).collect(),
        bloc_nodes[1].iter().map(|&x| g[x].label.clone()).collect(),
    ];
    Balance {
        ties: ties.len(),
        triads,
        balanced_triads,
        balanced_share: (triads > 0).then(|| balanced_triads as f64 / triads as f64),
        blocs,
        bloc_nodes,
        frustration,
        contradicting,
        method: if exact { "exact" } else { "heuristic" },
        parts,
    }
}

/// Triangles of ties and how many of them are balanced.
fn count_triads(adj: &[Vec<(usize, i64)>]) -> (usize, usize) {
    let sign = |a: usize, b: usize| adj[a].iter().find(|&&(x, _)| x == b).map(|&(_, w)| w);
    let (mut total, mut balanced) = (0, 0);
    for a in 0..adj.len() {
        for &(b, wab) in adj[a].iter().filter(|&&(b, _)| b > a) {
            for &(c, wbc) in adj[b].iter().filter(|&&(c, _)| c > b) {
                if let Some(wac) = sign(a, c) {
                    total += 1;
                    let negatives = [wab, wbc, wac].iter().filter(|&&w| w < 0).count();
                    if negatives % 2 == 0 {
                        balanced += 1;
                    }
                }
            }
        }
    }
    (total, balanced)
}

/// The actors reachable from `start`, in order of their index.
fn reach(adj: &[Vec<(usize, i64)>], start: usize) -> Vec<usize> {
    let mut seen = vec![false; adj.len()];
    seen[start] = true;
    let mut queue = VecDeque::from([start]);
    while let Some(a) = queue.pop_front() {
        for &(b, _) in &adj[a] {
            if !seen[b] {
                seen[b] = true;
                queue.push_back(b);
            }
        }
    }
    (0..adj.len()).filter(|&i| seen[i]).collect()
}

/// The frustration of a split of `part` (`side[k]` for `part[k]`).
fn frustration_of(adj: &[Vec<(usize, i64)>], part: &[usize], side: &[bool]) -> i64 {
    let pos: BTreeMap<usize, usize> = part.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut f = 0;
    for (k, &a) in part.iter().enumerate() {
        for &(b, w) in &adj[a] {
            if b > a && (w > 0) == (side[k] != side[pos[&b]]) {
                f += w.abs();
            }
        }
    }
    f
}

/// Tries every split (the first actor fixed), walking them in Gray-code order so that each
/// step moves one actor and updates the frustration by that actor's ties only.
fn split_exact(adj: &[Vec<(usize, i64)>], part: &[usize]) -> Vec<bool> {
    let m = part.len();
    let mut side = vec![false; m];
    if m <= 1 {
        return side;
    }
    let pos: BTreeMap<usize, usize> = part.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut cost = frustration_of(adj, part, &side);
    let (mut best, mut best_side) = (cost, side.clone());
    for step in 1u64..(1u64 << (m - 1)) {
        let k = step.trailing_zeros() as usize + 1;
        // Moving actor k changes the state of each of its ties.
        for &(b, w) in &adj[part[k]] {
            let j = pos[&b];
            let was = (w > 0) == (side[k] != side[j]);
            cost += if was { -w.abs() } else { w.abs() };
        }
        side[k] = !side[k];
        if cost < best {
            best = cost;
            best_side.clone_from(&side);
        }
    }
    best_side
}

/// A good split for a large part: two-colour along a BFS tree from several start actors (a
/// friendly tie keeps the side, a hostile one changes it), then move single actors while that
/// lowers the frustration; the best result wins.
fn split_heuristic(adj: &[Vec<(usize, i64)>], part: &[usize]) -> Vec<bool> {
    let pos: BTreeMap<usize, usize> = part.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut starts: Vec<usize> = (0..part.len()).collect();
    let strength = |k: usize| adj[part[k]].iter().map(|&(_, w)| w.abs()).sum::<i64>();
    starts.sort_by_key(|&k| (std::cmp::Reverse(strength(k)), k));
    starts.truncate(32);
    let mut best: Option<(i64, Vec<bool>)> = None;
    for s in starts {
        let mut side = vec![false; part.len()];
        let mut seen = vec![false; part.len()];
        seen[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(k) = queue.pop_front() {
            let mut next: Vec<(usize, i64)> = adj[part[k]].clone();
            next.sort_by_key(|&(b, w)| (std::cmp::Reverse(w.abs()), b));
            for (b, w) in next {
                let j = pos[&b];
                if !seen[j] {
                    seen[j] = true;
                    side[j] = if w > 0 { side[k] } else { !side[k] };
                    queue.push_back(j);
                }
            }
        }
        // Local search: move the actor whose move lowers the frustration most.
        loop {
            let gain = |k: usize| -> i64 {
                adj[part[k]]
                    .iter()
                    .map(|&(b, w)| {
                        let j = pos[&b];
                        if (w > 0) == (side[k] != side[j]) {
                            w.abs()
                        } else {
                            -w.abs()
                        }
                    })
                    .sum()
            };
            match (0..part.len())
                .map(|k| (gain(k), k))
                .filter(|&(g, _)| g > 0)
                .max_by_key(|&(g, k)| (g, std::cmp::Reverse(k)))
            {
                Some((_, k)) => side[k] = !side[k],
                None => break,
            }
        }
        let cost = frustration_of(adj, part, &side);
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            best = Some((cost, side));
        }
    }
    best.map(|(_, s)| s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{labels, net};
    use super::*;

    #[test]
    fn a_balanced_and_an_unbalanced_triangle() {
        // Friends A and B share the enemy C: balanced.
        let b = balance(&net(&[("A", "+", "B"), ("A", "-", "C"), ("B", "-", "C")]));
        assert_eq!((b.triads, b.balanced_triads), (1, 1));
        assert_eq!(b.frustration, 0.0);
        // Three mutual enemies: no split satisfies all three.
        let u = balance(&net(&[("A", "-", "B"), ("A", "-", "C"), ("B", "-", "C")]));
        assert_eq!((u.triads, u.balanced_triads), (1, 0));
        assert_eq!(u.balanced_share, Some(0.0));
        assert_eq!(u.frustration, 1.0);
        assert_eq!(u.contradicting.len(), 1);
    }

    #[test]
    fn a_known_two_bloc_split_is_found_with_the_edge_that_contradicts_it() {
        let n = net(&[
            ("T", "+", "Z"),
            ("T", "+", "Z"),
            ("P", "~", "T"),
            ("Z", "-", "A"),
            ("Z", "-", "A"),
            ("A", "+", "R"),
            ("R", "+", "Q"),
            ("Q", "-", "Z"),
            ("P", "-", "A"),
            // One friendly tie across the blocs.
            ("R", "+", "T"),
        ]);
        let b = balance(&n);
        assert_eq!(b.method, "exact");
        let blocs = [labels(&n, &b.bloc_nodes[0]), labels(&n, &b.bloc_nodes[1])];
        assert_eq!(
            blocs[0],
            ["P", "T", "Z"],
            "the bloc of the most tied actor, Z"
        );
        assert_eq!(blocs[1], ["A", "Q", "R"]);
        assert_eq!(b.frustration, 1.0);
        assert_eq!(b.contradicting.len(), 1);
        assert_eq!(b.contradicting[0].actors, ["R", "T"]);
    }

    #[test]
    fn the_heuristic_finds_the_exact_split_of_a_balanced_network() {
        // Two camps of 15 with friendship inside and hostility across: perfectly balanced.
        let names: Vec<String> = (0..30).map(|i| format!("N{i:02}")).collect();
        let mut triples = Vec::new();
        for i in 0..30 {
            for j in (i + 1)..30 {
                if j - i <= 3 || (i * j) % 7 == 0 {
                    let r = if (i < 15) == (j < 15) { "+" } else { "-" };
                    triples.push((names[i].as_str(), r, names[j].as_str()));
                }
            }
        }
        let n = net(&triples);
        let b = balance(&n);
        assert_eq!(b.method, "heuristic");
        assert_eq!(b.frustration, 0.0);
        let camp = |i: usize| labels(&n, &b.bloc_nodes[i]);
        let first: Vec<String> = names[..15].to_vec();
        let second: Vec<String> = names[15..].to_vec();
        assert!((camp(0) == first && camp(1) == second) || (camp(0) == second && camp(1) == first));
    }

    #[test]
    fn exact_and_heuristic_agree_on_a_frustrated_network() {
        let triples = [
            ("A", "+", "B"),
            ("B", "-", "C"),
            ("C", "+", "D"),
            ("D", "-", "A"),
            ("A", "-", "C"),
            ("B", "+", "D"),
            ("E", "-", "A"),
            ("E", "+", "C"),
            ("E", "-", "B"),
        ];
        let n = net(&triples);
        let ties = ties(&n);
        let nodes: Vec<NodeIndex> = n.graph.node_indices().collect();
        let idx: BTreeMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, &x)| (x, i)).collect();
        let mut adj = vec![Vec::new(); nodes.len()];
        for t in &ties {
            adj[idx[&t.a]].push((idx[&t.b], t.net));
            adj[idx[&t.b]].push((idx[&t.a], t.net));
        }
        let part: Vec<usize> = (0..nodes.len()).collect();
        let e = frustration_of(&adj, &part, &split_exact(&adj, &part));
        let h = frustration_of(&adj, &part, &split_heuristic(&adj, &part));
        assert_eq!(e, h);
        // Brute force over every split confirms the exact minimum.
        let brute = (0..1u32 << part.len())
            .map(|mask| {
                let side: Vec<bool> = (0..part.len()).map(|k| mask >> k & 1 == 1).collect();
                frustration_of(&adj, &part, &side)
            })
            .min()
            .expect("test value");
        assert_eq!(e, brute);
    }

    #[test]
    fn the_heuristic_matches_the_exact_split_on_frustrated_networks() {
        // Deterministic pseudo-random signed networks of 16 actors with frustration.
        let mut seed = 12345u64;
        let mut rand = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..20 {
            let mut adj: Vec<Vec<(usize, i64)>> = vec![Vec::new(); 16];
            for a in 0..16 {
                for b in (a + 1)..16 {
                    if rand() % 4 == 0 || b == a + 1 {
                        let w = (rand() % 5 + 1) as i64 * if rand() % 3 == 0 { -1 } else { 1 };
                        adj[a].push((b, w));
                        adj[b].push((a, w));
                    }
                }
            }
            let part: Vec<usize> = (0..16).collect();
            let exact = frustration_of(&adj, &part, &split_exact(&adj, &part));
            let heuristic = frustration_of(&adj, &part, &split_heuristic(&adj, &part));
            assert!(exact > 0, "the networks are frustrated");
            assert_eq!(heuristic, exact);
        }
    }

    #[test]
    fn ties_dampen_all_mentions_of_a_relation_together() {
        // Two attacks each way weigh like four attacks one way: 1 + ln 4.
        let both = ties(&net(&[
            ("A", "-", "B"),
            ("A", "-", "B"),
            ("B", "-", "A"),
            ("B", "-", "A"),
        ]));
        let one = ties(&net(&[
            ("A", "-", "B"),
            ("A", "-", "B"),
            ("A", "-", "B"),
            ("A", "-", "B"),
        ]));
        assert_eq!(both[0].net, one[0].net);
        assert_eq!(one[0].net, -((10.0 * (1.0 + 4f64.ln())).round() as i64));
        assert_eq!(one[0].mentions, 4);
    }

    #[test]
    fn negated_links_places_and_structural_relations_make_no_tie() {
        let mut n = net(&[("A", "+", "B"), ("A", "0", "C"), ("A", "-", "P")]);
        let p = n.node("P").expect("test value");
        n.graph[p].kind = ActorType::Place;
        let e = n.graph.edge_indices().next().expect("test value");
        n.graph[e].style = Style::Negated;
        assert!(ties(&n).is_empty());
    }
}
