"""How copy is read: who makes a claim, what a status cue covers, what promotes
and what discloses. Each case is a class of real-world wording, checked through
the public API (rule ids found, or none)."""
import pytest


def rules(lint, text):
    return sorted({f.rule for f in lint(text)})


@pytest.mark.parametrize("text,expected", [
    # Put on unnamed research: a citation matter, not the page's own claim.
    ("Studies show that ketamine relieves PTSD.", ["CIT402"]),
    ("Ketamine relieves PTSD.", ["CLM210"]),
    ("Infusions have shown promising results for fibromyalgia pain.", ["CIT402"]),
    # Attributed to a named source in a reporting voice.
    ("Ketamine relieves PTSD, Dr. Feder said.", []),
    # A testimonial repeats the claim.
    ('"Ketamine cured my PTSD," one patient said.', ["CLM201", "CLM210"]),
    # A hedge clears the claim, not the minimisation; naming possible risks
    # hedges nothing.
    ("Ketamine may be very safe for some adults.", ["RSK302"]),
    ("Ketamine is very safe, though it has potential side effects.", ["CLM205", "RSK302"]),
])
def test_who_makes_the_claim(lint, text, expected):
    assert rules(lint, text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Does ketamine work when nothing else does?", []),
    ("Why does ketamine work when nothing else does?", ["CLM204"]),
    ("Did you know ketamine can help teens with depression?", ["CLM210"]),
    ("How does ketamine help anxiety?", ["CLM210"]),
    ("How can ketamine help you?", []),
])
def test_a_question_that_presupposes_its_answer_asserts_it(lint, text, expected):
    assert rules(lint, text) == expected


@pytest.mark.parametrize("sentence,thin_evidence", [
    ("It ends cravings for alcohol.", True),             # refers to the page's product
    ("Our infusions ease fibromyalgia pain.", True),
    ("Treating them together tends to reduce cravings for alcohol.", False),  # names none
])
def test_a_sentence_that_refers_to_the_treatment_is_about_the_page_product(lint, sentence, thin_evidence):
    page = f"# Ketamine infusions\n\nOur clinic offers ketamine infusions.\n\n{sentence}\n"
    assert ("CLM210" in rules(lint, page)) is thin_evidence


@pytest.mark.parametrize("lead_in,flagged", [
    ("Ketamine can treat:", True),
    ("Who benefits from ketamine treatment?", True),
    ("Ketamine may help with:", False),        # the lead-in's hedge carries over
    ("Conditions we screen for:", False),     # no benefit claimed
])
def test_a_list_of_conditions_carries_its_lead_in_claim(lint, lead_in, flagged):
    page = f"# Ketamine\n\n{lead_in}\n\n- Generalized anxiety disorder\n- Obsessive-compulsive disorder\n"
    assert ("CLM210" in rules(lint, page)) is flagged


@pytest.mark.parametrize("text,expected", [
    # Each status cue owns its clause.
    ("Ketalar is approved as an IV injection for anesthesia; it is not approved for "
     "treatment-resistant depression.", []),
    ("Ketamine is approved only as an IV or IM injection for anesthesia; no tablet is approved.", []),
    ("Ketamine has FDA approval, and that approval does not extend to psychiatric conditions.", []),
    ("The FDA approved ketamine as an anesthetic in 1970, which let medics give fast pain relief.", []),
    # A generic condition listed beside a narrower one is a claim of its own.
    ("Spravato is FDA-approved to treat major depressive disorder and treatment-resistant depression.",
     ["FDA103"]),
    ("Spravato is approved for adults with major depressive disorder and acute suicidal ideation "
     "or behavior.", []),
    ("FDA approves a nasal spray of esketamine for depression.", ["FDA103"]),
    ("Unlike SSRIs, ketamine is cleared by the body within hours.", []),
    # A later approval in its own clause keeps its own conditions and date.
    ("The FDA approved Spravato in 2019 for treatment-resistant depression, and it later widened "
     "the approval to adults with acute suicidal ideation or behavior.", []),
    ("Spravato is approved for treatment-resistant depression and for major depressive disorder "
     "with suicidal thoughts.", []),
    # An insurer's approval, or another country's regulator, is not the FDA's.
    ("Your insurance plan may approve esketamine for depression.", []),
    ("Ketamine is an anesthetic approved by Health Canada, for conditions such as PTSD.", []),
    # A relative clause says what the approved drug does, not what it is approved for.
    ("Ketamine is an FDA-approved anesthetic that, at low doses, can ease anxiety.", []),
    # A sentence ends at a caret marker ("disorder.^1").
    ("Ketamine is FDA approved for anesthesia but not for depression.^1 Ketamine can act fast in "
     "treatment-resistant depression.", []),
    # What Spravato is for, stated without "approved".
    ("Our clinic offers Spravato nasal spray for depression and anxiety.", ["FDA115"]),
    ("Spravato is a nasal spray for adults with treatment-resistant depression.", []),
])
def test_a_status_cue_reads_its_own_clause(lint, text, expected):
    assert [r for r in rules(lint, text) if r.startswith("FDA")] == expected


