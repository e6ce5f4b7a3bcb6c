"""ketalint scan: web archives in, JSON Lines tables out, the findings of check."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from ketalint.cli import main

from conftest import ROOT, SLOW_PER_SENTENCE, write_rule_pack

REAL_PAGES = ["q08-kylepsmithmd-nasal-ketamine.html", "d09-ultra-medica-esketamine-atlanta.html",
              "q18-inclusionrecovery-ketamine-faq.html", "e11-university-hospitals-ketamine-infusion.html"]
#: Pages about ketamine, by URL; the first is also served under a second URL.
PAGES = {f"https://www.clinic{i}.example/ketamine": (ROOT / "fixtures/realworld/tune" / name).read_bytes()
         for i, name in enumerate(REAL_PAGES)}
PAGES["https://spray.example/"] = (
    b"<html><body><nav><a href='/'>Ketamine clinic home</a></nav><main><h1>Spravato</h1>"
    b"<p>Spravato is FDA-approved to prevent suicide. Ketamine therapy cures depression for "
    b"everyone, with virtually no risk.</p></main><footer>Ketamine cures all</footer></body></html>")
NOT_ABOUT_KETAMINE = b"<html><body><p>Fresh sourdough bread, baked daily.</p></body></html>"


def run(*args):
    return CliRunner().invoke(main, list(args))


def response(writer, url, body, status="200 OK", content_type="text/html; charset=utf-8", headers=()):
    http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                  http_headers=http))


def write_warc(path: Path, pages: dict[str, bytes], gzip: bool = True) -> Path:
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for url, body in pages.items():
            response(writer, url, body)
    return path


def rows(outdir: Path, table: str) -> list[dict]:
    return [json.loads(line) for line in (outdir / table).read_text(encoding="utf-8").splitlines()]


def findings_by_url(outdir: Path) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for row in rows(outdir, "findings.jsonl"):
        found.setdefault(row["url"], []).append(
            (row["rule"], row["severity"], row["scope"], row["start"], row["end"], row["text"]))
    return found


def check_findings(tmp_path: Path, pages: dict[str, bytes]) -> dict[str, list[tuple]]:
    """What ``ketalint check`` finds in the same pages saved as HTML files, by URL."""
    folder = tmp_path / "saved"
    folder.mkdir()
    names = {}
    for i, (url, body) in enumerate(pages.items()):
        (folder / f"{i}.html").write_bytes(body)
        names[str(folder / f"{i}.html")] = url
    result = run("check", "--format", "json", "--no-cache", "--exit-zero", *names)
    assert result.exit_code == 0, result.output
    found: dict[str, list[tuple]] = {}
    for f in json.loads(result.stdout)["findings"]:
        found.setdefault(names[f["path"]], []).append(
            (f["rule"], f["severity"], f["scope"], f["start"], f["end"], f["text"]))
    return found


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    """Two WARC files (one gzipped, one not) with the pages, a copy of one under
    another URL, a redirect, an image, a 404 and a page not about ketamine."""
    folder = tmp_path_factory.mktemp("crawl")
    urls = list(PAGES)
    write_warc(folder / "one.warc.gz", {url: PAGES[url] for url in urls[:3]})
    with open(folder / "two.warc", "wb") as out:
        writer = WARCWriter(out, gzip=False)
        for url in urls[3:]:
            response(writer, url, PAGES[url])
        response(writer, "https://copy.example/same-page", PAGES[urls[0]])
        response(writer, "https://clinic0.example/old", b"", "301 Moved Permanently",
                 headers=[("Location", urls[0])])
        response(writer, "https://clinic0.example/logo.png", b"\x89PNG\r\n\x1a\n\0\0", "200 OK", "image/png")
        response(writer, "https://clinic0.example/gone", b"<p>Ketamine</p>", "404 Not Found")
        response(writer, "https://bakery.example/", NOT_ABOUT_KETAMINE)
    return folder


@pytest.fixture(scope="module")
def scanned(crawl):
    outdir = crawl / "tables"
    result = run("scan", str(crawl / "one.warc.gz"), str(crawl / "two.warc"), "-o", str(outdir), "-j", "2")
    assert result.exit_code == 0, result.output
    return outdir, result


def test_only_ketamine_pages_once_each(scanned):
    outdir, result = scanned
    assert [row["url"] for row in rows(outdir, "pages.jsonl")] == list(PAGES)
    assert ("5 pages linted" in result.stderr and "1 duplicate" in result.stderr
            and "1 redirect" in result.stderr and "1 not text/html" in result.stderr
            and "1 status 404" in result.stderr and "1 not about ketamine" in result.stderr)


def test_findings_are_those_of_check(scanned, tmp_path):
    outdir, _ = scanned
    expected = check_findings(tmp_path, PAGES)
    assert expected  # the pages do have findings
    assert findings_by_url(outdir) == expected


def test_claims_register_is_that_of_claims_and_findings_name_their_sentence(scanned, tmp_path):
    outdir, _ = scanned
    folder = tmp_path / "saved"
    folder.mkdir()
    for i, body in enumerate(PAGES.values()):
        (folder / f"{i}.html").write_bytes(body)
    result = run("claims", "--format", "json", *(str(folder / f"{i}.html") for i in range(len(PAGES))))
    assert result.exit_code == 0, result.output
    urls = {str(folder / f"{i}.html"): url for i, url in enumerate(PAGES)}
    expected = [{"url": urls[row.pop("path")], **row} for row in json.loads(result.stdout)["claims"]]
    assert [{k: v for k, v in row.items() if k != "domain"} for row in rows(outdir, "claims.jsonl")] == expected
    for f in rows(outdir, "findings.jsonl"):
        if f["scope"] == "span":
            assert f["text"] in f["sentence"]
        else:
            assert f["sentence"] is None


def test_page_and_domain_tables(scanned):
    outdir, _ = scanned
    pages = {row["url"]: row for row in rows(outdir, "pages.jsonl")}
    findings = rows(outdir, "findings.jsonl")
    spray = pages["https://spray.example/"]
    assert spray["domain"] == "spray.example" and spray["fetched_at"]
    assert spray["words"] == 17  # the nav and footer are not copy
    by_category: dict = {}
    for f in findings:
        if f["url"] == "https://spray.example/":
            by_category[f["category"]] = by_category.get(f["category"], 0) + 1
    assert spray["by_category"] == by_category and spray["findings"] == sum(by_category.values())
    domains = {row["domain"]: row for row in rows(outdir, "domains.jsonl")}
    assert set(domains) == {"clinic0.example", "clinic1.example", "clinic2.example", "clinic3.example",
                            "spray.example"}
    spray_domain = domains["spray.example"]
    assert spray_domain["pages"] == 1 and spray_domain["findings"] == spray["findings"]
    assert spray_domain["findings_per_1000_words"] == round(1000 * spray["findings"] / 17, 2)
    assert spray_domain["worst_rules"][0]["findings"] >= spray_domain["worst_rules"][-1]["findings"]


def test_json_lines_input(tmp_path):
    records = [{"url": "https://a.example/k", "html": PAGES["https://spray.example/"].decode(),
                "fetched_at": "2026-01-02T03:04:05Z"},
               {"url": "https://b.example/t", "text": "Esketamine is a cure for depression."},
               {"url": "https://c.example/", "text": "Nothing to see here."}]
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records) + "\nnot json\n", encoding="utf-8")
    result = run("scan", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "1 bad record" in result.stderr and "1 not about ketamine" in result.stderr
    pages = rows(tmp_path / "out", "pages.jsonl")
    assert [(p["url"], p["fetched_at"]) for p in pages] == [
        ("https://a.example/k", "2026-01-02T03:04:05Z"), ("https://b.example/t", None)]
    found = findings_by_url(tmp_path / "out")
    assert found["https://a.example/k"] == check_findings(tmp_path, {"spray": records[0]["html"].encode()})["spray"]
    assert any(rule == "CLM201" for rule, *_ in found["https://b.example/t"])


def test_a_restarted_scan_does_not_redo_finished_inputs(tmp_path):
    urls = list(PAGES)
    first = write_warc(tmp_path / "first.warc.gz", {urls[0]: PAGES[urls[0]]})
    second = write_warc(tmp_path / "second.warc.gz", {urls[4]: PAGES[urls[4]]})
    outdir = tmp_path / "out"
    assert run("scan", str(first), "-o", str(outdir)).exit_code == 0
    # Interrupted while scanning the second input: a half-written row is left.
    with open(outdir / "findings.jsonl", "a", encoding="utf-8") as out:
        out.write('{"url": "https://spray.example/", "rule"')
    # The first input changed since: a finished input is not read again.
    write_warc(first, {urls[1]: PAGES[urls[1]]})
    result = run("scan", str(first), str(second), "-o", str(outdir))
    assert result.exit_code == 0, result.output
    assert [row["url"] for row in rows(outdir, "pages.jsonl")] == [urls[0], urls[4]]
    assert set(findings_by_url(outdir)) == {urls[0], urls[4]}  # each row whole, none twice
    assert "2 pages linted" in result.stderr  # counts cover both scans


def test_a_scan_with_other_rules_does_not_resume_into_the_same_folder(tmp_path):
    warc = write_warc(tmp_path / "one.warc.gz", {"https://spray.example/": PAGES["https://spray.example/"]})
    assert run("scan", str(warc), "-o", str(tmp_path / "out")).exit_code == 0
    result = run("scan", str(warc), "-o", str(tmp_path / "out"), "--select", "CLM201")
    assert result.exit_code == 2 and "holds a scan made with other rules" in result.stderr


def test_folder_input(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "k.html").write_bytes(PAGES["https://spray.example/"])
    (tmp_path / "site" / "notes.md").write_text("Ketamine cures depression.", encoding="utf-8")
    result = run("scan", str(tmp_path / "site"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert [p["url"] for p in rows(tmp_path / "out", "pages.jsonl")] == [str(tmp_path / "site" / "k.html")]


@pytest.mark.parametrize("name, content, message", [
    ("missing.warc.gz", None, "no such file or folder"),
    ("pages.csv", "url,html\n", "not a WARC (.warc, .warc.gz), JSON Lines (.jsonl) file or a folder"),
    ("broken.warc.gz", "GET / HTTP/1.1\r\n\r\n", "not a readable WARC file"),
])
def test_unreadable_inputs_are_one_line_and_exit_2(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("scan", str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


# --- De-duplication, Parquet tables, Dask -------------------------------------

def parquet_rows(outdir: Path, table: str) -> list[dict]:
    """The rows of a Parquet table (a folder of parts, or domains.parquet), as
    the JSON Lines table has them."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq
    data = pq.read_table(outdir / "domains.parquet") if table == "domains" else \
        ds.dataset(sorted((outdir / table).glob("part-*.parquet")), format="parquet").to_table()
    found = data.to_pylist()
    for row in found:
        if "by_category" in row:
            row["by_category"] = dict(row["by_category"])
    return found


