//! [`Clean`]: the runtime `clean` stage. [`Clean::clean`] does the work on a string and is
//! usable without a pipeline; [`Stage::process`] applies it to a [`Document`].

use crate::boilerplate::Boilerplate;
use crate::config::CleanConfig;
use crate::date::parse_date;
use crate::header;
use crate::html::{decode_entities, looks_like_html, strip_tags};
use crate::layout::{join_block, join_paragraphs, LayoutCounts, LayoutOptions};
use crate::markdown::{classify, strip_inline, LineKind};
use crate::mojibake::fix_mojibake;
use crate::unicode::{clean_chars, normalize, CharOptions};
use std::borrow::Cow;
use textpipe_core::{fields, Document, Metadata, Stage, StageError};

/// What [`Clean::clean`] did, for the run statistics.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CleanCounts {
    /// Boilerplate lines removed (including `Original url:` footers).
    pub boilerplate_lines: u64,
    /// Mojibake sequences repaired.
    pub mojibake_fixes: u64,
    /// HTML tags removed.
    pub html_tags: u64,
    /// HTML entities decoded.
    pub entities: u64,
    /// Control, zero-width and format characters removed.
    pub control_chars: u64,
    /// Header lines lifted into metadata.
    pub header_lines: u64,
    /// Line breaks removed inside paragraphs.
    pub joined_lines: u64,
    /// Words re-joined across a line-end hyphen.
    pub dehyphenated: u64,
    /// Paragraphs broken mid-sentence joined.
    pub joined_paragraphs: u64,
}

impl std::ops::AddAssign for CleanCounts {
    /// Adds another pass's counts (a text cleaned again until it is stable).
    fn add_assign(&mut self, n: CleanCounts) {
        self.boilerplate_lines += n.boilerplate_lines;
        self.mojibake_fixes += n.mojibake_fixes;
        self.html_tags += n.html_tags;
        self.entities += n.entities;
        self.control_chars += n.control_chars;
        self.header_lines += n.header_lines;
        self.joined_lines += n.joined_lines;
        self.dehyphenated += n.dehyphenated;
        self.joined_paragraphs += n.joined_paragraphs;
    }
}

/// The result of cleaning one text.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cleaned {
    /// The cleaned text: paragraphs separated by one blank line, no leading or trailing
    /// whitespace.
    pub text: String,
    /// Metadata found in the text (fields not found are `None`).
    pub meta: Metadata,
    /// News agency named in the dateline ("Reuters" in "LONDON (Reuters) -").
    pub agency: Option<String>,
    /// Metadata from an HTML page's head and markup (`<h1>`/`<title>`, `<time datetime>`,
    /// canonical link, site name): a fallback for fields neither the text nor the input record
    /// provide.
    pub page: Metadata,
    /// What was done.
    pub counts: CleanCounts,
}

/// The `clean` stage. Build it from a [`CleanConfig`].
#[derive(Debug, Clone)]
pub struct Clean {
    config: CleanConfig,
    boilerplate: Boilerplate,
    layout: LayoutOptions,
    chars: CharOptions,
}

impl Default for Clean {
    fn default() -> Self {
        Clean::new(CleanConfig::default())
    }
}

