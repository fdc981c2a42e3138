//! HTML stripping and entity decoding.
//!
//! A small hand-written scanner rather than a DOM parser: news fragments are tag soup, and the
//! stage only needs the text with block structure turned into line and paragraph breaks.
//! Only *known* HTML element names are treated as tags, and only in text with clear evidence of
//! HTML (a closing tag, `<br>`, `<p>`, a comment), so Reuters tickers such as `<BP>` or a
//! comparison `a < b` survive.

use memchr::{memchr, memmem};

/// Elements whose whole content is dropped: scripts, styles and page chrome.
const DROP_CONTENT: &[&str] = &[
    "aside", "button", "canvas", "footer", "form", "head", "header", "iframe", "nav", "noscript",
    "object", "script", "select", "style", "svg", "template", "textarea",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "hr",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Elements removed without a break.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "base", "big", "body", "caption", "cite", "code", "col", "colgroup", "del",
    "em", "font", "html", "i", "img", "input", "ins", "kbd", "label", "link", "mark", "meta", "q",
    "s", "small", "span", "strike", "strong", "sub", "sup", "tbody", "tfoot", "thead", "time", "u",
    "var", "wbr",
];

/// Other known elements, each handled on its own.
const OTHER: &[&str] = &[
    "br", "li", "td", "th", "title", "h1", "h2", "h3", "h4", "h5", "h6", "time",
];

/// Result of [`strip_tags`].
#[derive(Debug, Default)]
pub struct Stripped {
    /// The text with tags removed and blocks turned into breaks.
    pub text: String,
    /// Number of tags removed.
    pub tags: u64,
    /// The headline: the first `<h1>` (often inside a dropped `<header>`), else `<title>`.
    pub title: Option<String>,
    /// Publication date from `<time datetime>` or `<meta property="article:published_time">`,
    /// as written.
    pub date: Option<String>,
    /// Canonical address from `<link rel="canonical">` or `<meta property="og:url">`.
    pub url: Option<String>,
    /// Site name from `<meta property="og:site_name">`.
    pub source: Option<String>,
}

/// True when `text` shows clear evidence of HTML markup.
pub fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    if memchr(b'<', b).is_none() {
        return false;
    }
    let mut pos = 0;
    while let Some(off) = memchr(b'<', &b[pos..]) {
        let i = pos + off;
        let rest = &b[i + 1..];
        if rest.starts_with(b"!--")
            || rest.starts_with(b"!DOCTYPE")
            || rest.starts_with(b"!doctype")
        {
            return true;
        }
        if let Some((name, closing)) = tag_name(rest) {
            // An opening tag alone proves little (`<P>` is a Reuters ticker); a closing tag,
            // a line break or an attribute does.
            let end = tag_end(b, i);
            if (closing && end.is_some())
                || (name == "br" && end.is_some())
                || end.is_some_and(|e| b[i..e].contains(&b'='))
            {
                return true;
            }
        }
        pos = i + 1;
    }
    false
}

/// The lower-cased known element name after `<` (and whether it is a closing tag).
fn tag_name(rest: &[u8]) -> Option<(&'static str, bool)> {
    let (closing, rest) = match rest.first() {
        Some(b'/') => (true, &rest[1..]),
        _ => (false, rest),
    };
    let len = rest
        .iter()
        .take(11)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if len == 0 || len > 10 || !rest[0].is_ascii_alphabetic() {
        return None;
    }
    match rest.get(len) {
        None => return None,
        Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => {}
        Some(_) => return None,
    }
    let mut buf = [0u8; 10];
    for (d, s) in buf.iter_mut().zip(&rest[..len]) {
        *d = s.to_ascii_lowercase();
    }
    let name = &buf[..len];
    DROP_CONTENT
        .iter()
        .chain(BLOCK)
        .chain(INLINE)
        .chain(OTHER)
        .find(|k| k.as_bytes() == name)
        .map(|k| (*k, closing))
}

