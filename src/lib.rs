//! claimdex turns interview and podcast transcripts (Japanese first) into a searchable,
//! exportable record of who claimed what, about which company, with which figures.
#![warn(missing_docs)]

pub mod error;
pub mod figures;
pub mod normalize;
pub mod numeral;

pub use error::{Error, Result};
