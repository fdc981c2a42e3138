//! Direct quotations and their speakers.
//!
//! **Finding quotes.** Straight (`"`) and typographic (`“ ” „ « »`) marks are paired by
//! context (British single marks `‘…’` too, outside double quotes, where the closing mark ends
//! a word and is not an apostrophe): a straight mark opens when it follows a space (or line start) and precedes a
//! non-space, and closes otherwise. A quote left open at the end of a paragraph continues when
//! the next paragraph opens with a quotation mark (the multi-paragraph convention: the whole
//! quotation becomes one span), survives a paragraph broken mid-sentence, and is dropped
//! otherwise. The span excludes the marks, surrounding spaces and a trailing comma. Short
//! unattributed quotes (fewer than five words, not ending in sentence punctuation) are taken as
//! scare quotes and skipped.
//!
//! **Attribution**, first match wins:
//! 1. after the closing mark, verb first: `"…," said Ramzan Sharipov` / `said an official in the
//!    ministry, speaking on condition of anonymity` (the noun phrase stops at a comma, a period
//!    or a word such as "on", "at", "when");
//! 2. after the closing mark, subject first: `"…," he said`, `"…," the official told Reuters`;
//! 3. before the opening mark: `The minister said: "…"`, `He told reporters on Monday, "…"`,
//!    `According to Smith, "…"`;
//! 4. the speaker of the previous quote in the same paragraph (`"…," he said. "…"`).
//!
//! **Resolution.** A speaker phrase holding a PER entity becomes that name ("Dushanbe-based
//! analyst Ramzan Sharipov" → "Ramzan Sharipov"); without entities, a trailing run of
//! capitalized words does the same. A pronoun (he, she) becomes the nearest preceding person
//! mentioned outside quotes: a PER entity or an indefinite role phrase ("a local resident"),
//! where a role phrase in apposition to a name ("Jane Doe, a local analyst") stands for the
//! name. A definite role ("the official") becomes the nearest preceding mention with the same
//! head noun ("a senior official in the ministry"). Unresolved, the phrase is kept as written.

use crate::tokens::{Kind, Tokens};
use textpipe_core::{Entity, EntityLabel, Quote, Span};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Straight,
}

fn mark_at(b: &[u8], i: usize) -> Option<(Mark, usize)> {
    match b.get(i)? {
        b'"' => Some((Mark::Straight, 1)),
        0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2)? {
            0x9C | 0x9E => Some((Mark::Open, 3)),
            0x9D => Some((Mark::Close, 3)),
            _ => None,
        },
        0xC2 => match b.get(i + 1)? {
            0xAB => Some((Mark::Open, 2)),
            0xBB => Some((Mark::Close, 2)),
            _ => None,
        },
        _ => None,
    }
}

/// A raw quote: opening mark start, content start/end, closing mark end.
#[derive(Debug, Clone, Copy)]
struct Raw {
    open: usize,
    cs: usize,
    ce: usize,
    close_end: usize,
}

/// Index of the first byte at or after `i` that may start a line break or a quotation mark
/// (`\n`, `"`, or the lead bytes 0xE2 and 0xC2 of the curly quotes and guillemets), `b.len()`
/// when there is none; eight bytes at a time.
fn next_mark_byte(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // High bit set for every zero byte of `y` from the first one up (the lowest is exact).
    let zeros = |y: u64| y.wrapping_sub(ONES) & !y & HIGH;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        let hits = zeros(w ^ (ONES * u64::from(b'\n')))
            | zeros(w ^ (ONES * u64::from(b'"')))
            | zeros(w ^ (ONES * 0xE2))
            | zeros(w ^ (ONES * 0xC2));
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    i + b
        .get(i..)
        .and_then(|r| {
            r.iter()
                .position(|&c| matches!(c, b'\n' | b'"' | 0xE2 | 0xC2))
        })
        .unwrap_or(b.len().saturating_sub(i))
}

