//! A person's role, read from three appositions, with titles from `dictionaries/roles.toml`:
//! - `Jensen Huang、NvidiaのCEO` (person、organisation の title);
//! - `BroadcomのHock Tan、CEO` (organisation の person、title);
//! - `NvidiaのCEOであるJensen Huang` (organisation の title [である|の|、] person).

use serde::Deserialize;

use super::SentenceMention;
use crate::record::{EntityType, Role};
use crate::rules::DictionaryText;
use crate::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    titles: Vec<String>,
    joiners: Vec<String>,
}

/// Role patterns, from `roles.toml`.
#[derive(Debug, Clone)]
pub struct RoleRules {
    titles: Vec<Vec<char>>,
    joiners: Vec<Vec<char>>,
}

fn starts_at(chars: &[char], at: usize, word: &[char]) -> bool {
    chars.get(at..at + word.len()) == Some(word)
}

fn ends_at(chars: &[char], end: usize, word: &[char]) -> bool {
    end >= word.len() && chars.get(end - word.len()..end) == Some(word)
}

impl RoleRules {
    /// Build from the text of a `roles.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let file: RolesFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        let mut titles: Vec<Vec<char>> = file.titles.iter().map(|t| t.chars().collect()).collect();
        titles.retain(|t| !t.is_empty());
        // Longest first, so 最高経営責任者 wins over shorter titles inside it.
        titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let mut joiners: Vec<Vec<char>> =
            file.joiners.iter().map(|t| t.chars().collect()).collect();
        joiners.sort_by_key(|t| std::cmp::Reverse(t.len()));
        Ok(RoleRules { titles, joiners })
    }

    fn title_at(&self, chars: &[char], at: usize) -> Option<String> {
        self.titles
            .iter()
            .find(|t| starts_at(chars, at, t))
            .map(|t| t.iter().collect())
    }

    fn title_ending_at(&self, chars: &[char], end: usize) -> Option<(usize, String)> {
        self.titles
            .iter()
            .find(|t| ends_at(chars, end, t))
            .map(|t| (end - t.len(), t.iter().collect()))
    }

    /// Roles stated in a sentence: (index into `mentions` of the person, role).
    pub fn roles(&self, text: &str, mentions: &[SentenceMention]) -> Vec<(usize, Role)> {
        let chars: Vec<char> = text.chars().collect();
        let org_ending_at = |end: usize| {
            mentions
                .iter()
                .find(|m| m.end == end && m.kind.is_organisation())
        };
        let org_starting_at = |start: usize| {
            mentions
                .iter()
                .find(|m| m.start == start && m.kind.is_organisation())
        };
        let comma = |i: usize| matches!(chars.get(i), Some('、' | ','));
        let mut out = Vec::new();
        for (i, p) in mentions.iter().enumerate() {
            if p.kind != EntityType::Person {
                continue;
            }
            // Jensen Huang、NvidiaのCEO
            if comma(p.end)
                && let Some(org) = org_starting_at(p.end + 1)
                && chars.get(org.end) == Some(&'の')
                && let Some(title) = self.title_at(&chars, org.end + 1)
            {
                out.push((
                    i,
                    Role {
                        title: Some(title),
                        employer: Some(org.entity.clone()),
                    },
                ));
                continue;
            }
            // BroadcomのHock Tan、CEO  /  AMDのLisa Su
            if p.start >= 1
                && chars.get(p.start - 1) == Some(&'の')
                && let Some(org) = org_ending_at(p.start - 1)
            {
                let title = if comma(p.end) {
                    self.title_at(&chars, p.end + 1)
                } else {
                    None
                };
                out.push((
                    i,
                    Role {
                        title,
                        employer: Some(org.entity.clone()),
                    },
                ));
                continue;
            }
            // NvidiaのCEOであるJensen Huang
            for joiner in &self.joiners {
                if !ends_at(&chars, p.start, joiner) {
                    continue;
                }
                let title_end = p.start - joiner.len();
                if let Some((title_start, title)) = self.title_ending_at(&chars, title_end)
                    && title_start >= 1
                    && chars.get(title_start - 1) == Some(&'の')
                    && let Some(org) = org_ending_at(title_start - 1)
                {
                    out.push((
                        i,
                        Role {
                            title: Some(title),
                            employer: Some(org.entity.clone()),
                        },
                    ));
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RoleRules {
        RoleRules::from_toml(&DictionaryText {
            name: "roles.toml".into(),
            text: include_str!("../../../dictionaries/roles.toml").into(),
        })
        .unwrap()
    }

    fn m(text: &str, name: &str, id: &str, kind: EntityType) -> SentenceMention {
        let at = text.find(name).unwrap();
        let start = text[..at].chars().count();
        SentenceMention {
            start,
            end: start + name.chars().count(),
            entity: id.into(),
            kind,
        }
    }

    #[test]
    fn reads_the_three_appositions() {
        for (text, person, org, title) in [
            (
                "Jensen Huang、NvidiaのCEOがそう言った",
                "Jensen Huang",
                "Nvidia",
                Some("CEO"),
            ),
            (
                "BroadcomのHock Tan、CEOは言った",
                "Hock Tan",
                "Broadcom",
                Some("CEO"),
            ),
            (
                "NvidiaのCEOであるJensen Huangは言った",
                "Jensen Huang",
                "Nvidia",
                Some("CEO"),
            ),
            ("AMDのLisa Suが言っていた", "Lisa Su", "AMD", None),
        ] {
            let mentions = vec![
                m(text, org, "org", EntityType::Company),
                m(text, person, "person", EntityType::Person),
            ];
            let mut mentions = mentions;
            mentions.sort_by_key(|m| m.start);
            let roles = rules().roles(text, &mentions);
            assert_eq!(roles.len(), 1, "{text}");
            assert_eq!(roles[0].1.employer.as_deref(), Some("org"), "{text}");
            assert_eq!(roles[0].1.title.as_deref(), title, "{text}");
        }
    }

    #[test]
    fn no_role_without_apposition() {
        let text = "Jensen HuangとNvidiaは別だ";
        let mentions = vec![
            m(text, "Jensen Huang", "p", EntityType::Person),
            m(text, "Nvidia", "o", EntityType::Company),
        ];
        assert!(rules().roles(text, &mentions).is_empty());
    }
}
