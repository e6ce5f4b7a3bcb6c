"""Every output format reports the findings the JSON format reports.

This is the standing form of "behaviour unchanged in every format": it runs
``check`` once per format on a folder (the results cache answers all but
the first run) and reads each report back to the fields that format carries:
path, line, column, rule, severity and message. The folders are the labelled
corpus, and the seeds and field set where ``../shared`` holds them; the whole
of ``fixtures/`` (with the real-world pages) runs with ``-m slow``. It guarantees that
no format drops, adds, moves or rewords a finding the JSON report has, and
it survives rule edits (both sides change together). It does not guarantee
that findings are the same as before a change, nor byte-identical layout:
``benchmarks/behaviour.py`` (record before, compare after) is the
byte-for-byte check a refactor runs by hand.
"""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from ketalint.cli import main
from ketalint.reporters import FORMATS
from ketalint.reporters.github import unescape

ROOT = Path(__file__).resolve().parents[1]
# The labelled corpus every run; the seeds, the field set and all of fixtures/
# with the slow checks (seconds each, and the default run stays under two minutes).
FOLDERS = [pytest.param("fixtures/corpus", id="corpus"),
           pytest.param("../shared/seeds", id="seeds", marks=pytest.mark.slow),
           pytest.param("../shared/eval/field/docs", id="field", marks=pytest.mark.slow),
           pytest.param("fixtures", id="fixtures", marks=pytest.mark.slow)]
LINE = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning|info) "
                  r"(?P<rule>[A-Z]{3}\d{3}) (?P<message>.*)$", re.M)
GITHUB = re.compile(r"^::(?P<level>error|warning|notice) file=(?P<path>[^,]*),line=(?P<line>\d+),"
                    r"col=(?P<column>\d+),endLine=\d+,endColumn=\d+,title=ketalint (?P<rule>\S+)::(?P<message>.*)$",
                    re.M)
LEVELS = {"error": "error", "warning": "warning", "notice": "info", "note": "info"}


def _lines(text: str) -> list[dict]:
    return [m.groupdict() for m in LINE.finditer(text)]


def _github(text: str) -> list[dict]:
    return [{"path": unescape(m["path"]), "line": m["line"], "column": m["column"], "rule": m["rule"],
             "severity": LEVELS[m["level"]], "message": unescape(m["message"])} for m in GITHUB.finditer(text)]


def _sarif(text: str) -> list[dict]:
    out = []
    for r in json.loads(text)["runs"][0]["results"]:
        where = r["locations"][0]["physicalLocation"]
        out.append({"path": where["artifactLocation"]["uri"], "line": where["region"]["startLine"],
                    "column": where["region"]["startColumn"], "rule": r["ruleId"],
                    "severity": LEVELS[r["level"]], "message": r["message"]["text"]})
    return out


def _gitlab(text: str) -> list[dict]:
    return [{"path": i["location"]["path"], "line": i["location"]["lines"]["begin"], "rule": i["check_name"],
             "message": i["description"].removeprefix(i["check_name"] + " ")} for i in json.loads(text)]


def _junit(text: str) -> list[dict]:
    return [{"path": case.get("classname"), "rule": case.get("name").split()[0],
             "severity": failure.get("type"), "message": failure.get("message")}
            for case in ET.fromstring(text).iter("testcase") for failure in case.iter("failure")]


def _html(text: str) -> list[dict]:
    data = re.search(r'<script id="ketalint-data" type="application/json">(.*?)</script>', text, re.S)
    assert data, "the report embeds its findings"
    return json.loads(data.group(1))["findings"]


READERS = {"text": _lines, "concise": _lines, "github": _github, "sarif": _sarif, "gitlab": _gitlab,
           "junit": _junit, "html": _html}


def _check(fmt: str, cache: Path, folder: str) -> str:
    result = CliRunner().invoke(main, ["check", "--cache-dir", str(cache), "--color", "never", "-j", "1",
                                       "--format", fmt, folder])
    assert result.exit_code in (0, 1), result.output
    return result.output


@pytest.fixture(scope="module", params=FOLDERS)
def reports(request, tmp_path_factory):
    if not (ROOT / request.param).is_dir():
        pytest.skip(f"{request.param} is not here")
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # SARIF paths are relative to the project root: read from it, they are the JSON's
        findings = json.loads(_check("json", cache, request.param))["findings"]
        yield findings, {fmt: _check(fmt, cache, request.param) for fmt in READERS}


def test_every_format_is_read_back():
    assert set(READERS) | {"json"} == set(FORMATS)


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_format_reports_the_json_findings(reports, fmt):
    findings, outputs = reports
    assert findings  # every folder has findings
    read = READERS[fmt](outputs[fmt])
    fields = sorted(set(read[0]) & {"path", "line", "column", "rule", "severity", "message"})
    assert project(read, fields) == project(findings, fields), fields


def _path(path: str) -> str:
    """A reported path as an absolute one (formats differ in how they name
    files outside the project root, and SARIF uses URIs)."""
    return os.path.normpath(ROOT / unquote(path).removeprefix("file://"))


def project(items: list[dict], fields: list[str]) -> Counter:
    return Counter(tuple(_path(item[k]) if k == "path" else str(item[k]) for k in fields) for item in items)
