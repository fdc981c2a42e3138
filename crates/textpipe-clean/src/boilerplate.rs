//! Boilerplate lines: share/follow/subscribe prompts, "Advertisement", "Read more", cookie
//! notices, copyright footers. Matching is on whole short lines only, so body text that merely
//! mentions "subscribe" or "cookies" is never touched.

/// Lines matched exactly (after lower-casing, trimming bullets and trailing punctuation).
const EXACT: &[&str] = &[
    "advert",
    "advertisement",
    "advertisements",
    "back to top",
    "close",
    "comments",
    "continue reading",
    "email",
    "getty images",
    "image",
    "image caption",
    "image copyright",
    "listen",
    "loading",
    "log in",
    "media caption",
    "media playback is unsupported on your device",
    "menu",
    "more on this story",
    "most popular",
    "most read",
    "next article",
    "photo",
    "previous article",
    "print",
    "print this article",
    "promoted",
    "read full article",
    "read more",
    "read the full story",
    "related",
    "related articles",
    "related content",
    "related stories",
    "related topics",
    "search",
    "share",
    "share article",
    "share this",
    "share this article",
    "share this page",
    "share this story",
    "sign in",
    "sign up",
    "skip to content",
    "skip to main content",
    "sponsored",
    "sponsored content",
    "subscribe",
    "subscribe now",
    "top of page",
    "trending",
    "tweet",
    "watch",
];

/// Line prefixes (lines up to [`MAX_PREFIX_LINE`] bytes).
const PREFIXES: &[&str] = &[
    "(c) 1",
    "(c) 2",
    "accept cookies",
    "advertisement",
    "all rights reserved",
    "article continues below",
    "by continuing to browse",
    "by continuing to use",
    "by using this site",
    "click here to",
    "continue reading",
    "cookie policy",
    "cookie settings",
    "copyright (c)",
    "copyright ©",
    "copyright 1",
    "copyright 2",
    "follow @",
    "follow me on",
    "follow us",
    "get our newsletter",
    "image caption",
    "image copyright",
    "image source",
    "like us on facebook",
    "media caption",
    "newsletter sign",
    "originally published",
    "our site uses cookies",
    "read more at",
    "read more on",
    "read more:",
    "related:",
    "see also:",
    "share on ",
    "share this",
    "share via",
    "sign up for ",
    "sign up to ",
    "story continues below",
    "subscribe for ",
    "subscribe to ",
    "this article was originally",
    "this site uses cookies",
    "this story was originally",
    "this website uses cookies",
    "we use cookies",
    "©",
    "accept all cookies",
    "manage cookies",
    "cookie preferences",
    "cookie consent",
    "email this",
    "print this page",
    "sign up to our",
    "download our app",
    "get the app",
    "listen to this article",
];

/// Prefix and substring rules only apply to lines at most this long (bytes).
pub const MAX_PREFIX_LINE: usize = 200;

/// A boilerplate matcher: the built-in lists plus the user's.
#[derive(Debug, Clone)]
pub struct Boilerplate {
    exact: Vec<String>,
    prefixes: Vec<String>,
    /// First four bytes (ASCII lower-cased) of every pattern of at least four bytes, sorted:
    /// almost every body line is rejected by one lookup, without allocating.
    starts: Vec<[u8; 4]>,
    /// Patterns shorter than four bytes (checked with a plain prefix test).
    short: Vec<String>,
}

/// Leading characters skipped before matching (bullets, quote markers).
const LEAD: [char; 6] = ['-', '•', '*', '|', '>', ' '];

/// The first four bytes of `s` after the leading bullets, ASCII lower-cased.
fn start_key(s: &str) -> Option<[u8; 4]> {
    let b = s.trim_start_matches(LEAD).as_bytes();
    let k = b.get(..4)?;
    Some([
        k[0].to_ascii_lowercase(),
        k[1].to_ascii_lowercase(),
        k[2].to_ascii_lowercase(),
        k[3].to_ascii_lowercase(),
    ])
}

