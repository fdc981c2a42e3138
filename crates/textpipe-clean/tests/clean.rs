//! Behaviour of the `clean` stage on whole articles, through the public API and the registry.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use textpipe_clean::{Clean, CleanConfig, Normalization};
use textpipe_core::{Document, Registry, Stage};

fn fixture(name: &str) -> String {
    textpipe_testkit::fixture(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"), name)
}

fn clean(text: &str) -> textpipe_clean::Cleaned {
    Clean::default().clean(text)
}

#[test]
fn seed_layout_article() {
    let out = clean(&fixture("seed_layout.md"));
    let m = &out.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Ferry Service Resumes After Week-Long Strike")
    );
    assert_eq!(m.date.as_deref(), Some("2019-08-14"));
    assert_eq!(m.source.as_deref(), Some("The Island Courier"));
    assert_eq!(
        m.url.as_deref(),
        Some("https://island-courier.example/2019/08/14/ferries-resume")
    );
    assert_eq!(m.dateline.as_deref(), Some("KESTREL BAY, Westmark"));
    assert!(out
        .text
        .starts_with("KESTREL BAY, Westmark — Ferries between the mainland"));
    assert!(out
        .text
        .contains("a difficult week on the islands,\" said union organiser"));
    assert!(!out.text.contains("Share this"));
    assert!(!out.text.contains("Original url"));
    assert!(!out.text.contains("Island Courier"));
    assert_eq!(out.text.split("\n\n").count(), 3);
    assert!(!out.text.contains("\n\n\n"));
    assert_eq!(out.text.trim(), out.text);
    assert_eq!(out.counts.boilerplate_lines, 2);
    assert_eq!(out.counts.joined_paragraphs, 1);
}

#[test]
fn wire_copy_hard_wrapped() {
    let out = clean(&fixture("wire.txt"));
    assert_eq!(
        out.text,
        "LONDON (Reuters) - Shares in the regional water company fell sharply on Monday after \
         the regulator rejected its plan to raise bills by a fifth, saying the firm had not done \
         enough to stop leaks in the eastern province and that customers deserved a well-known \
         standard of service.\n\nThe company said it would appeal. Its chief executive, Ana Ruiz, \
         told reporters the decision was \"deeply disappointing\"."
    );
    assert_eq!(out.meta.dateline.as_deref(), Some("LONDON"));
    assert_eq!(out.agency.as_deref(), Some("Reuters"));
    assert_eq!(out.meta.title, None);
    assert_eq!(out.counts.dehyphenated, 2);
}

#[test]
fn indented_wire_paragraphs() {
    let text = "    Rain returned to the southern farm belt this week, easing a drought that\n\
                had cut early yields, traders said on Friday.\n    Prices for the new crop fell\n\
                two pct in early trading.";
    assert_eq!(
        clean(text).text,
        "Rain returned to the southern farm belt this week, easing a drought that had cut early \
         yields, traders said on Friday.\n\nPrices for the new crop fell two pct in early trading."
    );
    // A code-like block indented throughout stays one block.
    let code = "    first indented line of a quoted block\n    second indented line of it";
    assert_eq!(
        clean(code).text,
        "first indented line of a quoted block second indented line of it"
    );
}

#[test]
fn html_page() {
    let out = clean(&fixture("page.html"));
    assert_eq!(
        out.text,
        "The town library opened its new children’s wing on Saturday, adding 4,000 books and a \
         reading garden.\n\n“It is the best day of the year,” said librarian Tomás Ortega.\n\n\
         Visitors queued from 9 a.m.\n\n- Open daily\n- Free entry"
    );
    assert_eq!(out.meta.title.as_deref(), Some("Library Opens New Wing"));
    assert_eq!(out.page.title.as_deref(), Some("Library Opens New Wing"));
    assert!(out.counts.html_tags > 20);
    assert!(out.counts.entities >= 5);
}

#[test]
fn mojibake_article() {
    let out = clean(&fixture("mojibake.txt"));
    assert_eq!(
        out.text,
        "The café on the corner reopened on Friday, its owner’s third attempt since 2020.\n\n\
         “We didn’t give up,” said José Martínez, who also runs a bakery in São Paulo.\n\n\
         Prices start at £3 for a coffee and a croissant — about the same as before."
    );
    assert!(out.counts.mojibake_fixes >= 10);
}

