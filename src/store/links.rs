//! The links stored with every searchable record, so a hit carries its transcript, place,
//! speaker and linked ids without reading the whole dataset.

use serde::{Deserialize, Serialize};

use crate::record::{Dataset, Sentence};

/// What a hit links to, worked out when the record is indexed and stored with it, so a
/// search never has to read whole datasets.
///
/// A claim or figure document stores its sentence inside its record, so its links leave
/// out the sentence's place (`start`, `speaker`, `section`, times): the search puts them
/// back from the record ([`Links::place_from`]). A sentence document stores them all.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Links {
    pub(crate) source: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub(crate) start: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) speaker: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) time_start: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) time_end: Option<f64>,
    pub(crate) figures: Vec<String>,
    pub(crate) entities: Vec<String>,
    pub(crate) claims: Vec<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Links {
    /// The links of a record of dataset `d` in `sentence`, with the sentence's place.
    pub(crate) fn new(
        d: &Dataset,
        sentence: &Sentence,
        figures: Vec<String>,
        entities: Vec<String>,
        claims: Vec<String>,
    ) -> Links {
        Links::without_place(d, figures, entities, claims).place_from(sentence)
    }

    /// The links of a record of dataset `d` whose stored record holds its sentence: without
    /// the sentence's place.
    pub(crate) fn without_place(
        d: &Dataset,
        figures: Vec<String>,
        entities: Vec<String>,
        claims: Vec<String>,
    ) -> Links {
        Links {
            source: d.transcript.source.clone(),
            figures,
            entities,
            claims,
            ..Links::default()
        }
    }

    /// These links with the place of `sentence`.
    pub(crate) fn place_from(self, sentence: &Sentence) -> Links {
        Links {
            start: sentence.start,
            speaker: sentence.speaker.clone(),
            section: sentence.section.clone(),
            time_start: sentence.time_start,
            time_end: sentence.time_end,
            ..self
        }
    }
}
