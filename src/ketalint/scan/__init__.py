"""``ketalint scan``: lint the ketamine copy of a web crawl.

Pages come from WARC or WARC.gz files, JSON Lines files or folders of HTML
files (:mod:`.inputs`). A page whose body was seen before under another URL is
dropped by its content hash before it is read (:mod:`.run`); the others are
read with the HTML reader ``check`` uses, kept only if their copy names
ketamine, esketamine or Spravato, and linted by the same Checker
(:mod:`.pages`), on worker processes of this machine or on a Dask cluster
(:mod:`.engines`, :mod:`.dask_engine`). Rows go to JSON Lines tables
(:mod:`.tables`) or folders of Parquet parts (:mod:`.parquet`) in the output
folder, in the order of the inputs whatever the engine; finished inputs are
recorded there so that a scan that is interrupted and started again goes on
where it stopped (:mod:`.ledger`). :func:`.run.scan` puts these together.
"""
