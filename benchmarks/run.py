"""ketalint benchmark: one table, measured in one run, ratios against spaCy's floor.

    python benchmarks/run.py                 # about 1 million words
    python benchmarks/run.py --words 200000  # quicker

The corpus is built from the fixtures: pages of about 1,000 words made of the
labelled corpus documents, each page with a unique header line so that no cache
can help. Every figure is a whole-process run (start-up included) of:

- the floor: ``spacy.blank("en")`` with a sentencizer piping the same pages;
  throughput runs bracket each other (floor, 1 worker, all cores twice,
  1 worker, floor; each figure the mean of its two runs) so a drift in the
  machine's speed affects both sides of a ratio;
- ``ketalint check --no-cache`` with every rule, on one worker and on all cores;
- cold start on one small file, next to ``python -c "import spacy; spacy.blank('en')"``
  (medians of 9 runs of each, interleaved);
- a second run on unchanged files (the results cache), 1 file and 2,000 files,
  checking that spaCy is not imported;
- peak memory of one worker (the largest resident set of any process of a run)
  linting 1,000 and 10,000 small files;
- time per MB of one 1 MB and one 10 MB document;
- the commands that need no pipeline (``rules``, ``explain``, ``config show``),
  medians of 9 interleaved runs.

ketalint's modules are byte-compiled first, as ``pip install`` does: an
editable install under ``PYTHONDONTWRITEBYTECODE`` would otherwise compile
them on every start-up and the cold-start figures would measure that.

Only the standard library and ketalint's own dependencies are used.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "fixtures" / "corpus").glob("*.md")) + \
    sorted((ROOT / "fixtures" / "examples").glob("*.md"))
KETALINT = [sys.executable, "-m", "ketalint"]

FLOOR = """
import sys, pathlib, spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
texts = (p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.md")))
for _ in nlp.pipe(texts):
    pass
"""

# Runs ketalint and says on stderr whether spaCy was imported.
PROBE = """
import sys
from ketalint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("spacy-imported" if "spacy" in sys.modules else "spacy-not-imported", file=sys.stderr)
"""


def pages(words_per_page: int):
    """Endless pages of about ``words_per_page`` words, each with a unique header."""
    texts = [p.read_text(encoding="utf-8") for p in SOURCES]
    n = 0
    i = 0
    while True:
        n += 1
        body, count = [], 0
        while count < words_per_page:
            text = texts[i % len(texts)]
            i += 1
            body.append(text)
            count += len(text.split())
        header = f"# Page {n}: benchmark copy {n * 7919 % 100003}\n\n"
        yield header + "\n\n".join(body)


def build_corpus(folder: Path, total_words: int, words_per_page: int = 1000) -> int:
    folder.mkdir(parents=True)
    words = 0
    for n, page in enumerate(pages(words_per_page)):
        if words >= total_words:
            break
        (folder / f"page{n:06d}.md").write_text(page, encoding="utf-8")
        words += len(page.split())
    return words


def compile_bytecode() -> None:
    """Byte-compile ketalint's modules, as a regular install has them."""
    import compileall

    import ketalint
    compileall.compile_dir(Path(ketalint.__file__).parent, quiet=1)


def timed(cmd, **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs)
    return time.perf_counter() - start


def interleaved_medians(cmds, runs: int = 9, **kwargs) -> list[float]:
    """The median time of each command, their runs interleaved so that a drift
    in the machine's speed affects them alike."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for samples, cmd in zip(times, cmds):
            samples.append(timed(cmd, **kwargs))
    return [statistics.median(samples) for samples in times]


def peak_rss_mb(cmd) -> float:
    """Largest resident set of any process the command ran (workers included)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024


def probe(args, env) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - start, done.stderr.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size in words")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 1,000/10,000-file memory runs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ketalint-bench-"))
    env = {**os.environ, "KETALINT_CACHE_DIR": str(work / "cache")}
    rows = []
    compile_bytecode()
    try:
        corpus = work / "corpus"
        words = build_corpus(corpus, args.words)
        print(f"corpus: {words:,} words in {len(list(corpus.iterdir()))} pages ({work})", file=sys.stderr)

        # Each ratio's runs bracket the other's (floor, 1 worker, all cores twice,
        # 1 worker, floor), so a drift in the machine's speed affects both sides.
        floor_cmd = [sys.executable, "-c", FLOOR, str(corpus)]
        one_cmd = KETALINT + ["check", "--no-cache", "--jobs", "1", "--format", "json", str(corpus)]
        floor_before, one_before = timed(floor_cmd), timed(one_cmd)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        all_cmd = KETALINT + ["check", "--no-cache", "--format", "json", str(corpus)]
        all_s = (timed(all_cmd) + timed(all_cmd)) / 2
        one_s = (one_before + timed(one_cmd)) / 2
        floor_s = (floor_before + timed(floor_cmd)) / 2
        floor_wps, one_wps, all_wps = words / floor_s, words / one_s, words / all_s
        rows += [
            ("floor: spacy.blank + sentencizer", f"{floor_wps:,.0f} words/s", "1.00x floor", ""),
            ("ketalint, every rule, 1 worker", f"{one_wps:,.0f} words/s",
             f"{one_wps / floor_wps:.2f}x floor", ">= 0.40x"),
            (f"ketalint, all cores ({cores})", f"{all_wps:,.0f} words/s",
             f"{all_wps / one_wps:.2f}x 1 worker", ">= 1.70x"),
        ]

        small = work / "small.md"
        small.write_text(SOURCES[0].read_text(encoding="utf-8"), encoding="utf-8")
        floor_cold, cold = interleaved_medians([[sys.executable, "-c", "import spacy; spacy.blank('en')"],
                                                KETALINT + ["check", "--no-cache", str(small)]], env=env)
        rows.append(("cold start, one small file", f"{cold:.2f} s (floor {floor_cold:.2f} s)",
                     f"{cold / floor_cold:.2f}x floor", "<= 1.40x"))

        describe = interleaved_medians([KETALINT + ["rules"], KETALINT + ["explain", "FDA101"],
                                        KETALINT + ["config", "show"]], env=env)
        rows.append(("rules / explain / config show", " / ".join(f"{s:.3f} s" for s in describe),
                     "", "< 0.15 s"))

        probe(["check", str(small)], env)
        one_cached, one_state = probe(["check", str(small)], env)
        many = work / "many"
        many.mkdir()
        for n, page in zip(range(2000), pages(60)):
            (many / f"p{n:05d}.md").write_text(page, encoding="utf-8")
        probe(["check", str(many)], env)
        many_cached, many_state = probe(["check", str(many)], env)
        rows += [("cached second run, 1 file", f"{one_cached:.2f} s ({one_state})", "", "< 0.3 s"),
                 ("cached second run, 2,000 files", f"{many_cached:.2f} s ({many_state})", "", "< 2 s")]

        if not args.skip_memory:
            peaks = {}
            for count in (1000, 10000):
                folder = work / f"mem{count}"
                folder.mkdir()
                for n, page in zip(range(count), pages(60)):
                    (folder / f"p{n:05d}.md").write_text(page, encoding="utf-8")
                peaks[count] = peak_rss_mb(KETALINT + ["check", "--no-cache", "--format", "json", str(folder)])
                shutil.rmtree(folder)
            rows.append(("peak memory per process, 1,000 / 10,000 files",
                         f"{peaks[1000]:.0f} MB / {peaks[10000]:.0f} MB",
                         f"{peaks[10000] / peaks[1000]:.2f}x", "< 400 MB, flat"))

        per_mb = {}
        for megabytes in (1, 10):
            doc = work / f"doc{megabytes}.md"
            size = megabytes * 1024 * 1024
            chunks, total = [], 0
            for page in pages(1000):
                chunks.append(page)
                total += len(page) + 2
                if total >= size:
                    break
            doc.write_text("\n\n".join(chunks)[:size], encoding="utf-8")
            seconds = timed(KETALINT + ["check", "--no-cache", "--max-file-size", "20", "--format", "json",
                                        str(doc)])
            per_mb[megabytes] = seconds / megabytes
        rows.append(("time per MB, 1 MB / 10 MB document", f"{per_mb[1]:.2f} s / {per_mb[10]:.2f} s",
                     f"{per_mb[10] / per_mb[1]:.2f}x", "<= 1.50x"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    widths = [max(len(r[i]) for r in rows + [("measure", "figure", "ratio", "target")]) for i in range(4)]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(line(("measure", "figure", "ratio", "target")))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


if __name__ == "__main__":
    main()
