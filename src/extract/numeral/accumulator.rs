//! The accumulator every numeral is read through: tokens (digits, arabic numbers, small and
//! big units, the vague `数`) fed one by one, applying the section rules of Japanese numerals.

use crate::record::Decimal;

/// One token of a numeral.
#[derive(Debug, Clone, Copy)]
pub(super) enum Tok {
    /// A kanji (or hiragana) digit, read positionally when several follow each other.
    Digit(u8),
    /// A complete arabic number, possibly with a fraction.
    Arabic(Decimal),
    /// `十百千`.
    Small(u32),
    /// `万億兆京`.
    Big(u32),
    /// `数`: some digit from 1 to 9.
    Vague,
}

/// Why the accumulator refused a token.
pub(super) enum Refuse {
    /// The numeral ends before this token.
    Stop,
    /// The numeral ends where the current section started (`10万 20万`).
    Backtrack,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Pending {
    Digits {
        value: Decimal,
        arabic: bool,
        zero_only: bool,
    },
    Vague,
}

/// Accumulates tokens into a value (with a `max` for vague numerals).
#[derive(Debug, Clone, Default)]
pub(super) struct Acc {
    pub(super) total: (Decimal, Decimal),
    pub(super) has_total: bool,
    pub(super) section: (Decimal, Decimal),
    pub(super) has_section: bool,
    pub(super) pending: Option<Pending>,
    pub(super) last_small: Option<u32>,
    pub(super) last_big: Option<u32>,
    pub(super) biggest: Option<u32>,
    pub(super) vague: bool,
    pub(super) tokens: usize,
}

fn add2(a: (Decimal, Decimal), b: (Decimal, Decimal)) -> Option<(Decimal, Decimal)> {
    Some((a.0.checked_add(b.0)?, a.1.checked_add(b.1)?))
}

fn mul2(a: (Decimal, Decimal), m: Decimal) -> Option<(Decimal, Decimal)> {
    Some((a.0.checked_mul(m)?, a.1.checked_mul(m)?))
}

impl Acc {
    pub(super) fn feed(&mut self, tok: Tok) -> Result<(), Refuse> {
        let r = self.apply(tok);
        if r.is_ok() {
            self.tokens += 1;
        }
        r
    }

    fn apply(&mut self, tok: Tok) -> Result<(), Refuse> {
        use Refuse::Stop;
        match tok {
            Tok::Digit(d) => match self.pending {
                None => {
                    self.pending = Some(Pending::Digits {
                        value: Decimal::from_i64(i64::from(d)),
                        arabic: false,
                        zero_only: d == 0,
                    });
                    Ok(())
                }
                Some(Pending::Digits {
                    value,
                    arabic: false,
                    zero_only,
                }) => {
                    let v = value
                        .checked_mul(Decimal::from_i64(10))
                        .and_then(|v| v.checked_add(Decimal::from_i64(i64::from(d))))
                        .ok_or(Stop)?;
                    self.pending = Some(Pending::Digits {
                        value: v,
                        arabic: false,
                        zero_only: zero_only && d == 0,
                    });
                    Ok(())
                }
                _ => Err(Stop),
            },
            Tok::Arabic(v) => {
                if self.pending.is_some() {
                    return Err(Stop);
                }
                self.pending = Some(Pending::Digits {
                    value: v,
                    arabic: true,
                    zero_only: false,
                });
                Ok(())
            }
            Tok::Vague => {
                if self.pending.is_some() || self.vague {
                    return Err(Stop);
                }
                self.pending = Some(Pending::Vague);
                self.vague = true;
                Ok(())
            }
            Tok::Small(u) => {
                if self.last_small.is_some_and(|l| u >= l) {
                    return Err(Stop);
                }
                let unit = Decimal::pow10(u).ok_or(Stop)?;
                let add = match self.pending.take() {
                    None => (unit, unit),
                    Some(Pending::Digits {
                        zero_only: true, ..
                    }) => (unit, unit),
                    Some(Pending::Digits { value, .. }) => {
                        let v = value.checked_mul(unit).ok_or(Stop)?;
                        (v, v)
                    }
                    Some(Pending::Vague) => {
                        let max = Decimal::pow10(u + 1)
                            .and_then(|p| p.checked_sub(Decimal::ONE))
                            .ok_or(Stop)?;
                        (unit, max)
                    }
                };
                self.section = add2(self.section, add).ok_or(Stop)?;
                self.has_section = true;
                self.last_small = Some(u);
                Ok(())
            }
            Tok::Big(u) => self.big(u),
        }
    }

    fn close_section(&mut self) -> Option<(Decimal, Decimal)> {
        let pending = match self.pending.take() {
            None => (Decimal::ZERO, Decimal::ZERO),
            Some(Pending::Digits { value, .. }) => (value, value),
            Some(Pending::Vague) => (Decimal::ONE, Decimal::from_i64(9)),
        };
        let s = add2(self.section, pending)?;
        self.section = (Decimal::ZERO, Decimal::ZERO);
        self.has_section = false;
        self.last_small = None;
        Some(s)
    }

    fn big(&mut self, u: u32) -> Result<(), Refuse> {
        let content = self.has_section || self.pending.is_some();
        let unit = Decimal::pow10(u).ok_or(Refuse::Stop)?;
        if !content {
            // `1万億`: a bigger unit straight after a big unit multiplies everything.
            if self.has_total && self.biggest.is_some_and(|b| u > b) {
                self.total = mul2(self.total, unit).ok_or(Refuse::Stop)?;
                self.biggest = Some(u);
                self.last_big = Some(u);
                return Ok(());
            }
            return Err(Refuse::Stop);
        }
        match self.biggest {
            Some(b) if u <= b && self.last_big.is_some_and(|l| u >= l) => {
                return Err(Refuse::Backtrack);
            }
            _ => {}
        }
        let sec = self.close_section().ok_or(Refuse::Stop)?;
        if self.biggest.is_none_or(|b| u > b) {
            let all = add2(self.total, sec).ok_or(Refuse::Stop)?;
            self.total = mul2(all, unit).ok_or(Refuse::Stop)?;
            self.biggest = Some(u);
        } else {
            let part = mul2(sec, unit).ok_or(Refuse::Stop)?;
            self.total = add2(self.total, part).ok_or(Refuse::Stop)?;
        }
        self.has_total = true;
        self.last_big = Some(u);
        Ok(())
    }

    pub(super) fn finish(mut self) -> Option<(Decimal, Decimal)> {
        let sec = self.close_section()?;
        add2(self.total, sec)
    }

    pub(super) fn pending_arabic(&self) -> bool {
        matches!(self.pending, Some(Pending::Digits { arabic: true, .. }))
    }

    pub(super) fn ends_with_unit(&self, last: Option<Tok>) -> bool {
        matches!(last, Some(Tok::Small(_)) | Some(Tok::Big(_)))
    }
}
