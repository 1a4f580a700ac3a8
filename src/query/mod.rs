//! Read paths over the records: views that follow links both ways for `show`.

pub mod show;
