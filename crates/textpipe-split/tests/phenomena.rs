//! One test per phenomenon of sentence boundary detection. The cases are written for this
//! project (none is copied from a corpus or another tool's test list).

use crate::{check_invariants, sents};

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    assert_eq!(sents(text), expected, "text: {text:?}");
    check_invariants(text, &textpipe_split::split(text));
}

#[test]
fn plain_terminals() {
    check(
        "The river rose. The town flooded.",
        &["The river rose.", "The town flooded."],
    );
    check(
        "Did the dam hold? Nobody knew.",
        &["Did the dam hold?", "Nobody knew."],
    );
    check(
        "Run! The water is coming.",
        &["Run!", "The water is coming."],
    );
}

#[test]
fn titles_never_end_a_sentence() {
    check(
        "Dr. Patel met Gov. Reyes and Sen. Ortiz. They spoke.",
        &["Dr. Patel met Gov. Reyes and Sen. Ortiz.", "They spoke."],
    );
    check(
        "Maj.-Gen. Harlow and Rep. Kim arrived with Mrs. Gray.",
        &["Maj.-Gen. Harlow and Rep. Kim arrived with Mrs. Gray."],
    );
    check("Ask Prof. Lind about it.", &["Ask Prof. Lind about it."]);
}

#[test]
fn abbreviations_that_may_end_a_sentence() {
    check(
        "She sold shares of Vantor Corp. at a loss. Then she left.",
        &[
            "She sold shares of Vantor Corp. at a loss.",
            "Then she left.",
        ],
    );
    check(
        "The deal went to Hale & Co. It closed on Friday.",
        &["The deal went to Hale & Co.", "It closed on Friday."],
    );
    check(
        "Bring pens, paper, etc. The rest is provided.",
        &["Bring pens, paper, etc.", "The rest is provided."],
    );
    check(
        "Bring pens, paper, etc. to the hall.",
        &["Bring pens, paper, etc. to the hall."],
    );
    check(
        "They met at St. Anne's and climbed Mt. Hood.",
        &["They met at St. Anne's and climbed Mt. Hood."],
    );
    check(
        "Compare apples vs. Oranges here.",
        &["Compare apples vs. Oranges here."],
    );
    check(
        "The plant opened in Jan. 2019 in Portland, Ore. on the river.",
        &["The plant opened in Jan. 2019 in Portland, Ore. on the river."],
    );
}

#[test]
fn dotted_acronyms() {
    check(
        "He moved to the U.S. He liked it.",
        &["He moved to the U.S.", "He liked it."],
    );
    check(
        "He joined the U.S. Navy in May.",
        &["He joined the U.S. Navy in May."],
    );
    check(
        "He lived in the U.K. for a decade.",
        &["He lived in the U.K. for a decade."],
    );
    check(
        "Some fruit, e.g. Pears, keep well. Others rot, i.e. Plums do.",
        &[
            "Some fruit, e.g. Pears, keep well.",
            "Others rot, i.e. Plums do.",
        ],
    );
    check(
        "The U.N. Security Council met. It voted.",
        &["The U.N. Security Council met.", "It voted."],
    );
}

#[test]
fn initials() {
    check(
        "I read J. R. R. Tolkien as a boy.",
        &["I read J. R. R. Tolkien as a boy."],
    );
    check(
        "George W. Bush spoke. He was brief.",
        &["George W. Bush spoke.", "He was brief."],
    );
    check(
        "It was just you and I. Then Maria T. Lopez came.",
        &["It was just you and I.", "Then Maria T. Lopez came."],
    );
}

#[test]
fn am_pm() {
    check(
        "At 7 a.m. Ms. Olsen opened the shop. She closed it at 9 P.M. Mr. Olsen then swept up.",
        &[
            "At 7 a.m. Ms. Olsen opened the shop.",
            "She closed it at 9 P.M.",
            "Mr. Olsen then swept up.",
        ],
    );
    check(
        "The vote ends at 8 p.m. Tuesday in most states.",
        &["The vote ends at 8 p.m. Tuesday in most states."],
    );
    check(
        "We left at 6 a.m. The roads were empty.",
        &["We left at 6 a.m.", "The roads were empty."],
    );
}

