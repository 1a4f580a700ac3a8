//! The index schema: one set of fields for every document type, the analyzers the text
//! fields name, and reading fields back.

use std::sync::Arc;

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, TantivyDocument};

use super::analyzer;
use crate::tokenize::JapaneseTokenizer;

/// The index fields.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub doc_type: Field,
    pub transcript_id: Field,
    pub sentence_id: Field,
    pub source: Field,
    pub source_key: Field,
    pub fingerprint: Field,
    pub text: Field,
    pub body: Field,
    pub text_ngram: Field,
    pub entities: Field,
    pub mentioned: Field,
    pub holder: Field,
    pub currency: Field,
    pub speaker: Field,
    pub value: Field,
    pub value_max: Field,
    pub links: Field,
    pub record: Field,
    pub dataset: Field,
}

/// The id of the `record` field in the schema [`schema`] builds (checked by a test): what
/// a reader that stops at the record looks for (`records::RecordOnly`).
pub(crate) const RECORD_FIELD_ID: u32 = 18;

/// How a searchable text field is indexed: by the analyzer registered under `analyzer`,
/// with frequencies and positions (phrase queries need them).
pub(crate) fn searchable_text(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Register the analyzers the searchable text fields name.
pub(crate) fn register_analyzers(index: &Index, tokenizer: Arc<JapaneseTokenizer>) {
    index.tokenizers().register(
        analyzer::ANALYZER_NAME,
        analyzer::japanese_analyzer(tokenizer),
    );
    index
        .tokenizers()
        .register(analyzer::BIGRAM_NAME, analyzer::bigram_analyzer());
}

pub(super) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text_options = searchable_text(analyzer::ANALYZER_NAME);
    let ngram_options = searchable_text(analyzer::BIGRAM_NAME);
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        doc_type: b.add_text_field("doc_type", STRING | STORED),
        // Fast too: a listing groups its hits by transcript without reading documents.
        transcript_id: b.add_text_field("transcript_id", STRING | STORED | FAST),
        sentence_id: b.add_text_field("sentence_id", STRING | STORED),
        // Fast too: listings order transcripts by source without reading documents.
        source: b.add_text_field("source", STRING | STORED | FAST),
        // The canonical path (`source::source_key`): a transcript's identity.
        source_key: b.add_text_field("source_key", STRING | STORED),
        // What the analysis depended on (`indexer::fingerprint`): stale when it differs.
        fingerprint: b.add_text_field("fingerprint", STRING | STORED),
        text: b.add_text_field("text", text_options),
        body: b.add_text_field("body", STORED),
        text_ngram: b.add_text_field("text_ngram", ngram_options),
        entities: b.add_text_field("entities", STRING | STORED),
        mentioned: b.add_text_field("mentioned", STRING),
        holder: b.add_text_field("holder", STRING | STORED),
        currency: b.add_text_field("currency", STRING | STORED),
        speaker: b.add_text_field("speaker", STRING | STORED),
        value: b.add_f64_field("value", INDEXED | FAST),
        value_max: b.add_f64_field("value_max", INDEXED | FAST),
        // JSON in stored text fields, not bytes fields: tantivy writes a bytes value into
        // its document store one byte at a time.
        links: b.add_text_field("links", STORED),
        // A claim's or figure's record with what listings join to it, a transcript's light
        // record (`records::TranscriptMeta`): what the read commands decode instead of
        // whole datasets. A store without it predates them and must be re-indexed.
        record: b.add_text_field("record", STORED),
        // The name of a transcript's dataset file (`super::datasets`).
        dataset: b.add_text_field("dataset", STORED),
    };
    (b.build(), fields)
}

/// The first text value of `field` in `doc`, or an empty string.
pub(crate) fn first_str(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The fields of an existing index, if its schema is the one this version writes.
pub(super) fn resolve_fields(actual: &Schema, expected: &Schema) -> Option<Fields> {
    let (_, fields) = schema();
    for (field, entry) in expected.fields() {
        let a = actual.get_field(entry.name()).ok()?;
        if a != field || actual.get_field_entry(a).field_type() != entry.field_type() {
            return None;
        }
    }
    Some(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_field_id_is_the_schemas() {
        let (_, fields) = schema();
        assert_eq!(fields.record, Field::from_field_id(RECORD_FIELD_ID));
    }
}