PROMO = ("# Ketamine infusions\n\nBook your consultation today. Ketamine relieves depression "
         "within days.\n\n")


@pytest.mark.parametrize("risks,flagged", [
    ("It may not be suitable if you have high blood pressure or a history of drug abuse.", True),
    ("Ketamine is used for sedation in surgery and for pain relief.", True),
    ("Ketamine can raise blood pressure and cause dissociation.", False),
    ("You may feel dizzy or nauseous, and some people feel disconnected from reality.", False),
    ("Do not drive after treatment, and avoid alcohol.", True),
    ("Uncontrolled high blood pressure or a heart condition can delay treatment; dizziness may occur.",
     True),
])
def test_risks_disclosed_are_risks_of_the_treatment(lint, risks, flagged):
    assert ("RSK301" in rules(lint, PROMO + risks)) is flagged


@pytest.mark.parametrize("page,promotes", [
    ("# A new study\n\nKetamine relieved depression in a 2023 trial, the authors reported. "
     "Studies show it may also ease PTSD.\n", False),
    ("# FDA warning\n\nThe FDA warned that compounded ketamine products used to treat psychiatric "
     "disorders carry risks.\n", False),
    ("# Feel better fast\n\nKetamine relieves depression. Our infusions lift anxiety in days.\n", True),
    ("# At home\n\nIf you qualify, you may be a candidate for at-home ketamine therapy.\n", True),
    ("# IV Ketamine Therapy in Boise, ID\n\nKetamine is given by slow infusion over 40 minutes.\n", True),
    ("# Clinics spread\n\nKetamine Wellness Centers opened a site in Phoenix, a spokesperson said.\n",
     False),
])
def test_promotion_is_an_offer_or_the_page_own_advocacy(lint, page, promotes):
    assert ("RSK301" in rules(lint, page)) is promotes


REPORTED_USE = ("More veterans are paying out of pocket for ketamine infusions, the state's veterans "
                "office said on Tuesday. The anesthetic is turning up in more private clinics as a "
                "treatment for post-traumatic stress disorder. Researchers at the university are running "
                "a trial to see how long any effect lasts, and they expect to report next spring.")


@pytest.mark.parametrize("page,claimed", [
    (f"# Veterans turn to ketamine clinics\n\n{REPORTED_USE}\n", False),   # a page that reports
    ("# Ketamine for veterans\n\nOur clinic offers veterans ketamine infusions, and your first consultation is free. "
     "The anesthetic is turning up in more private clinics as a treatment for post-traumatic stress "
     "disorder. Our nurses stay with you through every infusion, and most patients drive home with a "
     "friend the same afternoon. Call us today to book your visit.\n", True),  # a page that sells
    ("Ketamine is a treatment for post-traumatic stress disorder.", True),    # too short to tell
])
def test_a_use_stated_on_a_page_that_reports_is_not_its_claim(lint, page, claimed):
    assert ("CLM210" in rules(lint, page)) is claimed


@pytest.mark.parametrize("fmt", ["markdown", "text", "html"])
def test_a_paragraph_wrapped_over_lines_reads_as_one_run_of_text(lint, fmt):
    # A wrapped paragraph is one sentence to every rule: "side\neffects" is
    # "side effects", "one in\nten" a statistic. The findings point into the
    # lines as written.
    one_line = "Ketamine produces side effects only while the infusion is running. About one in ten relapse."
    wrapped = one_line.replace("side effects", "side\neffects").replace("one in ten", "one in\nten")
    if fmt == "html":
        one_line, wrapped = f"<p>{one_line}</p>", f"<p>{wrapped}</p>"
    found = lint(wrapped, fmt)
    assert sorted(f.rule for f in found) == sorted(f.rule for f in lint(one_line, fmt)) == ["CIT401", "RSK302"]
    assert {f.rule: (f.line, f.end_line) for f in found} == {"RSK302": (1, 2), "CIT401": (2, 3)}


def test_copy_set_in_capitals_is_read_as_written_small(lint):
    # A decade in capitals ("1960S") is a decade, as "1960s" is, and the
    # capitals change no finding.
    assert rules(lint, "KETAMINE HAS BEEN FDA-APPROVED SINCE THE 1960S.") == ["FDA108"]
    assert rules(lint, "Ketamine has been FDA-approved since the 1960s.") == ["FDA108"]


@pytest.mark.parametrize("html", [
    "<p>Ketamine treats the common root of several mental health conditions.</p>",
    # Markup inside a word is dropped and the word padded with spaces.
    "<p>Ketamine treats the common root of several men<b>t</b>al health conditions.</p>",
    # Pretty-printed HTML: a line break and indentation inside the paragraph.
    "<p>\n  Ketamine treats the common root of several mental\n      health conditions.\n</p>",
])
def test_a_phrase_is_read_across_a_run_of_whitespace(lint, html):
    # "mental health conditions" is one condition however the page spaces it.
    assert rules(lambda t: lint(t, "html"), html) == ["CLM210"]