#[test]
fn numbers() {
    check(
        "Pi is about 3.14 and the bill was 1,000.50 dollars.",
        &["Pi is about 3.14 and the bill was 1,000.50 dollars."],
    );
    check(
        "Profit reached $1.13bn, up 2.5%. Version 1.2.3 ships soon.",
        &[
            "Profit reached $1.13bn, up 2.5%.",
            "Version 1.2.3 ships soon.",
        ],
    );
    check(
        "The fee was $40.00. It was paid in cash.",
        &["The fee was $40.00.", "It was paid in cash."],
    );
    check(
        "See No. 7 and p. 12 and Fig. 3 for details.",
        &["See No. 7 and p. 12 and Fig. 3 for details."],
    );
    check(
        "The answer is no. We stay.",
        &["The answer is no.", "We stay."],
    );
    check(
        "They won in 2019. 2020 was harder.",
        &["They won in 2019.", "2020 was harder."],
    );
}

#[test]
fn numbered_and_lettered_lists() {
    check(
        "1. Preheat the oven 2. Mix the flour 3. Bake it",
        &["1. Preheat the oven", "2. Mix the flour", "3. Bake it"],
    );
    check(
        "1.) Sand the board. 2.) Paint the board.",
        &["1.) Sand the board.", "2.) Paint the board."],
    );
    check(
        "1) Sand the board 2) Paint the board",
        &["1) Sand the board", "2) Paint the board"],
    );
    check(
        "a. Take the bus b. Walk to the park c. Buy a ticket",
        &["a. Take the bus", "b. Walk to the park", "c. Buy a ticket"],
    );
    check(
        "• 3. Open the lid • 4. Pour the water",
        &["• 3. Open the lid", "• 4. Pour the water"],
    );
    check(
        "Steps:\n- Open the lid\n- Pour the water\n- Close it",
        &["Steps:", "- Open the lid", "- Pour the water", "- Close it"],
    );
    check(
        "i. Scope of work\nii. Budget",
        &["i. Scope of work", "ii. Budget"],
    );
}

#[test]
fn ellipses() {
    check(
        "He paused . . . and then went on.",
        &["He paused . . . and then went on."],
    );
    check(
        "I never said that.... She walked out.",
        &["I never said that....", "She walked out."],
    );
    check(
        "It was over . . . . The lights went out.",
        &["It was over . . . .", "The lights went out."],
    );
    check(
        "Well … I think I know … maybe not.",
        &["Well … I think I know … maybe not."],
    );
    check(
        "She waited... The phone never rang.",
        &["She waited...", "The phone never rang."],
    );
    check(
        "“The rules change . . . slowly [...] over time [...]” (Okafor 12).",
        &["“The rules change . . . slowly [...] over time [...]” (Okafor 12)."],
    );
}

#[test]
fn runs_of_question_and_exclamation_marks() {
    check("Really?! You won?", &["Really?!", "You won?"]);
    check("Stop!!! Come back!?", &["Stop!!!", "Come back!?"]);
    check("Hello?? Anyone home?", &["Hello??", "Anyone home?"]);
}

#[test]
fn quotes_and_brackets_after_the_mark() {
    check(
        "\"We are done,\" he said. \"Go home.\" Then he left.",
        &["\"We are done,\" he said.", "\"Go home.\"", "Then he left."],
    );
    check(
        "She said 'not today.' and walked on.",
        &["She said 'not today.' and walked on."],
    );
    check(
        "Prices fell. (See the chart below.) Next year looks better.",
        &[
            "Prices fell.",
            "(See the chart below.)",
            "Next year looks better.",
        ],
    );
    check(
        "He taught math (He had been an engineer.) at the college.",
        &["He taught math (He had been an engineer.) at the college."],
    );
    check(
        "“Where is it?” Anna asked. “Here,” I said.",
        &["“Where is it?” Anna asked.", "“Here,” I said."],
    );
    check(
        "The war ended in 1945.[3] Rebuilding took years.",
        &["The war ended in 1945.[3]", "Rebuilding took years."],
    );
    check(
        "He died in 1990. [4] [5] His son took over.",
        &["He died in 1990. [4] [5]", "His son took over."],
    );
}

