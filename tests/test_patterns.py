"""Pack patterns: literal prefilters (what they require, and that they never
hide a match), checking at load with compiling on first search, and runaway
searches abandoned."""
from __future__ import annotations

import dataclasses
import itertools
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from ketalint.claims.model import sentence_space
from ketalint.literal_analysis import prefilter
from ketalint.prefilter import SearchSpace
from ketalint.api import MAX_CHUNK_CHARS
from ketalint.nlp.chunks import chunks
from ketalint.readers import read_file, read_text
from ketalint import watchdog
from ketalint.patterns import COMPILE_PATTERNS, PatternFailure, PatternTimeout, TimedPattern, compile_any
from ketalint.watchdog import watched

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


def _parts(pattern):
    """A prefilter as a list of alternatives, each a set of factors."""
    return [set(alternative) for alternative in prefilter(pattern)]


def test_required_parts_of_a_phrase():
    assert _parts(r"\bnever\s+(?:serious\s+)?side[- ]effects?\b") == \
        [{frozenset({"never"}), frozenset({"side"}), frozenset({"effect"})}]


def test_short_literals_are_required_only_when_nothing_longer_is():
    assert _parts(r"\bno\s+side[- ]effects?\b") == [{frozenset({"side"}), frozenset({"effect"})}]
    assert _parts(r"\bno\s+(?:in|at)\b") == [{frozenset({"no"}), frozenset({"in", "at"})}]


def test_what_a_lookaround_needs_is_required_but_not_what_it_forbids():
    assert _parts(r"(?<=\.)\s") == [{frozenset({"."})}]
    assert _parts(r"(?<!not\s)\bsafe(?!ty)") == [{frozenset({"safe"})}]


def test_a_punctuation_mark_is_a_literal_and_a_digit_class_a_factor():
    digit = frozenset("0123456789")
    assert _parts(r"\d+\s?%") == [{digit, frozenset({"%"})}]


def test_digits_of_other_scripts_are_found_by_a_digit_factor():
    text = "Roughly ٣ in ٤ patients improved. No figures here."
    pattern = TimedPattern(r"\b\d+\s+in\s+\d+\b")
    assert pattern.search(text)
    assert pattern.candidates(SearchSpace(text, [(0, 33), (34, len(text))])) == [(0, 33)]


def test_alternatives_are_kept_apart_with_what_surrounds_them():
    # \b(?:a|b) parses as a boundary and a branch; each branch keeps its own parts.
    assert _parts(r"\b(?:fda\s+approved|licensed\s+drug)\s+today") == [
        {frozenset({"fda"}), frozenset({"approved"}), frozenset({"today"})},
        {frozenset({"licensed"}), frozenset({"drug"}), frozenset({"today"})},
    ]


def test_a_later_alternation_is_a_factor_of_any_of_its_words():
    assert _parts(r"\b(?:fda\s+approved|licensed\s+drug)\s+(?:teens?|children)") == [
        {frozenset({"fda"}), frozenset({"approved"}), frozenset({"teen", "children"})},
        {frozenset({"licensed"}), frozenset({"drug"}), frozenset({"teen", "children"})},
    ]


def test_alternatives_differing_in_one_part_are_merged():
    # (treats and teens) or (helps and teens) is (treats or helps) and teens;
    # "safe" alone makes "safe and sound" add nothing.
    assert _parts(r"\b(?:treats|helps)\s+(?:teens?|children)") == \
        [{frozenset({"treats", "helps"}), frozenset({"teen", "children"})}]
    assert _parts(r"\bsafe\b|\bsafe\s+and\s+sound\b|\bharmless\b") == [{frozenset({"safe", "harmless"})}]


