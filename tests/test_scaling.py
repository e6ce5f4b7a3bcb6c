"""Resource bounds: time per MB does not grow with document size, and peak
memory stays flat from 1,000 to 10,000 files.

These take several minutes on a 2-core machine, so they run only with
KETALINT_SLOW_TESTS=1 (``KETALINT_SLOW_TESTS=1 pytest tests/test_scaling.py``)."""
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


def peak_rss_mb(folder) -> float:
    import subprocess
    import sys
    code = ("import resource, subprocess, sys; subprocess.run([sys.executable, '-m', 'ketalint', "
            "'check', '--no-cache', '--format', 'json', sys.argv[1]], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def test_memory_is_flat_from_1000_to_10000_files(tmp_path):
    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "corpus").glob("*.md"))]
    sizes = {}
    for count in (1000, 10000):
        folder = tmp_path / str(count)
        folder.mkdir()
        for i in range(count):
            (folder / f"p{i:05d}.md").write_text(f"# Page {i}\n\n" + pages[i % len(pages)])
        sizes[count] = peak_rss_mb(folder)
    assert sizes[10000] < 400 and sizes[10000] <= 1.25 * sizes[1000], sizes