impl Boilerplate {
    /// The built-in lists extended with `extra_lines` (exact) and `extra_prefixes`; when
    /// `builtin` is false only the user's lists are used.
    pub fn new(builtin: bool, extra_lines: &[String], extra_prefixes: &[String]) -> Self {
        let norm = |s: &String| normalize(s);
        let mut exact: Vec<String> = if builtin {
            EXACT.iter().map(|s| s.to_string()).collect()
        } else {
            Vec::new()
        };
        exact.extend(extra_lines.iter().map(norm).filter(|s| !s.is_empty()));
        exact.sort();
        exact.dedup();
        let mut prefixes: Vec<String> = if builtin {
            PREFIXES.iter().map(|s| s.to_string()).collect()
        } else {
            Vec::new()
        };
        prefixes.extend(
            extra_prefixes
                .iter()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty()),
        );
        let mut starts = Vec::new();
        let mut short = Vec::new();
        for p in exact.iter().chain(prefixes.iter()) {
            match start_key(p) {
                Some(k) => starts.push(k),
                None => short.push(p.clone()),
            }
        }
        starts.sort_unstable();
        starts.dedup();
        Boilerplate {
            exact,
            prefixes,
            starts,
            short,
        }
    }

    /// True when the (trimmed) line is boilerplate.
    pub fn matches(&self, line: &str) -> bool {
        if line.len() > MAX_PREFIX_LINE || line.is_empty() {
            return false;
        }
        let candidate = match start_key(line) {
            Some(k) => self.starts.binary_search(&k).is_ok(),
            None => true,
        } || {
            let lower = line.trim_start_matches(LEAD).as_bytes();
            self.short.iter().any(|p| {
                lower.len() >= p.len() && lower[..p.len()].eq_ignore_ascii_case(p.as_bytes())
            })
        };
        if !candidate {
            return has_reserved(line) && line.to_lowercase().contains("all rights reserved");
        }
        let n = normalize(line);
        if n.is_empty() {
            return false;
        }
        if self.exact.binary_search(&n).is_ok() {
            return true;
        }
        let lower = line.trim().to_lowercase();
        let lower = lower.trim_start_matches(LEAD);
        if self.prefixes.iter().any(|p| lower.starts_with(p.as_str())) {
            return true;
        }
        if lower.contains("all rights reserved") {
            return true;
        }
        // "Follow Jane Doe on Twitter: @jdoe".
        lower.starts_with("follow ")
            && lower.len() < 120
            && ["twitter", "facebook", "instagram", "linkedin", " @", "on x"]
                .iter()
                .any(|s| lower.contains(s))
    }
}

/// Cheap pre-check for "all rights reserved" in any case.
fn has_reserved(line: &str) -> bool {
    crate::scan::has_eserved(line.as_bytes()) || crate::scan::has_eserved_upper(line.as_bytes())
}

/// Lower-case, bullets and trailing punctuation removed, whitespace collapsed.
fn normalize(s: &str) -> String {
    let t = s
        .trim()
        .trim_start_matches(LEAD)
        .trim_end_matches(|c: char| {
            c.is_ascii_punctuation() || c == '…' || c == '»' || c == '›' || c == ' '
        });
    t.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules() {
        let b = Boilerplate::new(true, &[], &[]);
        for l in [
            "Advertisement",
            "Share this article on social media",
            "Read more: Ten things to know",
            "Follow us on Twitter",
            "We use cookies to improve your experience.",
            "© 2023 Harbour Gazette. All rights reserved.",
            "Copyright 2021 Example Media",
            "SHARE",
            "- Read more »",
            "Follow Jane Doe on Twitter: @jdoe",
            "Accept all cookies",
        ] {
            assert!(b.matches(l), "{l}");
        }
        for l in [
            "The company said it would share the results with regulators.",
            "Subscribers complained about the price.",
            "Read more books, the minister urged parents at the launch of the campaign.",
            "",
            "Advertising revenue fell by 12% last year.",
            "Follow the money, the inspector told his team.",
        ] {
            assert!(!b.matches(l), "{l}");
        }
        let long = format!("Follow us {}", "x".repeat(300));
        assert!(!b.matches(&long));
    }

    #[test]
    fn user_lists() {
        let b = Boilerplate::new(
            false,
            &["Harbour Gazette Daily!".into()],
            &["Tip line:".into()],
        );
        assert!(b.matches("harbour gazette daily"));
        assert!(b.matches("Tip line: call 555"));
        assert!(!b.matches("Advertisement"));
    }
}
