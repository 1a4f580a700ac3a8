//! A collector that groups a listing's hits by transcript as they are found: each hit's
//! transcript is read from the fast `transcript_id` column as an ordinal, each segment's
//! distinct ordinals are turned into ids once, and no document is loaded. On the
//! 3,000-transcript scale store `claims --company Oracle` has 66,272 hits: collecting them
//! into a set, then giving each its own id string and hashing it, was a fifth of the
//! command's time.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyError};

/// The fast field a hit's transcript is read from.
const TRANSCRIPT_ID: &str = "transcript_id";

/// Hits grouped by transcript id, each group in index order. A hit without a transcript id
/// is left out.
pub(super) struct ByTranscript;

/// Hits of one segment, as (transcript ordinal, document).
pub(super) struct SegmentHits {
    segment: SegmentOrdinal,
    column: Option<StrColumn>,
    hits: Vec<(u64, DocId)>,
}

/// One segment's groups: (transcript id, its hits in index order).
type Groups = Vec<(String, Vec<DocAddress>)>;

impl ByTranscript {
    /// The hits of `query` grouped by transcript, the segments collected in parallel on the
    /// current rayon pool (tantivy's own `search` goes through them one after another).
    pub(super) fn search_parallel(
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<HashMap<String, Vec<DocAddress>>> {
        use rayon::prelude::*;
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        let segments = searcher
            .segment_readers()
            .par_iter()
            .enumerate()
            .map(|(ord, reader)| {
                let ord = SegmentOrdinal::try_from(ord).map_err(|_| {
                    TantivyError::InternalError("more segments than a u32 counts".into())
                })?;
                ByTranscript.collect_segment(weight.as_ref(), ord, reader)
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        ByTranscript.merge_fruits(segments)
    }
}

impl Collector for ByTranscript {
    type Fruit = HashMap<String, Vec<DocAddress>>;
    type Child = SegmentHits;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentHits> {
        Ok(SegmentHits {
            segment,
            column: reader.fast_fields().str(TRANSCRIPT_ID)?,
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<tantivy::Result<Groups>>) -> tantivy::Result<Self::Fruit> {
        let mut out: HashMap<String, Vec<DocAddress>> = HashMap::new();
        for groups in segments {
            for (id, hits) in groups? {
                let all = out.entry(id).or_default();
                all.extend(hits);
                // A transcript lives in one segment unless a merge is under way.
                all.sort_unstable();
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentHits {
    type Fruit = tantivy::Result<Groups>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(ord) = self.column.as_ref().and_then(|c| c.term_ords(doc).next()) {
            self.hits.push((ord, doc));
        }
    }

    fn harvest(mut self) -> tantivy::Result<Groups> {
        let Some(column) = self.column else {
            return Ok(Vec::new());
        };
        // By transcript, then in index order.
        self.hits.sort_unstable();
        let mut ords: Vec<u64> = self.hits.iter().map(|(o, _)| *o).collect();
        ords.dedup();
        let mut ids = Vec::with_capacity(ords.len());
        column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            ids.push(String::from_utf8_lossy(bytes).into_owned());
        })?;
        if ids.len() != ords.len() {
            return Err(TantivyError::InternalError(format!(
                "the {TRANSCRIPT_ID} column is damaged; run `claimdex verify`"
            )));
        }
        let mut groups: Groups = ids.into_iter().map(|id| (id, Vec::new())).collect();
        let mut at = 0;
        for (ord, doc) in self.hits {
            // `ords` is sorted and deduplicated like the hits, so the group moves forward.
            while ords[at] != ord {
                at += 1;
            }
            groups[at].1.push(DocAddress::new(self.segment, doc));
        }
        Ok(groups)
    }
}
