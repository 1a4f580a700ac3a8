//! Stage 5: the extractors. Each reads a sentence's normalised text (and its tokens) and
//! returns matches in char offsets; none knows about ids, records or the other extractors.
//!
//! - [`numeral`]: the one Japanese numeral parser under every figure;
//! - [`figures`]: money and other quantities with their qualifiers;
//! - [`entities`]: the gazetteer, names it lacks, and the roles people are given;
//! - [`claims`]: who claims what about whom;
//! - [`flows`]: money moving between organisations (who pays whom, how much).

pub mod claims;
pub mod entities;
pub mod figures;
pub mod flows;
pub mod numeral;
