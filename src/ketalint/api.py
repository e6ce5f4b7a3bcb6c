"""The library API every other part calls: ``lint_text`` and ``Linter``.

>>> from ketalint import lint_text
>>> [f.rule for f in lint_text("Ketamine is FDA-approved for depression.")]
['FDA101']
"""
from __future__ import annotations

import regex

from .claims import ClaimExtractor, build_sentences
from .document import Document
from .findings import Finding
from .nlp.pipeline import get_pipeline
from .readers import InputError, decode, format_for, read_text
from .rules import RuleSet, load_ruleset
from .rules.engine import Engine
from .rules.lexicon import FLAGS


class Linter:
    """A rule set with its pipeline; build once, lint many documents."""

    def __init__(self, ruleset: RuleSet | None = None):
        self.ruleset = ruleset or load_ruleset()
        self.nlp = get_pipeline(self.ruleset.digest, self.ruleset.lexicon.data,
                                self.ruleset.modifiers)
        self.extractor = ClaimExtractor(self.ruleset.lexicon)
        named = self.ruleset.lexicon.patterns.get("named_source")
        self.named_source = regex.compile(named, FLAGS) if named else None
        self.engine = Engine(self.ruleset)

    def analyse(self, doc: Document):
        """Sentences of ``doc`` with entities, modifiers, citations and claims."""
        blocks = [(i, b) for i, b in enumerate(doc.blocks) if b.kind in
                  {"heading", "paragraph", "list-item", "table-cell", "blockquote", "front-matter"}]
        spacy_docs = self.nlp.pipe(doc.prose[b.start:b.end] for _, b in blocks)
        sentences = build_sentences(doc, spacy_docs, blocks, self.named_source)
        self.extractor.extract(doc, sentences)
        return sentences

    def lint_document(self, doc: Document, rules=None) -> list[Finding]:
        return self.engine.run(doc, self.analyse(doc), rules)

    def lint_text(self, text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
        return self.lint_document(read_text(text, path, fmt or "markdown"))


_DEFAULT: Linter | None = None


def lint_text(text: str, fmt: str | None = None, path: str = "<text>") -> list[Finding]:
    """Lint ``text`` (Markdown unless ``fmt`` says "text") with the built-in pack."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Linter()
    return _DEFAULT.lint_text(text, fmt, path)


def read_file(path: str, fmt: str | None = None) -> Document:
    """Read and decode a file into a Document; raise InputError with a one-line
    reason when it cannot be read as text."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    text, _encoding = decode(data)
    return read_text(text, path, fmt or format_for(path))
