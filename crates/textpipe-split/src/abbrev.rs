//! Word lists the splitter consults: abbreviations (with what a following period means),
//! capitalized words that typically open a sentence, time-zone and weekday words that follow
//! "p.m.", and names that end in an exclamation mark.
//!
//! Every list is a sorted slice of lowercase ASCII (or UTF-8) bytes. At compile time each word
//! is packed big-endian into a `u128` (at most 16 bytes, zero padded, which keeps the byte
//! order), and a lookup is a binary search over those integers: no allocation, no hashing, no
//! `memcmp`. The order is checked by a unit test.

/// What a period after an abbreviation means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// A title before a name (Mr., Dr., Gen., Sen.): never ends a sentence.
    Title,
    /// An abbreviation that can end a sentence (Inc., etc., Jan.): the sentence ends only when
    /// the next word is one that typically opens a sentence (The, He, It...).
    MayEnd,
    /// An abbreviation only before a number (No. 5, p. 12, Fig. 3); anywhere else the word is
    /// an ordinary word ("The answer is no.").
    BeforeNumber,
    /// a.m. and p.m.: ends the sentence unless a weekday, a time zone or (early in the
    /// sentence) a name follows.
    Time,
}

/// One entry: lowercase form without the final period, class, and whether the token must be
/// capitalized to count (state and month abbreviations collide with words: "ill.", "mar.").
type Entry = (&'static [u8], AbbrevClass, bool);

use AbbrevClass::{BeforeNumber as N, MayEnd as M, Time as T, Title as Ti};

/// Known abbreviations, sorted by bytes.
const ABBREVIATIONS: &[Entry] = &[
    (b"a.d", M, false),
    (b"a.k.a", M, false),
    (b"a.m", T, false),
    (b"adm", Ti, true),
    (b"al", M, false),
    (b"ala", M, true),
    (b"alta", M, true),
    (b"amb", Ti, true),
    (b"approx", M, false),
    (b"apr", M, true),
    (b"apt", M, false),
    (b"ariz", M, true),
    (b"ark", M, true),
    (b"art", N, false),
    (b"assn", M, false),
    (b"assoc", M, false),
    (b"asst", Ti, true),
    (b"atty", Ti, true),
    (b"aug", M, true),
    (b"ave", M, false),
    (b"b.c", M, false),
    (b"bldg", M, false),
    (b"blvd", M, false),
    (b"brig", Ti, true),
    (b"bros", M, false),
    (b"ca", M, false),
    (b"calif", M, true),
    (b"capt", Ti, true),
    (b"cdr", Ti, true),
    (b"cf", M, false),
    (b"ch", N, false),
    (b"chap", N, false),
    (b"cmdr", Ti, true),
    (b"co", M, false),
    (b"col", Ti, true),
    (b"colo", M, true),
    (b"comdr", Ti, true),
    (b"conn", M, true),
    (b"corp", M, false),
    (b"cos", M, false),
    (b"cpl", Ti, true),
    (b"cpt", Ti, true),
    (b"dec", M, true),
    (b"del", M, true),
    (b"dept", M, false),
    (b"det", Ti, true),
    (b"dist", M, false),
    (b"div", N, false),
    (b"dr", Ti, true),
    (b"drs", Ti, true),
    (b"e.g", M, false),
    (b"ed", M, true),
    (b"eds", M, false),
    (b"eq", N, false),
    (b"eqs", N, false),
    (b"esp", M, false),
    (b"esq", M, false),
    (b"est", M, false),
    (b"etc", M, false),
    (b"ext", N, false),
    (b"feb", M, true),
    (b"fig", N, false),
    (b"figs", N, false),
    (b"fla", M, true),
    (b"fr", Ti, true),
    (b"fri", M, true),
    (b"ft", M, false),
    (b"ga", M, true),
    (b"gen", Ti, true),
    (b"gov", Ti, true),
    (b"govt", M, false),
    (b"hon", Ti, true),
    (b"hr", M, false),
    (b"hrs", M, false),
    (b"hwy", M, false),
    (b"i.e", M, false),
    (b"ibid", M, false),
    (b"ill", M, true),
    (b"inc", M, false),
    (b"ind", M, true),
    (b"insp", Ti, true),
    (b"intl", M, false),
    (b"jan", M, true),
    (b"jr", M, false),
    (b"jul", M, true),
    (b"jun", M, true),
    (b"kan", M, true),
    (b"kans", M, true),
    (b"ky", M, true),
    (b"la", M, true),
    (b"lb", M, false),
    (b"lbs", M, false),
    (b"lieut", Ti, true),
    (b"llc", M, false),
    (b"lt", Ti, true),
    (b"ltd", M, false),
    (b"maj", Ti, true),
    (b"mass", M, true),
    (b"md", M, true),
    (b"messrs", Ti, true),
    (b"mfg", M, false),
    (b"mgr", M, false),
    (b"mich", M, true),
    (b"min", M, false),
    (b"minn", M, true),
    (b"mins", M, false),
    (b"misc", M, false),
    (b"miss", M, true),
    (b"mlle", Ti, true),
    (b"mme", Ti, true),
    (b"mmes", Ti, true),
    (b"mo", M, true),
    (b"mont", M, true),
    (b"mr", Ti, true),
    (b"mrs", Ti, true),
    (b"ms", Ti, true),
    (b"msgr", Ti, true),
    (b"mt", M, false),
    (b"mx", Ti, true),
    (b"natl", M, false),
    (b"neb", M, true),
    (b"nebr", M, true),
    (b"nev", M, true),
    (b"no", N, false),
    (b"nos", N, false),
    (b"nov", M, true),
    (b"nr", N, false),
    (b"n\xc2\xb0", N, false),
    (b"oct", M, true),
    (b"okla", M, true),
    (b"ont", M, true),
    (b"op", N, false),
    (b"ore", M, true),
    (b"oz", M, false),
    (b"p", N, false),
    (b"p.m", T, false),
    (b"p.s", Ti, false),
    (b"pa", M, true),
    (b"par", N, false),
    (b"para", N, false),
    (b"penn", M, true),
    (b"pfc", Ti, true),
    (b"ph.d", M, false),
    (b"pl", M, false),
    (b"plc", M, false),
    (b"pp", N, false),
    (b"pres", Ti, true),
    (b"prof", Ti, true),
    (b"profs", Ti, true),
    (b"pt", N, false),
    (b"pts", N, false),
    (b"pvt", Ti, true),
    (b"que", M, true),
    (b"rd", M, false),
    (b"rep", Ti, true),
    (b"reps", Ti, true),
    (b"rev", Ti, true),
    (b"sask", M, true),
    (b"sat", M, true),
    (b"sec", N, false),
    (b"secs", N, false),
    (b"sen", Ti, true),
    (b"sens", Ti, true),
    (b"sep", M, true),
    (b"sept", M, true),
    (b"sgt", Ti, true),
    (b"sq", M, false),
    (b"sr", M, false),
    (b"sra", Ti, true),
    (b"srta", Ti, true),
    (b"st", M, false),
    (b"ste", M, false),
    (b"sun", M, true),
    (b"supt", Ti, true),
    (b"tel", N, false),
    (b"tenn", M, true),
    (b"tex", M, true),
    (b"thu", M, true),
    (b"thur", M, true),
    (b"thurs", M, true),
    (b"tue", M, true),
    (b"tues", M, true),
    (b"univ", M, false),
    (b"va", M, true),
    (b"viz", M, false),
    (b"vol", N, false),
    (b"vols", N, false),
    (b"vs", M, false),
    (b"vt", M, true),
    (b"wash", M, true),
    (b"wed", M, true),
    (b"wis", M, true),
    (b"wisc", M, true),
    (b"wyo", M, true),
    (b"yr", M, false),
    (b"yrs", M, false),
];

/// Capitalized words that usually open a sentence (lowercase here). After an abbreviation
/// that may end a sentence (Inc., U.S.) or an initial, the sentence ends only when one of
/// these follows.
const STARTERS: &[&[u8]] = &[
    b"a",
    b"about",
    b"according",
    b"after",
    b"again",
    b"all",
    b"also",
    b"although",
    b"an",
    b"and",
    b"another",
    b"any",
    b"are",
    b"as",
    b"at",
    b"because",
    b"before",
    b"both",
    b"but",
    b"by",
    b"can",
    b"could",
    b"despite",
    b"did",
    b"do",
    b"does",
    b"during",
    b"each",
    b"even",
    b"every",
    b"few",
    b"finally",
    b"first",
    b"for",
    b"from",
    b"had",
    b"has",
    b"have",
    b"he",
    b"her",
    b"here",
    b"his",
    b"how",
    b"however",
    b"i",
    b"if",
    b"in",
    b"instead",
    b"is",
    b"it",
    b"its",
    b"just",
    b"last",
    b"let",
    b"many",
    b"meanwhile",
    b"more",
    b"moreover",
    b"most",
    b"much",
    b"my",
    b"neither",
    b"never",
    b"next",
    b"no",
    b"nor",
    b"not",
    b"now",
    b"of",
    b"oh",
    b"okay",
    b"on",
    b"once",
    b"one",
    b"only",
    b"or",
    b"our",
    b"over",
    b"please",
    b"she",
    b"should",
    b"since",
    b"so",
    b"some",
    b"still",
    b"such",
    b"that",
    b"the",
    b"their",
    b"then",
    b"there",
    b"therefore",
    b"these",
    b"they",
    b"this",
    b"those",
    b"though",
    b"thus",
    b"to",
    b"today",
    b"under",
    b"unlike",
    b"until",
    b"was",
    b"we",
    b"well",
    b"were",
    b"what",
    b"when",
    b"where",
    b"whether",
    b"which",
    b"while",
    b"who",
    b"why",
    b"will",
    b"with",
    b"would",
    b"yeah",
    b"yes",
    b"yet",
    b"you",
    b"your",
];

/// Lowercase words that open sentences in informal web text ("thanks. i will").
const LOWER_STARTERS: &[&[u8]] = &[
    b"also", b"but", b"he", b"i", b"if", b"it", b"my", b"now", b"our", b"please", b"she", b"so",
    b"thanks", b"that", b"the", b"then", b"there", b"they", b"this", b"we", b"you",
];

/// Words after "a.m."/"p.m." that keep the sentence going (weekdays, time zones).
const TIME_FOLLOWERS: &[&[u8]] = &[
    b"bst",
    b"cdt",
    b"central",
    b"cet",
    b"cst",
    b"ct",
    b"eastern",
    b"edt",
    b"est",
    b"et",
    b"friday",
    b"gmt",
    b"local",
    b"monday",
    b"mountain",
    b"mst",
    b"pacific",
    b"pdt",
    b"pst",
    b"pt",
    b"saturday",
    b"sunday",
    b"thursday",
    b"tomorrow",
    b"tonight",
    b"tuesday",
    b"utc",
    b"wednesday",
];

/// Verbs of saying: `"Where?" Mom asked.` goes on after the closing quote.
const SPEECH_VERBS: &[&[u8]] = &[
    b"added",
    b"admitted",
    b"agreed",
    b"answered",
    b"asked",
    b"asks",
    b"began",
    b"called",
    b"calls",
    b"continued",
    b"cried",
    b"cries",
    b"demanded",
    b"exclaimed",
    b"explained",
    b"groaned",
    b"howled",
    b"insisted",
    b"interrupted",
    b"laughed",
    b"murmured",
    b"muttered",
    b"protested",
    b"repeated",
    b"replied",
    b"replies",
    b"said",
    b"say",
    b"says",
    b"screamed",
    b"shouted",
    b"shouts",
    b"sighed",
    b"snapped",
    b"started",
    b"suggested",
    b"told",
    b"warned",
    b"whispered",
    b"whispers",
    b"wrote",
    b"yelled",
    b"yells",
];

/// Names that end in an exclamation mark ("Yahoo!").
const EXCLAIM_NAMES: &[&[u8]] = &[b"jeopardy", b"joomla", b"wham", b"yahoo"];

/// Packs up to 16 bytes big-endian into a `u128` (zero padded), so that integer order is
/// byte order for words without NUL bytes.
pub const fn pack(s: &[u8]) -> u128 {
    let mut v = 0u128;
    let mut i = 0;
    while i < 16 {
        v <<= 8;
        if i < s.len() {
            v |= s[i] as u128;
        }
        i += 1;
    }
    v
}

/// The packed key of `s`, or `None` when it is empty or longer than 16 bytes (no list word is).
fn key(s: &[u8]) -> Option<u128> {
    (!s.is_empty() && s.len() <= 16).then(|| pack(s))
}

const fn pack_all<const N: usize>(words: &[&[u8]]) -> [u128; N] {
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = pack(words[i]);
        i += 1;
    }
    out
}