/// Index one past the `>` closing the tag that starts at `start`, honouring quoted attribute
/// values; `None` when there is none within 2000 bytes or a newline pair intervenes.
fn tag_end(b: &[u8], start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let limit = (start + 2000).min(b.len());
    let mut i = start + 1;
    while i < limit {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return Some(i + 1),
            None if c == b'<' => return None,
            None => {}
        }
        i += 1;
    }
    None
}

/// After the name, a tag holds nothing, `/`, or attributes with at least one `=`: this keeps
/// `<Li Ka-shing Foundations Ltd>` (a Reuters company name) as text.
fn attributes_plausible(tag: &[u8], name_end: usize) -> bool {
    let inner = &tag[name_end.min(tag.len())..tag.len().saturating_sub(1)];
    let rest: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'/')
        .collect();
    rest.is_empty() || rest.contains(&b'=')
}

/// Finds `</name` (ASCII case-insensitive) from `from`; returns the index after its `>`.
fn find_close(b: &[u8], from: usize, name: &str) -> Option<(usize, usize)> {
    let mut pos = from;
    while let Some(off) = memmem::find(&b[pos..], b"</") {
        let i = pos + off;
        let rest = &b[i + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            let after = i + 2 + name.len();
            let end = memchr(b'>', &b[after..]).map_or(b.len(), |o| after + o + 1);
            return Some((i, end));
        }
        pos = i + 2;
    }
    None
}

/// The text of the first `<name>` element, tags inside removed, whitespace collapsed.
fn find_element_text(text: &str, name: &str) -> Option<String> {
    let b = text.as_bytes();
    let n = name.len();
    let mut pos = 0;
    while let Some(off) = memchr(b'<', &b[pos..]) {
        let i = pos + off;
        pos = i + 1;
        let after = b.get(i + 1 + n).copied();
        if b.len() > i + 1 + n
            && b[i + 1..i + 1 + n].eq_ignore_ascii_case(name.as_bytes())
            && after.is_some_and(|c| c == b'>' || c.is_ascii_whitespace())
        {
            let end = tag_end(b, i)?;
            let (cs, _) = find_close(b, end, name)?;
            let inner = &text[end..cs];
            let inner = if memchr(b'<', inner.as_bytes()).is_some() {
                strip_tags_plain(inner)
            } else {
                inner.to_string()
            };
            let t = inner.split_whitespace().collect::<Vec<_>>().join(" ");
            let t = decode_entities(&t).map_or(t, |(d, _)| d);
            return (!t.is_empty()).then_some(t);
        }
    }
    None
}

/// Removes every `<...>` (for short element contents such as a headline with a link).
fn strip_tags_plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The value of attribute `attr` in the tag `tag` (bytes from `<` to `>`).
fn attr_value<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(off) = lower[from..].find(attr) {
        let i = from + off;
        from = i + attr.len();
        let before_ok = i > 0 && lower.as_bytes()[i - 1].is_ascii_whitespace();
        let rest = lower[i + attr.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let vstart = tag.len() - rest.len() + 1;
        let v = tag[vstart..].trim_start();
        let vs = tag.len() - v.len();
        let (q, body) = match v.chars().next()? {
            '"' => ('"', &tag[vs + 1..]),
            '\'' => ('\'', &tag[vs + 1..]),
            _ => (' ', v),
        };
        let end = body.find([q, '>']).unwrap_or(body.len());
        return Some(body[..end].trim());
    }
    None
}

