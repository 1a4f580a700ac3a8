//! Tokenizing a whole transcript's sentences in bounded runs.
//!
//! Runs of whole sentences up to [`TOKENIZE_CHUNK_CHARS`] are tokenized in one call each
//! (lindera splits them at punctuation and line ends itself) and the tokens are dealt out to
//! the sentences, relative to each; a sentence whose boundary cuts a token is tokenized
//! alone. Bounded runs keep lindera's buffers small: one call on a whole 2 MB transcript held
//! 58 MB of lattice.

use std::sync::Arc;

use super::{JapaneseTokenizer, Token};
use crate::Result;

/// At most this many characters (more only for one longer sentence) are tokenized in one
/// lindera call: its lattice grows with the text it is given.
pub const TOKENIZE_CHUNK_CHARS: usize = 16 * 1024;

impl JapaneseTokenizer {
    /// The tokens of each sentence `[start, end)` of `chars` (sorted, non-overlapping), with
    /// char and byte offsets relative to that sentence; `texts[i]` is sentence `i` as a string.
    pub fn tokenize_sentences(
        &self,
        chars: &[char],
        spans: &[(usize, usize)],
        texts: &[String],
    ) -> Result<Vec<Vec<Token>>> {
        let mut out = Vec::with_capacity(spans.len());
        let mut first = 0;
        while first < spans.len() {
            let run_start = spans[first].0;
            let mut end = first + 1;
            while end < spans.len() && spans[end].1 - run_start <= TOKENIZE_CHUNK_CHARS {
                end += 1;
            }
            let run: String = chars[run_start..spans[end - 1].1].iter().collect();
            let mut run_tokens = self.tokenize(&run)?;
            let mut next = 0;
            for si in first..end {
                let (start, stop) = (spans[si].0 - run_start, spans[si].1 - run_start);
                out.push(self.deal(&mut run_tokens, &mut next, (start, stop), &texts[si])?);
            }
            first = end;
        }
        Ok(out)
    }

    /// The tokens of the run that fall in the sentence `[start, end)` (run offsets), from
    /// `*next` on; the sentence alone when a token straddles its boundary.
    fn deal(
        &self,
        run_tokens: &mut [Token],
        next: &mut usize,
        (start, end): (usize, usize),
        text: &str,
    ) -> Result<Vec<Token>> {
        while *next < run_tokens.len() && run_tokens[*next].end <= start {
            *next += 1;
        }
        let first = *next;
        let mut last = first;
        let mut straddles = false;
        while last < run_tokens.len() && run_tokens[last].start < end {
            let t = &run_tokens[last];
            straddles |= t.start < start || t.end > end;
            last += 1;
        }
        if straddles {
            return self.tokenize(text);
        }
        *next = last;
        // Each token belongs to one sentence: its text moves there.
        let mut mine: Vec<Token> = run_tokens[first..last]
            .iter_mut()
            .map(|t| Token {
                text: std::mem::take(&mut t.text),
                start: t.start - start,
                end: t.end - start,
                byte_start: t.byte_start,
                byte_end: t.byte_end,
                info: Arc::clone(&t.info),
            })
            .collect();
        rebase_bytes(&mut mine, text);
        Ok(mine)
    }
}

/// Recompute the byte offsets of tokens whose char offsets are relative to `text`.
fn rebase_bytes(tokens: &mut [Token], text: &str) {
    let mut bytes = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut char_at = 0;
    let mut byte_at = bytes.next().unwrap_or(0);
    for t in tokens {
        while char_at < t.start {
            byte_at = bytes.next().unwrap_or(text.len());
            char_at += 1;
        }
        t.byte_start = byte_at;
        let len = t.text.len();
        t.byte_end = (byte_at + len).min(text.len());
    }
}
