"""The claims register as CSV that spreadsheets open safely.

- A UTF-8 byte-order mark comes first, so Excel reads curly quotes and dashes
  as UTF-8 rather than the system's code page.
- Lists are joined with `` | ``.
- Character references left in copy (``&amp;``, ``&#8209;``) are decoded: a
  cell shows the text as a reader sees it (the file's path is left as it is).
- A text cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or
  carriage return) would be run as a formula by Excel, LibreOffice and Google
  Sheets (CSV injection); it is written with a leading ``'``, which they show
  as text and do not display.
"""
from __future__ import annotations

import csv
import html
import io

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value, copy: bool = True) -> str | int:
    """One value as a safe CSV cell (numbers stay numbers); ``copy`` text has
    its character references decoded."""
    if isinstance(value, list):
        value = " | ".join(value)
    if not isinstance(value, str):
        return value
    text = html.unescape(value) if copy else value
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def register_csv(rows: list[dict], columns) -> str:
    """The text of a CSV file with a header of ``columns`` and a line per row."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.DictWriter(buffer, columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: cell(value, copy=key != "path") for key, value in row.items()})
    return buffer.getvalue()