fn scan(text: &str) -> Vec<Raw> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0usize;
    while i < n {
        // Other bytes are neither line breaks nor marks.
        i = next_mark_byte(b, i);
        let Some(&c) = b.get(i) else {
            break;
        };
        if c == b'\n' {
            // Skip the whole whitespace run.
            let mut j = i;
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if let Some(o) = open {
                let before = text.get(..i).unwrap_or("").trim_end();
                let terminal = before.ends_with(['.', '!', '?', ':', '…', ',', '"', '”']);
                match mark_at(b, j) {
                    Some((Mark::Open | Mark::Straight, l)) => {
                        // Multi-paragraph quote: continue past the new opening mark.
                        open = Some(o);
                        i = j + l;
                        continue;
                    }
                    _ if terminal => open = None,
                    _ => {}
                }
            }
            i = j;
            continue;
        }
        let Some((kind, len)) = mark_at(b, i) else {
            i += 1;
            continue;
        };
        let prev = text.get(..i).and_then(|s| s.chars().next_back());
        let next = text.get(i + len..).and_then(|s| s.chars().next());
        let prev_space = prev.map_or(true, |p| p.is_whitespace() || "([{—–-/".contains(p));
        let next_space = next.map_or(true, char::is_whitespace);
        let can_open = match kind {
            Mark::Open => true,
            Mark::Close => false,
            Mark::Straight => prev_space && !next_space,
        };
        let can_close = match kind {
            Mark::Open => false,
            Mark::Close => true,
            Mark::Straight => !prev_space || next_space,
        };
        match open {
            Some((o, cs)) if can_close => {
                out.push(Raw {
                    open: o,
                    cs,
                    ce: i,
                    close_end: i + len,
                });
                open = None;
            }
            _ if can_open => open = Some((i, i + len)),
            _ => {}
        }
        i += len;
    }
    out
}