/// Trims and (optionally) collapses runs of whitespace.
fn tidy(line: &str, collapse: bool) -> Cow<'_, str> {
    let t = line.trim();
    if !collapse
        || (!crate::scan::has_double_space(t.as_bytes())
            && memchr::memchr(b'\t', t.as_bytes()).is_none())
    {
        return Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    for w in t.split([' ', '\t']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    Cow::Owned(out)
}

/// Block marker and inline Markdown removed from one line, repeated until stable (removing
/// emphasis can expose a marker: `_>quote_`).
fn markdown_line(line: &str, collapse: bool) -> (LineKind, Cow<'_, str>) {
    let mut cur: Cow<'_, str> = Cow::Borrowed(line);
    let mut kind = LineKind::Text;
    // Each changing round shortens the line; the cap only bounds hostile input.
    for _ in 0..64 {
        let (k, body) = classify(&cur);
        if k != LineKind::Text {
            kind = k;
        }
        if k == LineKind::Drop {
            return (k, Cow::Borrowed(""));
        }
        let stripped = strip_inline(&body);
        let next = tidy(&stripped, collapse);
        if next == cur {
            break;
        }
        cur = Cow::Owned(next.into_owned());
    }
    (kind, cur)
}

impl Clean {
    /// A stage with these settings (assumed validated: `StageConfig::validate` on [`CleanConfig`]).
    pub fn new(config: CleanConfig) -> Self {
        let boilerplate = Boilerplate::new(
            config.builtin_boilerplate,
            &config.boilerplate_lines,
            &config.boilerplate_prefixes,
        );
        let layout = LayoutOptions {
            join_wrapped: config.join_wrapped_lines,
            join_broken_paragraphs: config.join_broken_paragraphs,
            dehyphenate: config.dehyphenate,
            short_line: config.short_line.max(1),
        };
        let chars = CharOptions {
            remove_control: config.remove_control,
            normalize_spaces: config.normalize_spaces,
            straighten_quotes: config.straighten_quotes,
            fix_ligatures: config.fix_ligatures,
            fix_width: config.fix_width,
        };
        Clean {
            config,
            boilerplate,
            layout,
            chars,
        }
    }

    /// The settings.
    pub fn config(&self) -> &CleanConfig {
        &self.config
    }

    /// Tries the header matchers on a line at the top of the article; records what it finds
    /// (the first value of each field wins) and says whether the line is a header line.
    fn header_line(&self, line: &str, meta: &mut Metadata) -> bool {
        if line.starts_with("# ") {
            if let Some(t) = header::title_line(line) {
                if meta.title.is_none() {
                    meta.title = Some(t);
                    return true;
                }
                return false;
            }
        }
        if let Some(d) = header::date_line(line) {
            meta.date.get_or_insert(d);
            return true;
        }
        if let Some(s) = header::source_line(line) {
            meta.source.get_or_insert(s);
            return true;
        }
        if let Some(u) = header::url_line(line) {
            meta.url.get_or_insert(u);
            return true;
        }
        false
    }

    /// Cleans `input`. Never panics; the result is a fixed point (`clean(clean(x).text).text
    /// == clean(x).text`).
    pub fn clean(&self, input: &str) -> Cleaned {
        let mut out = self.clean_once(input);
        // Removing markup can bring together what an earlier step would have handled
        // (`_Â_®` becomes the mojibake `Â®`): in that rare case, run again.
        // Each rerun that changes anything removes markup, so this settles quickly (real
        // documents: never or once); the cap only bounds hostile input.
        for _ in 0..64 {
            if !self.needs_rerun(&out.text) {
                break;
            }
            let again = self.clean_once(&out.text);
            if again.text == out.text {
                break;
            }
            let m = &mut out.meta;
            let a = again.meta;
            m.title = m.title.take().or(a.title);
            m.date = m.date.take().or(a.date);
            m.source = m.source.take().or(a.source);
            m.url = m.url.take().or(a.url);
            m.dateline = a.dateline;
            let (p, q) = (&mut out.page, again.page);
            p.title = p.title.take().or(q.title);
            p.date = p.date.take().or(q.date);
            p.source = p.source.take().or(q.source);
            p.url = p.url.take().or(q.url);
            out.agency = again.agency;
            out.text = again.text;
            out.counts += again.counts;
        }
        out
    }

    /// Whether HTML entities in `text` are decoded: per `decode_entities`, except that with
    /// `keep_layout` and tags kept, text holding a `<` may be HTML on purpose and keeps its
    /// entities (ftfy's "auto" rule).
    fn decodes_entities(&self, text: &str) -> bool {
        let cfg = &self.config;
        cfg.decode_entities && !(cfg.keep_layout && !cfg.strip_html && text.contains('<'))
    }

    /// Would an early step find work in `text`? Cheap checks on the output.
    fn needs_rerun(&self, text: &str) -> bool {
        let cfg = &self.config;
        (cfg.fix_mojibake && fix_mojibake(text).is_some())
            || (cfg.strip_html && looks_like_html(text))
            || (self.decodes_entities(text) && decode_entities(text).is_some())
            || (cfg.strip_markdown
                && !cfg.keep_layout
                && text.split('\n').any(|l| {
                    let (kind, body) = markdown_line(l, cfg.collapse_whitespace);
                    kind == LineKind::Drop || body != l
                }))
    }

    /// One cleaning pass over `input`, step by step (each step is a method below).
    fn clean_once(&self, input: &str) -> Cleaned {
        let cfg = &self.config;
        let mut out = Cleaned::default();
        let (text, html_meta) = self.strip_markup(Cow::Borrowed(input), &mut out.counts);
        let text = self.repair_chars(text, &mut out.counts);
        if cfg.keep_layout {
            out.page = html_meta;
            out.text = text.into_owned();
            return out;
        }
        let mut layout_counts = LayoutCounts::default();
        let mut paras = self.paragraphs(&text, &mut out, &mut layout_counts);
        self.settle(&mut paras, &mut out, &mut layout_counts);
        out.counts.joined_lines = layout_counts.joined_lines;
        out.counts.dehyphenated = layout_counts.dehyphenated;
        out.counts.joined_paragraphs = layout_counts.joined_paragraphs;

        // 5. Dateline, output, final normalization (joins can put a combining mark after a
        // base character).
        if cfg.extract_dateline {
            if let Some((place, agency)) = self.find_dateline(&paras) {
                out.meta.dateline = Some(place);
                out.agency = agency;
            }
        }
        out.page = html_meta;
        let mut s = String::with_capacity(input.len());
        for (i, para) in paras.iter().enumerate() {
            if i > 0 {
                s.push_str("\n\n");
            }
            for (j, line) in para.iter().enumerate() {
                if j > 0 {
                    s.push('\n');
                }
                s.push_str(line);
            }
        }
        if let Some(t) = normalize(&s, cfg.normalization) {
            s = t;
        }
        out.text = s;
        out
    }

    /// Step 1: HTML and entities, until neither finds anything (decoded entities can form
    /// tags). Returns the text and the page metadata of the first stripped HTML.
    fn strip_markup<'a>(
        &self,
        mut text: Cow<'a, str>,
        counts: &mut CleanCounts,
    ) -> (Cow<'a, str>, Metadata) {
        let cfg = &self.config;
        let mut html_meta = Metadata::default();
        let decode = self.decodes_entities(&text);
        if !(cfg.strip_html || decode) {
            return (text, html_meta);
        }
        for _ in 0..4 {
            let mut changed = false;
            if cfg.strip_html && looks_like_html(&text) {
                let s = strip_tags(&text);
                if s.tags > 0 {
                    changed = true;
                    counts.html_tags += s.tags;
                    if html_meta.title.is_none() {
                        html_meta = Metadata {
                            title: s.title,
                            date: s.date.and_then(|d| parse_date(&d)),
                            source: s.source,
                            url: s.url,
                            dateline: None,
                        };
                    }
                    text = Cow::Owned(s.text);
                }
            }
            if decode {
                while let Some((t, n)) = decode_entities(&text) {
                    counts.entities += n;
                    text = Cow::Owned(t);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        (text, html_meta)
    }

    /// Step 2: encoding repair, then characters, then normalization.
    fn repair_chars<'a>(&self, mut text: Cow<'a, str>, counts: &mut CleanCounts) -> Cow<'a, str> {
        let cfg = &self.config;
        if cfg.fix_mojibake {
            if let Some((t, n)) = fix_mojibake(&text) {
                counts.mojibake_fixes += n as u64;
                text = Cow::Owned(t);
            }
        }
        if let Some((t, removed)) = clean_chars(&text, self.chars) {
            counts.control_chars += removed;
            text = Cow::Owned(t);
        }
        if let Some(t) = normalize(&text, cfg.normalization) {
            text = Cow::Owned(t);
        }
        text
    }

    /// Step 3: lines (header, footer, boilerplate, Markdown) into blocks between blank lines,
    /// each block's lines joined per the layout rules.
    fn paragraphs(
        &self,
        text: &str,
        out: &mut Cleaned,
        layout_counts: &mut LayoutCounts,
    ) -> Vec<Vec<String>> {
        let collapse = self.config.collapse_whitespace;
        let mut in_header = self.config.extract_header;
        let mut paras: Vec<Vec<String>> = Vec::new();
        let mut block: Vec<String> = Vec::new();
        let flush =
            |block: &mut Vec<String>, paras: &mut Vec<Vec<String>>, lc: &mut LayoutCounts| {
                if !block.is_empty() {
                    paras.push(join_block(std::mem::take(block), &self.layout, lc));
                }
            };
        let mut prev_indented = false;
        for raw in text.split('\n') {
            let line = tidy(raw, collapse);
            if line.is_empty() {
                flush(&mut block, &mut paras, layout_counts);
                prev_indented = false;
                continue;
            }
            // Wire copy marks a new paragraph by indenting its first line only.
            let indented = raw.starts_with("  ") || raw.starts_with('\t');
            if indented && !prev_indented {
                flush(&mut block, &mut paras, layout_counts);
            }
            prev_indented = indented;
            let Some((kind, body)) = self.keep_line(&line, in_header, out) else {
                continue;
            };
            in_header = false;
            if kind == LineKind::Heading {
                flush(&mut block, &mut paras, layout_counts);
                paras.push(vec![body]);
            } else {
                block.push(body);
            }
        }
        flush(&mut block, &mut paras, layout_counts);
        paras
    }

    /// One tidied line of step 3: `None` when it is consumed (a header line lifted into
    /// metadata, an address or boilerplate line, dropped markup, nothing left), else its kind
    /// and its text with the markup removed.
    fn keep_line(
        &self,
        line: &str,
        in_header: bool,
        out: &mut Cleaned,
    ) -> Option<(LineKind, String)> {
        let cfg = &self.config;
        let collapse = cfg.collapse_whitespace;
        let (counts, meta) = (&mut out.counts, &mut out.meta);
        if in_header && self.header_line(line, meta) {
            counts.header_lines += 1;
            return None;
        }
        if self.address_or_boilerplate(line, counts, meta) {
            return None;
        }
        let (kind, body) = if cfg.strip_markdown {
            markdown_line(line, collapse)
        } else {
            (LineKind::Text, Cow::Borrowed(line))
        };
        if kind == LineKind::Drop {
            return None;
        }
        let mut body = tidy(&body, collapse).into_owned();
        if body != line {
            // Removed markup can bring a combining mark next to its letter.
            if let Some(n) = normalize(&body, cfg.normalization) {
                body = n;
            }
        }
        if body.is_empty() {
            return None;
        }
        if in_header && self.header_line(&body, meta) {
            counts.header_lines += 1;
            return None;
        }
        // Markup removal can reveal a boilerplate or address line (`# Advertisement`).
        if body != line && self.address_or_boilerplate(&body, counts, meta) {
            return None;
        }
        Some((kind, body))
    }

    /// True (and counted) when `line` is an `Original url:` line (its URL goes into the
    /// metadata) or boilerplate, per the config.
    fn address_or_boilerplate(
        &self,
        line: &str,
        counts: &mut CleanCounts,
        meta: &mut Metadata,
    ) -> bool {
        let cfg = &self.config;
        if cfg.extract_header {
            if let Some(u) = header::url_line(line) {
                meta.url.get_or_insert(u);
                counts.boilerplate_lines += 1;
                return true;
            }
        }
        if cfg.remove_boilerplate && self.boilerplate.matches(line) {
            counts.boilerplate_lines += 1;
            return true;
        }
        false
    }

    /// Step 4. Settle: inline markup across joined lines, boilerplate, broken paragraphs, and
    /// header lines that only now open the text, until nothing changes.
    fn settle(
        &self,
        paras: &mut Vec<Vec<String>>,
        out: &mut Cleaned,
        layout_counts: &mut LayoutCounts,
    ) {
        let cfg = &self.config;
        for round in 0..8 {
            let mut changed = false;
            // Lines come out of the first loop already free of inline markup; only lines
            // joined since then need another look.
            let joins = layout_counts.joined_lines + layout_counts.joined_paragraphs;
            let recheck = round > 0 || joins > 0;
            for para in paras.iter_mut() {
                if self.settle_paragraph(para, recheck, &mut out.counts, layout_counts) {
                    changed = true;
                }
            }
            paras.retain(|p| !p.is_empty());
            if cfg.extract_header && self.leading_header_lines(paras, out) {
                changed = true;
            }
            if join_paragraphs(paras, &self.layout, layout_counts) {
                changed = true;
            }
            if !changed {
                break;
            }
        }
    }

    /// One paragraph of a settling round (`recheck`: lines may have been joined since step 3):
    /// markup and boilerplate formed by joined lines go, and changed lines are joined again.
    /// True when the paragraph changed.
    fn settle_paragraph(
        &self,
        para: &mut Vec<String>,
        recheck: bool,
        counts: &mut CleanCounts,
        layout_counts: &mut LayoutCounts,
    ) -> bool {
        let cfg = &self.config;
        let mut para_changed = false;
        if cfg.strip_markdown && recheck {
            for line in para.iter_mut() {
                // Joined lines can form markup a line alone did not have.
                let (kind, body) = markdown_line(line, cfg.collapse_whitespace);
                let new = if kind == LineKind::Drop {
                    String::new()
                } else {
                    normalize(&body, cfg.normalization).unwrap_or_else(|| body.into_owned())
                };
                if new != *line {
                    *line = new;
                    para_changed = true;
                }
            }
        }
        if (cfg.remove_boilerplate || cfg.extract_header) && recheck {
            let before = para.len();
            para.retain(|l| {
                let bp = cfg.remove_boilerplate && self.boilerplate.matches(l);
                let url = cfg.extract_header && header::url_line(l).is_some();
                !(l.is_empty() || bp || url)
            });
            if para.len() != before {
                counts.boilerplate_lines += (before - para.len()) as u64;
                para_changed = true;
            }
        } else {
            para.retain(|l| !l.is_empty());
        }
        if para_changed {
            // Changed or removed lines can let their neighbours join.
            *para = join_block(std::mem::take(para), &self.layout, layout_counts);
        }
        para_changed
    }

    /// Lifts header lines that now open the text into the metadata; true when any did.
    fn leading_header_lines(&self, paras: &mut Vec<Vec<String>>, out: &mut Cleaned) -> bool {
        let mut changed = false;
        while let Some(first) = paras.first_mut() {
            let Some(line) = first.first() else { break };
            if !self.header_line(line, &mut out.meta) {
                break;
            }
            out.counts.header_lines += 1;
            first.remove(0);
            if first.is_empty() {
                paras.remove(0);
            }
            changed = true;
        }
        changed
    }

    /// The dateline (place, agency) the body opens with, possibly after a byline or a short
    /// standfirst line: the first lines are looked at until a full paragraph.
    fn find_dateline(&self, paras: &[Vec<String>]) -> Option<(String, Option<String>)> {
        paras
            .iter()
            .flat_map(|p| p.iter())
            .take(3)
            .scan(false, |done, l| {
                if *done {
                    return None;
                }
                *done = l.chars().count() >= 2 * self.layout.short_line;
                Some(l)
            })
            .find_map(|l| header::dateline(l))
    }
}

/// The fields the clean stage provides whatever its settings: the text and the header
/// metadata. Shared by the stage and its config (which declares them without building).
pub(crate) const PROVIDES: &[&str] = &[
    fields::TEXT,
    fields::TITLE,
    fields::DATE,
    fields::SOURCE,
    fields::URL,
    fields::DATELINE,
];

impl Stage for Clean {
    fn name(&self) -> &str {
        "clean"
    }

    fn provides(&self) -> Vec<String> {
        PROVIDES.iter().map(|s| s.to_string()).collect()
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let c = self.clean(&doc.text);
        doc.text = c.text;
        let found = c.meta;
        let page = c.page;
        // The article's own header wins, then the input record, then the page's head.
        if found.title.is_some() {
            doc.meta.title = found.title;
        } else if doc.meta.title.is_none() {
            doc.meta.title = page.title;
        }
        match found.date {
            Some(d) => doc.meta.date = Some(d),
            None if self.config.normalize_date && doc.meta.date.is_some() => {
                if let Some(iso) = doc.meta.date.as_deref().and_then(parse_date) {
                    doc.meta.date = Some(iso);
                }
            }
            None if doc.meta.date.is_none() => doc.meta.date = page.date,
            None => {}
        }
        if found.source.is_some() {
            doc.meta.source = found.source;
        } else if doc.meta.source.is_none() {
            doc.meta.source = page.source.or(c.agency);
        }
        if found.url.is_some() {
            doc.meta.url = found.url;
        } else if doc.meta.url.is_none() {
            doc.meta.url = page.url;
        }
        if found.dateline.is_some() {
            doc.meta.dateline = found.dateline;
        }
        let n = c.counts;
        for (name, v) in [
            ("boilerplate_lines", n.boilerplate_lines),
            ("mojibake_fixes", n.mojibake_fixes),
            ("html_tags", n.html_tags),
            ("entities", n.entities),
            ("control_chars", n.control_chars),
            ("header_lines", n.header_lines),
            ("joined_lines", n.joined_lines),
            ("dehyphenated", n.dehyphenated),
            ("joined_paragraphs", n.joined_paragraphs),
        ] {
            if v > 0 {
                doc.count(name, v);
            }
        }
        Ok(())
    }
}
