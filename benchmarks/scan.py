"""Pages per second and peak memory of ``ketalint scan``, with --jobs and with Dask.

    python benchmarks/scan.py                     # 10,000 pages; memory at 1,000 and 10,000
    python benchmarks/scan.py --pages 2000 --memory-pages 0
    python benchmarks/scan.py --engines jobs      # no Dask runs

Builds gzipped WARC files of PAGES HTML pages: the real-world HTML fixtures
(fixtures/realworld), each page given a paragraph of its own so that none is
dropped as a duplicate. Each figure is a whole-process run of ``ketalint scan
--format parquet`` into a fresh output folder, with 1 and 2 workers: ``--jobs
N``, and ``--dask local --jobs N`` (a local Dask cluster of N worker
processes, started by the run). The steady rate leaves out start-up, measured
as a scan of one page with the same engine. The CPU time is that of the whole
process tree (the scan, its workers, Dask's scheduler, nannies and workers),
per page, start-up included: unlike pages/s, other work on the machine hardly
changes it. Memory is sampled every 0.1 s over the same tree: the peak of the
resident sizes added up (pages shared by forked workers counted once per
process, so an upper bound) and of the largest process. Then the same scans
of MEMORY_PAGES (1,000) pages, to set beside those of PAGES pages and show
that memory does not grow with the crawl. The runs on PAGES pages must give
the same tables, or the benchmark stops. Needs the dask extra (``pip
install -e '.[dask]'``).
"""
from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
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


def cpu_seconds() -> float:
    """CPU time of this process's waited-for descendants so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tables(outdir: Path) -> dict:
    """The scan's Parquet tables, to compare runs."""
    import pyarrow.dataset as ds
    return {table: ds.dataset(sorted((outdir / table).glob("part-*.parquet")), format="parquet").to_table()
            for table in ("findings", "pages", "claims")}


def timed_scan(warc: Path, engine: str, jobs: int, folder: Path) -> tuple[float, int, int, float, Path]:
    """(seconds, peak of the tree's resident sizes added up, peak of the largest
    process, in bytes, CPU seconds of the tree, the output folder)."""
    outdir = Path(tempfile.mkdtemp(dir=folder))
    command = [sys.executable, "-m", "ketalint", "scan", str(warc), "-o", str(outdir), "-j", str(jobs),
               "--format", "parquet", *(["--dask", "local"] if engine == "dask" else [])]
    start, cpu = time.perf_counter(), cpu_seconds()
    process = psutil.Popen(command, stderr=subprocess.DEVNULL)
    total = largest = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            sizes = []
            for member in tree:
                try:
                    sizes.append(member.memory_info().rss)
                except psutil.Error:
                    pass
            total, largest = max(total, sum(sizes)), max(largest, max(sizes, default=0))
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)}: exit {process.returncode}")
    return seconds, total, largest, cpu_seconds() - cpu, outdir


def mb(size: int) -> str:
    return f"{size / 2**20:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--memory-pages", type=int, default=1_000,
                        help="the smaller scan of the memory comparison (0: none)")
    parser.add_argument("--engines", default="jobs,dask")
    args = parser.parse_args()
    engines = args.engines.split(",")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        warcs = {}
        for pages in {1, args.pages, *([args.memory_pages] if args.memory_pages else [])}:
            warcs[pages] = folder / f"{pages}.warc.gz"
            build_warc(warcs[pages], pages)
        print(f"{args.pages} pages | engine | workers | seconds | whole run, pages/s | steady, pages/s "
              "| CPU ms per page | peak MB, all processes | peak MB, largest process")
        memory, first = {}, None
        for engine in engines:
            for jobs in (1, 2):
                start_up = timed_scan(warcs[1], engine, jobs, folder)[0]
                seconds, total, largest, cpu, outdir = timed_scan(warcs[args.pages], engine, jobs, folder)
                memory[engine, jobs] = total, largest
                found = tables(outdir)
                first = first or found
                if any(not found[table].equals(first[table]) for table in found):
                    raise SystemExit(f"{engine} with {jobs} workers: the tables differ from the first run's")
                print(f"| {engine} | {jobs} | {seconds:.1f} | {args.pages / seconds:.1f} "
                      f"| {args.pages / (seconds - start_up):.1f} | {1000 * cpu / args.pages:.1f} "
                      f"| {mb(total)} | {mb(largest)}", flush=True)
        if args.memory_pages:
            print(f"memory | engine | workers | peak MB at {args.memory_pages} pages, all processes, largest "
                  f"| at {args.pages} pages (the run above)")
            for engine in engines:
                for jobs in (1, 2):
                    _, total, largest, _, _ = timed_scan(warcs[args.memory_pages], engine, jobs, folder)
                    print(f"| {engine} | {jobs} | {mb(total)}, {mb(largest)} "
                          f"| {mb(memory[engine, jobs][0])}, {mb(memory[engine, jobs][1])}", flush=True)


if __name__ == "__main__":
    main()
