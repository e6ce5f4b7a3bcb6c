"""The library API every other part calls: ``lint_text`` and ``Linter``.

>>> from ketalint import lint_text
>>> [f.rule for f in lint_text("Ketamine is FDA-approved for depression.")]
['FDA101']
"""
from __future__ import annotations

import regex

from .claims.extract import ClaimExtractor, build_sentences
from .document import PROSE_KINDS, Block, Document
from .findings import Finding
from .nlp.pipeline import get_pipeline
from .readers import read_file, read_text  # noqa: F401 - read_file is public API
from .rules import RuleSet, load_ruleset
from .rules.engine import Engine
from .rules.lexicon import PatternTimeout, TimedPattern


#: Blocks longer than this (a 5 MB line with no break) are analysed in pieces
#: cut after a sentence end or, failing that, at a space; spaCy refuses Docs over
#: a million characters, and shorter pieces keep memory flat.
MAX_BLOCK_CHARS = 100_000
_SENTENCE_END = regex.compile(r"[.!?]\s+")
_SPACE = regex.compile(r"\s+")


def _pieces(doc: Document, block: Block):
    if block.end - block.start <= MAX_BLOCK_CHARS:
        yield block
        return
    start = block.start
    while block.end - start > MAX_BLOCK_CHARS:
        lo = start + MAX_BLOCK_CHARS // 2
        window = doc.prose[lo:start + MAX_BLOCK_CHARS]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window)] or \
            [m.end() for m in _SPACE.finditer(window)]
        end = lo + (cuts[-1] if cuts else len(window))
        yield Block(block.kind, start, end, block.lead_in, block.list_id, block.section)
        start = end
    yield Block(block.kind, start, block.end, block.lead_in, block.list_id, block.section)


class Linter:
    """A rule set with its pipeline; build once, lint many documents."""

    def __init__(self, ruleset: RuleSet | None = None):
        self.ruleset = ruleset or load_ruleset()
        self.nlp = get_pipeline(self.ruleset.digest, self.ruleset.lexicon.data,
                                self.ruleset.modifiers)
        self.extractor = ClaimExtractor(self.ruleset.lexicon)
        named = self.ruleset.lexicon.patterns.get("named_source")
        self.named_source = TimedPattern(named) if named else None
        self.engine = Engine(self.ruleset)

    def analyse(self, doc: Document):
        """Sentences of ``doc`` with entities, modifiers, citations and claims."""
        return self._analyse(doc)[0]

    def _analyse(self, doc: Document):
        blocks = [(i, piece) for i, b in enumerate(doc.blocks) if b.kind in PROSE_KINDS
                  for piece in _pieces(doc, b)]
        spacy_docs = self.nlp.pipe(doc.prose[b.start:b.end] for _, b in blocks)
        sentences, space = build_sentences(doc, spacy_docs, blocks, self.named_source)
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
        except PatternTimeout as exc:
            doc.errors.append(f"not analysed: a lexicon pattern took too long ({exc.source[:60]!r})")
            return [], []
        return sentences, self.engine.run(doc, sentences, space, rules)

    def lint_text(self, text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
        return self.lint_document(read_text(text, path, fmt or "markdown"))


_DEFAULT: Linter | None = None


def lint_text(text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
    """Lint ``text`` (Markdown unless ``fmt`` says "text") with the built-in pack."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Linter()
    return _DEFAULT.lint_text(text, fmt, path)