/// Reads page metadata: `<time datetime>`, `<meta property/name=... content=...>`,
/// `<link rel="canonical">`.
fn page_meta(text: &str, out: &mut Stripped) {
    let b = text.as_bytes();
    let mut pos = 0;
    while let Some(off) = memchr(b'<', &b[pos..]) {
        let i = pos + off;
        pos = i + 1;
        let Some((name, false)) = tag_name(&b[i + 1..]) else {
            continue;
        };
        if !matches!(name, "time" | "meta" | "link") {
            continue;
        }
        let Some(end) = tag_end(b, i) else { continue };
        let tag = &text[i..end];
        let set = |slot: &mut Option<String>, v: Option<&str>| {
            if slot.is_none() {
                if let Some(v) = v.filter(|v| !v.is_empty()) {
                    *slot = Some(v.to_string());
                }
            }
        };
        match name {
            "time" => set(&mut out.date, attr_value(tag, "datetime")),
            "link" => {
                if attr_value(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
                    set(&mut out.url, attr_value(tag, "href"));
                }
            }
            _ => {
                let key = attr_value(tag, "property").or_else(|| attr_value(tag, "name"));
                let content = attr_value(tag, "content");
                match key.map(str::to_ascii_lowercase).as_deref() {
                    Some("article:published_time" | "date" | "pubdate" | "dc.date") => {
                        set(&mut out.date, content)
                    }
                    Some("og:url") => set(&mut out.url, content),
                    Some("og:site_name") => set(&mut out.source, content),
                    _ => {}
                }
            }
        }
    }
}

/// Appends text between tags. Outside `<pre>`, a line break in HTML source is just a space:
/// breaks come from the markup.
fn push_text(out: &mut String, s: &str, in_pre: bool) {
    if in_pre || memchr(b'\n', s.as_bytes()).is_none() {
        out.push_str(s);
    } else {
        out.extend(s.chars().map(|c| if c == '\n' { ' ' } else { c }));
    }
}

/// Strips tags from `text`: drops script/style/page-chrome content, turns block elements into
/// paragraph breaks (`<br>` too), `<li>` into a `- ` list line and `<h1>`..`<h6>`
/// into Markdown headings (so the header and layout steps see them). Entities are left for
/// [`decode_entities`].
pub fn strip_tags(text: &str) -> Stripped {
    let b = text.as_bytes();
    let mut out = Stripped {
        text: String::with_capacity(text.len()),
        ..Stripped::default()
    };
    out.title = find_element_text(text, "h1").or_else(|| find_element_text(text, "title"));
    page_meta(text, &mut out);
    let mut unclosed: Vec<&str> = Vec::new();
    let mut in_pre = false;
    let mut copied = 0usize; // start of the not-yet-copied text
    let mut pos = 0usize;
    while let Some(off) = memchr(b'<', &b[pos..]) {
        let i = pos + off;
        let rest = &b[i + 1..];
        // Comments, doctypes and processing instructions.
        if rest.starts_with(b"!--") {
            push_text(&mut out.text, &text[copied..i], in_pre);
            let end = memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |o| i + 4 + o + 3);
            out.tags += 1;
            copied = end;
            pos = end;
            continue;
        }
        if rest.first().is_some_and(|&c| c == b'!' || c == b'?') {
            // Declarations (`<!DOCTYPE html>`, `<?xml ...?>`) sit on one line.
            if let Some(end) = tag_end(b, i).filter(|&e| memchr(b'\n', &b[i..e]).is_none()) {
                push_text(&mut out.text, &text[copied..i], in_pre);
                out.tags += 1;
                copied = end;
                pos = end;
                continue;
            }
        }
        let Some((name, closing)) = tag_name(rest) else {
            pos = i + 1;
            continue;
        };
        let Some(end) = tag_end(b, i) else {
            pos = i + 1;
            continue;
        };
        if !attributes_plausible(&b[i..end], name.len() + 1 + usize::from(closing)) {
            pos = i + 1;
            continue;
        }
        push_text(&mut out.text, &text[copied..i], in_pre);
        out.tags += 1;
        let self_closing = end >= 2 && b[end - 2] == b'/';
        let mut next = end;
        let n = name;
        if DROP_CONTENT.contains(&n) || n == "title" {
            if !closing && !self_closing && !unclosed.contains(&n) {
                match find_close(b, end, n) {
                    Some((_, ce)) => {
                        next = ce;
                        out.tags += 1;
                    }
                    // Never closed: do not search again for every later opening tag.
                    None => unclosed.push(n),
                }
            }
            out.text.push_str("\n\n");
        } else if let Some(level) = n.strip_prefix('h').and_then(|l| l.parse::<usize>().ok()) {
            out.text.push_str("\n\n");
            if !closing {
                for _ in 0..level.min(6) {
                    out.text.push('#');
                }
                out.text.push(' ');
            }
        } else if BLOCK.contains(&n) {
            if n == "pre" {
                in_pre = !closing;
            }
            out.text.push_str("\n\n");
        } else if n == "br" {
            // Scraped pages separate paragraphs with <br> as often as they break lines with
            // it; a paragraph break is the reading that never glues two texts together.
            out.text.push_str("\n\n");
        } else if n == "li" && !closing {
            out.text.push_str("\n- ");
        } else if n == "td" || n == "th" {
            out.text.push(' ');
        }
        copied = next;
        pos = next;
    }
    push_text(&mut out.text, &text[copied.min(text.len())..], in_pre);
    out
}

