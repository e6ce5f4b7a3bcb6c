"""The claims register (``ketalint claims``)."""
import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import SHARED
from ketalint.claims.register import COLUMNS
from ketalint.cli import main

SEEDS = SHARED / "seeds"

PAGE = """# Ketamine care

Ketamine is FDA-approved for depression.

In one trial, 52% of patients improved within a day [1]. The clinic itself says
little about side effects.

Read the [FDA label](https://www.accessdata.fda.gov/label.pdf) before treatment.

## References

1. Example A, Example B. A randomised trial of ketamine. J Example Psychiatry. 2020. doi:10.1000/xyz123
"""


def register(tmp_path, fmt, text=PAGE):
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", "--format", fmt, str(page)])
    assert result.exit_code == 0, result.output
    return result.output


def test_rows_carry_type_modifiers_citation_reference_and_findings(tmp_path):
    rows = json.loads(register(tmp_path, "json"))["claims"]
    regulatory = next(r for r in rows if r["type"] == "regulatory")
    assert regulatory["status"] == "approved" and regulatory["products"] == ["racemic-ketamine"]
    assert "FDA101" in regulatory["findings"] and regulatory["line"] == 3
    statistic = next(r for r in rows if r["type"] == "statistic")
    assert statistic["citation"] == "sentence" and statistic["markers"] == ["[1]"]
    assert statistic["references"][0].startswith("Example A, Example B. A randomised trial")
    assert "cited" in statistic["modifiers"] and statistic["findings"] == []


def csv_rows(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # UTF-8 byte-order mark, for Excel
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_one_header_and_joined_lists(tmp_path):
    rows = csv_rows(register(tmp_path, "csv"))
    assert rows and list(rows[0]) == list(COLUMNS)
    regulatory = next(r for r in rows if r["type"] == "regulatory")
    assert "FDA101" in regulatory["findings"].split(" | ")


def test_csv_cells_are_safe_for_spreadsheets_and_decoded(tmp_path):
    page = ("# Ketamine\n\n"
            "=HYPERLINK(\"http://x.invalid\") Ketamine is FDA-approved for depression.\n\n"
            "@SUM(1) Ketamine cures anxiety &amp; PTSD.\n\n"
            "- Ketamine is completely safe.\n")
    rows = csv_rows(register(tmp_path, "csv", page))
    sentences = [r["sentence"] for r in rows]
    assert sentences and not [s for s in sentences if s[:1] in "=+-@"], sentences
    assert any(s.startswith("'=HYPERLINK(") for s in sentences), sentences
    assert any(s.startswith("'@SUM(1)") and "anxiety & PTSD" in s for s in sentences), sentences
    assert not [r for r in rows for v in r.values() if "&amp;" in v]
    from ketalint.register_csv import cell
    assert [cell("+1 555"), cell("-5 mg"), cell(["=A1", "b"]), cell(3)] == ["'+1 555", "'-5 mg", "'=A1 | b", 3]


@pytest.mark.slow  # whole runs at two worker counts (2 s): with the slow checks
def test_register_is_the_same_whatever_the_number_of_workers_and_ignores_the_cache(tmp_path, monkeypatch):
    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
    monkeypatch.setenv("KETALINT_CACHE_DIR", str(tmp_path / "cache"))
    runs = [CliRunner().invoke(main, ["claims", "--format", "json", "--jobs", jobs, str(corpus)])
            for jobs in ("1", "3")]
    assert all(r.exit_code == 0 for r in runs), runs[0].output[-500:]
    assert runs[0].output == runs[1].output
    paths = [r["path"] for r in json.loads(runs[1].output)["claims"]]
    assert len(set(paths)) >= 40 and paths == sorted(paths)
    assert not (tmp_path / "cache").exists()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not present")
def test_every_labelled_flagged_seed_sentence_is_in_the_register():
    result = CliRunner().invoke(main, ["claims", "--format", "json", *map(str, sorted(SEEDS.glob("*.txt")))])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["claims"]
    labels = yaml.safe_load((SEEDS / "labels.yaml").read_text(encoding="utf-8"))
    flagged = [(d["doc"], s["text"]) for d in labels for s in d.get("spans", []) if s["expect"]]
    assert len(flagged) >= 20
    missing = [(doc, text) for doc, text in flagged
               if not any(r["path"].endswith(doc) and text in r["sentence"].replace("\n", " ")
                          or r["path"].endswith(doc) and r["sentence"].replace("\n", " ") in text
                          for r in rows)]
    assert not missing, missing
