//! The speaker-label grammar: `Name: `, `Name：`, `【Name】` at the start of a line.

/// Speaker names longer than this are not taken as labels.
pub const MAX_SPEAKER_CHARS: usize = 24;

fn forbidden_in_name(c: &char) -> bool {
    super::is_end_mark(*c) || matches!(c, '、' | '。' | ',' | '「' | '」' | '【' | '】' | '\n')
}

/// A speaker label at the start of a line (`Name:`, `Name：`, `【Name】`, `【Name】：`): the
/// name and the char offset just after the label.
pub fn speaker_label(content: &[char]) -> Option<(String, usize)> {
    if content.first() == Some(&'【') {
        let close = content
            .iter()
            .take(MAX_SPEAKER_CHARS + 2)
            .position(|&c| c == '】')?;
        let name = &content[1..close];
        if name.iter().any(forbidden_in_name) {
            return None;
        }
        let mut after = close + 1;
        if matches!(content.get(after), Some(':' | '：')) {
            after += 1;
        }
        let name: String = name.iter().collect::<String>().trim().to_string();
        return (!name.is_empty()).then_some((name, after));
    }
    let colon = content
        .iter()
        .take(MAX_SPEAKER_CHARS + 1)
        .position(|&c| c == ':' || c == '：')?;
    if colon == 0 {
        return None;
    }
    let name = &content[..colon];
    if name.iter().any(forbidden_in_name) {
        return None;
    }
    // "10:30" or "http://" are not labels; "SPEAKER_01: " is.
    let next = content.get(colon + 1);
    if (name.last().is_some_and(|c| c.is_ascii_digit()) && next.is_some_and(|c| c.is_ascii_digit()))
        || next == Some(&'/')
    {
        return None;
    }
    let name: String = name.iter().collect::<String>().trim().to_string();
    (!name.is_empty()).then_some((name, colon + 1))
}

/// Whether `name` written as `name: ` at the start of a line reads back as a label naming
/// exactly `name`.
pub fn is_label_name(name: &str) -> bool {
    let line: Vec<char> = format!("{name}: x").chars().collect();
    !name.is_empty() && name.trim() == name && speaker_label(&line).is_some_and(|(n, _)| n == name)
}
