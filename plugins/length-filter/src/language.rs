//! The simple English check: stopword share and ASCII letter share.

/// Common English function words (lowercase).
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "can", "could", "for", "from", "had", "has", "have", "he", "her", "his", "i", "if", "in",
    "into", "is", "it", "its", "more", "not", "of", "on", "or", "our", "said", "she", "so", "than",
    "that", "the", "their", "there", "they", "this", "to", "was", "we", "were", "which", "who",
    "will", "with", "would", "you",
];

/// Words: maximal runs of alphanumeric characters (apostrophes inside a word kept).
pub fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Share of `words` that are English stopwords (0 when there are no words).
pub fn stopword_share(words: &[&str]) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let hits = words
        .iter()
        .filter(|w| {
            w.len() <= 5 && {
                let lower = w.to_ascii_lowercase();
                STOPWORDS.binary_search(&lower.as_str()).is_ok()
            }
        })
        .count();
    hits as f64 / words.len() as f64
}

/// Share of alphabetic characters that are ASCII letters (0 when there are none).
pub fn ascii_letter_share(text: &str) -> f64 {
    let (mut ascii, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        all += 1;
        if c.is_ascii_alphabetic() {
            ascii += 1;
        }
    }
    if all == 0 {
        0.0
    } else {
        ascii as f64 / all as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn shares() {
        let w = words("The cat and THE dog's bone");
        assert_eq!(w, vec!["The", "cat", "and", "THE", "dog's", "bone"]);
        assert_eq!(stopword_share(&w), 0.5);
        assert_eq!(stopword_share(&[]), 0.0);
        assert_eq!(ascii_letter_share("abé!"), 2.0 / 3.0);
        assert_eq!(ascii_letter_share("123"), 0.0);
    }
}
