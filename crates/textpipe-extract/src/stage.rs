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

        let mut ents: Option<Vec<Entity>> = None;
        let mut harmonized = 0;
        if let Some(ner) = &self.ner {
            let mut v = ner.tagger().tag(text, &sentences);
            v.retain(|e| valid(e.span, text));
            if c.entity_consistency {
                harmonized = entities::harmonize(text, &mut v);
            }
            if let Some(dateline) = doc.meta.dateline.as_deref() {
                entities::dateline_places(text, dateline, &mut v);
            }
            ents = Some(v);
        }

        let date_matches = if c.dates || c.quantities {
            dates::find(&toks, reference, &self.date_opts)
        } else {
            Vec::new()
        };
        let quants = c.quantities.then(|| {
            let exclude: Vec<Span> = date_matches
                .iter()
                .filter(|d| !d.value.as_deref().is_some_and(|v| v.starts_with('P')))
                .map(|d| d.span)
                .collect();
            quantities::find(&toks, &exclude, c.bare_numbers)
                .into_iter()
                .filter(|q| valid(q.span, text))
                .map(|q| Quantity {
                    span: q.span,
                    value: q.value,
                    unit: q.unit,
                    max: q.max,
                })
                .collect::<Vec<_>>()
        });
        let quotes_found = c.quotes.then(|| {
            let known = ents.as_deref().or(doc.entities.as_deref()).unwrap_or(&[]);
            quotes::find(&toks, known)
                .into_iter()
                .filter(|q| valid(q.span, text))
                .map(|q| Quote {
                    span: q.span,
                    speaker: q.speaker,
                })
                .collect::<Vec<_>>()
        });
        let kws = c.keywords.then(|| {
            let known = ents.as_deref().or(doc.entities.as_deref()).unwrap_or(&[]);
            let spans: Vec<Span> = known.iter().map(|e| e.span).collect();
            let names: Vec<Span> = known
                .iter()
                .filter(|e| e.label == EntityLabel::PER)
                .map(|e| e.span)
                .collect();
            keywords::extract(&toks, &spans, &names, c.keywords_top, c.keywords_max_words)
                .into_iter()
                .map(|k| Keyword {
                    text: k.text,
                    score: k.score,
                })
                .collect::<Vec<_>>()
        });
        let date_out = c.dates.then(|| {
            date_matches
                .into_iter()
                .filter(|d| valid(d.span, text))
                .map(|d| TemporalMention {
                    span: d.span,
                    value: d.value,
                })
                .collect::<Vec<_>>()
        });
        drop(toks);

        if let Some(v) = ents {
            doc.count("entities", v.len() as u64);
            if harmonized > 0 {
                doc.count("entity_labels_harmonized", harmonized as u64);
            }
            doc.entities = Some(v);
        }
        if let Some(v) = date_out {
            doc.count("dates", v.len() as u64);
            let resolved = v.iter().filter(|d| d.value.is_some()).count();
            doc.count("dates_resolved", resolved as u64);
            doc.dates = Some(v);
        }
        if let Some(v) = quants {
            doc.count("quantities", v.len() as u64);
            doc.quantities = Some(v);
        }
        if let Some(v) = quotes_found {
            doc.count("quotes", v.len() as u64);
            let attributed = v.iter().filter(|q| q.speaker.is_some()).count();
            doc.count("quotes_attributed", attributed as u64);
            doc.quotes = Some(v);
        }
        if let Some(v) = kws {
            doc.keywords = Some(v);
        }
        Ok(())
    }
}
