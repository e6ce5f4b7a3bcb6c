"""Sentence splitting, entities and context modifiers, through Linter.analyse."""
import pytest

from ketalint.readers import read_text


def sentences(linter, text, fmt="markdown"):
    return linter.analyse(read_text(text, "t", fmt))


def test_abbreviations_do_not_split(linter):
    text = "In the U.S., Dr. Lee et al. found it works, e.g. in adults. A second sentence."
    assert [s.text for s in sentences(linter, text)] == [
        "In the U.S., Dr. Lee et al. found it works, e.g. in adults.", "A second sentence."]


def test_citation_markers_stay_with_their_sentence(linter):
    text = "It acts fast.[2,3] It fades.¹ It may return (4). Next one."
    assert [s.text for s in sentences(linter, text)] == [
        "It acts fast.[2,3]", "It fades.¹", "It may return (4).", "Next one."]


def test_headings_and_list_items_are_sentences(linter):
    text = "# Ketamine works\n\nLead-in:\n\n- first item\n- second item\n"
    assert [s.text for s in sentences(linter, text)] == [
        "Ketamine works", "Lead-in:", "first item", "second item"]


def test_entities_from_the_lexicon(linter):
    (s,) = sentences(linter, "Spravato nasal spray is approved for treatment-resistant depression in adults.")
    found = {(e.label, e.id) for e in s.entities}
    assert {("PRODUCT", "esketamine"), ("ROUTE", "nasal"), ("INDICATION", "trd"),
            ("POPULATION", "adults")} <= found


@pytest.mark.parametrize("text,status", [
    ("Ketamine is FDA-approved for depression.", "approved"),
    ("Ketamine is not FDA-approved for depression.", "not-approved"),
    ("Ketamine isn't approved for depression.", "not-approved"),
    ("Ketamine has never been approved for depression.", "not-approved"),
    ("Intravenous ketamine (non-FDA-approved) is common.", "not-approved"),
    ("Using ketamine for depression is off-label.", "not-approved"),
    ("The FDA has only approved ketamine as an anesthetic.", "restricted"),
    ("Ketamine is approved solely for anesthesia.", "restricted"),
    # A negation reads through a name's "and" and its acronym in brackets.
    ("Ketamine is not a Food and Drug Administration (FDA) approved treatment for anxiety.", "not-approved"),
    # ... and past an aside between commas.
    ("Ketamine is not, however, approved for depression.", "not-approved"),
    # An approval to come is neither approved nor denied.
    ("If approved, the lozenge would be the first of its kind.", "pending"),
    ("The company is seeking FDA approval for a ketamine tablet.", "pending"),
    # An approved anesthetic is approved as one.
    ("Ketamine, an FDA-approved anesthetic, shows promise for depression.", "restricted"),
])
def test_regulatory_status(linter, text, status):
    (s,) = sentences(linter, text)
    (claim,) = [c for c in s.claims if c.type == "regulatory"]
    assert claim.status == status


@pytest.mark.parametrize("text,indications", [
    # A qualifier narrows the condition it can narrow ...
    ("Spravato is approved for depression that has not responded to two antidepressants.", {"depression", "trd"}),
    # ... and not an anesthetic's approval.
    ("Ketamine is an FDA-approved anesthetic that, at low doses, has eased depression when other "
     "treatments have not worked.", {"anesthesia"}),
])
def test_a_qualifier_narrows_only_a_condition_it_can(linter, text, indications):
    (s,) = sentences(linter, text)
    (claim,) = [c for c in s.claims if c.type == "regulatory"]
    assert set(claim.indications) == indications


def test_approval_year_is_read_next_to_a_superscript_marker(linter):
    (s,) = sentences(linter, "Ketamine was FDA-approved in 1970\u00b9 as an anesthetic.", "text")
    (claim,) = [c for c in s.claims if c.type == "regulatory"]
    assert claim.years == ["1970"]


@pytest.mark.parametrize("text,reported", [
    ('"Infusions work. They cured my patients," said Dr. Lee.', True),
    # An interview's answer in quotes names no speaker: the seller's own copy.
    ('"Infusions work. They cured my patients."', False),
])
def test_quoted_speech_is_reported_when_the_paragraph_names_its_speaker(linter, text, reported):
    first, _ = sentences(linter, text)
    assert first.modified("quoted", first.start, first.end) is reported


@pytest.mark.parametrize("text,word,about_other", [
    ("TMS works gradually but with fewer side effects.", "fewer", True),
    ("Among all procedures, ECT is one of the safest.", "safest", True),
    # A treatment compared with or listed is not the subject ...
    ("Unlike ECT, it works within hours.", "works", False),
    ("It is a safe alternative to electroshock therapy.", "safe", False),
    # ... and a sentence that names the product is about it.
    ("ECT is slower, but ketamine works within hours.", "works", False),
])
def test_a_claim_about_another_treatment(linter, text, word, about_other):
    (s,) = sentences(linter, text)
    start = s.start + s.text.index(word)
    assert s.modified("other-treatment", start, start + len(word)) is about_other


def test_negation_scope_ends_at_but(linter):
    (s,) = sentences(linter, "It is not just a mood chemical, but a means to reboot the brain.")
    start = s.start + s.text.index("reboot")
    assert not s.modified("negated", start, start + 6)


