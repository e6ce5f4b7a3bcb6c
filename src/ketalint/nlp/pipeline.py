"""The spaCy pipeline, built once per process and rule pack.

``spacy.blank("en")`` with three components and no trained weights:

1. ``ketalint_sentences``: sentence boundaries (see :mod:`.sentences`);
2. ``ketalint_entities``: products, routes, indications, populations, settings,
   regulators, institutions and risk terms from the pack's ``lexicon.yaml``,
   matched on lower-cased tokens (hyphenated phrases match spaced forms too;
   see :mod:`.entities`);
3. ``ketalint_context``: negation, hedging, restriction, attribution and
   question scopes from the pack's ``modifiers.yaml`` (see :mod:`.context`).

The tokenizer also splits on every dash and bracket, so "non-FDA-approved" and
"treatments.[2,3]" break where the rules expect.
"""
from __future__ import annotations

from spacy.lang.en import English
from spacy.language import Language

from . import context, entities, sentences  # noqa: F401  (register the factories)

_EXTRA_INFIXES = [r"[\-–—]", r"[\[\]]", r"(?<=[A-Za-z%\)])\.(?=[\[\(\d⁰¹²³⁴⁵⁶⁷⁸⁹])",
                  r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+"]

_PIPELINES: dict[str, Language] = {}


# spaCy declares Defaults as a class attribute, which mypy cannot take as a base.
class _Defaults(English.Defaults):  # type: ignore[misc,valid-type]
    infixes = list(English.Defaults.infixes) + _EXTRA_INFIXES


class _English(English):
    """English with the extra infixes built into its tokenizer (setting
    ``infix_finditer`` afterwards reloads every tokenizer exception: 0.1 s)."""

    Defaults = _Defaults


def build_pipeline(lexicon: dict, modifiers: dict) -> Language:
    nlp = _English()
    nlp.add_pipe("ketalint_sentences",
                 config={"abbreviations": lexicon.get("abbreviations", [])})
    phrases = {label: {ent_id: list(items) for ent_id, items in groups.items()}
               for label, groups in (lexicon.get("entities") or {}).items()}  # plain, for spaCy's config
    nlp.add_pipe("ketalint_entities", config={"entities": phrases})
    nlp.add_pipe("ketalint_context", config={"modifiers": modifiers})
    return nlp


def get_pipeline(key: str, lexicon: dict, modifiers: dict) -> Language:
    """The pipeline for a rule pack, built on first use in this process."""
    nlp = _PIPELINES.get(key)
    if nlp is None:
        nlp = _PIPELINES[key] = build_pipeline(lexicon, modifiers)
    return nlp
