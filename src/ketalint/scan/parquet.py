"""The scan's tables as partitioned Parquet (``--format parquet``; needs pyarrow).

Each table is a folder of the output folder, ``findings/``, ``pages/`` and
``claims/``, of parts ``part-NNNNNN.parquet`` with the columns and rows of the
JSON Lines tables (see :mod:`.tables`), plus ``domains.parquet``. Rows are
held back until a part of :data:`PART_PAGES` pages is full, or the input ends,
then written as one part of each table (a temporary file renamed into place),
so memory holds at most one part whatever the size of the crawl. Parts are
numbered in the order of the pages, which is the order of the inputs whatever
engine linted them. The ledger records how many parts each finished input
left; a restarted scan deletes the parts after that, written by an input that
was interrupted.

Load a table with ``pandas.read_parquet("tables/findings")`` or
``pyarrow.dataset.dataset("tables/findings")``.
"""
from __future__ import annotations

import glob
import os
import re

from .inputs import ScanInputError
from .pages import CheckedPage
from .tables import domain_rows, page_rows

#: Pages whose rows make one part of each table.
PART_PAGES = 1000
TABLES = ("findings", "pages", "claims")
DOMAINS = "domains.parquet"
_PART = re.compile(r"part-(\d{6})\.parquet$")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401 - imported for pyarrow.parquet below
    except ImportError:
        raise ScanInputError("--format parquet needs pyarrow: pip install 'ketalint[scan]'") from None
    return pyarrow


def require() -> None:
    """ScanInputError, one line for the user, when pyarrow is not installed."""
    _pyarrow()


def schemas():
    pa = _pyarrow()
    text, count, texts = pa.string(), pa.int64(), pa.list_(pa.string())
    return {
        "findings": pa.schema([("url", text), ("domain", text), ("rule", text), ("name", text),
                               ("category", text), ("severity", text), ("scope", text), ("message", text),
                               ("text", text), ("sentence", text), ("start", count), ("end", count),
                               ("line", count), ("column", count)]),
        "pages": pa.schema([("url", text), ("domain", text), ("fetched_at", text), ("input", text),
                            ("words", count), ("content_hash", text), ("copy_hash", text), ("findings", count),
                            ("by_category", pa.map_(text, count)), ("document_findings", texts),
                            ("errors", texts)]),
        "claims": pa.schema([("url", text), ("domain", text), ("line", count), ("column", count),
                             ("type", text), ("cue", text), ("sentence", text), ("status", text),
                             ("products", texts), ("indications", texts), ("modifiers", texts),
                             ("citation", text), ("markers", texts), ("references", texts), ("links", texts),
                             ("findings", texts), ("approved", text)]),
        "domains": pa.schema([("domain", text), ("pages", count), ("words", count), ("findings", count),
                              ("findings_per_1000_words", pa.float64()),
                              ("worst_rules", pa.list_(pa.struct([("rule", text), ("findings", count)])))]),
    }


def _parts(folder: str) -> list[tuple[int, str]]:
    found = []
    for path in glob.glob(os.path.join(folder, "part-*.parquet")):
        match = _PART.search(path)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def _write(table, path: str) -> None:
    import pyarrow.parquet as pq
    temporary = path + ".tmp"
    pq.write_table(table, temporary)
    os.replace(temporary, path)


class ParquetWriter:
    """Writes rows to the Parquet tables of ``outdir`` part by part, deleting
    first the parts numbered from ``sizes["parts"]`` on (see
    :class:`~.ledger.Ledger`); a context manager."""

    def __init__(self, outdir: str, sizes: dict[str, int]):
        self.pa = _pyarrow()
        self.outdir, self.schemas = outdir, schemas()
        self.parts = sizes.get("parts", 0)
        for table in TABLES:
            folder = os.path.join(outdir, table)
            os.makedirs(folder, exist_ok=True)
            for number, path in _parts(folder):
                if number >= self.parts:
                    os.remove(path)
            for leftover in glob.glob(os.path.join(folder, "*.tmp")):
                os.remove(leftover)
        self.rows: dict[str, list[dict]] = {table: [] for table in TABLES}
        self.pages = 0

    def __enter__(self) -> "ParquetWriter":
        return self

    def __exit__(self, *exc) -> None:
        pass  # rows not yet in a part belong to an unfinished input: dropped

    def _column(self, table: str, name: str):
        import pyarrow.dataset as ds
        folder = os.path.join(self.outdir, table)
        for batch in ds.dataset([path for _, path in _parts(folder)], schema=self.schemas[table],
                                format="parquet").to_batches(columns=[name]):
            yield from batch.column(0).to_pylist()

    def seen(self) -> tuple[set[str], set[str]]:
        """The content hashes and copy hashes of the pages already in the pages table."""
        return set(self._column("pages", "content_hash")), set(self._column("pages", "copy_hash"))

    def write(self, checked: CheckedPage, source: str) -> None:
        for table, rows in page_rows(checked, source).items():
            if table == "pages":
                rows = [{**row, "by_category": list(row["by_category"].items())} for row in rows]
            self.rows[table].extend(rows)
        self.pages += 1
        if self.pages >= PART_PAGES:
            self._flush()

    def _flush(self) -> None:
        if not self.pages:
            return
        for table in TABLES:
            _write(self.pa.Table.from_pylist(self.rows[table], schema=self.schemas[table]),
                   os.path.join(self.outdir, table, f"part-{self.parts:06d}.parquet"))
            self.rows[table] = []
        self.parts += 1
        self.pages = 0

    def sizes(self) -> dict[str, int]:
        """The number of parts, every row given so far written in one."""
        self._flush()
        return {"parts": self.parts}

    def write_domains(self) -> None:
        _write(self.pa.Table.from_pylist(
            domain_rows(zip(self._column("pages", "domain"), self._column("pages", "words")),
                        zip(self._column("findings", "domain"), self._column("findings", "rule"))),
            schema=self.schemas["domains"]), os.path.join(self.outdir, DOMAINS))