#[test]
fn plain_record_keeps_its_title_and_invents_none() {
    let text = "Exports of tinned fish rose in March, the trade ministry said.\n\n\
                Officials expect a calmer second quarter.";
    let stage = Clean::default();
    let mut doc = Document::from_text("d1", text);
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.title, None);
    assert_eq!(doc.text, text);

    let mut doc = Document::from_text("d2", text);
    doc.meta.title = Some("Fish exports up".into());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Fish exports up"));

    let mut doc = Document::from_text("d3", format!("# Tinned Fish Boom\n\n{text}"));
    doc.meta.title = Some("Fish exports up".into());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Tinned Fish Boom"));
    assert_eq!(doc.text, text);
}

#[test]
fn page_head_fills_only_missing_fields() {
    let page = "<html><head><title>Pier Closes | Gazette</title>\
        <meta property=\"og:site_name\" content=\"Seaside Gazette\">\
        <link rel=\"canonical\" href=\"https://gazette.example/pier\"></head>\
        <body><p>The pier closed on Monday after a storm.</p></body></html>";
    let stage = Clean::default();
    let mut doc = Document::from_text("h1", page);
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Pier Closes | Gazette"));
    assert_eq!(doc.meta.source.as_deref(), Some("Seaside Gazette"));
    assert_eq!(
        doc.meta.url.as_deref(),
        Some("https://gazette.example/pier")
    );
    assert_eq!(doc.text, "The pier closed on Monday after a storm.");
    let mut doc = Document::from_text("h2", page);
    doc.meta.title = Some("Record title".into());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.title.as_deref(), Some("Record title"));
}

#[test]
fn record_date_normalized_and_counters_reported() {
    let stage = Clean::default();
    let mut doc = Document::from_text("r1", "OSLO, March 2 - Prices rose.\n\nAdvertisement");
    doc.meta.date = Some("02-MAR-1987 10:01:02.50".into());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.date.as_deref(), Some("1987-03-02T10:01:02"));
    assert_eq!(doc.meta.dateline.as_deref(), Some("OSLO"));
    assert!(doc.counters.contains(&("boilerplate_lines", 1)));

    let mut doc = Document::from_text("r2", "Text.");
    doc.meta.date = Some("sometime in spring".into());
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.meta.date.as_deref(), Some("sometime in spring"));
}

#[test]
fn provides_and_requires() {
    let stage = Clean::default();
    assert_eq!(stage.name(), "clean");
    assert!(stage.requires().is_empty());
    for f in ["text", "title", "date", "source", "url", "dateline"] {
        assert!(stage.provides().iter().any(|p| p == f), "{f}");
    }
}

#[test]
fn registry_builds_from_json() {
    let mut reg = Registry::new();
    textpipe_clean::register(&mut reg);
    let params: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"straighten_quotes": true, "normalization": "nfkc"}"#).unwrap();
    let stage = reg.build("clean", None, &params).unwrap();
    let mut doc = Document::from_text("q", "“Fine,” she said. ﬁne");
    stage.process(&mut doc).unwrap();
    assert_eq!(doc.text, "\"Fine,\" she said. fine");
    let bad: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(r#"{"short_line": 0}"#).unwrap();
    assert!(reg.build("clean", None, &bad).is_err());
}

#[test]
fn steps_can_be_switched_off() {
    let cfg = CleanConfig {
        fix_mojibake: false,
        strip_markdown: false,
        remove_boilerplate: false,
        extract_header: false,
        normalization: Normalization::None,
        ..CleanConfig::default()
    };
    let out = Clean::new(cfg).clean("# Title\n\ncafÃ© **bold**\n\nAdvertisement");
    assert_eq!(out.text, "# Title\n\ncafÃ© **bold**\n\nAdvertisement");
    assert_eq!(out.meta.title, None);
}

#[test]
fn dateline_after_byline() {
    let out = clean(
        "# Pier Closes\n\nBy Jane Doe, Transport Correspondent\n\nBRIGHTWELL, Southland — The \
         council voted on Monday night to close the Victorian pier after a report on its supports.",
    );
    assert_eq!(out.meta.dateline.as_deref(), Some("BRIGHTWELL, Southland"));
    assert!(out.text.starts_with("By Jane Doe"));
    // Not inside the body, though.
    let out = clean(
        "The council met on Monday night to discuss the future of the Victorian pier and more.\n\n\
         BRIGHTWELL, Southland — Later that week the pier closed.",
    );
    assert_eq!(out.meta.dateline, None);
}

#[test]
fn markdown_links_images_and_code() {
    let out = clean(
        "See [the council report](https://example.org/r.pdf) for details ![chart](c.png).\n\n\
         ```\ncode line\n```\n\n## Background\n\nThe *old* plan failed.",
    );
    assert_eq!(
        out.text,
        "See the council report for details .\n\ncode line\n\nBackground\n\nThe old plan failed."
    );
}

