//! `claims` and `figures` listings written as the store yields them, one transcript's
//! records at a time, in any output format: the whole listing is never held in memory.

use std::io::Write;
use std::marker::PhantomData;

use anyhow::Result;
use claimdex::export::{self, InTranscript, JsonList};
use claimdex::query::filters::{ClaimFilter, FigureFilter};
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

/// Which of a transcript's records a listing shows: its filter.
pub(super) trait Selects<R>: Sync {
    /// The rows of dataset `d` the listing shows, in order.
    fn rows<'d>(&self, d: &'d Dataset) -> Vec<(&'d Dataset, &'d R)>;
}

impl Selects<Claim> for ClaimFilter {
    fn rows<'d>(&self, d: &'d Dataset) -> Vec<(&'d Dataset, &'d Claim)> {
        self.select(std::slice::from_ref(d))
    }
}

impl Selects<Figure> for FigureFilter {
    fn rows<'d>(&self, d: &'d Dataset) -> Vec<(&'d Dataset, &'d Figure)> {
        self.select(std::slice::from_ref(d))
    }
}

/// One transcript's rows made ready on the thread that read them ([`Shape::prepare`]):
/// written out in text, CSV and JSON Lines, whose rows do not depend on what came before;
/// kept as the dataset in JSON, whose list separators do.
pub(super) enum Prepared {
    /// The rows, written.
    Written { bytes: Vec<u8>, rows: usize },
    /// The dataset, to select and write on the writing thread.
    Dataset(Box<Dataset>),
}

/// How a listing writes its rows, apart from the output it writes to: what the reading
/// threads need to prepare rows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Shape {
    format: Format,
    style: Style,
}

impl Shape {
    /// Prepare the rows `filter` selects from `d` for [`Listing::write_prepared`].
    pub(super) fn prepare<R: Listed>(
        self,
        d: Dataset,
        filter: &impl Selects<R>,
    ) -> claimdex::Result<Prepared> {
        if self.format == Format::Json {
            return Ok(Prepared::Dataset(Box::new(d)));
        }
        let rows = filter.rows(&d);
        let mut bytes = Vec::new();
        write_rows(&mut bytes, self, None, &rows).map_err(output_error)?;
        Ok(Prepared::Written {
            bytes,
            rows: rows.len(),
        })
    }
}

/// Write `rows` in the shape's format; JSON rows go through `json`, the open list.
fn write_rows<R: Listed>(
    out: &mut dyn Write,
    shape: Shape,
    json: Option<&mut JsonList>,
    rows: &[(&Dataset, &R)],
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    match shape.format {
        Format::Text => R::text(out, rows, shape.style)?,
        Format::Csv => R::csv(out, rows)?,
        Format::Jsonl => {
            for (d, r) in rows {
                export::write_jsonl(out, R::RECORD, &InTranscript::new(d, *r))?;
            }
        }
        Format::Json => {
            if let Some(list) = json {
                for (d, r) in rows {
                    list.item(out, &InTranscript::new(d, *r))?;
                }
            }
        }
    }
    Ok(())
}

/// A listing being written: [`Listing::start`], then [`Listing::rows`] (or
/// [`Listing::write_prepared`]) per transcript, then [`Listing::finish`]. The output is the
/// same as writing all rows at once.
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

    /// How this listing writes its rows, for [`Shape::prepare`] on other threads.
    pub(super) fn shape(&self) -> Shape {
        Shape {
            format: self.format,
            style: self.style,
        }
    }

    /// Write rows (those of one transcript, or any run of them in order). The error is the
    /// library's, for the store's reading loop to pass on.
    pub(super) fn rows(&mut self, rows: &[(&Dataset, &R)]) -> claimdex::Result<()> {
        self.rows += rows.len();
        let shape = self.shape();
        write_rows(self.out, shape, self.json.as_mut(), rows).map_err(output_error)
    }

    /// Write one transcript's rows as [`Shape::prepare`] made them, with `filter` the one
    /// they were prepared with.
    pub(super) fn write_prepared(
        &mut self,
        prepared: Prepared,
        filter: &impl Selects<R>,
    ) -> claimdex::Result<()> {
        match prepared {
            Prepared::Written { bytes, rows } => {
                self.rows += rows;
                self.out
                    .write_all(&bytes)
                    .map_err(|e| claimdex::Error::io("<output>", e))
            }
            Prepared::Dataset(d) => self.rows(&filter.rows(&d)),
        }
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
