//! [`Extract`]: the runtime `extract` stage.

use crate::config::ExtractConfig;
use crate::dates::{self, Ymd};
use crate::tokens::Tokens;
use crate::{entities, keywords, quantities, quotes};
use textpipe_core::{
    fields, ConfigError, Document, Entity, EntityLabel, Keyword, Quantity, Quote, Span, Stage,
    StageError, TemporalMention,
};
use textpipe_ner::Tagger;

/// The NER model in use.
enum Ner {
    /// The embedded English model.
    Builtin(&'static Tagger),
    /// A model loaded from a file.
    File(Box<Tagger>),
}

impl Ner {
    fn tagger(&self) -> &Tagger {
        match self {
            Ner::Builtin(t) => t,
            Ner::File(t) => t,
        }
    }
}

/// The `extract` stage: entities, dates, quantities, quotes and keywords from sentences.
///
/// Built from an [`ExtractConfig`]; immutable, so one instance serves every thread.
pub struct Extract {
    config: ExtractConfig,
    ner: Option<Ner>,
    reference: Option<Ymd>,
    date_opts: dates::Options,
}

impl Extract {
    /// Builds the stage, loading the NER model when entities are on.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Param`] on `ner_model` when the model cannot be loaded.
    pub fn new(config: ExtractConfig) -> Result<Self, ConfigError> {
        let ner = if config.entities {
            Some(match &config.ner_model {
                Some(path) => Ner::File(Box::new(Tagger::load(path).map_err(|e| {
                    ConfigError::param("ner_model", format!("cannot load NER model: {e}"))
                })?)),
                None => Ner::Builtin(Tagger::english().map_err(|e| {
                    ConfigError::param(
                        "ner_model",
                        format!("built-in English NER model unusable: {e} (set \"entities\": false to run without it)"),
                    )
                })?),
            })
        } else {
            None
        };
        let reference = config
            .reference_date
            .as_deref()
            .and_then(dates::parse_reference);
        let date_opts = dates::Options {
            day_first: config.day_first,
        };
        Ok(Extract {
            config,
            ner,
            reference,
            date_opts,
        })
    }

    /// The configuration the stage was built from.
    pub fn config(&self) -> &ExtractConfig {
        &self.config
    }
}

/// True when `span` lies inside `text` on char boundaries and is not empty.
fn valid(span: Span, text: &str) -> bool {
    span.start < span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

impl Stage for Extract {
    fn name(&self) -> &str {
        "extract"
    }

    fn requires(&self) -> Vec<String> {
        vec![fields::TEXT.into(), fields::SENTENCES.into()]
    }

    fn provides(&self) -> Vec<String> {
        let c = &self.config;
        [
            (c.entities, fields::ENTITIES),
            (c.dates, fields::DATES),
            (c.quantities, fields::QUANTITIES),
            (c.quotes, fields::QUOTES),
            (c.keywords, fields::KEYWORDS),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| (*f).to_string())
        .collect()
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let Some(sentences) = doc.sentences.as_deref() else {
            return Err(StageError::missing(fields::SENTENCES));
        };
        let c = &self.config;
        let text = doc.text.as_str();
        // Sentences that do not fit the text are ignored rather than trusted.
        let sentences: Vec<Span> = sentences
            .iter()
            .copied()
            .filter(|s| valid(*s, text))
            .collect();
        let toks = Tokens::new(text, &sentences);
        let reference = doc
            .meta
            .date
            .as_deref()
            .and_then(dates::parse_reference)
            .or(self.reference);
        let (ents, harmonized) = self.entities(text, &sentences, doc.meta.dateline.as_deref());
        // Quotes and keywords use this document's entities, or those an earlier stage found.
        let known = ents.as_deref().or(doc.entities.as_deref()).unwrap_or(&[]);

        let date_matches = if c.dates || c.quantities {
            dates::find(&toks, reference, &self.date_opts)
        } else {
            Vec::new()
        };
        let quants = c.quantities.then(|| {
            // Durations ("P3Y") are not dates a quantity must keep out of.
            let exclude: Vec<Span> = date_matches
                .iter()
                .filter(|d| !d.value.as_deref().is_some_and(|v| v.starts_with('P')))
                .map(|d| d.span)
                .collect();
            let mut v = quantities::find(&toks, &exclude, c.bare_numbers);
            v.retain(|q| valid(q.span, text));
            v
        });
        let quotes_found = c.quotes.then(|| {
            let mut v = quotes::find(&toks, known);
            v.retain(|q| valid(q.span, text));
            v
        });
        let kws = c.keywords.then(|| self.keywords(&toks, known));
        let date_out = c.dates.then(|| {
            let mut v = date_matches;
            v.retain(|d| valid(d.span, text));
            v
        });
        drop(toks);
        store(doc, ents, harmonized, date_out, quants, quotes_found, kws);
        Ok(())
    }
}

impl Extract {
    /// The NER tagger's entities (when entities are on), with the number of labels
    /// harmonized within the document.
    fn entities(
        &self,
        text: &str,
        sentences: &[Span],
        dateline: Option<&str>,
    ) -> (Option<Vec<Entity>>, usize) {
        let Some(ner) = &self.ner else {
            return (None, 0);
        };
        let mut v = ner.tagger().tag(text, sentences);
        v.retain(|e| valid(e.span, text));
        let harmonized = if self.config.entity_consistency {
            entities::harmonize(text, &mut v)
        } else {
            0
        };
        if let Some(dateline) = dateline {
            entities::dateline_places(text, dateline, &mut v);
        }
        (Some(v), harmonized)
    }

    /// The keyphrases; no phrase cuts through a known entity or runs into a person's name.
    fn keywords(&self, toks: &Tokens<'_>, known: &[Entity]) -> Vec<Keyword> {
        let c = &self.config;
        let spans: Vec<Span> = known.iter().map(|e| e.span).collect();
        let names: Vec<Span> = known
            .iter()
            .filter(|e| e.label == EntityLabel::PER)
            .map(|e| e.span)
            .collect();
        keywords::extract(toks, &spans, &names, c.keywords_top, c.keywords_max_words)
    }
}

/// Stores the layers that were computed in the document, with their counters.
fn store(
    doc: &mut Document,
    ents: Option<Vec<Entity>>,
    harmonized: usize,
    dates: Option<Vec<TemporalMention>>,
    quants: Option<Vec<Quantity>>,
    quotes: Option<Vec<Quote>>,
    kws: Option<Vec<Keyword>>,
) {
    if let Some(v) = ents {
        doc.count("entities", v.len() as u64);
        if harmonized > 0 {
            doc.count("entity_labels_harmonized", harmonized as u64);
        }
        doc.entities = Some(v);
    }
    if let Some(v) = dates {
        doc.count("dates", v.len() as u64);
        let resolved = v.iter().filter(|d| d.value.is_some()).count();
        doc.count("dates_resolved", resolved as u64);
        doc.dates = Some(v);
    }
    if let Some(v) = quants {
        doc.count("quantities", v.len() as u64);
        doc.quantities = Some(v);
    }
    if let Some(v) = quotes {
        doc.count("quotes", v.len() as u64);
        let attributed = v.iter().filter(|q| q.speaker.is_some()).count();
        doc.count("quotes_attributed", attributed as u64);
        doc.quotes = Some(v);
    }
    if let Some(v) = kws {
        doc.keywords = Some(v);
    }
}
