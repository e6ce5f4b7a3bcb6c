#!/usr/bin/env python3
"""Do findings survive a change of wording that keeps the meaning?

    python benchmarks/robustness.py              # 1,000 sentences of each kind
    python benchmarks/robustness.py --show 5     # and 5 sentences per failure

Every labelled sentence of the real-world tune part is linted on its own. For
each one that is found in a category it is labelled with, every rewording below
that applies (a contraction, another intensifier, "adverse" for "side" effects,
a line break, capitals...) is linted too, and the table says how many findings
each rewording kept. For each sentence labelled clean and found clean, it says
how many rewordings made a finding. No label decides a pattern here: a lost
finding points at a class of wording the rules spell one way only, to be
written as a class (a shared word list, a pattern that reads both forms).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TUNE = ROOT / "fixtures" / "realworld" / "tune" / "labels.yaml"

_CONTRACT = {"does not": "doesn't", "do not": "don't", "is not": "isn't", "are not": "aren't",
             "it is": "it's", "cannot": "can't", "will not": "won't"}
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
            "seven": "7", "eight": "8", "nine": "9", "ten": "10"}


def _sub(pattern: str, repl, flags=0):
    """A rewording: the first match of ``pattern`` replaced, or None."""
    compiled = re.compile(pattern, flags)
    return lambda s: compiled.sub(repl, s, count=1) if compiled.search(s) else None


REWORDINGS = {
    "contraction": _sub(r"\b(does not|do not|is not|are not|it is|cannot|will not)\b",
                        lambda m: _CONTRACT[m.group(1)]),
    "no contraction": _sub(r"\b(doesn't|don't|isn't|aren't|it's|can't|won't)\b",
                           lambda m: {v: k for k, v in _CONTRACT.items()}[m.group(1)]),
    "another intensifier": _sub(r"\b(very|extremely|incredibly|highly)\b", "exceptionally"),
    "adverse for side effects": _sub(r"\bside[- ]effects\b", "adverse effects"),
    "side-effects hyphenated": _sub(r"\bside effects\b", "side-effects"),
    "line break for a space": lambda s: s.replace(" ", "\n", 1) if s.count(" ") > 2 else None,
    "doubled spaces": lambda s: s.replace(" ", "  ") if s.count(" ") > 2 else None,
    "capitals": lambda s: s.upper() if len(s.split()) <= 14 else None,
    "title case": lambda s: s.rstrip(".").title() if len(s.split()) <= 12 else None,
    "curly quotes, no-break hyphens": lambda s: s.replace("'", "\u2019").replace("-", "\u2011")
    if ("'" in s or "-" in s) else None,
    "soft hyphen in a word": _sub(r"\b(depression|treatment|effective|approved)\b",
                                  lambda m: m.group(1)[:4] + "\u00ad" + m.group(1)[4:]),
    "bold word": _sub(r"\b(safe|effective|proven|breakthrough|lasting|approved|studies|research|cures?)\b",
                      r"**\1**"),
    "IV ketamine": _sub(r"(?<![-\w])ketamine\b(?! \()", "IV ketamine"),
    "ketamine infusions": _sub(r"\b[Kk]etamine (is|has|does)\b",
                               lambda m: "Ketamine infusions " + {"is": "are", "has": "have", "does": "do"}[m.group(1)]),
    "low-dose ketamine": _sub(r"(?<![-\w])ketamine\b(?! \()", "low-dose ketamine"),
    "ketamine-assisted therapy": _sub(r"\bketamine therapy\b", "ketamine-assisted therapy"),
    "PTSD spelled out": _sub(r"\bPTSD\b", "post-traumatic stress disorder"),
    "OCD spelled out": _sub(r"\bOCD\b", "obsessive-compulsive disorder"),
    "anxiety disorders": _sub(r"\banxiety\b(?! disorder)", "anxiety disorders"),
    "clients for patients": _sub(r"\bpatients\b", "clients"),
    "Spravato with a mark": _sub(r"\bSpravato\b(?![\u00ae\u2122])", "SPRAVATO\u00ae"),
    "esketamine for Spravato": _sub(r"^(?!(?i:.*esketamine))(.*?)\bSpravato\b", r"\1esketamine", re.S),
    "Food and Drug Administration": _sub(r"\bthe FDA\b", "the Food and Drug Administration"),
    "FDA approved unhyphenated": _sub(r"FDA-approved", "FDA approved"),
    "anaesthetic": _sub(r"\banesthe", "anaesthe"),
    "percent": _sub(r"(\d+)\s?%", r"\1 percent"),
    "no-break space before %": _sub(r"(\d)\s?%", "\\1\u00a0%"),
    "1 in 10": _sub(r"\b(one|two|three|four|five) (in|out of) (two|three|four|five|six|seven|eight|nine|ten)\b",
                    lambda m: f"{_NUMBERS[m.group(1)]} {m.group(2)} {_NUMBERS[m.group(3)]}"),
    "thin space in thousands": _sub(r"(\d),(\d{3})", "\\1\u2009\\2"),
    "research shows": _sub(r"\b([Ss])tudies show\b", lambda m: ("R" if m.group(1) == "S" else "r") + "esearch shows"),
    "people for patients": _sub(r"\bpatients\b", "people"),
    "dash for a comma": lambda s: s.replace(", ", " \u2014 ", 1) if ", " in s else None,
    "opening And": lambda s: "And " + s[0].lower() + s[1:]
    if s[:1].isupper() and not re.match(r"(I |FDA|Spravato|SPRAVATO|Ketamine|Esketamine|KAP|IV)\b", s) else None,
    # Where the sentence stands: a list item, after a sentence that says nothing,
    # and "It" for the drug a sentence before has named.
    "list item": lambda s: "- " + s,
    "after a plain sentence": lambda s: "Here is what we tell new patients. " + s,
    "It for Ketamine": _sub(r"^Ketamine (is|has|can|works|helps|was)\b",
                            r"We offer ketamine here. It \1"),
    "British spelling": _sub(r"\b(behavior|center|program|anesthesia|hospitalization|minimize|recognized|"
                             r"tumor|color|labeled|stabilize|utilize|realize)\b",
                             lambda m: {"behavior": "behaviour", "center": "centre", "program": "programme",
                                        "anesthesia": "anaesthesia", "hospitalization": "hospitalisation",
                                        "minimize": "minimise", "recognized": "recognised", "tumor": "tumour",
                                        "color": "colour", "labeled": "labelled", "stabilize": "stabilise",
                                        "utilize": "utilise", "realize": "realise"}[m.group(1)]),
    "en dash in a range": _sub(r"(\d)-(\d)", "\\1\u2013\\2"),
    "approved by the FDA": _sub(r"(?<!\ban )(?<!\ba )\bFDA-approved (\w+)", r"\1 approved by the FDA"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1000, help="sentences of each kind (default 1000)")
    parser.add_argument("--show", type=int, default=0, help="print this many failures per rewording")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from ketalint.api import Linter

    linter = Linter()

    def found(text: str) -> set[str]:
        return {f.category for f in linter.lint_text(text) if f.scope == "span"}

    labelled = [(s["text"], set(s["expect"])) for e in yaml.safe_load(TUNE.read_text(encoding="utf-8"))
                for s in e.get("spans") or []]
    random.Random(1).shuffle(labelled)
    flagged = [(t, c) for t, c in labelled if c][:args.sentences]
    clean = [t for t, c in labelled if not c][:args.sentences]

    kept, tried, lost = defaultdict(int), defaultdict(int), defaultdict(list)
    for text, categories in flagged:
        before = found(text) & categories
        for name, reword in REWORDINGS.items():
            changed = reword(text)
            if before and changed and changed != text:
                tried[name] += 1
                if before <= found(changed):
                    kept[name] += 1
                else:
                    lost[name].append(changed)
    made, tried_clean, new = defaultdict(int), defaultdict(int), defaultdict(list)
    for text in clean:
        if found(text):
            continue
        for name, reword in REWORDINGS.items():
            changed = reword(text)
            if changed and changed != text:
                tried_clean[name] += 1
                if found(changed):
                    made[name] += 1
                    new[name].append(changed)

    print("| rewording | true findings kept | clean sentences that gain a finding |")
    print("|---|---|---|")
    for name in REWORDINGS:
        print(f"| {name} | {kept[name]} / {tried[name]} | {made[name]} / {tried_clean[name]} |")
        for text in lost[name][:args.show] + new[name][:args.show]:
            print(f"    {text[:150]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
