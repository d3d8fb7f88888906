//! Stage 8, render: relationship diagrams. The DOT is built with graphviz-rust's structures:
//! a node shape and fill per actor type, an edge colour per relation (from `relations.toml`)
//! with a legend, dashed edges for negated and dotted ones for hedged or reported claims,
//! edge width growing with the number of mentions, and the two blocs as clusters. SVG and PNG
//! come from Graphviz's `dot` when it is installed; without it an SVG is still drawn by the
//! pure-Rust layout-rs (Graphviz gives a better picture).

use std::collections::BTreeSet;
use std::io::ErrorKind;

use graphviz_rust::cmd::Format;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::visit::EdgeRef;

use crate::analyze::balance::Balance;
use crate::analyze::{Network, Style};
use crate::error::{Error, Result};
use crate::gazetteer::ActorType;
use crate::ontology::Relations;

/// What `render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagramFormat {
    Dot,
    Svg,
    Png,
}

/// Who drew a rendered diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    /// The DOT text itself.
    None,
    Graphviz,
    /// layout-rs, because Graphviz's `dot` is not installed.
    Builtin,
}

/// A quoted DOT string: backslashes and double quotes escaped, line breaks as `\n`. DOT is
/// UTF-8, so diacritics stay as they are.
pub fn quote(s: &str) -> Id {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

fn attr(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), quote(value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(quote(id), None)
}

fn shape(kind: ActorType) -> (&'static str, &'static str) {
    match kind {
        ActorType::State => ("box", "#dbe9f6"),
        ActorType::Person => ("ellipse", "#fff2cc"),
        ActorType::Organisation => ("hexagon", "#e2f0d9"),
        ActorType::Group => ("octagon", "#f4e1f7"),
        ActorType::Place => ("house", "#eeeeee"),
    }
}

/// The colour of a relation's edges.
fn color(relations: &Relations, name: &str) -> String {
    relations
        .get(name)
        .and_then(|r| r.color.clone())
        .unwrap_or_else(|| "#808080".to_string())
}

/// Edge width by mentions: 1 for one, growing with the logarithm (whole numbers, which every
/// renderer reads).
fn width(mentions: usize) -> usize {
    1 + (mentions as f64).log2().floor() as usize
}

/// The title of a diagram: what it shows.
pub fn default_title(net: &Network) -> String {
    let v = &net.view;
    let mut parts = Vec::new();
    if !v.period.is_open() {
        parts.push(v.period.to_string());
    }
    if !v.relations.is_empty() {
        parts.push(v.relations.join(", "));
    }
    if v.roll_up {
        parts.push("people and bodies rolled up".to_string());
    }
    if let Some(f) = &v.focus {
        parts.push(format!("within {} of {f}", v.depth));
    }
    format!(
        "actorgraph: {} actors, {} links, {} mentions{}",
        net.graph.node_count(),
        net.graph.edge_count(),
        net.mention_count(),
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({})", parts.join("; "))
        }
    )
}

/// The diagram of a network as a graphviz-rust graph; `blocs` draws the two blocs as
/// clusters.
pub fn diagram(
    net: &Network,
    relations: &Relations,
    blocs: Option<&Balance>,
    title: &str,
) -> Graph {
    let g = &net.graph;
    let mut stmts: Vec<Stmt> = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", title),
            attr("labelloc", "t"),
            attr("fontname", "Helvetica"),
            attr("rankdir", "LR"),
            attr("nodesep", "0.3"),
            attr("ranksep", "0.9"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("style", "filled"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
            attr("arrowsize", "0.7"),
        ])),
    ];
    let node = |n: petgraph::graph::NodeIndex| -> Stmt {
        let a = &g[n];
        let (shape, fill) = shape(a.kind);
        let mut tip = format!("{} ({})", a.label, a.kind.as_str());
        if !a.members.is_empty() {
            tip.push_str(&format!(", counting {}", a.members.join(", ")));
        }
        Stmt::Node(Node::new(
            node_id(&a.id),
            vec![
                attr("label", &a.label),
                attr("shape", shape),
                attr("fillcolor", fill),
                attr("tooltip", &tip),
            ],
        ))
    };
    let mut placed = BTreeSet::new();
    if let Some(b) = blocs.filter(|b| !b.bloc_nodes[0].is_empty() && !b.bloc_nodes[1].is_empty()) {
        for (i, members) in b.bloc_nodes.iter().enumerate() {
            let mut inner = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
                attr("label", &format!("Bloc {}", i + 1)),
                attr("style", "rounded,dashed"),
                attr("color", "#9e9e9e"),
                attr("fontcolor", "#616161"),
            ]))];
            for &n in members {
                inner.push(node(n));
                placed.insert(n);
            }
            stmts.push(Stmt::Subgraph(Subgraph {
                id: Id::Plain(format!("cluster_bloc_{}", i + 1)),
                stmts: inner,
            }));
        }
    }
    for n in g.node_indices().filter(|n| !placed.contains(n)) {
        stmts.push(node(n));
    }
    let mut used = BTreeSet::new();
    let mut styles = BTreeSet::new();
    for e in g.edge_references() {
        let l = e.weight();
        used.insert(l.relation.clone());
        styles.insert(l.style);
        let label = relations
            .get(&l.relation)
            .map_or(l.relation.as_str(), |r| r.label_en.as_str());
        let mut attrs = vec![
            attr("color", &color(relations, &l.relation)),
            attr("penwidth", &width(l.weight()).to_string()),
            attr(
                "tooltip",
                &format!(
                    "{} {} {}: {} mention{}",
                    g[e.source()].label,
                    label,
                    g[e.target()].label,
                    l.weight(),
                    if l.weight() == 1 { "" } else { "s" }
                ),
            ),
        ];
        match l.style {
            Style::Negated => attrs.push(attr("style", "dashed")),
            Style::Uncertain => attrs.push(attr("style", "dotted")),
            Style::Asserted => {}
        }
        if l.symmetric {
            attrs.push(attr("dir", "none"));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(node_id(&g[e.source()].id)),
                Vertex::N(node_id(&g[e.target()].id)),
            ),
            attributes: attrs,
        }));
    }
    if !used.is_empty() {
        stmts.push(Stmt::Subgraph(legend(relations, &used, &styles)));
    }
    Graph::DiGraph {
        id: Id::Plain("actorgraph".to_string()),
        strict: false,
        stmts,
    }
}