/// Every word of the body survives: only markup, header and boilerplate lines go.
#[test]
fn nothing_lost() {
    let src = fixture("seed_layout.md");
    let out = clean(&src);
    let removed = [
        "Share this article",
        "Original url",
        "# Ferry",
        "August 14, 2019",
        "**The",
    ];
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let out_words = words(&out.text);
    for line in src
        .lines()
        .filter(|l| !removed.iter().any(|r| l.starts_with(r)))
    {
        for w in words(line) {
            assert!(out_words.contains(&w), "lost {w:?} from {line:?}");
        }
    }
    // And for the wire copy: every word, hyphenated halves re-joined.
    let wire = fixture("wire.txt").replace("pro-\nvince", "province");
    let out = clean(&wire);
    let out_words = words(&out.text);
    for w in words(&wire) {
        if w != "Advertisement" {
            assert!(out_words.contains(&w), "lost {w:?}");
        }
    }
}

#[test]
fn output_shape() {
    for name in ["seed_layout.md", "wire.txt", "page.html", "mojibake.txt"] {
        let t = clean(&fixture(name)).text;
        assert_eq!(t.trim(), t, "{name}");
        assert!(!t.contains("\n\n\n"), "{name}");
        assert!(!t.contains("  "), "{name}");
        assert!(!t.contains('\r'), "{name}");
        assert!(t.lines().all(|l| l.trim() == l), "{name}");
    }
}

#[test]
fn idempotent_on_fixtures() {
    for name in ["seed_layout.md", "wire.txt", "page.html", "mojibake.txt"] {
        let once = clean(&fixture(name)).text;
        assert_eq!(clean(&once).text, once, "{name}");
    }
}

