//! The relation inventory (`ontology/relations.toml`): names, labels, CAMEO/PLOVER alignment,
//! sign and symmetry. Every later stage asks it whether a relation exists and how it behaves.

use std::path::Path;

use serde::Deserialize;

use crate::error::{line_of, toml_error, Error, Result};

/// One relation of the inventory.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub name: String,
    pub label_en: String,
    pub label_nl: String,
    pub definition: String,
    pub cameo: Option<String>,
    pub cameo_detail: Option<String>,
    pub plover: Option<String>,
    pub sign: i8,
    #[serde(default)]
    pub symmetric: bool,
    pub parent: Option<String>,
    /// The actor types the subject may have (rdfs:domain); empty: any.
    #[serde(default)]
    pub subject_types: Vec<crate::gazetteer::ActorType>,
    /// The actor types the object may have (rdfs:range); empty: any.
    #[serde(default)]
    pub object_types: Vec<crate::gazetteer::ActorType>,
    /// The colour of its edges in diagrams (#rrggbb); grey when not given.
    pub color: Option<String>,
    /// How strongly one mention ties two actors together or apart in the bloc analysis
    /// (0–10; 1 when not given).
    pub intensity: Option<f64>,
}

impl Relation {
    /// The intensity, 1 when not given.
    pub fn intensity(&self) -> f64 {
        self.intensity.unwrap_or(1.0)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationFile {
    relation: Vec<Relation>,
}

/// All relations, in file order.
#[derive(Debug, Clone)]
pub struct Relations {
    pub relations: Vec<Relation>,
}

impl Relations {
    /// Reads and checks the inventory: unique names, signs in {-1, 0, 1}, known parents.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let file: RelationFile = toml::from_str(&text).map_err(|e| toml_error(path, &text, e))?;
        let at = |name: &str| {
            text.find(&format!("name = \"{name}\""))
                .map_or(1, |o| line_of(&text, o))
        };
        let mut seen = std::collections::HashSet::new();
        for r in &file.relation {
            if !seen.insert(r.name.as_str()) {
                return Err(Error::data(
                    path,
                    at(&r.name),
                    format!("duplicate relation '{}'", r.name),
                ));
            }
            let hex = |c: &str| {
                c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
            };
            if let Some(c) = r.color.as_deref().filter(|c| !hex(c)) {
                return Err(Error::data(
                    path,
                    at(&r.name),
                    format!("relation '{}': color '{c}' is not #rrggbb", r.name),
                ));
            }
            if let Some(x) = r.intensity.filter(|x| !(0.0..=10.0).contains(x)) {
                return Err(Error::data(
                    path,
                    at(&r.name),
                    format!(
                        "relation '{}': intensity {x} is not between 0 and 10",
                        r.name
                    ),
                ));
            }
            if !(-1..=1).contains(&r.sign) {
                return Err(Error::data(
                    path,
                    at(&r.name),
                    format!("relation '{}': sign must be -1, 0 or 1", r.name),
                ));
            }
        }
        for r in &file.relation {
            if let Some(p) = &r.parent {
                if !seen.contains(p.as_str()) {
                    return Err(Error::data(
                        path,
                        at(&r.name),
                        format!("relation '{}': unknown parent '{p}'", r.name),
                    ));
                }
            }
        }
        Ok(Relations {
            relations: file.relation,
        })
    }

    /// The relation called `name`.
    pub fn get(&self, name: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.name == name)
    }

    /// Whether `narrow` is a kind of `broad` (rdfs:subPropertyOf), directly or through other
    /// kinds: "suppliesWeaponsTo" of "supports".
    pub fn is_kind_of(&self, narrow: &str, broad: &str) -> bool {
        let mut up = self.get(narrow).and_then(|r| r.parent.as_deref());
        while let Some(p) = up {
            if p == broad {
                return true;
            }
            up = self.get(p).and_then(|r| r.parent.as_deref());
        }
        false
    }

    /// Whether `name` is symmetric (unknown names are not).
    pub fn is_symmetric(&self, name: &str) -> bool {
        self.get(name).is_some_and(|r| r.symmetric)
    }
}