def test_a_hedge_in_a_where_clause_does_not_reach_back(linter):
    (s,) = sentences(linter, "Ketamine is changing lives within hours, where other drugs may take weeks.")
    start = s.start + s.text.index("changing")
    assert not s.modified("hedged", start, start + 8)


@pytest.mark.parametrize("text,hedged", [
    # ", and" before the drug opens a clause of its own ...
    ("Stress may cost you synapses, and ketamine rebuilds them.", False),
    # ... but not before a list's last item.
    ("Ketamine may ease pain, anxiety, and low mood.", True),
])
def test_a_hedge_stops_at_a_new_clause_about_the_drug(linter, text, hedged):
    (s,) = sentences(linter, text)
    word = "rebuilds" if "rebuilds" in text else "low mood"
    start = s.start + s.text.index(word)
    assert s.modified("hedged", start, start + len(word)) is hedged


def test_a_comma_that_opens_no_aside_still_ends_a_scope(linter):
    (s,) = sentences(linter, "No, ketamine rewires the brain within hours.")
    start = s.start + s.text.index("rewires")
    assert not s.modified("negated", start, start + 7)


@pytest.mark.parametrize("text,word,kind", [
    ("Ketamine may help some patients with PTSD.", "help", "hedged"),
    ("Some patients find that ketamine helps.", "helps", "hedged"),
    ("A 2023 trial found that ketamine reduced symptoms.", "reduced", "attributed"),
    ("According to a study, ketamine reduced symptoms.", "reduced", "attributed"),
    ("The lozenges would reportedly cure low mood at once.", "cure", "attributed"),
    ("Can ketamine cure depression?", "cure", "question"),
    # An aside between commas right after the cue does not end its scope.
    ("Ketamine may, in some cases, relieve PTSD.", "relieve", "hedged"),
])
def test_modifier_covers_claim(linter, text, word, kind):
    (s,) = sentences(linter, text)
    start = s.start + s.text.index(word)
    assert s.modified(kind, start, start + len(word))


@pytest.mark.parametrize("text,word,asked", [
    # A statement with a question after it: only the asking clause is a question.
    ("Ketamine is approved for depression, but how safe are the clinics?", "approved", False),
    ("Ketamine is approved for depression, but how safe are the clinics?", "safe", True),
    ("Ketamine for depression: is it approved?", "approved", True),
    # A sentence that opens by asking is a question throughout.
    ("Is ketamine approved for depression, and how safe is it?", "approved", True),
    ("So how does the infusion work, and is it safe for you?", "work", True),
])
def test_a_question_starts_where_its_sentence_starts_to_ask(linter, text, word, asked):
    (s,) = sentences(linter, text)
    start = s.start + s.text.index(word)
    assert s.modified("question", start, start + len(word)) is asked


@pytest.mark.parametrize("lead_in,carried", [
    ("Research suggests ketamine helps:", True),
    ("Early studies suggest that infusions may:", True),
    ("Here are some claims you may have heard, with the facts behind them:", False),
    ("Ketamine:", False),
])
def test_a_list_item_carries_the_hedge_that_leads_into_it(linter, lead_in, carried):
    text = f"{lead_in}\n\n- Rewire stress pathways in the brain\n"
    item = sentences(linter, text)[-1]
    assert item.modified("hedged", item.start, item.end) is carried


def test_citation_coverage_levels(linter):
    text = ("Results [1]:\n\n- 52% improved\n\nA paragraph with a source [2]. Another sentence.\n\n"
            "No source here.\n")
    by_text = {s.text: s.citation for s in sentences(linter, text)}
    assert by_text["52% improved"] == "lead-in"
    assert by_text["A paragraph with a source [2]."] == "sentence"
    assert by_text["Another sentence."] == "paragraph"
    assert by_text["No source here."] is None


def test_anaphora_takes_the_previous_list(linter):
    text = "Ketamine is used for:\n\n- anxiety\n- PTSD\n\nKetamine reduces symptoms in these conditions.\n"
    last = sentences(linter, text)[-1]
    (claim,) = [c for c in last.claims if c.type == "efficacy"]
    assert {"anxiety", "ptsd"} <= set(claim.indications)


def test_pipeline_needs_no_trained_model(linter):
    assert linter.nlp.pipe_names == ["ketalint_sentences", "ketalint_entities", "ketalint_context"]
    assert not any(name in linter.nlp.pipe_names for name in ("parser", "tagger", "ner"))


@pytest.mark.parametrize("cues,found", [
    (["may"], ["may", "May"]),                      # whole words only: not in "dismay" or "x-may"
    (["may", "(maybe)"], ["(maybe)", "may", "May"]),  # a cue may start with punctuation
    (["re:\\bma[y]", "re:[(]maybe[)]"], ["(maybe)", "may", "May"]),
])
def test_modifier_cues_match_whole_words_wherever_they_start(cues, found):
    from ketalint.nlp.pipeline import build_pipeline
    nlp = build_pipeline({}, {"hedged": {"cues": cues, "direction": "forward", "max_tokens": 3}})
    text = "It (maybe) helps. To our dismay, x-may fails. It may help. May it help?"
    doc = nlp(text)
    assert [text[m.cue_start:m.cue_end] for m in doc._.modifiers if m.kind == "hedged"] == found