def test_a_prefilter_lets_through_exactly_what_its_parts_require():
    """Random alternations of word groups: over every text made of the
    vocabulary, the (simplified) prefilter passes a text exactly when some
    alternative has a word of each of its groups in it."""
    vocabulary = ["alpha", "bravo", "delta", "gamma", "kilo", "oscar"]
    rng = random.Random(7)
    texts = [" ".join(words) for n in range(len(vocabulary) + 1)
             for words in itertools.combinations(vocabulary, n)]
    for _ in range(200):
        alternatives = [[rng.sample(vocabulary, rng.randint(1, 2)) for _ in range(rng.randint(1, 3))]
                        for _ in range(rng.randint(1, 6))]
        pattern = "|".join(r"\s.*".join(f"(?:{'|'.join(group)})" for group in alt) for alt in alternatives)
        required = prefilter(pattern)
        for text in texts:
            words = set(text.split())
            expected = any(all(words.intersection(group) for group in alt) for alt in alternatives)
            passes = any(all(any(literal in text for literal in factor) for factor in alt) for alt in required)
            assert passes == expected, (pattern, text)


@pytest.mark.parametrize("pattern", [
    r"\ba\b|\bnot\b",             # a one-letter literal is not worth a lookup
    r"safe|\w+\s?\w",             # one alternative has no literal at all
    r"(?:ketamine){e<=1}",        # regex-only fuzzy matching: no prefilter
    r"\p{Lu}ketamine",            # regex-only syntax the standard parser rejects
    r"(?:x",                      # not a pattern at all
])
def test_no_prefilter_when_nothing_can_be_proven(pattern):
    assert prefilter(pattern) is None


def _space(text: str) -> SearchSpace:
    return SearchSpace(text, [(0, len(text))])


def test_case_folding_matches_what_the_regex_does():
    pattern = TimedPattern(r"\bsafe\b")
    for text in ("Completely SAFE.", "completely ſafe."):  # long s folds to s
        assert pattern.search(text)
        assert pattern.candidates(_space(text)) == [(0, len(text))]


def test_offsets_survive_characters_whose_lower_case_is_longer():
    text = "İ. It is safe."
    space = SearchSpace(text, [(0, 2), (3, len(text))])
    assert TimedPattern(r"\bsafe\b").candidates(space) == [(3, len(text))]


def test_a_pattern_without_prefilter_is_searched_in_every_sentence():
    # Regex-only syntax gets no prefilter; anchored at a sentence start, it
    # matches only where the sentence is searched as a string of its own.
    text = "Ketamine is new. Ketamine helps."
    space = SearchSpace(text, [(0, 16), (17, len(text))])
    pattern = TimedPattern(r"^\p{Lu}etamine helps")
    assert pattern.prefilter is None
    assert pattern.candidates(space) == [(17, len(text))]


def test_overlapping_spans_disable_the_prefilter():
    space = SearchSpace("risk free", [(0, 9), (5, 9)])
    assert TimedPattern("risk").candidates(space) == [(0, 9), (5, 9)]


def _pack_patterns(linter) -> list[TimedPattern]:
    """Every pattern the built-in pack searches sentences with, modifier cues included."""
    found: dict[int, TimedPattern] = {}

    def walk(value):
        if isinstance(value, TimedPattern):
            found[id(value)] = value
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))

    walk(linter.ruleset.rules)
    walk(linter.ruleset.lexicon)
    walk([linter.named_source])
    walk(linter.nlp.get_pipe("ketalint_context").kinds)  # modifier cues
    return list(found.values())


@pytest.mark.slow  # every pattern on every fixture sentence (5 s): with the slow checks
def test_no_sentence_with_a_match_is_ruled_out(linter):
    """Over the fixtures and the seeds, every sentence in which a pack pattern
    matches is a candidate of that pattern, and the prefilters rule out most
    sentence-pattern pairs (the point of having them)."""
    paths = sorted((ROOT / "fixtures" / "corpus").glob("*.*")) + \
        sorted((ROOT / "fixtures" / "examples").glob("*.*"))
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    patterns = _pack_patterns(linter)
    assert len(patterns) > 40
    pairs = ruled_out = 0
    for path in paths:
        if path.suffix not in (".md", ".txt", ".html", ".mdx"):
            continue
        doc = read_file(str(path))
        sentences, space = linter._analyse(doc)  # the space rules search, word index taken over
        for pattern in patterns:
            candidates = pattern.candidates(space)
            for s in sentences:
                pairs += 1
                if (s.start, s.end) in candidates:
                    continue
                ruled_out += 1
                assert pattern.search(s.text) is None, (path.name, pattern.pattern[:60], s.text)
    print(f"prefilters ruled out {ruled_out} of {pairs} sentence-pattern pairs")
    assert ruled_out / pairs > 0.5, ruled_out / pairs


