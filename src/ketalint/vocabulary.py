"""A project's vocabulary: brand, clinic and product names that are not claims.

A clinic called "Calm Clinic" or "Cure Wellness" names itself; it does not
promise calm or a cure. Names listed under ``vocabulary:`` in the config are
hidden from the analysis: in the prose view every letter of each occurrence
(whole words, any case, any run of spaces or markup between its words) becomes
``X`` or ``x`` and every digit ``0``, one character for one, so offsets, the
source and the findings' quoted text are unchanged while no pattern, entity or
claim reads the name's words. The rest of the sentence is read as usual:
"Cure Wellness cures depression" still makes a cure claim.
"""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=8)
def _pattern(names: tuple[str, ...]) -> re.Pattern | None:
    words = [n.split() for n in names if n.split()]
    if not words:
        return None
    # Longest first, so "Calm Clinic Austin" wins over "Calm Clinic".
    alternatives = sorted((r"\s+".join(map(re.escape, w)) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _hide(text: str) -> str:
    return "".join(("X" if c.isupper() else "x") if c.isalpha() else "0" if c.isdigit() else c
                   for c in text)


def mask_names(prose: str, names) -> str:
    """``prose`` with every listed name's letters and digits hidden (same length)."""
    pattern = _pattern(tuple(names))
    if pattern is None:
        return prose
    return pattern.sub(lambda m: _hide(m.group()), prose)