#[test]
fn sentence_ending_in_an_abbreviation() {
    check(
        "The firm is based in the U.S. It hires locally.",
        &["The firm is based in the U.S.", "It hires locally."],
    );
    check(
        "Send it to Acme Inc. We will wait.",
        &["Send it to Acme Inc.", "We will wait."],
    );
}

#[test]
fn no_space_after_the_period() {
    check(
        "Good morning.Today is Friday.Ms. Diaz bought 2,000.That is plenty.",
        &[
            "Good morning.",
            "Today is Friday.",
            "Ms. Diaz bought 2,000.",
            "That is plenty.",
        ],
    );
    check("That is Smith Jr.'s car.", &["That is Smith Jr.'s car."]);
}

#[test]
fn urls_emails_files_domains() {
    check(
        "Write to Ana.Lee@mail.example.org. She answers fast.",
        &["Write to Ana.Lee@mail.example.org.", "She answers fast."],
    );
    check(
        "Go to https://docs.example.com/v2/Intro.html. It explains everything.",
        &[
            "Go to https://docs.example.com/v2/Intro.html.",
            "It explains everything.",
        ],
    );
    check(
        "Open README.md and example.com in a browser.",
        &["Open README.md and example.com in a browser."],
    );
    check("Edit config.YAML first.", &["Edit config.YAML first."]);
}

#[test]
fn unicode_punctuation() {
    check(
        "«C’est fini.» Il est parti.",
        &["«C’est fini.»", "Il est parti."],
    );
    check("今日は晴れ。明日は雨。", &["今日は晴れ。", "明日は雨。"]);
    check(
        "He said “yes.” Then he left…",
        &["He said “yes.”", "Then he left…"],
    );
}

#[test]
fn headlines_datelines_unpunctuated_lines() {
    check(
        "Storm Hits Coast\n\nMonday, March 2, 2020\n\nThe storm arrived at dawn.",
        &[
            "Storm Hits Coast",
            "Monday, March 2, 2020",
            "The storm arrived at dawn.",
        ],
    );
    check(
        "Bakers strike over pay Tuesday, June 4, 2019 Bakers walked out on Monday.",
        &[
            "Bakers strike over pay",
            "Tuesday, June 4, 2019",
            "Bakers walked out on Monday.",
        ],
    );
    check(
        "Harbor Report\nShips waited outside the port.",
        &["Harbor Report", "Ships waited outside the port."],
    );
    check(
        "Figure 2.1 The old harbor in 1900.",
        &["Figure 2.1", "The old harbor in 1900."],
    );
}

#[test]
fn blank_lines_are_hard_boundaries() {
    check(
        "Mr. Smith\n\nThe end of the story",
        &["Mr. Smith", "The end of the story"],
    );
    check(
        "first part\n \n\t\nsecond part",
        &["first part", "second part"],
    );
    check("Dr.\r\n\r\nNext", &["Dr.", "Next"]);
}

#[test]
fn single_newlines() {
    check(
        "The storm knocked down trees along the\ncoast and closed two roads.",
        &["The storm knocked down trees along the\ncoast and closed two roads."],
    );
    check(
        "It was a dark \nnight on the hill.",
        &["It was a dark \nnight on the hill."],
    );
    check(
        "apples\npears and plums\ngrapes, figs\n",
        &["apples", "pears and plums", "grapes, figs"],
    );
    check(
        "Ingredients:\n2 eggs\n1 cup of milk",
        &["Ingredients:", "2 eggs", "1 cup of milk"],
    );
}