/// The legend: one short edge per relation in its colour, and the line styles in use.
fn legend(relations: &Relations, used: &BTreeSet<String>, styles: &BTreeSet<Style>) -> Subgraph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", "Relations"),
            attr("style", "rounded"),
            attr("color", "#bdbdbd"),
            attr("fontcolor", "#424242"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", "point"),
            attr("width", "0.05"),
            attr("label", ""),
        ])),
    ];
    let mut entries: Vec<(String, String, Option<&str>)> = relations
        .relations
        .iter()
        .filter(|r| used.contains(&r.name))
        .map(|r| (r.label_en.clone(), color(relations, &r.name), None))
        .collect();
    if styles.contains(&Style::Negated) {
        entries.push(("negated".into(), "#424242".into(), Some("dashed")));
    }
    if styles.contains(&Style::Uncertain) {
        entries.push((
            "hedged or reported".into(),
            "#424242".into(),
            Some("dotted"),
        ));
    }
    for (i, (label, colour, style)) in entries.into_iter().enumerate() {
        let (a, b) = (format!("legend_{i}_a"), format!("legend_{i}_b"));
        stmts.push(Stmt::Node(Node::new(node_id(&a), vec![])));
        stmts.push(Stmt::Node(Node::new(node_id(&b), vec![])));
        let mut attrs = vec![
            attr("label", &label),
            attr("color", &colour),
            attr("fontcolor", &colour),
        ];
        if let Some(s) = style {
            attrs.push(attr("style", s));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&a)), Vertex::N(node_id(&b))),
            attributes: attrs,
        }));
    }
    Subgraph {
        id: Id::Plain("cluster_legend".to_string()),
        stmts,
    }
}

/// The DOT text of a diagram.
pub fn to_dot(graph: &Graph) -> String {
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// Renders a diagram: DOT as text; SVG and PNG through Graphviz's `dot` when it is on the
/// PATH, else an SVG drawn by layout-rs (for PNG too: there is no pure-Rust PNG renderer here,
/// so the caller writes an SVG instead and says so).
pub fn render(graph: &Graph, format: DiagramFormat) -> Result<(Vec<u8>, Renderer)> {
    let dot = to_dot(graph);
    let want = match format {
        DiagramFormat::Dot => return Ok((dot.into_bytes(), Renderer::None)),
        DiagramFormat::Svg => Format::Svg,
        DiagramFormat::Png => Format::Png,
    };
    match graphviz_rust::exec_dot(dot.clone(), vec![want.into()]) {
        Ok(bytes) => Ok((bytes, Renderer::Graphviz)),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            Ok((builtin_svg(&dot)?.into_bytes(), Renderer::Builtin))
        }
        Err(e) => Err(Error::Usage(format!("Graphviz (dot) failed: {e}"))),
    }
}

/// Draws DOT as SVG with layout-rs.
pub fn builtin_svg(dot: &str) -> Result<String> {
    let mut parser = layout::gv::DotParser::new(dot);
    let ast = parser
        .process()
        .map_err(|e| Error::Usage(format!("the built-in layout cannot read the diagram: {e}")))?;
    let mut builder = layout::gv::GraphBuilder::new();
    builder.visit_graph(&ast);
    let mut visual = builder.get();
    let mut svg = layout::backends::svg::SVGWriter::new();
    visual.do_it(false, false, false, &mut svg);
    Ok(svg.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::net;

    #[test]
    fn labels_are_quoted_and_escaped() {
        assert_eq!(quote("plain"), Id::Escaped("\"plain\"".into()));
        assert_eq!(
            quote("say \"no\" \\ now\nErdoğan"),
            Id::Escaped("\"say \\\"no\\\" \\\\ now\\nErdoğan\"".into())
        );
    }

    #[test]
    fn the_dot_has_shapes_colours_styles_and_a_legend() {
        let mut n = net(&[("A\"x", "+", "B"), ("A\"x", "+", "B"), ("B", "-", "C")]);
        let e = n.graph.edge_indices().nth(1).expect("test value");
        n.graph[e].style = Style::Uncertain;
        let relations = Relations {
            relations: Vec::new(),
        };
        let dot = to_dot(&diagram(&n, &relations, None, "Test"));
        assert!(dot.starts_with("digraph actorgraph {"), "{dot}");
        assert!(dot.contains(r#""A\"x" -> "B""#), "{dot}");
        assert!(dot.contains(r#"penwidth="2""#), "two mentions: {dot}");
        assert!(dot.contains(r#"style="dotted""#));
        assert!(dot.contains("cluster_legend"));
        assert!(dot.contains(r#"label="hedged or reported""#));
        assert!(dot.contains(r#"shape="box""#));
        // The built-in layout reads the same DOT.
        let svg = builtin_svg(&dot).expect("test value");
        assert!(svg.contains("<svg"));
    }

    #[test]
    fn widths_grow_with_the_log_of_mentions() {
        assert_eq!([1, 2, 3, 4, 8, 100].map(width), [1, 2, 2, 3, 4, 7]);
    }
}
