//! Stage 6, linking: figures to the entities they are about.
//!
//! A figure is about the organisations named in its sentence: those before it, nearest
//! first (`Oracleは5年間で3000億ドル、OpenAIと…` → Oracle, then OpenAI), then those after.

use crate::extract::entities::SentenceMention;

/// The entities a figure at char offset `at` of a sentence is about.
pub fn link_figure(mentions: &[SentenceMention], at: usize) -> Vec<String> {
    let mut before: Vec<&SentenceMention> = mentions
        .iter()
        .filter(|m| m.end <= at && m.kind.is_organisation())
        .collect();
    before.reverse();
    let after = mentions
        .iter()
        .filter(|m| m.start >= at && m.kind.is_organisation());
    let mut out: Vec<String> = Vec::new();
    for m in before.into_iter().chain(after) {
        if !out.contains(&m.entity) {
            out.push(m.entity.clone());
        }
    }
    out
}
