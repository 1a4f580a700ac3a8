//! claimdex turns interview and podcast transcripts (Japanese first) into a searchable,
//! exportable record of who claimed what, about which company, with which figures.
//!
//! The pipeline, one module per stage, data flowing one way (see `ARCHITECTURE.md`):
//!
//! ```text
//! read ─► normalize ─► segment ─► tokenize ─► figures / entities / claims ─► pipeline (link)
//!      ─► dataset ─► store (tantivy) ─► search / output
//! ```
//!
//! ```
//! use claimdex::{Dictionaries, Pipeline, read};
//!
//! let pipeline = Pipeline::new(&Dictionaries::builtin())?;
//! let source = read::read_transcript("corpus/ed-zitron-ai-market-collapse.ja.txt".as_ref())?;
//! let dataset = pipeline.run(&source)?;
//! for figure in &dataset.figures {
//!     println!("{} = {} {:?}", figure.text, figure.value, figure.currency);
//! }
//! # Ok::<(), claimdex::Error>(())
//! ```
#![warn(missing_docs)]

pub mod bench;
pub mod check;
pub mod claims;
pub mod dataset;
pub mod dictionaries;
pub mod discover;
pub mod entities;
pub mod error;
pub mod figures;
pub mod formats;
pub mod link;
pub mod normalize;
pub mod numeral;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod search;
pub mod segment;
pub mod show;
pub mod store;
pub mod tokenize;

pub use dataset::Dataset;
pub use dictionaries::Dictionaries;
pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use store::Store;