/// Inputs the fuzzer (fuzz/fuzz_targets/clean.rs) found; each once broke idempotence.
#[test]
fn fuzz_regressions() {
    let cases = [
        // Lines joined into `[...]:x`, which a second run took for a link definition.
        "[::watch\u{0}\u{0} Ruiz, told\nrep$r:::watch\u{0} Ruiz, told\nrep$r:::watch\u{1}\u{0}::]:6\u{4}::",
        "Th<!DOel<e cafÃ© on t _he\u{1}\u{0}\u{c}_e_\u{303}\r__e__© er\n\n<!DOCTYPmeta/E2w W009\n\nTYP hE htm=>\ni",
        "<canv\n# # # >renarnal\n# # # >renarnali0ae>ree ent)ry<\u{0f}li\n# # # >rending>Ra:letch<canv\n# # # >renar2al\n# # # >renarnali0aoe>ree ent)ry<\u{0f}li\n# # # >rending>Ra:letchi0ae>ree ent)ry<\u{0f}li\n# # # >rendii0ae>re\u{25aa} t)ry<\u{0f}li\n# # #  # >rending>Ra:letch<canv\n# # # >renar2al\n# # # >renarnali0aoe>ree ent)ry<\u{0f}li\n# # # >rending>Ra:letchi0ae>ree ent)ry<\u{0f}li\n# # # >rendii0ae>re\u{25aa} >rending>Ra:letchl",
        "<!DOCTYPE noug\u{00}\u{00}o stop leacs in the ea~tern pro-\nvince PE noug\u{00}\u{00}o stop leacs in the eved a well-\nknown stanR\u{00}\u{c3} \u{25aa} ervice.\n ew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg0t.\n\nShare thiew Wdnrry Se Riecvr\u{01}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}`Ferry 'e RieDOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e Riec$theh\nomers deserved a well\nkn-own stanR\u{00}\u{c3} \u{25aa} ervice.\n eh\nTcompany saTcompany sai Ruiz, told\nreporteucvresu<!\n# Ferry '!\n# Ferry 'eRieu<!\n# Ferry 'e Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Ferry 'e Riecea~tern pro-\nvince PE noug\u{00}\u{00}o stop leacs in the eved a well-\nknown stcnR\u{00}\u{c3} \u{25aa} ervice.\n eh\nomers deserved a well-\nknown stanR\u{00}\u{c3} \u{25aa} ervice.\n eh\nTcompany saTcompany sai Ruiz, told\nreporteucvresu<!\n# Ferry '!\n# Ferry 'eRieu<!\n# Ferry 'e Riec$thiew Wd\u{00}\u{00}\u{00}n the ea~tern pro-\nvince PE noug\u{00}\u{00}o stop leer Riec%vresu<!DOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e RieDOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e Riec$thiew Wd\u{00}\u{00}\u{00}ing | T%vresucvresu<!\n# Ferry '!\n# Ferry 'e Riec%vresu<!rry Se Riecvresu<!\n# Ferry 'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e Rie.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry#'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}in\n# Ferry 'eRieu<!\n# Ferry 'e Riec$thiew Wd\u{00}\u{00}\u{00}>>>>>>>>>>>>>>>>>>>>ing | Towesu<!\n# Ferry 'e Riec%vresucvresu<!\n# Ferry '!\n# Ferry 'e Riec%vresu<!rry Se Riecu<rvse!\n# Ferry 'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg0t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e RieDOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e\u{1f}Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Fer Riec%vresu<!DOCTYPE xtYPE xtmg1t.\n\nShare thiew Wdnrry Se Riecvresu<!\n# Ferry 'e Riec$thiew Wd\u{00}\u{00}\u{00}ing | Towesu<!\n# Ferry 'e Riec%vresu<!DOCTYPErs th2 Town News. All rie.\n\u{00}fo",
        "<!DOCTYPE nough ce.\n ehw<!DOC<!DOu nough ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s</title>\nv>gh ce.\n ehw<!DOC<!DOu nough ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!Dugh ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s</title>\nv>gh ce.\n ehw<!DOC<!DOu nough ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s New Wing | [Town News</title>\nv></header>\nA>b seCTYPE  Tow>\n>bbo seri>n Oe\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}eCTYPE  Tow>\n>bo seri</header>\nA>b seCTYPE  TOugh ce.\n ehw<!DOC<!DOCTYPNew wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s</title>\nv>gh ce.\n ehw<!DOC<!DOu nough ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!Dugh ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s</title>\nv>gh ce.\n ehw<!DOC<!DOu nough ce.\n ehw<!DOC<!DOugh ce.\n wDeChO<!<!DOCTYPNews</title>\nv></header>\n> ehw<!DOC<!DOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s New Wing | [Town News</title>\nv></header>\nA>b seCTYPE  Tow>\n>bbo seri>n Oe\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}eCTYPE  Tow>\n>bo seri</header>\nA>b seCTYPE  TOugh ce.\n ehw<!DOC<!DOCTYPNews</title>\nv></header>\n>bo seri>n Oe8s New Wing | [Town News</title>\nv></header>\nA>b seCTYPE  Tow>\n>bbo seri>n Oe\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}eCTYPE  Tow>\n>bo seri</header>\nA>b seCTYPE  Tow>\n>bbs</title>\nv></header>\n>bo seri>n Oe8s New Wing | [Town News</title>\nv></header>\nA>b seCTYPE  Tow>\n>bbo seri>n Oe\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}eCTYPE  Tow>\n>bo seri</header>\nA>b seCTYPE  Tow>\n>bbo seri>n Oe\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}\u{00}eCTYPE  Tow>\n>bo seri>Free",
        "The caf\u{c2}\u{a9}pe| T$o\u{0e}\u{00} ____>w-ndow.dataLary Opens ewN Wing | T Fer_______s_\n_tA<__yle>body { \u{00}Wing | T Fer_______s_\n_tA<__yle>body { \u{00}\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP________<s_\nt__yle@body { \u{00}\u{00}aLary Opens ewN W\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP_______af\u{c2}\u{a9}pe| T$o\u{0e}\u{00} ____>w-ndow.dataLary Opens ewN Wing | T Fer_______s_\n_tA<__yle>body { \u{00}Wing | T Fer_______s_\n_tA<__yle>body { \u{00}\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP________<s_\nt__yle@body { \u{00}\u{00}aLary Opens ewN W\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP________<s_\nt__yle@body { \u{00}\u{00}aLary Opens ewN Wing | T Fer_______s_\n_tA<__yle>body { \u{00}\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP________<s_\nt__yle@bod______<!DOCTYP0__>\u{00}le, w New_<s_\nt__yle@body { \u{00}\u{00}aLary Opens ewN Wing | T Fer_______s_\n_tA<__yle>body { \u{00}\u{00}_moueem\n\n#  re_____<!D______s_\n_t_<__yle>body { \u{00}\u{00}_m\u{01}>oueem\n\n#  re_____<!DOCTYP________<s_\nt__yle@bod______<!DOCTYP0__>\u{00}le, w New Wing | T Fer\u{00}\u{00}le, who alrr",
    ];
    for input in cases {
        let once = clean(input).text;
        assert_eq!(clean(&once).text, once, "input {input:?}");
    }
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# A Headline Here\n".to_string()),
        Just("July 25, 2012\n".to_string()),
        Just("**The  Daily  Post**\n".to_string()),
        Just("PARIS, France — ".to_string()),
        Just("LONDON (Reuters) - ".to_string()),
        Just("the council said on Monday that it would ".to_string()),
        Just("Prices rose.".to_string()),
        Just("pro-\nvince ".to_string()),
        Just("well-\nknown ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("- item one\n".to_string()),
        Just("Advertisement\n".to_string()),
        Just("Original url: <https://x.example/a>\n".to_string()),
        Just("<p>para</p>".to_string()),
        Just("<br>".to_string()),
        Just("&amp;lt;b&amp;gt;".to_string()),
        Just("**bold** _it_ `code` [link](http://u) ![img](p.png)".to_string()),
        Just("cafÃ© donâ€™t ".to_string()),
        Just("Ã  ".to_string()),
        Just("café naïve Привет ".to_string()),
        Just("\u{200B}\u{00AD}\u{00A0}\t\r\n".to_string()),
        Just("e\u{0301}".to_string()),
        Just("  ".to_string()),
        Just("said ".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("#".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        "[a-zA-Z ,.\n]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

#[test]
fn keep_layout_repairs_characters_only() {
    let cfg = CleanConfig {
        keep_layout: true,
        strip_html: false,
        normalize_spaces: false,
        ..CleanConfig::default()
    };
    let stage = Clean::new(cfg);
    let input = "  # Not a title\n\n\nIt\u{e2}\u{80}\u{99}s  *fine*\u{fb01}  \nAdvertisement\r\n";
    let out = stage.clean(input);
    assert_eq!(
        out.text,
        "  # Not a title\n\n\nIt\u{2019}s  *fine*fi  \nAdvertisement\n"
    );
    assert_eq!(out.meta.title, None);
    assert_eq!(stage.clean(&out.text).text, out.text);
    // Entities are decoded, unless the text may be HTML on purpose (it holds a "<").
    assert_eq!(stage.clean("Tom &amp; Jerry").text, "Tom & Jerry");
    assert_eq!(
        stage.clean("<b>Tom</b> &amp; Jerry").text,
        "<b>Tom</b> &amp; Jerry"
    );
}

fn keep_layout_stage() -> &'static Clean {
    static STAGE: std::sync::OnceLock<Clean> = std::sync::OnceLock::new();
    STAGE.get_or_init(|| {
        Clean::new(CleanConfig {
            keep_layout: true,
            ..CleanConfig::default()
        })
    })
}

proptest! {
    // CLEAN_PROPTEST_CASES raises the count for a longer local run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("CLEAN_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn clean_is_idempotent(parts in proptest::collection::vec(piece(), 0..24)) {
        let input: String = parts.concat();
        let once = clean(&input).text;
        let twice = clean(&once).text;
        prop_assert_eq!(&twice, &once, "input {:?}", input);
    }

    #[test]
    fn idempotent_on_mojibake_alphabet(s in "[a-zA-Z .,\n\u{a0}ÃÂâ€™œ©¼ÐÑРСВГ’“”—…–¢£°±³´µ·¸¹ºÏÎ√ƒ≈Äå∞ÅÉ«»<>&;#*_]{0,60}") {
        let once = clean(&s).text;
        prop_assert_eq!(clean(&once).text, once);
    }

    #[test]
    fn idempotent_on_legacy_mojibake_alphabet(s in "[a-zA-Z .,'\n\u{a0}\u{85}\u{9b}┬├─┼╚╔╩╠╬╨╤┘│┤┐╗╝║░▒▓ÇüéäàçÖÜ¢£ƒáíóúñ«»ΓπΣµ≡ΒΔΕΞΟΠΡβΆΈ΄·ĞğŸ˜€ĂĹČÄĄŁŚŠŤŹŽŻąłśšťźžż]{0,60}") {
        let once = clean(&s).text;
        prop_assert_eq!(clean(&once).text, once);
    }

    #[test]
    fn keep_layout_is_idempotent(parts in proptest::collection::vec(piece(), 0..24)) {
        let input: String = parts.concat();
        let once = keep_layout_stage().clean(&input).text;
        prop_assert_eq!(keep_layout_stage().clean(&once).text, once);
    }

    #[test]
    fn clean_never_panics_and_shape_holds(s in "\\PC{0,200}") {
        let t = clean(&s).text;
        prop_assert_eq!(t.trim(), t.as_str());
        prop_assert!(!t.contains("\n\n\n"));
        prop_assert_eq!(clean(&t).text, t);
    }
}
