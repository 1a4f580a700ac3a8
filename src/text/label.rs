//! The speaker-label grammar: `Name: `, `Name：`, `【Name】` at the start of a line.

/// Speaker names longer than this are not taken as labels.
pub const MAX_SPEAKER_CHARS: usize = 24;

fn forbidden_in_name(c: &char) -> bool {
    super::is_end_mark(*c) || matches!(c, '、' | '。' | ',' | '「' | '」' | '【' | '】' | '\n')
}

/// Bracketed tags that start news headlines and show notes (`【速報】…`): never the name
/// of a speaker.
const HEADLINE_TAGS: &[&str] = &[
    "速報",
    "続報",
    "号外",
    "独自",
    "特報",
    "詳報",
    "解説",
    "特集",
    "追記",
    "更新",
    "訂正",
    "注",
    "注意",
    "告知",
    "お知らせ",
    "動画",
    "写真",
    "図解",
    "まとめ",
    "概要",
    "目次",
    "要約",
    "PR",
    "広告",
    "提供",
    "予告",
    "前編",
    "後編",
    "中編",
    "完全版",
    "全文",
    "文字起こし",
    "書き起こし",
    "ニュース",
    "インタビュー",
    "対談",
    "ハイライト",
    "緊急",
    "重要",
    "朗報",
    "悲報",
];

/// The tag of a line starting `【tag】` when the tag heads a headline (see
/// `HEADLINE_TAGS`, or `第3回`, `第2部`): its length in chars, brackets included.
pub fn headline_tag(content: &[char]) -> Option<usize> {
    if content.first() != Some(&'【') {
        return None;
    }
    let close = content
        .iter()
        .take(MAX_SPEAKER_CHARS + 2)
        .position(|&c| c == '】')?;
    let tag: String = content[1..close]
        .iter()
        .collect::<String>()
        .trim()
        .to_string();
    // `第3回`, `第二部`: a number between 第 and a counter of episodes or parts.
    let numbered = tag.strip_prefix('第').is_some_and(|rest| {
        let mut chars: Vec<char> = rest.chars().collect();
        let counter = chars.pop();
        counter.is_some_and(|c| "回部話章弾編".contains(c))
            && !chars.is_empty()
            && chars.iter().all(|&c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || "〇一二三四五六七八九十百".contains(c)
            })
    });
    (HEADLINE_TAGS.contains(&tag.as_str()) || numbered).then_some(close + 1)
}

/// Words before a colon that introduce a list of people, a caption or a credit rather than
/// a speaker's words: `登壇者：社長 山田太郎、…`, `写真：…`, `出演：…`. Gathered from the
/// header lines of Japanese results-call transcripts, interviews, panels and news articles.
const ROSTER_TAGS: &[&str] = &[
    "登壇者",
    "登壇",
    "回答者",
    "説明者",
    "出席者",
    "参加者",
    "出演",
    "出演者",
    "パネリスト",
    "写真",
    "撮影",
    "画像",
    "図",
    "表",
    "出典",
    "資料",
    "文",
    "取材",
    "取材・文",
    "構成",
    "聞き手",
    "日時",
    "場所",
    "会場",
    "主催",
    "注",
];

/// Whether a label word introduces a roster, caption or credit line (登壇者, 写真, 文…),
/// which nobody speaks.
pub fn is_roster_tag(name: &str) -> bool {
    ROSTER_TAGS.contains(&name.trim())
}

/// A speaker label at the start of a line (`Name:`, `Name：`, `【Name】`, `【Name】：`): the
/// name and the char offset just after the label.
pub fn speaker_label(content: &[char]) -> Option<(String, usize)> {
    if headline_tag(content).is_some() {
        return None;
    }
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
