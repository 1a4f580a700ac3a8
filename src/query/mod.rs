//! Read paths over the records: names resolved to ids, claim and figure filters, and views
//! that follow links both ways for `show`.

pub mod filters;
pub mod names;
pub mod show;