def test_a_page_seen_before_is_never_read_nor_linted(crawl, tmp_path, monkeypatch):
    from ketalint.scan import pages
    linted = []
    original = pages.PageLinter.__call__

    def counting(self, page):
        linted.append(page.url)
        return original(self, page)
    monkeypatch.setattr(pages.PageLinter, "__call__", counting)
    result = run("scan", str(crawl / "one.warc.gz"), str(crawl / "two.warc"), "-o", str(tmp_path / "out"),
                 "-j", "1")
    assert result.exit_code == 0, result.output
    assert "1 duplicate" in result.stderr
    assert "https://copy.example/same-page" not in linted  # dropped by its content hash, before reading
    assert linted.count(list(PAGES)[0]) == 1 and "https://bakery.example/" in linted
    hashes = [row["content_hash"] for row in rows(tmp_path / "out", "pages.jsonl")]
    assert len(set(hashes)) == len(PAGES) and all(len(h) == 64 for h in hashes)


def test_parquet_tables_hold_the_rows_of_the_json_lines_tables(scanned, crawl, tmp_path):
    outdir, _ = scanned
    result = run("scan", str(crawl / "one.warc.gz"), str(crawl / "two.warc"), "-o", str(tmp_path / "pq"),
                 "--format", "parquet", "-j", "2")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == [
        "claims", "domains.parquet", "findings", "finished.jsonl", "pages"]
    for table in ("findings", "pages", "claims", "domains"):
        assert parquet_rows(tmp_path / "pq", table) == rows(outdir, f"{table}.jsonl"), table


