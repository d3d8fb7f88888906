//! Stage 9, export: the projected network in the formats other graph tools load — GraphML
//! (Gephi, yEd, Cytoscape, NetworkX), Neo4j import CSVs and Cytoscape.js JSON. The RDF
//! serialisations of the whole store are written by [`crate::store::GraphStore::export`].

use std::io::{self, Write};
use std::path::Path;

use petgraph::visit::EdgeRef;
use serde_json::json;

use crate::analyze::{Link, Network};
use crate::error::{Error, Result};
use crate::ontology::Relations;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The English and Dutch label of a relation.
fn relation_labels<'a>(relations: &'a Relations, name: &'a str) -> (&'a str, &'a str) {
    relations
        .get(name)
        .map_or((name, name), |r| (r.label_en.as_str(), r.label_nl.as_str()))
}

/// The first sentence behind a link.
fn first_sentence(l: &Link) -> &str {
    l.mentions.first().map_or("", |m| m.text.as_str())
}

/// The edge keys of GraphML and the other exports: name, GraphML type, value of a link.
type EdgeField = (&'static str, &'static str, fn(&Link, &Relations) -> String);

const EDGE_FIELDS: &[EdgeField] = &[
    ("relation", "string", |l, _| l.relation.clone()),
    ("label", "string", |l, r| {
        relation_labels(r, &l.relation).0.to_string()
    }),
    ("label_nl", "string", |l, r| {
        relation_labels(r, &l.relation).1.to_string()
    }),
    ("mentions", "int", |l, _| l.weight().to_string()),
    ("sign", "int", |l, _| l.sign.to_string()),
    ("symmetric", "boolean", |l, _| l.symmetric.to_string()),
    ("negated", "boolean", |l, _| {
        (l.style == crate::analyze::Style::Negated).to_string()
    }),
    ("style", "string", |l, _| l.style.as_str().to_string()),
    ("first_date", "string", |l, _| {
        l.first_date().unwrap_or("").to_string()
    }),
    ("last_date", "string", |l, _| {
        l.last_date().unwrap_or("").to_string()
    }),
    ("evidence", "string", |l, _| first_sentence(l).to_string()),
];

