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
    match format {
        MentionFormat::Jsonl => {
            for m in mentions {
                serde_json::to_writer(&mut *out, m)?;
                writeln!(out)?;
            }
        }
        MentionFormat::Tsv => {
            writeln!(out, "{TSV_HEADER}")?;
            for m in mentions {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    m.doc,
                    m.sentence,
                    m.start,
                    m.end,
                    m.subject.short_id(),
                    m.relation,
                    m.object.short_id(),
                    m.negated,
                    m.modality.as_str(),
                    m.source.as_ref().map_or("-", |s| s.short_id()),
                    m.rule,
                    clean_field(&m.evidence)
                )?;
            }
        }
        MentionFormat::Table => {
            for m in mentions {
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
    }
    Ok(())
}
