"""Resource bounds: time per MB does not grow with document size.

The 10 MB document takes about a minute and a half on a 2-core machine, so this
runs only with KETALINT_SLOW_TESTS=1 (``KETALINT_SLOW_TESTS=1 pytest
tests/test_scaling.py``); benchmarks/run.py reports the same figures."""
import os
import time

import pytest

from conftest import ROOT
from ketalint.readers import read_text

pytestmark = pytest.mark.skipif(not os.environ.get("KETALINT_SLOW_TESTS"),
                                reason="slow: set KETALINT_SLOW_TESTS=1")


def document(megabytes: int) -> str:
    corpus = "\n\n".join(p.read_text(encoding="utf-8")
                         for p in sorted((ROOT / "fixtures" / "corpus").glob("*.txt")))
    size = megabytes * 1024 * 1024
    return ((corpus + "\n\n") * (size // len(corpus) + 1))[:size]


def seconds_per_mb(linter, megabytes: int) -> float:
    text = document(megabytes)
    start = time.perf_counter()
    linter.lint_document(read_text(text, "big.txt", "text"))
    return (time.perf_counter() - start) / megabytes


def test_time_per_mb_is_linear(linter):
    small = seconds_per_mb(linter, 1)
    large = seconds_per_mb(linter, 10)
    assert large <= 2 * small, f"1 MB: {small:.2f} s/MB, 10 MB: {large:.2f} s/MB"
