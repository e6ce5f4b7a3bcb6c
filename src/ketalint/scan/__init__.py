"""``ketalint scan``: lint the ketamine copy of a web crawl.

Pages come from WARC or WARC.gz files, JSON Lines files or folders of HTML
files (:mod:`.inputs`). Each page is read with the HTML reader ``check`` uses,
kept only if its copy names ketamine, esketamine or Spravato and has not been
seen before under another URL, and linted by the same Checker (:mod:`.pages`)
in worker processes. Rows go to JSON Lines tables in the output folder
(:mod:`.tables`); finished inputs are recorded there so that a scan that is
interrupted and started again goes on where it stopped (:mod:`.ledger`).
:func:`.run.scan` puts these together.
"""
