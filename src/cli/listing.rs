//! `claims` and `figures` listings written as the store yields them, one transcript's
//! records at a time, in any output format: the whole listing is never held in memory.

use std::io::Write;
use std::marker::PhantomData;

use anyhow::Result;
use claimdex::export::{self, InTranscript, JsonList};
use claimdex::record::{Claim, Dataset, Figure};
use serde::Serialize;

use super::args::Format;
use super::text::{self, Style};

/// A record a listing shows: how it is written in each format.
pub(super) trait Listed: Serialize + Sized {
    /// Its type, as JSON Lines tag it (`claim`).
    const RECORD: &'static str;
    /// The key of the list in a JSON document (`claims`).
    const KEY: &'static str;
    /// Its CSV header.
    const COLUMNS: &'static [&'static str];

    /// Text rows; with no rows, the line that says the listing is empty.
    fn text(out: &mut dyn Write, rows: &[(&Dataset, &Self)], style: Style) -> Result<()>;

    /// CSV rows, without the header.
    fn csv(out: &mut dyn Write, rows: &[(&Dataset, &Self)]) -> claimdex::Result<()>;
}

impl Listed for Claim {
    const RECORD: &'static str = "claim";
    const KEY: &'static str = "claims";
    const COLUMNS: &'static [&'static str] = export::CLAIM_COLUMNS;

    fn text(out: &mut dyn Write, rows: &[(&Dataset, &Self)], style: Style) -> Result<()> {
        text::claims(out, rows, style)
    }

    fn csv(out: &mut dyn Write, rows: &[(&Dataset, &Self)]) -> claimdex::Result<()> {
        export::claims_csv_rows(out, rows.iter().copied())
    }
}

impl Listed for Figure {
    const RECORD: &'static str = "figure";
    const KEY: &'static str = "figures";
    const COLUMNS: &'static [&'static str] = export::FIGURE_COLUMNS;

    fn text(out: &mut dyn Write, rows: &[(&Dataset, &Self)], style: Style) -> Result<()> {
        text::figures(out, rows, style)
    }

    fn csv(out: &mut dyn Write, rows: &[(&Dataset, &Self)]) -> claimdex::Result<()> {
        export::figures_csv_rows(out, rows.iter().copied())
    }
}

/// A listing being written: [`Listing::start`], then [`Listing::rows`] per transcript,
/// then [`Listing::finish`]. The output is the same as writing all rows at once.
pub(super) struct Listing<'o, R: Listed> {
    out: &'o mut dyn Write,
    format: Format,
    style: Style,
    json: Option<JsonList>,
    rows: usize,
    record: PhantomData<R>,
}

impl<'o, R: Listed> Listing<'o, R> {
    /// Open a listing of `R` records (the CSV header, the JSON document's head); `bom`
    /// starts CSV with a byte-order mark.
    pub(super) fn start(
        out: &'o mut dyn Write,
        format: Format,
        style: Style,
        bom: bool,
    ) -> Result<Self> {
        let mut json = None;
        match format {
            Format::Csv => {
                if bom {
                    out.write_all("\u{FEFF}".as_bytes())?;
                }
                export::csv_header(out, R::COLUMNS)?;
            }
            Format::Json => json = Some(JsonList::start(out, R::KEY)?),
            Format::Text | Format::Jsonl => {}
        }
        Ok(Listing {
            out,
            format,
            style,
            json,
            rows: 0,
            record: PhantomData,
        })
    }

    /// Write rows (those of one transcript, or any run of them in order). The error is the
    /// library's, for the store's reading loop to pass on.
    pub(super) fn rows(&mut self, rows: &[(&Dataset, &R)]) -> claimdex::Result<()> {
        self.write_rows(rows).map_err(output_error)
    }

    fn write_rows(&mut self, rows: &[(&Dataset, &R)]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.rows += rows.len();
        match self.format {
            Format::Text => R::text(self.out, rows, self.style)?,
            Format::Csv => R::csv(self.out, rows)?,
            Format::Jsonl => {
                for (d, r) in rows {
                    export::write_jsonl(self.out, R::RECORD, &InTranscript::new(d, *r))?;
                }
            }
            Format::Json => {
                if let Some(list) = &mut self.json {
                    for (d, r) in rows {
                        list.item(self.out, &InTranscript::new(d, *r))?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Close the listing: the JSON document's end, or in text the line saying it is empty.
    pub(super) fn finish(self) -> Result<()> {
        if let Some(list) = self.json {
            list.finish(self.out)?;
        }
        if self.format == Format::Text && self.rows == 0 {
            R::text(self.out, &[], self.style)?;
        }
        self.out.flush()?;
        Ok(())
    }
}

/// An error writing the output as the library's error, keeping what the operating system
/// said (a closed pipe stays a closed pipe).
fn output_error(e: anyhow::Error) -> claimdex::Error {
    let e = match e.downcast::<claimdex::Error>() {
        Ok(library) => return library,
        Err(e) => e,
    };
    let io = match e.downcast::<std::io::Error>() {
        Ok(io) => io,
        Err(e) => std::io::Error::other(format!("{e:#}")),
    };
    claimdex::Error::io("<output>", io)
}