def test_a_restarted_parquet_scan_drops_the_parts_of_an_unfinished_input(tmp_path, monkeypatch):
    from ketalint.scan import parquet
    monkeypatch.setattr(parquet, "PART_PAGES", 1)  # a part per page
    urls = list(PAGES)
    first = write_warc(tmp_path / "first.warc.gz", {url: PAGES[url] for url in urls[:2]})
    second = write_warc(tmp_path / "second.warc.gz", {url: PAGES[url] for url in urls[2:4]})
    outdir = tmp_path / "out"
    assert run("scan", str(first), "-o", str(outdir), "--format", "parquet").exit_code == 0
    # Interrupted in the second input: a part of it was written, and a part half-written.
    for table in ("findings", "pages", "claims"):
        (outdir / table / "part-000002.parquet").write_bytes((outdir / table / "part-000000.parquet").read_bytes())
        (outdir / table / "part-000003.parquet.tmp").write_bytes(b"PAR1")
    result = run("scan", str(first), str(second), "-o", str(outdir), "--format", "parquet")
    assert result.exit_code == 0, result.output
    assert [row["url"] for row in parquet_rows(outdir, "pages")] == urls[:4]
    assert sorted(p.name for p in (outdir / "pages").iterdir()) == [f"part-00000{i}.parquet" for i in range(4)]
    assert "4 pages linted" in result.stderr
    result = run("scan", str(first), "-o", str(outdir))
    assert result.exit_code == 2 and "table format" in result.stderr


