//! Output of `extract`: JSON Lines (the contract), TSV and a readable table.

use std::io::Write;

use crate::RelationMention;

/// The output formats of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionFormat {
    Jsonl,
    Tsv,
    Table,
}

const TSV_HEADER: &str = "doc\tsentence\tstart\tend\tsubject\trelation\tobject\tnegated\tmodality\tsource\trule\tevidence";

fn clean_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Writes mentions in the chosen format.
pub fn write_mentions(
    out: &mut dyn Write,
    mentions: &[RelationMention],
    format: MentionFormat,
) -> std::io::Result<()> {
    write_header(out, format)?;
    for m in mentions {
        write_mention(out, m, format)?;
    }
    Ok(())
}

/// Writes what comes before the first mention (the TSV header).
pub fn write_header(out: &mut dyn Write, format: MentionFormat) -> std::io::Result<()> {
    if format == MentionFormat::Tsv {
        writeln!(out, "{TSV_HEADER}")?;
    }
    Ok(())
}

/// Writes one mention, so that output streams as documents are read.
pub fn write_mention(
    out: &mut dyn Write,
    m: &RelationMention,
    format: MentionFormat,
) -> std::io::Result<()> {
    match format {
        MentionFormat::Jsonl => {
            serde_json::to_writer(&mut *out, m)?;
            writeln!(out)?;
        }
        MentionFormat::Tsv => write_tsv_row(out, m)?,
        MentionFormat::Table => {
            let mut flags = Vec::new();
            if m.negated {
                flags.push("NOT".to_string());
            }
            if m.modality != crate::Modality::Asserted {
                let src = m
                    .source
                    .as_ref()
                    .map_or(String::new(), |s| format!(" by {}", s.label));
                flags.push(format!("{}{src}", m.modality.as_str()));
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", flags.join(", "))
            };
            writeln!(
                out,
                "{}#{}  {} —{}→ {}{}\n    “{}”  ({})",
                m.doc,
                m.sentence,
                m.subject.label,
                m.relation,
                m.object.label,
                flags,
                clean_field(&m.evidence),
                m.rule
            )?;
        }
    }
    Ok(())
}

/// One TSV row, field by field: `extract` writes a row per mention, and the formatting
/// machinery of `writeln!` (and a copy of the evidence for [`clean_field`]) was a good part
/// of its cost. The bytes are those of the format string `"{}\t{}\t…"` over the same fields.
fn write_tsv_row(out: &mut dyn Write, m: &RelationMention) -> std::io::Result<()> {
    let mut numbers = itoa::Buffer::new();
    out.write_all(m.doc.as_bytes())?;
    for n in [m.sentence, m.start, m.end] {
        out.write_all(b"\t")?;
        out.write_all(numbers.format(n).as_bytes())?;
    }
    let source = m.source.as_ref().map_or("-", |s| s.short_id());
    let negated = if m.negated { "true" } else { "false" };
    for field in [
        m.subject.short_id(),
        &m.relation,
        m.object.short_id(),
        negated,
        m.modality.as_str(),
        source,
        &m.rule,
    ] {
        out.write_all(b"\t")?;
        out.write_all(field.as_bytes())?;
    }
    out.write_all(b"\t")?;
    // As `clean_field`: tabs and line breaks become spaces.
    let mut rest = m.evidence.as_str();
    while let Some(k) = rest.find(['\t', '\n', '\r']) {
        out.write_all(&rest.as_bytes()[..k])?;
        out.write_all(b" ")?;
        rest = &rest[k + 1..];
    }
    out.write_all(rest.as_bytes())?;
    out.write_all(b"\n")
}

/// Writes the short report that ends `build`.
pub fn write_build_report(
    out: &mut dyn Write,
    r: &crate::store::BuildReport,
) -> std::io::Result<()> {
    let changed = r.added + r.updated + r.removed;
    if changed == 0 && !r.knowledge_changed {
        writeln!(out, "nothing changed: {} documents up to date", r.unchanged)?;
    } else {
        writeln!(
            out,
            "documents: {} added, {} updated, {} removed, {} unchanged{}",
            r.added,
            r.updated,
            r.removed,
            r.unchanged,
            if r.knowledge_changed {
                " (ontology and gazetteer reloaded)"
            } else {
                ""
            }
        )?;
    }
    if r.failed > 0 {
        writeln!(
            out,
            "failed: {} documents (see the messages above; their stored graphs are untouched)",
            r.failed
        )?;
    }
    writeln!(
        out,
        "store: {} documents, {} sentences with relations, {} mentions, {} actors, {} triples",
        r.documents, r.sentences, r.mentions, r.actors, r.triples
    )?;
    let rel: Vec<String> = r
        .relations
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    writeln!(out, "relations: {}", rel.join(", "))?;
    writeln!(out, "written to: {}", r.store)?;
    writeln!(
        out,
        "next: actorgraph query queries/who-supports-whom.rq --store {}",
        r.store
    )
}
