"""Pages per second of ``ketalint scan`` on 1 and 2 worker processes.

    python benchmarks/scan.py               # 500 pages
    python benchmarks/scan.py --pages 2000

Builds one gzipped WARC file of PAGES HTML pages: the real-world HTML
fixtures (fixtures/realworld), each page given a paragraph of its own so that
none is dropped as a duplicate. Each figure is a whole-process run of
``ketalint scan --jobs N`` (start-up included, into a fresh output folder);
the steady rate leaves out start-up, measured as a scan of one page. Needs
warcio (``pip install -e '.[scan]'``).
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]


def build_warc(path: Path, pages: int) -> None:
    sources = sorted((ROOT / "fixtures" / "realworld").rglob("*.html"))
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(pages):
            html = sources[i % len(sources)].read_bytes().replace(
                b"</body>", f"<p>Ketamine guide, part {i}.</p></body>".encode())
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://site{i % 50}.example/page{i}", "response",
                                                          payload=io.BytesIO(html), http_headers=http))


def timed_scan(warc: Path, jobs: int, folder: Path) -> float:
    outdir = Path(tempfile.mkdtemp(dir=folder))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ketalint", "scan", str(warc), "-o", str(outdir), "-j", str(jobs)],
                   check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    pages = parser.parse_args().pages
    with tempfile.TemporaryDirectory() as folder:
        warc, one = Path(folder) / "pages.warc.gz", Path(folder) / "one.warc.gz"
        build_warc(warc, pages)
        build_warc(one, 1)
        print(f"{pages} pages | whole run, pages/s | steady, pages/s")
        for jobs in (1, 2):
            start_up = timed_scan(one, jobs, Path(folder))
            seconds = timed_scan(warc, jobs, Path(folder))
            print(f"{jobs} worker{'s' * (jobs > 1)} | {pages / seconds:.1f} | {pages / (seconds - start_up):.1f}")


if __name__ == "__main__":
    main()
