"""Coverage-guided fuzz target (atheris) for the decoder, the readers and the
whole pipeline.

    pip install atheris
    python fuzz/fuzz_readers.py -runs=100000          # or -max_total_time=600
    python fuzz/fuzz_readers.py corpus-dir/           # keep interesting inputs

Any exception, any finding whose offsets fall outside the text or whose text is
not ``source[start:end]``, and any difference between two runs is a crash.
"""
import sys

import atheris
# Dependencies load uninstrumented; coverage guidance is for ketalint's own code.
import markdown_it  # noqa: F401
import mdit_py_plugins.footnote  # noqa: F401
import mdit_py_plugins.front_matter  # noqa: F401
import regex  # noqa: F401
import spacy  # noqa: F401
import yaml  # noqa: F401

with atheris.instrument_imports(include=["ketalint"]):
    from ketalint.api import Linter
    from ketalint.readers import InputError, decode, read_text

LINTER = Linter()


def check(data: bytes) -> None:
    try:
        text, _ = decode(data)
    except InputError:
        return
    for fmt in ("markdown", "text"):
        doc = read_text(text, "fuzz", fmt)
        assert len(doc.prose) == len(doc.source)
        findings = LINTER.lint_document(doc)
        for f in findings:
            assert 0 <= f.start <= f.end <= len(text), f
            assert text[f.start:f.end] == f.text, f
        again = LINTER.lint_document(read_text(text, "fuzz", fmt))
        assert [f.to_dict() for f in findings] == [f.to_dict() for f in again]


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