def test_the_claims_stage_takes_over_the_word_index_of_the_context_component(linter):
    """The sentences' search space starts with the word index the context
    component built over the same sentences, chunk by chunk; it is the index
    built from scratch, also across chunks and with spans trimmed."""
    paragraph = "Ketamine is not approved for depression, studies show.   \n\n"
    long_doc = "# Overview  \n\n" + paragraph * 3000 + "- An item without words: 1.\n"
    docs = [read_file(str(p)) for p in sorted((ROOT / "fixtures" / "corpus").glob("*.md"))]
    docs.append(read_text(long_doc, "long.md"))
    for doc in docs:
        sentences, space = linter._analyse(doc)
        assert space._words is not None, doc.path  # taken over, not yet built
        assert space._words == sentence_space(doc, sentences)._word_hits(), doc.path
    assert len(chunks(docs[-1], MAX_CHUNK_CHARS)) > 1


def test_syntax_is_checked_when_made_and_compiled_on_first_search():
    with pytest.raises(Exception, match="missing \\)"):
        TimedPattern("(unclosed")
    pattern = TimedPattern(r"\bsafe\b")
    assert pattern._compiled is None
    assert pattern.search("it is safe") and pattern._compiled is not None


def test_regex_only_syntax_is_compiled_at_once():
    pattern = TimedPattern(r"\p{Lu}\w+")
    assert pattern._compiled is not None and pattern.search("Ketamine")


def test_a_pattern_failing_on_first_search_says_so():
    token = COMPILE_PATTERNS.set(False)  # as for `ketalint rules`: nothing checked
    try:
        pattern = TimedPattern("(unclosed")
    finally:
        COMPILE_PATTERNS.reset(token)
    with pytest.raises(PatternFailure, match="does not compile"):
        pattern.search("x")


def test_a_list_of_patterns_names_the_item_at_fault():
    with pytest.raises(Exception) as info:
        compile_any(["fine", "also fine", "(broken"])
    assert info.value.index == 2


#: Fuzzy matching with a dozen errors allowed runs for minutes on this text.
RUNAWAY = "(?:ketamine cures depression forever){e<=12}"
RUNAWAY_TEXT = "Ketamine infusions are offered in our clinic for adults with depression. " * 40


def _abandoned_search(pattern: TimedPattern):
    """The PatternTimeout of a runaway search, and the seconds it took."""
    start = time.perf_counter()
    with pytest.raises(PatternTimeout) as raised:
        pattern.search(RUNAWAY_TEXT)
    return raised, time.perf_counter() - start


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers")
@pytest.mark.parametrize("guard", ["each search's timeout", "watchdog", "watchdog, from a thread"])
def test_a_runaway_search_is_abandoned(monkeypatch, guard):
    monkeypatch.setattr(watchdog, "PATTERN_TIMEOUT", 0.2)
    pattern = TimedPattern(RUNAWAY)
    outcome = []
    if guard == "each search's timeout":
        outcome.append(_abandoned_search(pattern))
    elif guard == "watchdog":
        with watched():
            outcome.append(_abandoned_search(pattern))
    else:  # signals reach only the main thread: the search keeps its own timeout
        def in_thread():
            with watched():
                outcome.append(_abandoned_search(pattern))
        thread = threading.Thread(target=in_thread)
        thread.start()
        thread.join(30)
    raised, seconds = outcome[0]
    assert raised.value.source == RUNAWAY and "took over 0.2 s" in str(raised.value)
    assert seconds < 2
    # The watchdog's signal handler is what stopped it, and only in the main thread.
    by_watchdog = any(entry.name == "_on_tick" for entry in raised.traceback)
    assert by_watchdog == (guard == "watchdog")


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers")
def test_the_watchdog_gives_back_the_signal_handler_and_timer():
    def mine(signum, frame):
        pass
    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with watched():
            assert signal.getsignal(signal.SIGALRM) is not mine
            assert signal.getitimer(signal.ITIMER_REAL)[1] > 0
            assert TimedPattern(r"\bsafe\b").search("It is safe.")
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)