#[test]
fn newline_modes() {
    use textpipe_split::{NewlineMode, SplitOptions, Splitter};
    let text = "one line here\nand more of it.";
    let s = |mode| {
        Splitter::new(SplitOptions {
            newlines: mode,
            ..SplitOptions::default()
        })
        .split(text)
        .len()
    };
    assert_eq!(s(NewlineMode::Always), 2);
    assert_eq!(s(NewlineMode::Never), 1);
    assert_eq!(s(NewlineMode::Auto), 1);
}

#[test]
fn exclamation_marks_in_names() {
    check(
        "He worked at Yahoo! in sales.",
        &["He worked at Yahoo! in sales."],
    );
    check(
        "She joined Yahoo! Finance last year.",
        &["She joined Yahoo! Finance last year."],
    );
    check(
        "He left Yahoo! Then he started a firm.",
        &["He left Yahoo!", "Then he started a firm."],
    );
}

#[test]
fn interrupted_speech() {
    check(
        "I was going to — Well, never mind.",
        &["I was going to —", "Well, never mind."],
    );
    check(
        "Lima, Peru — The talks began.",
        &["Lima, Peru — The talks began."],
    );
}

#[test]
fn extra_abbreviations_from_options() {
    use textpipe_split::{SplitOptions, Splitter};
    let text = "Call the Mgmt. Office today.";
    assert_eq!(sents(text).len(), 2);
    let sp = Splitter::new(SplitOptions {
        extra_abbreviations: vec!["Mgmt.".into()],
        ..SplitOptions::default()
    });
    assert_eq!(sp.split(text).len(), 1);
}

#[test]
fn length_limits() {
    use textpipe_split::{SplitOptions, Splitter};
    let text = "word ".repeat(100);
    let sp = Splitter::new(SplitOptions {
        max_sentence_bytes: 50,
        ..SplitOptions::default()
    });
    let spans = sp.split(&text);
    assert!(spans.len() >= 10, "{}", spans.len());
    assert!(spans.iter().all(|s| s.len() <= 50));
    check_invariants(&text, &spans);

    let sp = Splitter::new(SplitOptions {
        min_sentence_bytes: 5,
        ..SplitOptions::default()
    });
    let text = "Yes. No. It rained all day.\n\nOk.";
    let got: Vec<&str> = sp
        .split(text)
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect();
    assert_eq!(got, ["Yes. No.", "It rained all day.", "Ok."]);
}

#[test]
fn web_text() {
    check(
        "Great service :) Will come back. Thanks! :) See you.",
        &[
            "Great service :)",
            "Will come back.",
            "Thanks! :)",
            "See you.",
        ],
    );
    check(
        "Loved it! i cant wait to go again",
        &["Loved it!", "i cant wait to go again"],
    );
    check(
        "I bought it on eBay. eBay shipped fast.",
        &["I bought it on eBay.", "eBay shipped fast."],
    );
    check(
        "What is huh? in Dutch? Nobody knows.",
        &["What is huh? in Dutch?", "Nobody knows."],
    );
}

#[test]
fn informal_lowercase_starts() {
    check(
        "great place. the staff was kind. thanks. i will be back",
        &[
            "great place.",
            "the staff was kind.",
            "thanks.",
            "i will be back",
        ],
    );
    check(
        "See e.g. the appendix and Eng. project notes.",
        &["See e.g. the appendix and Eng. project notes."],
    );
}

#[test]
fn titles_with_exclamation_marks() {
    check(
        "The cast of Mamma Mia! has toured for years.",
        &["The cast of Mamma Mia! has toured for years."],
    );
}

#[test]
fn attributions_after_quotes() {
    check(
        "\"We will win this. It is only a matter of time.\" - Jane Okoro\n\nThe vote is next week.",
        &[
            "\"We will win this.",
            "It is only a matter of time.\" - Jane Okoro",
            "The vote is next week.",
        ],
    );
    check(
        "\"Go.\" - The end came fast and it was brutal for everyone involved in it.",
        &[
            "\"Go.\"",
            "- The end came fast and it was brutal for everyone involved in it.",
        ],
    );
}
