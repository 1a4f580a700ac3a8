//! The query text as a user types it: its plain words, the words that name a known entity
//! (which then also match the entity's mentions), and what to say when it cannot be read.

use tantivy::query::QueryParserError;

/// The plain words of a query: whitespace-separated, outside quotes, without operators
/// (`AND`, `OR`, `NOT`), leading `+`/`-`, brackets or `field:` parts. What a zero-hit hint
/// counts one by one.
pub fn plain_words(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (word, quoted) in words(query) {
        if quoted {
            out.push(format!("\"{word}\""));
            continue;
        }
        let w = word
            .trim_start_matches(['+', '-', '('])
            .trim_end_matches(')');
        if w.is_empty() || matches!(w, "AND" | "OR" | "NOT") || w.contains(':') {
            continue;
        }
        out.push(w.to_string());
    }
    out
}

/// The query's words in order, each with whether it was in quotes (an unclosed quote runs
/// to the end).
fn words(query: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                out.push((part.to_string(), true));
            }
        } else {
            out.extend(part.split_whitespace().map(|w| (w.to_string(), false)));
        }
    }
    out
}

/// The query with each bare word that names an entity (`entity_words`: (word, entity id))
/// widened to also match records that name the entity: `オラクル` becomes
/// `(オラクル OR mentioned:oracle)`. Quoted phrases and other words are left as typed.
pub fn with_entity_words(query: &str, entity_words: &[(String, String)]) -> String {
    if entity_words.is_empty() {
        return query.to_string();
    }
    let mut out = String::new();
    for (i, part) in query.split('"').enumerate() {
        if i > 0 {
            out.push('"');
        }
        if i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        let mut rest = part;
        while let Some(at) = rest.find(|c: char| !c.is_whitespace()) {
            out.push_str(&rest[..at]);
            let word_end = rest[at..]
                .find(char::is_whitespace)
                .map_or(rest.len(), |e| at + e);
            let word = &rest[at..word_end];
            match entity_words.iter().find(|(w, _)| w == word) {
                Some((_, id)) => out.push_str(&format!("({word} OR mentioned:\"{id}\")")),
                None => out.push_str(word),
            }
            rest = &rest[word_end..];
        }
        out.push_str(rest);
    }
    out
}

/// What is wrong with a query, in plain words, with what to type instead.
pub fn explain(query: &str, error: &QueryParserError) -> String {
    let quote = "put it in quotes to search for it as text";
    match error {
        QueryParserError::FieldDoesNotExist(field) | QueryParserError::FieldNotIndexed(field) => {
            format!(
                "`{field}:` reads as a field name, and searches have no field {field:?}; {quote} (\"{}\"), and narrow with --kind, --company, --by or --speaker",
                query.replace('"', "")
            )
        }
        QueryParserError::AllButQueryForbidden => {
            "the query only excludes words (-word); add a word to find".to_string()
        }
        _ if query.matches('"').count() % 2 == 1 => {
            "a quote (\") is not closed; close it to search for a phrase, or remove it".to_string()
        }
        _ if query.matches('(').count() != query.matches(')').count() => {
            "a bracket is not closed; brackets group words (A OR B), quote them to search for them"
                .to_string()
        }
        _ => format!(
            "cannot read the query ({error}); characters such as : ( ) \" + - ^ ~ * [ ] {{ }} have a meaning in a query, {quote}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_drop_operators_and_keep_phrases() {
        assert_eq!(plain_words("OpenAI 売上"), vec!["OpenAI", "売上"]);
        assert_eq!(
            plain_words("(資金 OR 調達) -Nvidia \"基本的な計算\""),
            vec!["資金", "調達", "Nvidia", "\"基本的な計算\""]
        );
    }

    #[test]
    fn entity_words_also_match_mentions() {
        let words = vec![("オラクル".to_string(), "oracle".to_string())];
        assert_eq!(
            with_entity_words("オラクル 資金 \"オラクル の\"", &words),
            "(オラクル OR mentioned:\"oracle\") 資金 \"オラクル の\""
        );
    }
}