@pytest.mark.parametrize("args, module, message", [
    (["--format", "parquet"], "pyarrow", "--format parquet needs pyarrow: pip install 'ketalint[scan]'"),
    (["--dask", "local"], "distributed", "--dask needs dask.distributed: pip install 'ketalint[dask]'"),
])
def test_parquet_or_dask_without_the_extra_is_one_line(tmp_path, monkeypatch, args, module, message):
    monkeypatch.setitem(__import__("sys").modules, module, None)  # as if not installed
    source = tmp_path / "pages.jsonl"
    source.write_text(json.dumps({"url": "https://b.example/", "text": "Ketamine cures."}) + "\n")
    result = run("scan", str(source), "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 2 and result.stderr == f"ketalint: {message}\n"
    assert not (tmp_path / "out").exists()


def test_dask_local_and_a_scheduler_are_one_choice(tmp_path):
    result = run("scan", str(tmp_path), "-o", str(tmp_path / "out"), "--dask", "local",
                 "--dask-scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "give one of them" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_local_dask_cluster_gives_the_same_tables(crawl, tmp_path, fmt):
    inputs = [str(crawl / "one.warc.gz"), str(crawl / "two.warc")]
    local = run("scan", *inputs, "-o", str(tmp_path / "jobs"), "-j", "2", "--format", fmt)
    dask = run("scan", *inputs, "-o", str(tmp_path / "dask"), "-j", "2", "--format", fmt, "--dask", "local")
    assert local.exit_code == 0 and dask.exit_code == 0, dask.output
    assert dask.stderr.split("; tables in")[0] == local.stderr.split("; tables in")[0]
    for table in ("findings", "pages", "claims", "domains"):
        if fmt == "jsonl":
            assert (tmp_path / "dask" / f"{table}.jsonl").read_bytes() == \
                (tmp_path / "jobs" / f"{table}.jsonl").read_bytes()
        else:
            assert parquet_rows(tmp_path / "dask", table) == parquet_rows(tmp_path / "jobs", table)


def slow_crawl(tmp_path: Path) -> tuple[Path, Path]:
    """(a house rule pack whose pattern costs about 0.8 s a long sentence that
    names ketamine, JSON Lines input of a page of 40 such sentences, then pages
    of short sentences with findings)."""
    pack = write_rule_pack(tmp_path, "CLM950", "slow-per-sentence", SLOW_PER_SENTENCE)
    slow = "<html><body><main>" + "".join(
        "<p>Ketamine infusions are offered in our clinic for adults with depression and anxiety.</p>"
        for _ in range(40)) + "</main></body></html>"
    pages = [{"url": "https://slow.example/", "html": slow}]
    pages += [{"url": f"https://quick{i}.example/", "html": f"<p>Clinic {i}. Ketamine cures depression.</p>"}
              for i in range(3)]
    crawl = tmp_path / "pages.jsonl"
    crawl.write_text("".join(json.dumps(page) + "\n" for page in pages), encoding="utf-8")
    return pack, crawl


def over_budget_scan(pack: Path, crawl: Path, outdir: Path, *engine: str):
    result = run("scan", str(crawl), "-o", str(outdir), "--rules", str(pack), "--file-timeout", "1.5", *engine)
    assert result.exit_code == 0, result.output
    slow, *others = rows(outdir, "pages.jsonl")
    assert slow["errors"] == ["not checked: took longer than 1.5 s"] and slow["findings"] == 0
    assert all(not page["errors"] and page["findings"] for page in others)
    return result


@pytest.mark.slow  # waits out a time budget by design (3 s): with the slow checks
def test_a_page_over_its_time_budget_is_not_checked_and_the_scan_goes_on(tmp_path):
    """In the main thread a timer stops the page; in another thread (as on a Dask
    worker, where no signal comes) its pattern searches do, with the same rows."""
    import threading
    import time
    pack, crawl = slow_crawl(tmp_path)
    start = time.perf_counter()
    over_budget_scan(pack, crawl, tmp_path / "main", "-j", "1")
    in_thread = threading.Thread(target=over_budget_scan, args=(pack, crawl, tmp_path / "thread", "-j", "1"))
    in_thread.start()
    in_thread.join()
    assert time.perf_counter() - start < 20  # 40 sentences at 0.8 s: 32 s a scan without a budget
    for table in ("findings", "pages", "claims", "domains"):
        assert (tmp_path / "thread" / f"{table}.jsonl").read_bytes() == \
            (tmp_path / "main" / f"{table}.jsonl").read_bytes()


@pytest.mark.slow
def test_a_page_over_its_time_budget_on_dask_is_as_with_jobs(tmp_path):
    pack, crawl = slow_crawl(tmp_path)
    local = over_budget_scan(pack, crawl, tmp_path / "jobs", "-j", "2")
    dask = over_budget_scan(pack, crawl, tmp_path / "dask", "-j", "1", "--dask", "local")
    assert dask.stderr.split("; tables in")[0] == local.stderr.split("; tables in")[0]
    for table in ("findings", "pages", "claims", "domains"):
        assert (tmp_path / "dask" / f"{table}.jsonl").read_bytes() == \
            (tmp_path / "jobs" / f"{table}.jsonl").read_bytes()


def long_page(i: int) -> bytes:
    """A page of a few hundred paragraphs of real-world copy (about a second to lint)."""
    import re
    paragraphs = []
    for source in sorted((ROOT / "fixtures" / "realworld").rglob("*.html")):
        paragraphs += re.findall(r"<p>.*?</p>", source.read_text(encoding="utf-8", errors="replace"), re.S)
    return (f"<html><body><main><p>Ketamine page {i}.</p>" + "".join(paragraphs[:150])
            + "</main></body></html>").encode()


@pytest.mark.slow
def test_killing_a_dask_worker_mid_scan_loses_and_repeats_no_page(tmp_path, monkeypatch):
    import os
    import signal
    import threading
    import time

    from distributed import Client, LocalCluster

    from ketalint.scan import dask_engine
    pages = {f"https://long{i}.example/": long_page(i) for i in range(8)}
    warc = write_warc(tmp_path / "long.warc.gz", pages)
    expected = run("scan", str(warc), "-o", str(tmp_path / "jobs"), "-j", "2")
    assert expected.exit_code == 0, expected.output
    monkeypatch.setattr(dask_engine, "BATCH", 1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = client.run(os.getpid)
        killed = []

        def kill_a_busy_worker():
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                for worker, keys in client.processing().items():
                    if worker in pids and any("_lint_batch" in str(key) for key in keys):
                        time.sleep(0.3)  # into the page
                        os.kill(pids[worker], signal.SIGKILL)
                        killed.append(worker)
                        return
                time.sleep(0.02)
        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        result = run("scan", str(warc), "-o", str(tmp_path / "dask"), "--dask-scheduler", cluster.scheduler_address)
        killer.join()
    assert killed, "no worker was killed"
    assert result.exit_code == 0, result.output
    assert "8 pages linted" in result.stderr and "not checked" not in result.stderr
    for table in ("findings", "pages", "claims", "domains"):
        assert (tmp_path / "dask" / f"{table}.jsonl").read_bytes() == \
            (tmp_path / "jobs" / f"{table}.jsonl").read_bytes()
