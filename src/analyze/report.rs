//! The reports of `analyze` and `path`: serialisable for `--format json`, and written as
//! readable tables.

use std::io::{self, Write};

use serde::Serialize;

use super::balance::{balance, Balance};
use super::measures::{centrality, components, Centrality};
use super::paths::{Chain, DyadChange};
use super::{Network, Period, View};

/// What `analyze` prints for one network.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub view: View,
    pub actors: usize,
    pub links: usize,
    pub mentions: usize,
    /// Mentions left out because the period is bounded and their document has no date.
    pub undated_mentions: usize,
    /// Every actor's measures, most central first.
    pub centrality: Vec<Centrality>,
    /// Connected components as lists of actor labels, largest first.
    pub components: Vec<Vec<String>>,
    pub balance: Balance,
}

impl Analysis {
    pub fn of(net: &Network) -> Analysis {
        let g = &net.graph;
        Analysis {
            view: net.view.clone(),
            actors: g.node_count(),
            links: g.edge_count(),
            mentions: net.mention_count(),
            undated_mentions: net.undated,
            centrality: centrality(net),
            components: components(net)
                .into_iter()
                .map(|c| c.into_iter().map(|n| g[n].label.clone()).collect())
                .collect(),
            balance: balance(net),
        }
    }
}

/// What `analyze --compare` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub before: Period,
    pub after: Period,
    pub dyads: Vec<DyadChange>,
}

/// What `path` prints.
#[derive(Debug, Clone, Serialize)]
pub struct PathReport {
    pub from: String,
    pub to: String,
    /// Links in the shortest chains; none when the two are not connected.
    pub length: Option<usize>,
    /// How many shortest chains there are; `chains` holds the first ones by label.
    pub total: u64,
    pub chains: Vec<Chain>,
}

fn clip(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\t'], " ");
    if s.chars().count() <= n {
        s
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}

/// Writes an analysis as tables.
pub fn write_analysis(out: &mut dyn Write, a: &Analysis) -> io::Result<()> {
    writeln!(
        out,
        "{} actors, {} links, {} mentions{}",
        a.actors,
        a.links,
        a.mentions,
        if a.view.period.is_open() {
            String::new()
        } else {
            format!(" ({})", a.view.period)
        }
    )?;
    if a.undated_mentions > 0 {
        writeln!(
            out,
            "({} mentions left out: their document has no date)",
            a.undated_mentions
        )?;
    }
    writeln!(out, "\nCentrality (most central first)")?;
    let width = a
        .centrality
        .iter()
        .map(|c| c.label.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 40);
    writeln!(
        out,
        "{:<width$}  {:<12}  {:>4}  {:>4}  {:>8}  {:>8}  {:>11}  {:>4}",
        "actor", "type", "out", "in", "mentions", "pagerank", "betweenness", "comp"
    )?;
    for c in &a.centrality {
        writeln!(
            out,
            "{:<width$}  {:<12}  {:>4}  {:>4}  {:>8}  {:>8.4}  {:>11.4}  {:>4}",
            clip(&c.label, width),
            c.kind.as_str(),
            c.out_links,
            c.in_links,
            c.mentions,
            c.pagerank,
            c.betweenness,
            c.component
        )?;
    }
    writeln!(out, "\nConnected components")?;
    for (i, c) in a.components.iter().enumerate() {
        writeln!(out, "{i:>3}  ({})  {}", c.len(), c.join(", "))?;
    }
    let b = &a.balance;
    writeln!(out, "\nBalance (signed ties: cooperation + / conflict −)")?;
    match b.balanced_share {
        Some(s) => writeln!(
            out,
            "{} ties; {} of {} triads balanced ({:.0}%)",
            b.ties,
            b.balanced_triads,
            b.triads,
            s * 100.0
        )?,
        None => writeln!(out, "{} ties; no triads", b.ties)?,
    }
    writeln!(out, "Bloc 1: {}", b.blocs[0].join(", "))?;
    writeln!(out, "Bloc 2: {}", b.blocs[1].join(", "))?;
    writeln!(
        out,
        "Split {}: {} tie{} contradict{} it (strength {})",
        if b.method == "exact" {
            "exact (no other split contradicts less)"
        } else {
            "by a heuristic"
        },
        b.contradicting.len(),
        if b.contradicting.len() == 1 { "" } else { "s" },
        if b.contradicting.len() == 1 { "s" } else { "" },
        b.frustration
    )?;
    for t in &b.contradicting {
        let kind = if t.net > 0 {
            "friendly across the blocs"
        } else {
            "hostile inside a bloc"
        };
        writeln!(
            out,
            "  {} – {}: {kind}, strength {:+} ({})",
            t.actors[0],
            t.actors[1],
            t.strength,
            t.relations.join(", ")
        )?;
    }
    Ok(())
}

/// Writes a comparison of two periods.
pub fn write_comparison(out: &mut dyn Write, c: &Comparison) -> io::Result<()> {
    writeln!(out, "Changes from {} to {}", c.before, c.after)?;
    let (mut gained, mut lost) = (0, 0);
    for d in &c.dyads {
        if d.gained.is_empty() && d.lost.is_empty() {
            continue;
        }
        writeln!(out, "\n{} – {}", d.actors[0], d.actors[1])?;
        for (mark, list) in [("+", &d.gained), ("-", &d.lost), ("=", &d.kept)] {
            for ch in list {
                let style = match ch.style {
                    super::Style::Asserted => String::new(),
                    s => format!(" [{}]", s.as_str()),
                };
                writeln!(
                    out,
                    "  {mark} {} {} {}{style}  ({} → {} mentions)",
                    ch.subject, ch.relation, ch.object, ch.before, ch.after
                )?;
            }
        }
        gained += d.gained.len();
        lost += d.lost.len();
    }
    writeln!(
        out,
        "\n{gained} relations gained, {lost} lost (+ gained, - lost, = in both)"
    )
}

/// Writes the chains between two actors, each hop with its evidence.
pub fn write_paths(out: &mut dyn Write, p: &PathReport) -> io::Result<()> {
    let Some(length) = p.length else {
        return writeln!(
            out,
            "{} and {} are not connected in this view",
            p.from, p.to
        );
    };
    writeln!(
        out,
        "{} shortest chain{} of {length} link{} from {} to {}{}",
        p.total,
        if p.total == 1 { "" } else { "s" },
        if length == 1 { "" } else { "s" },
        p.from,
        p.to,
        if (p.chains.len() as u64) < p.total {
            format!(
                " (the first {} shown; raise --limit for more)",
                p.chains.len()
            )
        } else {
            String::new()
        }
    )?;
    for (i, c) in p.chains.iter().enumerate() {
        writeln!(out, "\n{}. {}", i + 1, c.actors.join(" — "))?;
        for hop in c.hops.iter().flatten() {
            let style = match hop.style {
                super::Style::Asserted => String::new(),
                s => format!(" [{}]", s.as_str()),
            };
            writeln!(
                out,
                "   {} {} {}{style} ({} mention{})",
                hop.subject,
                hop.relation,
                hop.object,
                hop.mentions,
                if hop.mentions == 1 { "" } else { "s" }
            )?;
            let e = &hop.evidence;
            writeln!(
                out,
                "     “{}” [{}{}, sentence {}]",
                clip(&e.text, 160),
                e.doc,
                e.date
                    .as_deref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default(),
                e.sentence
            )?;
        }
    }
    Ok(())
}
