"""Hostile inputs (issue 23, item 9): each must cost time linear in its size.

    python benchmarks/hostile.py            # every input
    python benchmarks/hostile.py links amp  # some of them

Each input is checked at a base size and at twice that size, in this process,
with every rule and no time budget; the table gives both times and their
ratio, which must stay at most 2.5 (a quadratic cost gives about 4). The
exit status is 1 when some ratio is above that.
"""
from __future__ import annotations

import sys
import time

#: name: (format, base size, the input of a size).
INPUTS = {
    "unclosed-disable": ("markdown", 8_000, lambda n: "<!-- ketalint-disable\n" * n),
    "directives": ("markdown", 2_000, lambda n: "<!-- ketalint-disable-next-line CLM201 -- quoted -->\n"
                   "Ketamine cures depression.\n\n" * n),
    "footnotes": ("markdown", 4_000, lambda n: "".join(f"Claim {k}.[^{k}]\n\n" for k in range(n))
                  + "".join(f"[^{k}]: Source {k}.\n" for k in range(n))),
    "exclamations": ("text", 20_000, lambda n: "Ketamine works" + "!" * n + "\n"),
    "brackets": ("markdown", 100_000, lambda n: "[" * n + "\n"),
    "ampersands": ("text", 80_000, lambda n: "&" * n + "\n"),
    "html-paragraphs": ("html", 40_000, lambda n: "x<p>" * n),
    "html-entities": ("html", 40_000, lambda n: "<p>" + "&amp;" * n + "</p>"),
    "html-open-tags": ("html", 650_000, lambda n: "<a" * n),
    "markdown-links": ("markdown", 40_000, lambda n: " ".join(f"[x](https://e.org/{k})" for k in range(n)) + "\n"),
    "html-links": ("html", 40_000, lambda n: "<p>" + " ".join(f'<a href="https://e.org/{k}">x</a>' for k in range(n))),
    # Words split by markup, which the prose view joins: many words, and one endless word.
    "split-words": ("markdown", 20_000, lambda n: "cu*res* de<!-- x -->pres<b>sion</b> " * n + "\n"),
    "html-split-word": ("html", 40_000, lambda n: "<p>" + "x<b>y</b>" * n + "</p>"),
}
#: The largest ratio of the time of a doubled input to the time of the base one.
MAX_RATIO = 2.5


def seconds(checker, fmt: str, text: str) -> float:
    from ketalint.readers import read_text
    start = time.perf_counter()
    checker.check(read_text(text, f"input.{fmt}", fmt))
    return time.perf_counter() - start


def main(names: list[str]) -> int:
    from ketalint.api import Linter
    from ketalint.checker import Checker
    from ketalint.config import Config
    linter = Linter()
    checker = Checker(linter, list(linter.ruleset.rules), Config(file_timeout=1e6), debug=True)
    seconds(checker, "markdown", "Warm-up: ketamine cures depression.\n")
    failed = False
    print(f"{'input':<18} {'size':>9} {'time':>8} {'2x time':>8} {'ratio':>6}")
    for name in names or INPUTS:
        fmt, size, make = INPUTS[name]
        base, double = seconds(checker, fmt, make(size)), seconds(checker, fmt, make(2 * size))
        ratio = double / base
        failed |= ratio > MAX_RATIO
        print(f"{name:<18} {len(make(size)):>9} {base:>7.2f}s {double:>7.2f}s {ratio:>6.2f}"
              + ("  over 2.5" if ratio > MAX_RATIO else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
