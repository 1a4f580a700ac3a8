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
//! use claimdex::{Dictionaries, Pipeline, source};
//!
//! let pipeline = Pipeline::new(&Dictionaries::builtin())?;
//! let source = source::read_transcript("corpus/ed-zitron-ai-market-collapse.ja.txt".as_ref())?;
//! let dataset = pipeline.run(&source)?;
//! for figure in &dataset.figures {
//!     println!("{} = {} {:?}", figure.text, figure.value, figure.currency);
//! }
//! # Ok::<(), claimdex::Error>(())
//! ```
#![warn(missing_docs)]

pub mod bench;
pub mod check;
pub mod error;
pub mod export;
pub mod extract;
pub mod link;
pub mod normalize;
pub mod pipeline;
pub mod query;
pub mod record;
pub mod rules;
pub mod segment;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod store;
pub mod text;
pub mod tokenize;

pub use error::{Error, Result};
pub use pipeline::Pipeline;
pub use record::Dataset;
pub use rules::Dictionaries;
pub use store::Store;
