"""The HTML review report, opened in headless Chromium (Debian's ``chromium``).

The browser tests skip when Chromium or Playwright is missing, unless
KETALINT_REQUIRE_BROWSER=1 (set by .ci/run, which installs Chromium), so CI can
never pass them by skipping. The screenshot is saved as
tests/artifacts/report.png (or $KETALINT_ARTIFACTS/report.png).
"""
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from ketalint.cli import main

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("KETALINT_ARTIFACTS", ROOT / "tests" / "artifacts"))
FIXTURES = [str(ROOT / "fixtures" / "examples"), str(ROOT / "fixtures" / "stress" / "stress.md")]
SUPPRESSED = """# Clinic page

<!-- ketalint-disable-next-line FDA101 -- quoted from a complaint we answer below -->
Ketamine is FDA-approved for depression.
"""


def check(*args):
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return result


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    (folder / "suppressed.md").write_text(SUPPRESSED, encoding="utf-8")
    out = folder / "report.html"
    check("--format", "html", "-o", str(out), *FIXTURES, str(folder / "suppressed.md"))
    findings = json.loads(check("--format", "json", *FIXTURES, str(folder / "suppressed.md")).output)
    return out, findings["findings"]


def test_report_is_one_self_contained_file(report):
    out, findings = report
    page = out.read_text(encoding="utf-8")
    assert "<script src" not in page and "<link" not in page and "http-equiv" not in page
    assert page.count('class="hl ') == sum(f["scope"] == "span" for f in findings)
    assert "quoted from a complaint we answer below" in page  # suppressed, with its reason
    assert "facts as of" in page and "rule packs" in page
    assert oct(out.stat().st_mode & 0o777) != "0o600"  # readable like any report


def test_printed_report_carries_every_in_text_finding(report):
    import html
    import re
    out, findings = report
    page = out.read_text(encoding="utf-8")
    printed = "".join(re.findall(r'<ol class="printed-findings">(.*?)</ol>', page, re.S))
    span = [f for f in findings if f["scope"] == "span"]
    assert printed.count("<li>") == len(span)
    for f in span:
        assert f"<strong>{f['rule']}</strong> line {f['line']}:" in printed
        assert html.escape(f["message"]) in printed
        assert not f["suggestion"] or html.escape(f["suggestion"]) in printed
    assert re.search(r"@media print\{[^@]*\.printed-findings\{display:block\}", page)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if os.environ.get("KETALINT_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (KETALINT_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load")
    return page, errors, time.perf_counter() - start


@pytest.mark.slow
def test_report_in_chromium(browser, report):
    out, findings = report
    page, errors, _ = open_page(browser, out)
    span = [f for f in findings if f["scope"] == "span"]
    assert page.locator(".hl").count() == len(span)
    assert page.locator(".doc-finding").count() == len(findings) - len(span)

    first = page.locator(".hl").first
    first.click()
    detail = page.locator("#detail")
    rule = first.inner_text()
    expected = next(f for f in sorted(span, key=lambda f: (f["path"], f["start"])) if f["rule"] == rule)
    assert rule in detail.inner_text()
    assert expected["message"][:40] in detail.locator(".message").inner_text()
    assert "Why it matters" in detail.inner_text() and "Sources" in detail.inner_text()

    page.keyboard.press("n")  # keyboard navigation moves the selection
    assert page.locator(".selected").count() == 1 and page.locator(".selected").first.inner_text() != ""

    for category in ("unsupported-claim", "risk-disclosure", "citation", "suppression"):
        page.locator(f'#filters input[value="{category}"]').uncheck()
    visible = page.locator(".hl:visible")
    assert visible.count() == sum(f["category"] == "fda-status" for f in span) > 0
    assert all(t.startswith("FDA") for t in visible.all_inner_texts())
    page.locator('#filters input[value="unsupported-claim"]').check()

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".hl").nth(2).click()
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=False)
    assert page.locator(".printed-findings").first.is_hidden()  # on screen, the highlights say it
    page.emulate_media(media="print")
    assert page.locator("#detail").is_hidden()
    printed = "\n".join(page.locator(".printed-findings").all_inner_texts())
    assert all(f["message"] in printed for f in span)
    assert errors == []
    page.close()


@pytest.mark.slow
def test_report_for_1000_documents_opens_fast_and_stays_small(browser, tmp_path):
    pages = sorted((ROOT / "fixtures" / "corpus").glob("*.md"))
    site = tmp_path / "site"
    site.mkdir()
    for i in range(1000):
        text = pages[i % len(pages)].read_text(encoding="utf-8")
        (site / f"p{i:04d}.md").write_text(f"# Page {i}\n\n{text}", encoding="utf-8")
    out = tmp_path / "big.html"
    check("--format", "html", "-o", str(out), str(site))
    size_mb = out.stat().st_size / 1048576
    page, errors, seconds = open_page(browser, out)
    assert page.locator(".doc").count() == 1000
    assert size_mb < 20 and seconds < 3, (size_mb, seconds)
    assert errors == []
    page.close()


def test_markup_in_copy_or_file_names_cannot_break_the_report_script(tmp_path):
    page = tmp_path / "<!--<script>.md"
    page.write_text("<!--<script> Ketamine cures depression. </script>\n\nKetamine cures anxiety.\n")
    report = check("--format", "html", str(page)).stdout
    head, _, rest = report.partition('<script id="ketalint-data" type="application/json">')
    payload, _, tail = rest.partition("</script>")
    assert "<" not in payload and ">" not in payload and "&" not in payload
    data = json.loads(payload)
    assert {f["path"] for f in data["findings"]} == {str(page)} and tail.startswith("<script>")


@pytest.mark.slow
def test_no_field_of_a_forged_cache_entry_runs_script_in_chromium(browser, tmp_path, monkeypatch):
    from test_untrusted_repository import resign_entries
    hostile = '"><img src=x onerror="window.pwned=1"><!--<script>'
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    page_md = tmp_path / "<!--<script>.md"
    page_md.write_text("Ketamine is FDA-approved for depression and cures it.\n")
    cache = tmp_path / "cache"

    def cached_check(*args):  # (check() does not use the cache)
        assert CliRunner().invoke(main, ["check", "--cache-dir", str(cache), *args]).exit_code == 1
    cached_check(str(page_md))

    def poison(entry):
        for f in entry["findings"]:
            f.update({key: hostile for key in ("rule", "name", "category", "message", "suggestion", "text")})
        return entry
    resign_entries(cache, poison)
    out = tmp_path / "report.html"
    cached_check("--format", "html", "-o", str(out), str(page_md))
    page, errors, _ = open_page(browser, out)
    highlights = page.locator(".hl")
    assert highlights.count() > 0
    for i in range(highlights.count()):
        highlights.nth(i).click()
        assert hostile in page.locator("#detail").inner_text()  # shown as text, script working
    assert page.evaluate("window.pwned") is None and page.locator("img").count() == 0
    assert errors == []
    page.close()