const fn pack_entries<const N: usize>(entries: &[Entry]) -> [u128; N] {
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = pack(entries[i].0);
        i += 1;
    }
    out
}

static ABBREVIATION_KEYS: [u128; ABBREVIATIONS.len()] = pack_entries(ABBREVIATIONS);
static STARTER_KEYS: [u128; STARTERS.len()] = pack_all(STARTERS);
static TIME_FOLLOWER_KEYS: [u128; TIME_FOLLOWERS.len()] = pack_all(TIME_FOLLOWERS);
static SPEECH_VERB_KEYS: [u128; SPEECH_VERBS.len()] = pack_all(SPEECH_VERBS);
static LOWER_STARTER_KEYS: [u128; LOWER_STARTERS.len()] = pack_all(LOWER_STARTERS);
static EXCLAIM_NAME_KEYS: [u128; EXCLAIM_NAMES.len()] = pack_all(EXCLAIM_NAMES);

fn contains(keys: &[u128], word: &[u8]) -> bool {
    key(word).is_some_and(|k| keys.binary_search(&k).is_ok())
}

/// Looks up an abbreviation (`lower` is the token lowercased, without the final period;
/// `capitalized` tells whether the original token starts with an uppercase letter).
pub fn lookup(lower: &[u8], capitalized: bool) -> Option<AbbrevClass> {
    let i = ABBREVIATION_KEYS.binary_search(&key(lower)?).ok()?;
    let (_, class, needs_cap) = ABBREVIATIONS[i];
    if needs_cap && !capitalized {
        return None;
    }
    Some(class)
}

