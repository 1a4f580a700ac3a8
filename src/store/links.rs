//! The links stored with every searchable record, so a hit carries its transcript, place,
//! speaker and linked ids without reading the whole dataset.

use serde::{Deserialize, Serialize};

use crate::record::{Dataset, Sentence};

/// What a hit links to, worked out when the record is indexed and stored with it, so a
/// search never has to read whole datasets.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Links {
    pub(crate) source: String,
    pub(crate) start: usize,
    pub(crate) speaker: Option<String>,
    pub(crate) section: Option<String>,
    pub(crate) time_start: Option<f64>,
    pub(crate) time_end: Option<f64>,
    pub(crate) figures: Vec<String>,
    pub(crate) entities: Vec<String>,
    pub(crate) claims: Vec<String>,
}

impl Links {
    /// The links of a record of dataset `d` in `sentence`.
    pub(crate) fn new(
        d: &Dataset,
        sentence: &Sentence,
        figures: Vec<String>,
        entities: Vec<String>,
        claims: Vec<String>,
    ) -> Links {
        Links {
            source: d.transcript.source.clone(),
            start: sentence.start,
            speaker: sentence.speaker.clone(),
            section: sentence.section.clone(),
            time_start: sentence.time_start,
            time_end: sentence.time_end,
            figures,
            entities,
            claims,
        }
    }
}