/// Windows-1252 reading of numeric references 128..=159 (as HTML5 specifies).
fn numeric_char(n: u32) -> Option<char> {
    if (0x80..=0x9F).contains(&n) {
        return crate::tables::WINDOWS_1252
            .get((n - 0x80) as usize)
            .copied()
            .filter(|c| (*c as u32) > 0x9F);
    }
    if n == 0 {
        return None;
    }
    char::from_u32(n)
}

/// The expansion of a named character reference written with its `&` and `;` (`"&eacute;"`),
/// from the HTML5 table of the `htmlize` crate (all 2,231 names; a few expand to two
/// characters, such as `&NotEqualTilde;`). Names without the `;` are not decoded: in news text
/// "&amp" without it is more often a typo than markup.
fn named_entity(reference: &str) -> Option<&'static str> {
    if !reference.ends_with(';') {
        return None; // the table also holds the legacy forms without it ("&eacute")
    }
    let expansion = htmlize::ENTITIES.get(reference.as_bytes())?;
    std::str::from_utf8(expansion).ok()
}

/// Decodes `&name;`, `&#123;` and `&#x1F600;` references. Unknown names and invalid numbers
/// are left as written. Returns `None` when nothing was decoded.
pub fn decode_entities(text: &str) -> Option<(String, u64)> {
    let b = text.as_bytes();
    memchr(b'&', b)?;
    let mut out = String::new();
    let mut copied = 0usize;
    let mut pos = 0usize;
    let mut n = 0u64;
    while let Some(off) = memchr(b'&', &b[pos..]) {
        let i = pos + off;
        pos = i + 1;
        let Some(semi) = b[i + 1..].iter().take(33).position(|&c| c == b';') else {
            continue;
        };
        let body = &text[i + 1..i + 1 + semi];
        let mut buf = [0u8; 4];
        let decoded = if let Some(num) = body.strip_prefix('#') {
            let v = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else if num.bytes().all(|c| c.is_ascii_digit()) {
                num.parse::<u32>().ok()
            } else {
                None
            };
            v.and_then(numeric_char).map(|c| &*c.encode_utf8(&mut buf))
        } else if !body.is_empty() && body.bytes().all(|c| c.is_ascii_alphanumeric()) {
            named_entity(&text[i..i + 2 + semi])
        } else {
            None
        };
        if let Some(c) = decoded {
            if out.capacity() == 0 {
                out.reserve(text.len());
            }
            out.push_str(&text[copied..i]);
            out.push_str(c);
            n += 1;
            copied = i + 2 + semi;
            pos = copied;
        }
    }
    if n == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some((out, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_html5_name() {
        assert_eq!(named_entity("&eacute;"), Some("é"));
        assert_eq!(named_entity("&check;"), Some("\u{2713}"));
        assert_eq!(named_entity("&NotEqualTilde;"), Some("\u{2242}\u{338}"));
        assert_eq!(named_entity("&nosuch;"), None);
        assert_eq!(named_entity("&eacute"), None);
        let (t, n) = decode_entities("a &hellip; &rsquo;b&NotEqualTilde;").unwrap();
        assert_eq!(t, "a \u{2026} \u{2019}b\u{2242}\u{338}");
        assert_eq!(n, 3);
    }

    #[test]
    fn strips_tags_and_drops_chrome() {
        let html = "<html><head><title>The Page</title><style>p{color:red}</style></head><body>\
            <nav><a href=\"/\">Home</a></nav><h1>Big News</h1><p>First <b>bold</b> para.</p>\
            <script>var x = '<p>';</script><p>Second<br>line</p><ul><li>one</li><li>two</li></ul>\
            <footer>Copyright</footer></body></html>";
        assert!(looks_like_html(html));
        let s = strip_tags(html);
        assert_eq!(s.title.as_deref(), Some("Big News"));
        let t = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(t, "# Big News First bold para. Second line - one - two");
        assert!(s.text.contains("Second\n\nline"));
        assert!(!s.text.contains("Home") && !s.text.contains("color") && !s.text.contains("var"));
        assert!(s.tags > 10);
    }

    #[test]
    fn not_html_left_alone() {
        assert!(!looks_like_html("British Petroleum Co Plc <BP> said"));
        assert!(!looks_like_html("if a < b and c > d"));
        assert!(!looks_like_html("see <https://example.org/x>"));
        assert!(looks_like_html("a <b>bold</b> move"));
        assert!(!looks_like_html(
            "Phillips Petroleum <P> and DuPont Corp <DD> said"
        ));
        assert!(looks_like_html("one<br>two"));
        assert!(looks_like_html("<p class=\"x\">text"));
    }

    #[test]
    fn page_metadata() {
        let html = "<head><title>Site | Story</title><meta property=\"og:site_name\" content=\"Town News\">\
            <link rel=\"canonical\" href=\"https://town.example/s\"></head><body><header><h1>The <a href=\"/s\">Story</a> &amp; more</h1>\
            <time datetime=\"2024-05-01T09:30:00Z\">May 1</time></header><p>Body text.</p></body>";
        let s = strip_tags(html);
        assert_eq!(s.title.as_deref(), Some("The Story & more"));
        assert_eq!(s.date.as_deref(), Some("2024-05-01T09:30:00Z"));
        assert_eq!(s.url.as_deref(), Some("https://town.example/s"));
        assert_eq!(s.source.as_deref(), Some("Town News"));
        assert_eq!(s.text.trim(), "Body text.");
        let s = strip_tags("<p>No head</p>");
        assert_eq!((s.title, s.date, s.url, s.source), (None, None, None, None));
    }

    #[test]
    fn source_line_breaks_are_spaces_outside_pre() {
        let s = strip_tags("<p>One line\nThe same paragraph</p><pre>a\nb</pre>");
        assert_eq!(s.text, "\n\nOne line The same paragraph\n\n\n\na\nb\n\n");
    }

    #[test]
    fn company_names_in_angle_brackets_kept() {
        let s = strip_tags("<p>the privately held <Li Ka-shing Foundations Ltd> will</p>");
        assert_eq!(
            s.text.trim(),
            "the privately held <Li Ka-shing Foundations Ltd> will"
        );
    }

    #[test]
    fn unterminated_tag_is_text() {
        let s = strip_tags("x </p> and <b never closed");
        assert_eq!(s.text, "x \n\n and <b never closed");
    }

    #[test]
    fn entities() {
        let (t, n) =
            decode_entities("AT&amp;T &lt;b&gt; caf&eacute; &#8217; &#x1F600; &#150;").unwrap();
        assert_eq!(t, "AT&T <b> café ’ 😀 –");
        assert_eq!(n, 7);
        assert!(decode_entities("fish & chips &nosuch; &#xZZ;").is_none());
        assert!(decode_entities("&#0; &#xD800;").is_none());
    }
}
