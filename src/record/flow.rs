//! The money-flow record: who pays whom, how much, on what terms (found by the `flows`
//! extractor, placed by the pipeline).

use serde::{Deserialize, Serialize};

use super::{Bound, Decimal, Rate};

/// What kind of money movement a flow is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// Equity: investor → company.
    Investment,
    /// Debt, a bond or a credit line: lender → borrower.
    Loan,
    /// Goods or a compute commitment: customer → supplier.
    Purchase,
    /// A contract for services or capacity: customer → supplier.
    Contract,
    /// Revenue or a payment: customer → company.
    Revenue,
    /// Shares sold: buyer (often the market) → seller.
    ShareSale,
    /// An acquisition: acquirer → acquired company.
    Acquisition,
}

impl FlowKind {
    /// The name used in outputs and dictionaries.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::Investment => "investment",
            FlowKind::Loan => "loan",
            FlowKind::Purchase => "purchase",
            FlowKind::Contract => "contract",
            FlowKind::Revenue => "revenue",
            FlowKind::ShareSale => "share_sale",
            FlowKind::Acquisition => "acquisition",
        }
    }
}

/// How firm a flow is, as the text states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowStatus {
    /// A party announced it (発表, と言いました).
    Announced,
    /// Signed or agreed, not yet paid (合意, 契約).
    Agreed,
    /// A letter of intent (意向書, 基本合意書).
    LetterOfIntent,
    /// A rumour (噂, unnamed reports).
    Rumoured,
    /// Reported by an outlet or by hearsay (報じた, とされる, らしい).
    Reported,
    /// Disputed or denied by the speaker (本物ではない, 実現しない, 保留中).
    Doubted,
    /// Paid or closed (投資しました).
    Completed,
    /// Intended (計画, 予定, 方向で調整).
    Planned,
}

impl FlowStatus {
    /// The name used in outputs and dictionaries.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowStatus::Announced => "announced",
            FlowStatus::Agreed => "agreed",
            FlowStatus::LetterOfIntent => "letter_of_intent",
            FlowStatus::Rumoured => "rumoured",
            FlowStatus::Reported => "reported",
            FlowStatus::Doubted => "doubted",
            FlowStatus::Completed => "completed",
            FlowStatus::Planned => "planned",
        }
    }

    /// Whether the money is not (yet) known to move: drawn dashed.
    pub fn is_tentative(self) -> bool {
        matches!(
            self,
            FlowStatus::Rumoured
                | FlowStatus::LetterOfIntent
                | FlowStatus::Doubted
                | FlowStatus::Reported
        )
    }
}

/// A side of a flow that is not one named organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowGroup {
    /// The market (shares sold into it, bonds placed in it).
    Market,
    /// Unnamed investors or lenders (a round or a raise with no named funder).
    Investors,
}

impl FlowGroup {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            FlowGroup::Market => "market",
            FlowGroup::Investors => "investors",
        }
    }
}

/// Money moving from a payer to a payee, as one sentence states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    /// `<transcript id>-w<n>`.
    pub id: String,
    /// Entity id of who pays (investor, lender, customer, acquirer, buyer), when named
    /// (`null` otherwise, then `payer_group` says who).
    #[serde(default)]
    pub payer: Option<String>,
    /// When the payer is not a named organisation: the market, or unnamed investors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_group: Option<FlowGroup>,
    /// Entity id of who receives the money.
    pub payee: String,
    /// Ids of the money figures the flow carries (none for a deal stated without amount).
    pub figures: Vec<String>,
    /// The amount in whole currency units (lower end of a range or vague amount).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    /// The upper end of a range or vague amount, or the cap of `最大`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_max: Option<Decimal>,
    /// A bound on the amount as stated (`最大` = up_to: the deal is for at most that).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// ISO 4217 code of the amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// What the amount is counted per (年間 = year), if it is a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// What kind of movement it is.
    pub kind: FlowKind,
    /// How firm it is.
    pub status: FlowStatus,
    /// The duration or date that qualifies the amount (`5年間`), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Who states it: the holder of the claim it is in, else the speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The sentence that states it.
    pub sentence_id: String,
    /// The claims of that sentence that hold its figures (or name both ends).
    pub claims: Vec<String>,
    /// The rule and cue words that made it (shown by `--explain`).
    pub cues: Vec<String>,
}

impl Flow {
    /// The amount as text outputs write it (`300000000000 USD`), or `no amount`.
    pub fn amount_text(&self) -> String {
        self.value.as_ref().map_or_else(
            || "no amount".to_string(),
            |v| format!("{v} {}", self.currency.as_deref().unwrap_or("")),
        )
    }

    /// The payer as a node name: the entity id, else the group (`market`, `investors`).
    pub fn payer_key(&self) -> String {
        match (&self.payer, self.payer_group) {
            (Some(p), _) => p.clone(),
            (None, Some(g)) => g.as_str().to_string(),
            (None, None) => FlowGroup::Investors.as_str().to_string(),
        }
    }
}
