"""A project's vocabulary (``vocabulary:`` in config): brand and clinic names
are not read as claims (issue 20)."""
import pytest
from click.testing import CliRunner

from ketalint.api import read_text
from ketalint.checker import Checker
from ketalint.cli import main
from ketalint.config import load_config
from ketalint.rules.yamlfile import PackError
from ketalint.vocabulary import mask_names

PAGE = ("# Welcome to Lasting Relief Ketamine\n\n"
        "Ketamine therapy at Cure Wellness helps depression.\n\n"
        "Visit **Cure** Wellness or Lasting  Relief this week.\n")


def _findings(linter, tmp_path, vocabulary: str | None, text: str = PAGE):
    cfg = tmp_path / ".ketalint.yaml"
    cfg.write_text(f"vocabulary: {vocabulary}\n" if vocabulary else "fail-on: warning\n", encoding="utf-8")
    checker = Checker(linter, list(linter.ruleset.rules), load_config(str(cfg)), debug=True)
    return checker.check(read_text(text, "page.md", "markdown")).findings


def test_names_in_the_vocabulary_are_not_claims(linter, tmp_path):
    without = {f.rule for f in _findings(linter, tmp_path, None)}
    # Without a vocabulary, the names read as a cure claim and a promise of lasting relief.
    assert {"CLM201", "CLM203"} <= without, without
    found = _findings(linter, tmp_path, "[Calm Clinic, cure wellness, Lasting Relief Ketamine, Lasting Relief]")
    assert not [f for f in found if f.rule in ("CLM201", "CLM203")], [(f.rule, f.text) for f in found]


def test_the_rest_of_the_sentence_is_still_read(linter, tmp_path):
    text = "Cure Wellness cures depression in one session.\n"
    found = [(f.rule, f.text) for f in _findings(linter, tmp_path, "[Cure Wellness]", text)]
    assert ("CLM201", "cures depression") in found, found
    # Offsets and quoted text still come from the source (conftest checks every finding).


def test_masking_keeps_length_case_and_whole_words():
    prose = "Calm  Clinic, calm clinic and Calm Clinician; Cure Wellness 24."
    masked = mask_names(prose, ["Calm Clinic", "Cure Wellness 24"])
    assert len(masked) == len(prose)
    assert masked == "Xxxx  Xxxxxx, xxxx xxxxxx and Calm Clinician; Xxxx Xxxxxxxx 00."
    assert mask_names(prose, []) == prose


@pytest.mark.parametrize("value", ["[1, 2]", "['', Calm Clinic]", "{a: b}"])
def test_a_vocabulary_that_is_not_a_list_of_names_is_refused(tmp_path, value):
    cfg = tmp_path / ".ketalint.yaml"
    cfg.write_text(f"vocabulary: {value}\n", encoding="utf-8")
    with pytest.raises(PackError, match="vocabulary"):
        load_config(str(cfg))


def test_config_show_lists_the_vocabulary(tmp_path, monkeypatch):
    (tmp_path / ".ketalint.yaml").write_text("vocabulary: [Calm Clinic]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["config", "show"]).output
    assert "vocabulary: [Calm Clinic]" in out


def test_an_approved_claim_that_names_the_clinic_is_still_approved(linter, tmp_path):
    (tmp_path / "approved.yaml").write_text(
        "- id: AC-1\n  claim: At Cure Wellness, ketamine treats depression in some adults.\n"
        "  references: [internal review 3]\n  approved: 2024-03-18\n", encoding="utf-8")
    cfg = tmp_path / ".ketalint.yaml"
    cfg.write_text("claims-library: approved.yaml\nvocabulary: [Cure Wellness]\n", encoding="utf-8")
    checker = Checker(linter, list(linter.ruleset.rules), load_config(str(cfg)), debug=True)
    result = checker.check(read_text("At Cure Wellness, ketamine treats depression in some adults.\n",
                                     "page.md", "markdown"))
    assert [a[2] for a in result.approved] == ["AC-1"]
    assert not [f for f in result.findings if f.rule == "KTL101"]