/// Quotes in typographic single marks (‘…’, British style), outside the double-quoted spans
/// `doubles`, within one paragraph. The opening mark must start a word; the closing one must
/// end a word and not be followed by a letter, so apostrophes ("it’s") never close a quote,
/// and a plural possessive ("the players’ union") is skipped when a later mark closes.
fn scan_single(text: &str, doubles: &[Raw]) -> Vec<Raw> {
    const OPEN: &str = "\u{2018}";
    const CLOSE: &str = "\u{2019}";
    let inside_double = |pos: usize| {
        let k = doubles.partition_point(|r| r.close_end <= pos);
        doubles.get(k).is_some_and(|r| r.open <= pos)
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = text.get(from..).and_then(|r| r.find(OPEN)) {
        let o = from + k;
        let cs = o + OPEN.len();
        from = cs;
        let prev = text.get(..o).and_then(|s| s.chars().next_back());
        let next = text.get(cs..).and_then(|s| s.chars().next());
        let starts_word = prev.map_or(true, |p| p.is_whitespace() || "([{—–-/:".contains(p))
            && next.is_some_and(|c| !c.is_whitespace());
        if !starts_word || inside_double(o) {
            continue;
        }
        let para_end = text
            .get(cs..)
            .and_then(|r| r.find('\n'))
            .map_or(text.len(), |e| cs + e);
        let mut close: Option<usize> = None;
        let mut possessive: Option<usize> = None;
        let mut at = cs;
        while let Some(k) = text.get(at..para_end).and_then(|r| r.find(CLOSE)) {
            let c = at + k;
            at = c + CLOSE.len();
            let before = text.get(..c).and_then(|s| s.chars().next_back());
            let after = text.get(at..).and_then(|s| s.chars().next());
            if before.map_or(true, char::is_whitespace) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            // "the players’ union": an apostrophe unless no other mark closes.
            let rest = text.get(at..).unwrap_or("").trim_start();
            if before == Some('s')
                && after.is_some_and(char::is_whitespace)
                && rest.chars().next().is_some_and(char::is_lowercase)
            {
                possessive.get_or_insert(c);
                continue;
            }
            close = Some(c);
            break;
        }
        let Some(ce) = close.or(possessive) else {
            continue;
        };
        if inside_double(ce) {
            continue;
        }
        out.push(Raw {
            open: o,
            cs,
            ce,
            close_end: ce + CLOSE.len(),
        });
        from = ce + CLOSE.len();
    }
    out
}

fn is_reporting_verb(lc: &str) -> bool {
    matches!(
        lc,
        "said"
            | "says"
            | "say"
            | "added"
            | "adds"
            | "told"
            | "tells"
            | "asked"
            | "explained"
            | "continued"
            | "insisted"
            | "stressed"
            | "noted"
            | "warned"
            | "replied"
            | "wrote"
            | "writes"
            | "declared"
            | "argued"
            | "admitted"
            | "acknowledged"
            | "recalled"
            | "claimed"
            | "complained"
            | "announced"
            | "remarked"
            | "observed"
            | "conceded"
            | "suggested"
            | "urged"
            | "concluded"
            | "commented"
            | "responded"
            | "stated"
            | "predicted"
            | "joked"
            | "shouted"
            | "cautioned"
    )
}

/// Words that end a speaker phrase after the verb ("said Smith on Monday").
fn is_np_cut(lc: &str) -> bool {
    matches!(
        lc,
        "on" | "at"
            | "when"
            | "after"
            | "as"
            | "during"
            | "while"
            | "before"
            | "adding"
            | "speaking"
            | "who"
            | "which"
            | "told"
            | "according"
            | "that"
            | "and"
            | "but"
            | "referring"
            | "yesterday"
            | "today"
            | "last"
            | "earlier"
            | "later"
            | "late"
            | "this"
            | "recently"
            | "because"
            | "if"
            | "where"
            | "outside"
            | "said"
            | "says"
    )
}

/// Auxiliaries and adverbs that stand between a subject and its reporting verb.
fn is_aux(lc: &str) -> bool {
    matches!(
        lc,
        "has"
            | "have"
            | "had"
            | "is"
            | "was"
            | "were"
            | "are"
            | "will"
            | "would"
            | "also"
            | "later"
            | "earlier"
            | "previously"
            | "then"
            | "again"
            | "once"
            | "reportedly"
            | "had earlier"
            | "recently"
            | "repeatedly"
            | "publicly"
            | "privately"
            | "often"
    )
}

fn is_pronoun(lc: &str) -> bool {
    matches!(lc, "he" | "she")
}

/// Nouns naming a role a speaker can have.
///
/// Over 80 lines on purpose: one `matches!` over a word list (data, not logic).
fn is_role_noun(lc: &str) -> bool {
    matches!(
        lc,
        "official"
            | "spokesman"
            | "spokeswoman"
            | "spokesperson"
            | "resident"
            | "witness"
            | "analyst"
            | "expert"
            | "source"
            | "minister"
            | "president"
            | "diplomat"
            | "commander"
            | "officer"
            | "lawyer"
            | "attorney"
            | "researcher"
            | "professor"
            | "economist"
            | "director"
            | "chief"
            | "leader"
            | "member"
            | "senator"
            | "lawmaker"
            | "activist"
            | "doctor"
            | "policeman"
            | "soldier"
            | "villager"
            | "man"
            | "woman"
            | "worker"
            | "employee"
            | "executive"
            | "manager"
            | "chairman"
            | "chairwoman"
            | "secretary"
            | "envoy"
            | "ambassador"
            | "aide"
            | "adviser"
            | "advisor"
            | "negotiator"
            | "prosecutor"
            | "judge"
            | "scientist"
            | "teacher"
            | "student"
            | "journalist"
            | "reporter"
            | "correspondent"
            | "observer"
            | "representative"
            | "campaigner"
            | "farmer"
            | "victim"
            | "survivor"
            | "coach"
            | "player"
            | "mayor"
            | "governor"
            | "general"
            | "colonel"
            | "banker"
            | "trader"
            | "dealer"
            | "strategist"
            | "investor"
            | "owner"
            | "founder"
            | "boss"
            | "captain"
            | "manager's"
            | "nurse"
            | "engineer"
            | "priest"
            | "commentator"
            | "insider"
            | "mother"
            | "father"
            | "chancellor"
            | "premier"
            | "candidate"
            | "politician"
            | "head"
    )
}

/// Someone a pronoun or a role may refer to.
#[derive(Debug, Clone)]
struct Candidate {
    /// Where the mention starts.
    pos: usize,
    /// What to report as the speaker.
    text: String,
    /// Role head noun, if known ("official").
    head: Option<String>,
}

struct Ctx<'t, 'a> {
    t: &'t Tokens<'a>,
    per: Vec<Span>,
    quotes: Vec<Span>,
    candidates: Option<Vec<Candidate>>,
    /// Speakers of the quotes attributed so far: (end of the quote, speaker).
    speakers: Vec<(usize, String)>,
}

impl Ctx<'_, '_> {
    fn text(&self) -> &str {
        self.t.text
    }

    fn in_quote(&self, pos: usize) -> bool {
        let k = self.quotes.partition_point(|q| q.end <= pos);
        self.quotes.get(k).is_some_and(|q| q.start <= pos)
    }

    /// PER entity spans inside `span`, last one.
    fn per_inside(&self, span: Span) -> Option<Span> {
        let k = self.per.partition_point(|e| e.start < span.start);
        self.per[k..]
            .iter()
            .take_while(|e| e.start < span.end)
            .filter(|e| e.end <= span.end)
            .last()
            .copied()
    }

    /// PER entity that ends exactly at token `i` (inclusive).
    fn per_ending_at(&self, i: usize) -> Option<Span> {
        let end = self.t.toks.get(i)?.end;
        let k = self.per.partition_point(|e| e.end < end);
        self.per.get(k).filter(|e| e.end == end).copied()
    }

    /// A run of two to four capitalized words ending at token `i` ("Jane Doe"), not at a
    /// sentence start alone.
    fn name_ending_at(&self, i: usize) -> Option<String> {
        let t = self.t;
        if !t.is_word(i) || !t.is_cap(i) {
            return None;
        }
        let mut s = i;
        while s > 0 && s + 3 > i && t.is_word(s - 1) && t.is_cap(s - 1) && !t.toks[s].sent_start {
            s -= 1;
        }
        (s < i).then(|| t.span(s, i).slice(t.text).to_string())
    }

    fn build_candidates(&mut self) {
        if self.candidates.is_some() {
            return;
        }
        let t = self.t;
        let mut c: Vec<Candidate> = Vec::new();
        for e in &self.per {
            let k = t.at_or_after(e.start);
            // "…, told Agence France Presse": who was told is not who speaks next.
            let told = (k > 0 && t.lc(k - 1) == "told")
                || (k > 1 && t.lc(k - 1) == "the" && t.lc(k - 2) == "told");
            if !self.in_quote(e.start) && !told {
                // "analyst Ramzan Sharipov": the role word before the name.
                let head = (k > 0 && is_role_noun(t.lc(k - 1))).then(|| t.lc(k - 1).to_string());
                c.push(Candidate {
                    pos: e.start,
                    text: e.slice(t.text).to_string(),
                    head,
                });
            }
        }
        for a in 0..t.len() {
            if !matches!(t.lc(a), "a" | "an") || self.in_quote(t.toks[a].start) {
                continue;
            }
            // "was no longer a member of the board" describes someone already mentioned: a
            // predicate, not a new person a pronoun could point to.
            if self.after_copula(a) {
                continue;
            }
            let Some((r, end)) = self.role_phrase(a) else {
                continue;
            };
            let head = t.lc(r).to_string();
            // Apposition: "Jane Doe, a local analyst".
            let text = if a >= 2 && t.is_p(a - 1, ',') {
                self.per_ending_at(a - 2)
                    .map(|p| p.slice(t.text).to_string())
                    .or_else(|| self.name_ending_at(a - 2))
            } else {
                None
            };
            let text = text.unwrap_or_else(|| t.span(a, end).slice(t.text).to_string());
            c.push(Candidate {
                pos: t.toks[a].start,
                text,
                head: Some(head),
            });
        }
        c.sort_by_key(|x| x.pos);
        self.candidates = Some(c);
    }

    /// Whether token `a` follows a copula or "as" in its sentence, across a few adverbs ("is
    /// a", "was no longer a", "became", "as a").
    fn after_copula(&self, a: usize) -> bool {
        let t = self.t;
        let mut k = a;
        for _ in 0..4 {
            if k == 0 || !t.same_sent(k - 1, a) {
                return false;
            }
            k -= 1;
            match t.lc(k) {
                "is" | "was" | "were" | "are" | "am" | "be" | "been" | "being" | "become"
                | "becomes" | "became" | "remain" | "remains" | "remained" | "as" | "'s" => {
                    return true
                }
                "not" | "no" | "longer" | "also" | "still" | "now" | "once" | "never"
                | "already" | "formerly" | "previously" | "then" | "just" | "only" => {}
                _ => return false,
            }
        }
        false
    }

    /// An indefinite role phrase at `a` ("a high-ranking official in the security services"):
    /// returns (role noun index, last token index).
    fn role_phrase(&self, a: usize) -> Option<(usize, usize)> {
        let t = self.t;
        let mut r = None;
        for k in a + 1..(a + 6).min(t.len()) {
            if !t.is_word(k) || !t.same_sent(a, k) || is_reporting_verb(t.lc(k)) {
                break;
            }
            if is_role_noun(t.lc(k)) {
                r = Some(k);
                if !is_role_noun(t.lc(k + 1)) {
                    break;
                }
            } else if crate::tokens::is_stopword(t.lc(k)) {
                break;
            }
        }
        let r = r?;
        let mut end = r;
        // A prepositional phrase: "in the security services", "of the ministry".
        if matches!(t.lc(r + 1), "in" | "of" | "at" | "from" | "with" | "for") {
            let mut k = r + 2;
            let mut last = None;
            while k < t.len() && k < r + 7 && t.is_word(k) && !is_reporting_verb(t.lc(k)) {
                if !crate::tokens::is_stopword(t.lc(k)) {
                    last = Some(k);
                }
                k += 1;
            }
            if let Some(l) = last {
                end = l;
            }
        }
        Some((r, end))
    }

    /// Nearest candidate before `pos` (with role head `head` when given). Speakers of earlier
    /// quotes count as mentions at the end of their quote.
    fn nearest(&mut self, pos: usize, head: Option<&str>) -> Option<String> {
        self.build_candidates();
        let c = self.candidates.as_deref().unwrap_or(&[]);
        let k = c.partition_point(|x| x.pos < pos);
        let found = c[..k]
            .iter()
            .rev()
            .take(40)
            .find(|x| head.is_none() || x.head.as_deref() == head)
            .map(|x| (x.pos, x.text.clone()));
        if head.is_some() {
            return found.map(|f| f.1);
        }
        let k = self.speakers.partition_point(|x| x.0 < pos);
        let spoken = k.checked_sub(1).and_then(|k| self.speakers.get(k)).cloned();
        match (found, spoken) {
            (Some(f), Some(s)) => Some(if s.0 > f.0 { s.1 } else { f.1 }),
            (f, s) => f.or(s).map(|x| x.1),
        }
    }

    /// Resolves a speaker phrase (token range `a..=b`) for a quote opening at `quote_pos`.
    fn resolve(&mut self, a: usize, b: usize, quote_pos: usize) -> Option<String> {
        let t = self.t;
        if b < a || b >= t.len() {
            return None;
        }
        let span = t.span(a, b);
        if let Some(p) = self.per_inside(span) {
            return Some(p.slice(t.text).to_string());
        }
        let phrase = span.slice(t.text);
        if a == b && is_pronoun(t.lc(a)) {
            return Some(
                self.nearest(quote_pos, None)
                    .unwrap_or_else(|| phrase.to_string()),
            );
        }
        if matches!(t.lc(a), "the" | "this" | "that") && b > a {
            // Head: the last word before a preposition.
            let mut h = a + 1;
            while h < b && !matches!(t.lc(h + 1), "in" | "of" | "at" | "from" | "for" | "with") {
                h += 1;
            }
            let head = t.lc(h).to_string();
            if is_role_noun(&head) {
                if let Some(x) = self.nearest(quote_pos, Some(&head)) {
                    return Some(x);
                }
            }
            return Some(phrase.to_string());
        }
        // "analyst Jane Doe": the trailing capitalized run.
        if t.is_cap(b) {
            let mut s = b;
            while s > a && t.is_cap(s - 1) && t.is_word(s - 1) {
                s -= 1;
            }
            if s > a && !t.is_cap(s - 1) {
                return Some(t.span(s, b).slice(t.text).to_string());
            }
        }
        Some(phrase.to_string())
    }

    /// Valid speaker phrase tokens: words (any case), "'s", hyphens, abbreviations.
    fn phrase_token(&self, k: usize) -> bool {
        match self.t.kind(k) {
            Kind::Word => true,
            Kind::Punct => {
                matches!(self.t.s(k), "'s" | "’s" | "-")
                    || (self.t.s(k) == "&" && self.t.glued(k) && self.t.glued(k + 1))
            }
            // "24-year-old"
            Kind::Number => self.t.is_p(k + 1, '-') && self.t.glued(k + 1),
        }
    }

    /// A token that may stand in a subject before a reporting verb: a phrase token that is not
    /// a function word other than articles, possessives and a few prepositions.
    fn subject_token(&self, k: usize) -> bool {
        if !self.phrase_token(k) {
            return false;
        }
        if self.t.s(k) == "-" && !(self.t.glued(k) && self.t.glued(k + 1)) {
            return false;
        }
        let lc = self.t.lc(k);
        !crate::tokens::is_stopword(lc)
            || matches!(
                lc,
                "the"
                    | "a"
                    | "an"
                    | "of"
                    | "for"
                    | "at"
                    | "in"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "he"
                    | "she"
                    | "they"
                    | "one"
                    | "from"
                    | "on"
            )
    }

    /// Attribution after the closing mark at byte `close_end`.
    fn after(&mut self, close_end: usize, quote_pos: usize) -> Option<String> {
        let t = self.t;
        let mut k = t.at_or_after(close_end);
        let gap = self.text().get(close_end..t.toks.get(k)?.start)?;
        if gap.contains('\n') {
            return None;
        }
        while matches!(t.s(k), "," | "—" | "–" | "-") && !t.newline_after(k) {
            k += 1;
        }
        if k >= t.len() || !t.is_word(k) {
            return None;
        }
        let lc = t.lc(k);
        // 1. Verb first.
        if is_reporting_verb(lc) || (lc == "according" && t.lc(k + 1) == "to") {
            let a = if lc == "according" { k + 2 } else { k + 1 };
            let mut b = a;
            while b < t.len()
                && b < a + 12
                && self.phrase_token(b)
                && !(b > a && is_np_cut(t.lc(b)))
                && !(b > a && t.lc(b) == "in" && matches!(t.lc(b + 1), "a" | "an"))
                && !(b > a && t.newline_after(b - 1))
            {
                b += 1;
            }
            if b == a || is_np_cut(t.lc(a)) {
                return None;
            }
            return self.resolve(a, b - 1, quote_pos);
        }
        // 2. Subject first: up to 12 phrase tokens, then a reporting verb, or then an
        // apposition between commas and the verb ("Jane Doe, chief economist at X, said").
        let mut v = k;
        while v < t.len() && v < k + 12 && self.subject_token(v) && !is_reporting_verb(t.lc(v)) {
            if t.newline_after(v) {
                return None;
            }
            v += 1;
        }
        let mut subject_end = v;
        if v > k && t.is_p(v, ',') && t.is_cap(v - 1) {
            // Skip an apposition (up to 20 tokens) to a reporting verb.
            let mut w = v + 1;
            while w < t.len() && w < v + 22 && !t.newline_after(w - 1) {
                if is_reporting_verb(t.lc(w)) && t.is_p(w - 1, ',') {
                    break;
                }
                if matches!(t.s(w), "." | "\"" | "“" | "”" | ";" | "!" | "?") {
                    w = t.len();
                    break;
                }
                w += 1;
            }
            if w < t.len() && is_reporting_verb(t.lc(w)) {
                subject_end = v;
                v = w;
            }
        }
        // "Smith has said", "the firm had earlier told": auxiliaries and adverbs before the verb.
        while v > k && v < t.len() && is_aux(t.lc(v)) && is_reporting_verb(t.lc(v + 1)) {
            v += 1;
        }
        if v > k && v < t.len() && is_reporting_verb(t.lc(v)) {
            let mut v = subject_end;
            while v > k + 1 && is_aux(t.lc(v - 1)) {
                v -= 1;
            }
            let first = t.lc(k);
            let ok = t.is_cap(k)
                || (v > k && t.is_cap(v - 1))
                || is_pronoun(first)
                || matches!(first, "the" | "a" | "an" | "his" | "her" | "their" | "one");
            if ok {
                return self.resolve(k, v - 1, quote_pos);
            }
        }
        None
    }

    /// A reporting verb up to 25 tokens before token `k` in the same sentence and paragraph,
    /// with no other quotation mark between.
    fn verb_earlier_in_sentence(&self, k: usize) -> Option<usize> {
        let t = self.t;
        let lo = k.saturating_sub(25);
        let mut j = k;
        while j > lo {
            j -= 1;
            if !t.same_sent(j, k) || t.newline_after(j) || matches!(t.s(j), "\"" | "“" | "”") {
                return None;
            }
            if is_reporting_verb(t.lc(j)) {
                return Some(j);
            }
        }
        None
    }

    /// Attribution before the opening mark at byte `open`.
    fn before(&mut self, open: usize) -> Option<String> {
        let t = self.t;
        let first = t.at_or_after(open);
        if first == 0 {
            return None;
        }
        let mut k = first - 1;
        if t.newline_after(k) {
            return None;
        }
        let introduced = matches!(t.s(k), ":" | ",");
        if introduced {
            if k == 0 {
                return None;
            }
            k -= 1;
        }
        // "According to Smith, "
        // Look back up to 6 tokens for a reporting verb.
        let lo = k.saturating_sub(6);
        let mut v = None;
        let mut j = k;
        loop {
            if !t.same_sent(j, k) && !introduced {
                break;
            }
            if t.kind(j) == Kind::Punct && !matches!(t.s(j), "'s" | "’s" | "-" | ",") {
                break;
            }
            if t.lc(j) == "according" && t.lc(j + 1) == "to" && introduced {
                return self.resolve(j + 2, k, open);
            }
            if is_reporting_verb(t.lc(j)) {
                v = Some(j);
                break;
            }
            if j == lo || j == 0 {
                break;
            }
            j -= 1;
        }
        let v = match v {
            Some(v) if introduced || v == k => v,
            // A partial quote inside reported speech: "X said it would ... "quote"".
            _ => self.verb_earlier_in_sentence(first.saturating_sub(1))?,
        };
        // Subject: phrase tokens before the verb, auxiliaries ("has said") left out.
        let mut v = v;
        while v > 0 && is_aux(t.lc(v - 1)) {
            v -= 1;
        }
        let mut a = v;
        while a > 0 && a + 6 > v && self.subject_token(a - 1) && !t.newline_after(a - 1) {
            let lc = t.lc(a - 1);
            if matches!(lc, "and" | "but" | "that" | "which" | "who" | "then" | "so") {
                break;
            }
            a -= 1;
            if t.toks[a].sent_start {
                break;
            }
        }
        if a == v {
            return None;
        }
        self.resolve(a, v - 1, open)
    }
}

/// Finds quotations and attributes them. `entities` are the document's entities in order.
pub(crate) fn find(t: &Tokens<'_>, entities: &[Entity]) -> Vec<Quote> {
    let text = t.text;
    let mut raws = scan(text);
    if text.contains('\u{2018}') {
        let singles = scan_single(text, &raws);
        raws.extend(singles);
        raws.sort_by_key(|r| r.open);
    }
    if raws.is_empty() {
        return Vec::new();
    }
    let per: Vec<Span> = entities
        .iter()
        .filter(|e| e.label == EntityLabel::PER)
        .map(|e| e.span)
        .collect();
    let quotes: Vec<Span> = raws
        .iter()
        .map(|r| Span::new(r.open, r.close_end))
        .collect();
    let mut ctx = Ctx {
        t,
        per,
        quotes,
        candidates: None,
        speakers: Vec::new(),
    };
    let mut out: Vec<Quote> = Vec::new();
    let mut prev: Option<(usize, Option<String>)> = None; // (close_end, speaker)
    for r in &raws {
        // Trim the content.
        let content = text.get(r.cs..r.ce).unwrap_or("");
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        let ends_punct = trimmed.ends_with(['.', '?', '!', ',', '…']);
        let trimmed = trimmed.trim_end_matches(',').trim_end();
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(r.cs + lead, r.cs + lead + trimmed.len());
        let mut speaker = ctx
            .after(r.close_end, r.open)
            .or_else(|| ctx.before(r.open));
        if speaker.is_none() {
            if let Some((pend, ps)) = &prev {
                let between = text.get(*pend..r.open).unwrap_or("\n");
                if !between.contains('\n') {
                    speaker = ps.clone();
                }
            }
        }
        let words = {
            let a = t.at_or_after(span.start);
            let b = t.at_or_after(span.end);
            (a..b).filter(|&k| t.is_word(k)).count()
        };
        prev = Some((r.close_end, speaker.clone()));
        if let Some(sp) = &speaker {
            ctx.speakers.push((r.close_end, sp.clone()));
        }
        if speaker.is_none() && words < 5 && !(ends_punct && words >= 2) {
            continue;
        }
        out.push(Quote { span, speaker });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_byte_search_matches_a_byte_loop() {
        let want = |b: &[u8], i: usize| {
            (i..b.len())
                .find(|&k| matches!(b[k], b'\n' | b'"' | 0xE2 | 0xC2))
                .unwrap_or(b.len().max(i))
        };
        for text in [
            "",
            "plain text without marks at all, long enough for chunks",
            "\"q\"",
            "abcdefgh\nijklmnop“x” «y» é — ’",
            "0123456\"0123456\u{201C}",
        ] {
            let b = text.as_bytes();
            for i in 0..=b.len() + 2 {
                assert_eq!(next_mark_byte(b, i), want(b, i), "{text:?} from {i}");
            }
        }
        for v in 0..=255u8 {
            let mut b = [b'x'; 11];
            b[9] = v;
            assert_eq!(next_mark_byte(&b, 0), want(&b, 0), "{v:#x}");
        }
    }

    fn quotes(text: &str, per: &[&str]) -> Vec<(String, Option<String>)> {
        let mut ents = Vec::new();
        for p in per {
            let mut from = 0;
            while let Some(k) = text[from..].find(p) {
                let s = from + k;
                ents.push(Entity {
                    span: Span::new(s, s + p.len()),
                    label: EntityLabel::PER,
                });
                from = s + p.len();
            }
        }
        ents.sort_by_key(|e| e.span);
        let t = Tokens::new(text, &[Span::new(0, text.len())]);
        find(&t, &ents)
            .into_iter()
            .map(|q| (q.span.slice(text).to_string(), q.speaker))
            .collect()
    }

    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn verb_first_attribution() {
        let v = quotes(
            "\"We will rebuild the bridge by spring,\" said Maria Lopez, the town's mayor.",
            &["Maria Lopez"],
        );
        assert_eq!(
            v,
            vec![(
                "We will rebuild the bridge by spring".into(),
                s("Maria Lopez")
            )]
        );
        let v = quotes(
            "\"Nobody was told in advance,\" said a senior adviser to the cabinet, speaking on condition of anonymity.",
            &[],
        );
        assert_eq!(v[0].1, s("a senior adviser to the cabinet"));
        // Role word before the name, no entities: the capitalized run.
        let v = quotes(
            "\"Prices will fall,\" said Leeds-based trader John Bell.",
            &[],
        );
        assert_eq!(v[0].1, s("John Bell"));
    }

    #[test]
    fn subject_first_and_pronouns() {
        let text = "Tom Reed, a retired engineer, spent weeks on the design.\n\n\"It was the hardest job of my life,\" he said. \"I would do it again.\"";
        let v = quotes(text, &["Tom Reed"]);
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0],
            ("It was the hardest job of my life".into(), s("Tom Reed"))
        );
        // The second quote in the paragraph inherits the speaker.
        assert_eq!(v[1], ("I would do it again.".into(), s("Tom Reed")));
    }

    #[test]
    fn single_typographic_quotes() {
        let v = quotes(
            "‘It was a disaster for the town,’ said John Smith. The players’ union agreed.",
            &["John Smith"],
        );
        assert_eq!(
            v,
            vec![("It was a disaster for the town".into(), s("John Smith"))]
        );
        // A plural possessive inside the quote does not close it.
        let v = quotes(
            "Ana Diaz said: ‘The players’ union will strike on Monday.’",
            &["Ana Diaz"],
        );
        assert_eq!(
            v,
            vec![(
                "The players’ union will strike on Monday.".into(),
                s("Ana Diaz")
            )]
        );
        // Apostrophes alone make no quote; single marks inside double quotes are part of it.
        assert!(quotes("It’s the town’s best year since the ’90s.", &[]).is_empty());
        let v = quotes(
            "\"He told me ‘never again’ and left the room,\" said Ana Diaz.",
            &["Ana Diaz"],
        );
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1, s("Ana Diaz"));
    }

    #[test]
    fn who_was_told_is_not_the_next_speaker() {
        let text = "\"Growth will slow,\" Jane Doe, an economist at Acme, told Tom Reed. \"The impact will be large,\" she said.";
        let v = quotes(text, &["Jane Doe", "Tom Reed"]);
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].1, s("Jane Doe"));
    }

    #[test]
    fn predicate_roles_are_not_people() {
        // "a member of the board" describes Tom Reed; "he" is Tom Reed, not the phrase.
        let text = "Tom Reed said on Monday that he was no longer a member of the board.\n\n\"It is over for me,\" he said.";
        let v = quotes(text, &["Tom Reed"]);
        assert_eq!(v[0].1, s("Tom Reed"));
        // A role phrase that introduces someone still counts.
        let text = "A local resident watched the fire.\n\n\"I lost everything,\" she said.";
        assert_eq!(quotes(text, &[])[0].1, s("A local resident"));
    }

    #[test]
    fn role_resolves_to_indefinite_mention() {
        let text = "A senior official in the finance ministry said talks had stalled.\n\n\"We see no progress at all this week,\" the official said.";
        let v = quotes(text, &[]);
        assert_eq!(v[0].1, s("A senior official in the finance ministry"));
        // A pronoun goes to the nearest person mention.
        let text = "A local farmer, reached by phone, said the river was rising.\n\n\"We moved the animals to the hills,\" she said.";
        let v = quotes(text, &[]);
        assert_eq!(v[0].1, s("A local farmer"));
    }

    #[test]
    fn colon_introduction_and_typographic_marks() {
        let v = quotes("The minister said: “The border stays closed for now.”", &[]);
        assert_eq!(
            v,
            vec![("The border stays closed for now.".into(), s("The minister"))]
        );
        let v = quotes(
            "According to Ann Lee, \"the plan is dead in the water.\"",
            &["Ann Lee"],
        );
        assert_eq!(v[0].1, s("Ann Lee"));
    }

    #[test]
    fn multi_paragraph_quote_is_one_span() {
        let text = "\"The first part ends here.\n\n\"The second part goes on,\" said Bo Lind.";
        let v = quotes(text, &["Bo Lind"]);
        assert_eq!(v.len(), 1);
        assert!(v[0].0.starts_with("The first part"));
        assert!(v[0].0.ends_with("goes on"));
        assert_eq!(v[0].1, s("Bo Lind"));
    }

    #[test]
    fn broken_paragraph_keeps_the_quote() {
        let text = "\"Rules were ignored for years when they\n\nshould have been enforced,\" said Kim Park.";
        let v = quotes(text, &["Kim Park"]);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1, s("Kim Park"));
    }

    #[test]
    fn apposition_and_partial_quotes() {
        let v = quotes(
            "\"Demand will stay weak for months,\" Lena Ortiz, chief economist at North Bank, said.",
            &["Lena Ortiz"],
        );
        assert_eq!(v[0].1, s("Lena Ortiz"));
        let v = quotes(
            "\"Prices will rise,\" market trader Omar Haddad, told local radio.",
            &["Omar Haddad"],
        );
        assert_eq!(v[0].1, s("Omar Haddad"));
        let v = quotes(
            "Ferro Motors said it expects to meet its targets \"despite a very tough year\".",
            &[],
        );
        assert_eq!(v[0].1, s("Ferro Motors"));
        let v = quotes(
            "Ferro Motors has said it sees \"no legal basis at all\".",
            &[],
        );
        assert_eq!(v[0].1, s("Ferro Motors"));
        // A clause after the quote is no subject.
        let v = quotes(
            "He saw \"no sign of change\" the rebels were ready to talk - though he admitted it.",
            &[],
        );
        assert_ne!(
            v.first().and_then(|q| q.1.clone()),
            s("the rebels were ready to talk - though he")
        );
    }

    #[test]
    fn scare_quotes_and_unbalanced_marks() {
        assert!(quotes("The so-called \"peace dividend\" never came.", &[]).is_empty());
        // An unterminated quote at a paragraph end is dropped.
        assert!(quotes("He wrote \"this never ends.\n\nNext paragraph here.", &[]).is_empty());
        assert!(quotes("\"", &[]).is_empty());
        assert!(quotes("\"\"", &[]).is_empty());
        assert!(quotes("", &[]).is_empty());
        // An unattributed long quote is kept without speaker.
        let v = quotes("\"This is a long enough quotation to keep.\"", &[]);
        assert_eq!(
            v,
            vec![("This is a long enough quotation to keep.".into(), None)]
        );
    }
}
