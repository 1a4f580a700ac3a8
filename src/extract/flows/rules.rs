//! `dictionaries/flows.toml`, parsed: the verbs of money flows with their frames, the kind
//! words, the status cues and the words for groups and pronouns.

use serde::Deserialize;

use crate::record::{FlowGroup, FlowKind, FlowStatus};
use crate::rules::DictionaryText;
use crate::{Error, Result};

/// Which particle marks which side of a flow verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// The subject pays, the に/へ side receives (投資する).
    Give,
    /// The subject receives, the から side pays (調達する, 受注する).
    Take,
    /// The subject pays, the から side is paid (購入する).
    Buy,
    /// The subject is paid, the に side pays (売却する).
    Sell,
    /// The subject pays, the を side is acquired (買収する).
    Acquire,
    /// No direction of its own (契約, 取引): decided by the suppliers list.
    Deal,
}

/// One flow verb.
#[derive(Debug, Clone, Deserialize)]
pub struct Verb {
    /// The verb stem or noun as written (`投資`, `注ぎ込`).
    pub word: String,
    /// The kind of flow it states unless a kind word says otherwise.
    pub kind: FlowKind,
    /// Which particle marks which side.
    pub frame: Frame,
    /// The payer when no organisation is named on the paying side (調達 → investors).
    #[serde(default)]
    pub group: Option<FlowGroup>,
    /// Only a flow with an amount (容量を貸す is renting out, not lending money).
    #[serde(default)]
    pub needs_money: bool,
    /// Only a flow when a securities word is near (債券販売).
    #[serde(default)]
    pub needs_security: bool,
    /// Longer words containing it that are not this verb (設備投資).
    #[serde(default)]
    pub not_in: Vec<String>,
}

/// Words that turn a flow's kind into another.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Kinds {
    /// Bonds, credit: a loan.
    #[serde(default)]
    pub loan: Vec<String>,
    /// New shares: a share sale.
    #[serde(default)]
    pub share_sale: Vec<String>,
    /// Goods: a purchase.
    #[serde(default)]
    pub purchase: Vec<String>,
    /// Securities that make `needs_security` verbs flows.
    #[serde(default)]
    pub securities: Vec<String>,
}

/// Words for sides that are not one organisation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Groups {
    /// The market.
    #[serde(default)]
    pub market: Vec<String>,
    /// Unnamed investors.
    #[serde(default)]
    pub investors: Vec<String>,
}

/// Pronouns resolved to the last organisation named.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Pronouns {
    /// The pronouns.
    pub words: Vec<String>,
    /// How many sentences back they may point.
    pub window: usize,
}

/// One status and its cue words.
#[derive(Debug, Clone, Deserialize)]
pub struct StatusCues {
    /// The status.
    pub name: FlowStatus,
    /// Its cue words.
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Endings {
    #[serde(default)]
    endings: Vec<String>,
    #[serde(default)]
    cues: Vec<String>,
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    also_invest: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct File {
    verb: Vec<Verb>,
    kinds: Kinds,
    groups: Groups,
    pronouns: Pronouns,
    suppliers: Endings,
    status: Vec<StatusCues>,
    completed: Endings,
    negation: Endings,
    skip: Endings,
    passive: Endings,
    supply: Endings,
    follow: Endings,
    suffixes: Suffixes,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Suffixes {
    words: Vec<String>,
}

/// Everything the flows extractor reads from `flows.toml`.
#[derive(Debug, Clone)]
pub struct FlowRules {
    /// The flow verbs, longest first.
    pub verbs: Vec<Verb>,
    /// Kind words.
    pub kinds: Kinds,
    /// Group words.
    pub groups: Groups,
    /// Pronouns.
    pub pronouns: Pronouns,
    /// Entity ids of known suppliers (for `deal` verbs).
    pub suppliers: Vec<String>,
    /// Suppliers that also invest: their deals need a supply word.
    pub investing_suppliers: Vec<String>,
    /// Status cues, in order of precedence.
    pub statuses: Vec<StatusCues>,
    /// Past-tense endings after a verb.
    pub completed: Vec<String>,
    /// Negating endings after a verb.
    pub negation: Vec<String>,
    /// Cues of sentences that state no flow.
    pub skip: Vec<String>,
    /// Endings that make a give verb passive.
    pub passive: Vec<String>,
    /// Words that say what a `deal` sells (容量, GPU): without one, a deal is no flow.
    pub supply: Vec<String>,
    /// Words by which a following sentence points back to a flow (それ, この).
    pub follow: Vec<String>,
    /// Words between a name and its particle (銀行, 社).
    pub suffixes: Vec<String>,
}

impl FlowRules {
    /// Parse `flows.toml`.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let file: File =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        let mut verbs = file.verb;
        if verbs.iter().any(|v| v.word.is_empty()) {
            return Err(Error::dictionary(
                &dict.name,
                "a [[verb]] has an empty word",
            ));
        }
        verbs.sort_by_key(|v| std::cmp::Reverse(v.word.chars().count()));
        Ok(FlowRules {
            verbs,
            kinds: file.kinds,
            supply: file.supply.cues,
            follow: file.follow.cues,
            suffixes: file.suffixes.words,
            groups: file.groups,
            pronouns: file.pronouns,
            suppliers: file.suppliers.ids,
            investing_suppliers: file.suppliers.also_invest,
            statuses: file.status,
            completed: file.completed.endings,
            negation: file.negation.endings,
            skip: file.skip.cues,
            passive: file.passive.endings,
        })
    }
}
