//! Rolling captions: YouTube's automatic captions (and players that copy them) show each
//! new line under the previous one, so every cue repeats the line before it, a 10 ms cue
//! repeats the line alone, and a line may grow word by word from cue to cue. Read as they
//! are, every sentence would come two or three times.
//!
//! [`unroll`] keeps only what each cue adds: the leading lines it shares with the end of the
//! previous cue are dropped, and a first line that grows the previous cue's last line keeps
//! only the new words. It acts only on files that roll (most consecutive cues overlap so),
//! never on ordinary subtitles, where a cue that repeats the one before is speech repeated.

use super::Cue;

/// At least this many consecutive cue pairs must overlap for a file to be taken as rolling.
pub const MIN_ROLLING_PAIRS: usize = 3;

/// The non-blank lines of a cue, trimmed.
fn lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

/// Whether `next` repeats or grows the end of `prev`.
fn rolls_on(prev: &[&str], next: &[&str]) -> bool {
    match (prev.last(), next.first()) {
        (Some(last), Some(first)) => first.starts_with(last),
        _ => false,
    }
}

/// Whether cues roll: at least [`MIN_ROLLING_PAIRS`] and at least half of the consecutive
/// pairs of cues with text overlap.
pub fn is_rolling(cues: &[Cue]) -> bool {
    let mut pairs = 0usize;
    let mut rolling = 0usize;
    for w in cues.windows(2) {
        let (a, b) = (lines(&w[0].text), lines(&w[1].text));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        pairs += 1;
        if rolls_on(&a, &b) {
            rolling += 1;
        }
    }
    rolling >= MIN_ROLLING_PAIRS && rolling * 2 >= pairs
}

/// Reduce rolling captions to what each cue adds (see the module documentation); cues left
/// without text are removed. Returns how many cues were changed or removed; 0 (and nothing
/// touched) when the cues do not roll.
pub fn unroll(cues: &mut Vec<Cue>) -> usize {
    if !is_rolling(cues) {
        return 0;
    }
    let mut changed = 0usize;
    let mut shown: Vec<String> = Vec::new();
    for cue in cues.iter_mut() {
        let now: Vec<String> = lines(&cue.text).into_iter().map(String::from).collect();
        if now.is_empty() {
            continue;
        }
        // The longest run of leading lines that ends what was shown before.
        let mut k = now.len().min(shown.len());
        while k > 0 && now[..k] != shown[shown.len() - k..] {
            k -= 1;
        }
        let mut rest: Vec<String> = now[k..].to_vec();
        if k == 0
            && let (Some(last), Some(first)) = (shown.last(), rest.first_mut())
            && first.starts_with(last.as_str())
        {
            *first = first[last.len()..].trim_start().to_string();
        }
        let text = rest.join("\n");
        if text != cue.text {
            changed += 1;
            cue.text = text;
        }
        shown = now;
    }
    cues.retain(|c| !c.text.trim().is_empty());
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(text: &str) -> Cue {
        Cue {
            time_start: Some(0.0),
            time_end: Some(1.0),
            speaker: None,
            text: text.into(),
        }
    }

    fn texts(cues: &[Cue]) -> Vec<&str> {
        cues.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn keeps_what_each_cue_adds() {
        let mut cues = vec![
            cue(" \n市場が暴落している"),
            cue("市場が暴落している\n "),
            cue("市場が暴落している\n理由は4"),
            cue("理由は4"),
            cue("理由は4\n200万ドルです。"),
            cue("200万ドルです。"),
        ];
        assert!(unroll(&mut cues) > 0);
        assert_eq!(
            texts(&cues),
            ["市場が暴落している", "理由は4", "200万ドルです。"]
        );
    }

    #[test]
    fn lines_that_grow_word_by_word() {
        let mut cues = vec![
            cue("hey"),
            cue("hey guys"),
            cue("hey guys welcome"),
            cue("hey guys welcome to"),
        ];
        unroll(&mut cues);
        assert_eq!(texts(&cues), ["hey", "guys", "welcome", "to"]);
    }

    #[test]
    fn ordinary_subtitles_are_left_alone() {
        let mut cues = vec![
            cue("はい。"),
            cue("はい。"),
            cue("そうですね。"),
            cue("続けます。"),
        ];
        assert_eq!(unroll(&mut cues), 0);
        assert_eq!(cues.len(), 4);
    }
}