/// True when `lower` (a lowercased word) usually opens a sentence.
pub fn is_starter(lower: &[u8]) -> bool {
    contains(&STARTER_KEYS, lower)
}

/// True when `w` (lowercase as written) opens sentences in informal text.
pub fn is_lower_starter(w: &[u8]) -> bool {
    contains(&LOWER_STARTER_KEYS, w)
}

/// True when `lower` may follow "p.m." inside a sentence.
pub fn is_time_follower(lower: &[u8]) -> bool {
    contains(&TIME_FOLLOWER_KEYS, lower)
}

/// True when `lower` is a full weekday name.
pub fn is_weekday(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"monday" | b"tuesday" | b"wednesday" | b"thursday" | b"friday" | b"saturday" | b"sunday"
    )
}

/// True when `lower` is a full month name.
pub fn is_month(lower: &[u8]) -> bool {
    matches!(
        lower,
        b"january"
            | b"february"
            | b"march"
            | b"april"
            | b"may"
            | b"june"
            | b"july"
            | b"august"
            | b"september"
            | b"october"
            | b"november"
            | b"december"
    )
}

/// True when `lower` is a verb of saying ("said", "asked").
pub fn is_speech_verb(lower: &[u8]) -> bool {
    contains(&SPEECH_VERB_KEYS, lower)
}

