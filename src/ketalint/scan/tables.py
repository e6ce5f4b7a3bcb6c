"""The scan's tables: JSON Lines files in the output folder, one row a line.

- ``findings.jsonl``: one row per finding: ``url``, ``domain``, ``rule``,
  ``name``, ``category``, ``severity``, ``scope`` (``span`` or ``document``),
  ``message``, ``text`` (the flagged source text), ``sentence`` (the source
  text of the sentence the finding starts in; None for document findings),
  ``start`` and ``end`` (character offsets into the page's decoded HTML, end
  exclusive), ``line`` and ``column``.
- ``pages.jsonl``: one row per page linted: ``url``, ``domain``,
  ``fetched_at``, ``input`` (the file it came from), ``words`` (of copy),
  ``content_hash`` (of the page as fetched), ``copy_hash`` (of its copy), ``findings`` (the count), ``by_category`` (counts),
  ``document_findings`` (rule ids of document-level findings) and ``errors``.
- ``claims.jsonl``: the claims register (see ``ketalint claims``): one row per
  claim, and per sentence with findings but no claim, with the page's ``url``
  and ``domain`` in place of the path.
- ``domains.jsonl``: one row per domain, rewritten at the end of each scan
  from the two other tables: ``domain``, ``pages``, ``words``, ``findings``,
  ``findings_per_1000_words`` and ``worst_rules`` (the rules with the most
  findings, most first, with their counts).

Load them with ``pandas.read_json(path, lines=True)`` or any JSON Lines reader.
"""
from __future__ import annotations

import collections
import json
import os
from typing import Iterable
from urllib.parse import urlsplit

from .pages import CheckedPage

TABLES = ("findings.jsonl", "pages.jsonl", "claims.jsonl")
DOMAINS = "domains.jsonl"
#: Rules listed per domain in ``worst_rules``.
WORST_RULES = 5


def domain(url: str) -> str | None:
    """The host of ``url``, lower case and without ``www.``; None for a file path."""
    host = urlsplit(url).hostname if "://" in url else None
    return host.removeprefix("www.") if host else None


def page_rows(checked: CheckedPage, source: str) -> dict[str, list[dict]]:
    """The rows of one linted page, by table (``findings``, ``pages``, ``claims``)."""
    result = checked.result
    assert result is not None, "a page is written only once it is linted"
    page, findings = checked.page, result.findings
    site = domain(page.url)
    return {
        "findings": [
            {"url": page.url, "domain": site, "rule": f.rule, "name": f.name, "category": f.category,
             "severity": f.severity, "scope": f.scope, "message": f.message, "text": f.text,
             "sentence": _sentence(f, result.claims), "start": f.start, "end": f.end,
             "line": f.line, "column": f.column} for f in findings],
        "pages": [{
            "url": page.url, "domain": site, "fetched_at": page.fetched_at, "input": source,
            "words": checked.words, "content_hash": page.content_hash, "copy_hash": checked.copy_hash,
            "findings": len(findings),
            "by_category": dict(collections.Counter(f.category for f in findings)),
            "document_findings": [f.rule for f in findings if f.scope == "document"],
            "errors": result.errors}],
        "claims": [{"url": page.url, "domain": site, **{k: v for k, v in row.items() if k != "path"}}
                   for row in result.claims],
    }


class TableWriter:
    """Appends rows to the JSON Lines tables of ``outdir``, cut back first to
    ``sizes`` (see :class:`~.ledger.Ledger`); a context manager."""

    def __init__(self, outdir: str, sizes: dict[str, int]):
        self.outdir = outdir
        self.files = {}
        for name in TABLES:
            path = os.path.join(outdir, name)
            out = open(path, "a+b")
            out.truncate(sizes.get(name, 0))
            out.seek(0, os.SEEK_END)
            self.files[name] = out

    def __enter__(self) -> "TableWriter":
        return self

    def __exit__(self, *exc) -> None:
        for out in self.files.values():
            out.close()

    def seen(self) -> tuple[set[str], set[str]]:
        """The content hashes and copy hashes of the pages already in the pages table."""
        contents, copies = set(), set()
        for row in _rows(self.outdir, "pages.jsonl"):
            contents.add(row.get("content_hash"))
            copies.add(row["copy_hash"])
        return contents, copies

    def write(self, checked: CheckedPage, source: str) -> None:
        for table, rows in page_rows(checked, source).items():
            self.files[f"{table}.jsonl"].write("".join(json.dumps(row) + "\n"
                                                       for row in rows).encode("utf-8"))

    def sizes(self) -> dict[str, int]:
        """The tables' sizes, their rows written to disk."""
        for out in self.files.values():
            out.flush()
            os.fsync(out.fileno())
        return {name: out.tell() for name, out in self.files.items()}

    def write_domains(self) -> None:
        write_domains(self.outdir)


def _sentence(finding, claims: list[dict]) -> str | None:
    """The sentence a span finding starts in: of the claims register rows that
    list its rule, the last one that starts at or before it."""
    if finding.scope != "span":
        return None
    starts = [row for row in claims
              if finding.rule in row["findings"] and (row["line"], row["column"]) <= (finding.line, finding.column)]
    return starts[-1]["sentence"] if starts else None


def domain_rows(pages: Iterable[tuple[str | None, int]], findings: Iterable[tuple[str | None, str]]) -> list[dict]:
    """The domains table from (domain, words) of each page and (domain, rule) of each finding."""
    summary: dict = collections.defaultdict(lambda: {"pages": 0, "words": 0, "rules": collections.Counter()})
    for site, words in pages:
        summary[site]["pages"] += 1
        summary[site]["words"] += words
    for site, rule in findings:
        summary[site]["rules"][rule] += 1
    rows = []
    for site, totals in sorted(summary.items(), key=lambda item: item[0] or ""):
        findings_n = sum(totals["rules"].values())
        rows.append({
            "domain": site, "pages": totals["pages"], "words": totals["words"], "findings": findings_n,
            "findings_per_1000_words": round(1000 * findings_n / totals["words"], 2) if totals["words"] else None,
            "worst_rules": [{"rule": rule, "findings": n}
                            for rule, n in sorted(totals["rules"].items(),
                                                  key=lambda item: (-item[1], item[0]))[:WORST_RULES]],
        })
    return rows


def write_domains(outdir: str) -> None:
    """Summarise ``pages.jsonl`` and ``findings.jsonl`` by domain into ``domains.jsonl``."""
    rows = domain_rows(((row["domain"], row["words"]) for row in _rows(outdir, "pages.jsonl")),
                       ((row["domain"], row["rule"]) for row in _rows(outdir, "findings.jsonl")))
    with open(os.path.join(outdir, DOMAINS), "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row) + "\n" for row in rows)


def _rows(outdir: str, name: str):
    with open(os.path.join(outdir, name), encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)
