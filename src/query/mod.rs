//! Read paths over the records: names resolved to ids, claim and figure filters, money
//! flows merged into deals across transcripts (`flows.rs`), and views
//! that follow links both ways for `show`.

pub mod filters;
pub mod flows;
pub mod names;
pub mod show;