/// True when `lower` is a name written with a final "!".
pub fn is_exclaim_name(lower: &[u8]) -> bool {
    contains(&EXCLAIM_NAME_KEYS, lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&[u8]]) -> bool {
        words.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn lists_are_sorted_and_unique() {
        let abbr: Vec<&[u8]> = ABBREVIATIONS.iter().map(|e| e.0).collect();
        assert!(sorted(&abbr), "ABBREVIATIONS not sorted");
        assert!(sorted(STARTERS), "STARTERS not sorted");
        assert!(sorted(TIME_FOLLOWERS), "TIME_FOLLOWERS not sorted");
        assert!(sorted(EXCLAIM_NAMES), "EXCLAIM_NAMES not sorted");
        assert!(sorted(SPEECH_VERBS), "SPEECH_VERBS not sorted");
        assert!(sorted(LOWER_STARTERS), "LOWER_STARTERS not sorted");
        for list in [
            &abbr[..],
            STARTERS,
            TIME_FOLLOWERS,
            SPEECH_VERBS,
            EXCLAIM_NAMES,
        ] {
            assert!(list
                .iter()
                .all(|w| !w.is_empty() && w.len() <= 16 && !w.contains(&0)));
        }
        assert!(ABBREVIATION_KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(STARTER_KEYS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn lookup_respects_capitalization() {
        assert_eq!(lookup(b"mr", true), Some(AbbrevClass::Title));
        assert_eq!(lookup(b"mr", false), None);
        assert_eq!(lookup(b"ill", false), None);
        assert_eq!(lookup(b"ill", true), Some(AbbrevClass::MayEnd));
        assert_eq!(lookup(b"etc", false), Some(AbbrevClass::MayEnd));
        assert_eq!(lookup(b"no", true), Some(AbbrevClass::BeforeNumber));
        assert_eq!(lookup(b"p.m", false), Some(AbbrevClass::Time));
        assert_eq!(lookup(b"hello", true), None);
    }

    #[test]
    fn word_sets() {
        assert!(is_starter(b"the"));
        assert!(!is_starter(b"smith"));
        assert!(is_time_follower(b"monday"));
        assert!(is_exclaim_name(b"yahoo"));
        assert!(!is_exclaim_name(b"hello"));
    }
}