/// GraphML with declared, typed keys: actors with id, label, type and the actors rolled into
/// them; one edge per link with relation, labels, mentions, sign, polarity and dates.
pub fn write_graphml(net: &Network, relations: &Relations, out: &mut dyn Write) -> io::Result<()> {
    let g = &net.graph;
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let node_keys = [
        ("label", "string"),
        ("type", "string"),
        ("iri", "string"),
        ("members", "string"),
    ];
    for (k, t) in node_keys {
        writeln!(
            out,
            r#"  <key id="{k}" for="node" attr.name="{k}" attr.type="{t}"/>"#
        )?;
    }
    for (k, t, _) in EDGE_FIELDS {
        writeln!(
            out,
            r#"  <key id="e_{k}" for="edge" attr.name="{k}" attr.type="{t}"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="actorgraph" edgedefault="directed">"#)?;
    for n in g.node_indices() {
        let a = &g[n];
        writeln!(out, r#"    <node id="{}">"#, xml_escape(&a.id))?;
        for (k, v) in [
            ("label", a.label.clone()),
            ("type", a.kind.as_str().to_string()),
            ("iri", format!("{}{}", crate::ACTOR_BASE, a.id)),
            ("members", a.members.join(" ")),
        ] {
            writeln!(out, r#"      <data key="{k}">{}</data>"#, xml_escape(&v))?;
        }
        writeln!(out, "    </node>")?;
    }
    for (i, e) in g.edge_references().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{i}" source="{}" target="{}">"#,
            xml_escape(&g[e.source()].id),
            xml_escape(&g[e.target()].id)
        )?;
        for (k, _, value) in EDGE_FIELDS {
            writeln!(
                out,
                r#"      <data key="e_{k}">{}</data>"#,
                xml_escape(&value(e.weight(), relations))
            )?;
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// Cytoscape JSON (`.cyjs`, what Cytoscape.js, Cytoscape desktop and NetworkX's
/// `cytoscape_graph` read): `{"elements": {"nodes": [...], "edges": [...]}}`, every element's
/// properties under `data`; `value`, `name` and `key` are the fields NetworkX wants.
pub fn cytoscape_json(net: &Network, relations: &Relations) -> serde_json::Value {
    let g = &net.graph;
    let nodes: Vec<serde_json::Value> = g
        .node_indices()
        .map(|n| {
            let a = &g[n];
            json!({"data": {
                "id": a.id,
                "value": a.id,
                "name": a.label,
                "label": a.label,
                "type": a.kind.as_str(),
                "iri": format!("{}{}", crate::ACTOR_BASE, a.id),
                "members": a.members,
            }})
        })
        .collect();
    let edges: Vec<serde_json::Value> = g
        .edge_references()
        .enumerate()
        .map(|(i, e)| {
            let l = e.weight();
            let mut data = serde_json::Map::new();
            data.insert("id".into(), json!(format!("e{i}")));
            data.insert("key".into(), json!(i));
            data.insert("source".into(), json!(g[e.source()].id));
            data.insert("target".into(), json!(g[e.target()].id));
            for (k, t, value) in EDGE_FIELDS {
                let v = value(l, relations);
                let v = match *t {
                    "int" => json!(v.parse::<i64>().unwrap_or(0)),
                    "boolean" => json!(v == "true"),
                    _ if v.is_empty() => serde_json::Value::Null,
                    _ => json!(v),
                };
                data.insert((*k).into(), v);
            }
            json!({ "data": data })
        })
        .collect();
    json!({
        "data": {"name": "actorgraph"},
        "directed": true,
        "multigraph": true,
        "elements": {"nodes": nodes, "edges": edges},
    })
}

/// One CSV field, quoted when it must be.
/// Line breaks become spaces: neo4j-admin reads a field with a line break only with
/// `--multiline-fields`, which slows the import.
fn csv(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.contains([',', '"', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A Neo4j relationship type: `suppliesWeaponsTo` becomes `SUPPLIES_WEAPONS_TO`.
pub fn neo4j_type(relation: &str) -> String {
    let mut out = String::new();
    for (i, c) in relation.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

/// The header of `actors.csv` for `neo4j-admin database import`.
pub const NEO4J_NODE_HEADER: &str = "id:ID(Actor),label,type,iri,members:string[],:LABEL";

/// The header of `relations.csv`.
pub fn neo4j_relationship_header() -> String {
    let mut h = String::from(":START_ID(Actor),:END_ID(Actor),:TYPE");
    for (k, t, _) in EDGE_FIELDS {
        h.push(',');
        h.push_str(k);
        h.push(':');
        h.push_str(t);
    }
    h
}

/// The files of a Neo4j import in `dir`: `actors.csv`, `relations.csv` and `import.sh` with
/// the `neo4j-admin` command (and `load.cypher` for `LOAD CSV` into a running server).
pub fn write_neo4j(net: &Network, relations: &Relations, dir: &Path) -> Result<Vec<String>> {
    let g = &net.graph;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let write = |name: &str, text: String| -> Result<String> {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        Ok(path.display().to_string())
    };
    let mut nodes = format!("{NEO4J_NODE_HEADER}\n");
    for n in g.node_indices() {
        let a = &g[n];
        let kind = a.kind.as_str();
        let label = format!("Actor;{}{}", kind[..1].to_uppercase(), &kind[1..]);
        nodes.push_str(&format!(
            "{},{},{},{},{},{}\n",
            csv(&a.id),
            csv(&a.label),
            kind,
            csv(&format!("{}{}", crate::ACTOR_BASE, a.id)),
            csv(&a.members.join(";")),
            label
        ));
    }
    let mut edges = neo4j_relationship_header();
    edges.push('\n');
    for e in g.edge_references() {
        let l = e.weight();
        let mut row = vec![
            csv(&g[e.source()].id),
            csv(&g[e.target()].id),
            neo4j_type(&l.relation),
        ];
        row.extend(EDGE_FIELDS.iter().map(|(_, _, v)| csv(&v(l, relations))));
        edges.push_str(&row.join(","));
        edges.push('\n');
    }
    let mut written = vec![write("actors.csv", nodes)?, write("relations.csv", edges)?];
    written.push(write(
        "import.sh",
        "#!/bin/sh\n# Offline import into a new database (Neo4j 5; the server must be stopped):\n\
         # copy actors.csv and relations.csv to the server's import directory, then run\n\
         neo4j-admin database import full --overwrite-destination \\\n  \
         --nodes=import/actors.csv --relationships=import/relations.csv \\\n  \
         --array-delimiter=';' neo4j\n"
            .to_string(),
    )?);
    written.push(write(
        "load.cypher",
        "// Into a running server: put both files in its import directory and run this.\n\
         // It needs the APOC plugin (apoc.create.relationship) for the relationship types.\n\
         LOAD CSV WITH HEADERS FROM 'file:///actors.csv' AS row\n\
         MERGE (a:Actor {id: row.`id:ID(Actor)`})\n\
         SET a.label = row.label, a.type = row.type, a.iri = row.iri;\n\
         LOAD CSV WITH HEADERS FROM 'file:///relations.csv' AS row\n\
         MATCH (s:Actor {id: row.`:START_ID(Actor)`}), (o:Actor {id: row.`:END_ID(Actor)`})\n\
         CALL apoc.create.relationship(s, row.`:TYPE`, {relation: row.`relation:string`,\n  \
         mentions: toInteger(row.`mentions:int`), sign: toInteger(row.`sign:int`),\n  \
         first_date: row.`first_date:string`, last_date: row.`last_date:string`,\n  \
         evidence: row.`evidence:string`}, o) YIELD rel\n\
         RETURN count(rel);\n"
            .to_string(),
    )?);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::testing::net;

    fn no_relations() -> Relations {
        Relations {
            relations: Vec::new(),
        }
    }

    #[test]
    fn graphml_declares_typed_keys_and_escapes_text() {
        let n = net(&[("A&B", "+", "C<D>"), ("A&B", "+", "C<D>")]);
        let mut out = Vec::new();
        write_graphml(&n, &no_relations(), &mut out).expect("test value");
        let xml = String::from_utf8(out).expect("test value");
        assert!(xml
            .contains(r#"<key id="e_mentions" for="edge" attr.name="mentions" attr.type="int"/>"#));
        assert!(xml.contains(r#"<node id="A&amp;B">"#));
        assert!(xml.contains(r#"<data key="e_mentions">2</data>"#));
        assert!(!xml.contains("C<D>"));
    }

    #[test]
    fn neo4j_types_and_headers_follow_the_import_format() {
        assert_eq!(neo4j_type("suppliesWeaponsTo"), "SUPPLIES_WEAPONS_TO");
        assert_eq!(neo4j_type("attacks"), "ATTACKS");
        let h = neo4j_relationship_header();
        assert!(h.starts_with(":START_ID(Actor),:END_ID(Actor),:TYPE,relation:string"));
        assert!(h.contains("mentions:int") && h.contains("negated:boolean"));
        assert_eq!(csv("a,\"b\""), "\"a,\"\"b\"\"\"");
        assert_eq!(csv("two\nlines; x"), "\"two lines; x\"");
        assert_eq!(csv("plain"), "plain");
    }

    #[test]
    fn cytoscape_elements_carry_typed_data() {
        let n = net(&[("A", "-", "B")]);
        let v = cytoscape_json(&n, &no_relations());
        assert_eq!(
            v["elements"]["nodes"].as_array().expect("test value").len(),
            2
        );
        let e = &v["elements"]["edges"][0]["data"];
        assert_eq!(e["source"], "A");
        assert_eq!(e["sign"], -1);
        assert_eq!(e["mentions"], 1);
        assert_eq!(e["negated"], false);
    }
}
