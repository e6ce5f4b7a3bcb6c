"""The library API every other part calls: ``lint_text`` and ``Linter``.

>>> from ketalint import lint_text
>>> [f.rule for f in lint_text("Ketamine is FDA-approved for depression.")]
['FDA101']

``lint_text`` reports what ``ketalint check`` reports for the same text with
no config file: suppression comments (``ketalint-disable-next-line``...) are
honoured and their KTL findings included, through the same
:class:`ketalint.checker.Checker`. ``Linter.lint_document`` gives the rules'
findings alone, before suppressions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .claims.extract import ClaimExtractor, build_sentences
from .document import Document
from .findings import Finding
from .nlp.chunks import chunks, make_docs
from .nlp.pipeline import get_pipeline
from .readers import read_file, read_text  # noqa: F401 - read_file is public API
from .rules import RuleSet, load_ruleset
from .rules.engine import DocumentRun, Engine
from .pattern_analyses import STORED
from .patterns import PatternFailure, TimedPattern

if TYPE_CHECKING:  # checkers are built of linters: a run-time import would be circular
    from .checker import Checker


#: Characters of prose one spaCy Doc holds at most (see :mod:`.nlp.chunks`).
MAX_CHUNK_CHARS = 100_000


class Linter:
    """A rule set with its pipeline; build once, lint many documents."""

    def __init__(self, ruleset: RuleSet | None = None):
        self.ruleset = ruleset or load_ruleset()
        self.nlp = get_pipeline(self.ruleset.digest, self.ruleset.lexicon.data,
                                self.ruleset.modifiers)
        self.extractor = ClaimExtractor(self.ruleset.lexicon)
        named = self.ruleset.lexicon.patterns.get("named_source")
        self.named_source = TimedPattern(named) if named else None
        offers = self.ruleset.lexicon.patterns.get("promotional")
        self.offers_treatment = TimedPattern(offers) if offers else None
        speaker = self.ruleset.lexicon.patterns.get("reporting_verb")
        self.speaker_tag = TimedPattern(speaker) if speaker else None
        self.engine = Engine(self.ruleset)
        self._checker: Checker | None = None
        STORED.store()  # with the analyses of the patterns the pipeline made (modifier cues)

    def analyse(self, doc: Document):
        """Sentences of ``doc`` with entities, modifiers, citations and claims."""
        return self._analyse(doc)[0]

    def document_run(self, doc: Document) -> DocumentRun:
        """``doc`` analysed, as the rules read it (for tools that ask what one
        rule's conditions say of a page, such as ``training/promotion.py``)."""
        sentences, space = self._analyse(doc)
        return DocumentRun(doc, sentences, space, self.ruleset)

    def _analyse(self, doc: Document):
        parts = chunks(doc, MAX_CHUNK_CHARS)
        spacy_docs = self.nlp.pipe(make_docs(self.nlp, doc, parts), batch_size=4)
        sentences, space = build_sentences(doc, spacy_docs, parts, self.named_source, self.speaker_tag,
                                           self.offers_treatment)
        self.extractor.extract(doc, sentences, space)
        return sentences, space

    def lint_document(self, doc: Document, rules=None) -> list[Finding]:
        """Findings for ``doc``; problems that stopped a rule or the analysis are
        added to ``doc.errors``."""
        return self.analyse_and_lint(doc, rules)[1]

    def analyse_and_lint(self, doc: Document, rules=None):
        """(sentences with their claims, findings) of ``doc``, analysed once."""
        try:
            sentences, space = self._analyse(doc)
        except PatternFailure as exc:
            doc.errors.append(f"not analysed: {exc.reason} in the lexicon ({exc.source[:60]!r})")
            return [], []
        return sentences, self.engine.run(doc, sentences, space, rules)

    def lint_text(self, text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
        """Findings for ``text`` (Markdown unless ``fmt`` names another format)
        after suppression comments, as ``ketalint check`` reports them."""
        if self._checker is None:
            from .checker import Checker
            self._checker = Checker(self, list(self.ruleset.rules), debug=True)
        return self._checker.check(read_text(text, path, fmt or "markdown")).findings


_DEFAULT: Linter | None = None


def lint_text(text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
    """Lint ``text`` (Markdown unless ``fmt`` names another format) with the
    built-in pack, suppression comments honoured (see the module's doc)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Linter()
    return _DEFAULT.lint_text(text, fmt, path)
