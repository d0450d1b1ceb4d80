"""Dump an archive's database, every table and column but the timestamps, to compare two ingests.

    .venv/bin/python bench/ingest_dump.py ARCHIVE.sqlite3 > dump.txt

Rows are sorted, one per line, as Python reprs; `ingested_at` and `updated_at` are left out
(they are when the ingest ran, not what it made of the files).
"""

import sqlite3
import sys

SKIP = {"ingested_at", "updated_at"}


def main() -> None:
    db = sqlite3.connect(sys.argv[1])
    tables = [r[0] for r in db.execute("select name from sqlite_master where type='table' order by name")]
    for table in tables:
        columns = [r[1] for r in db.execute(f'pragma table_info("{table}")') if r[1] not in SKIP]
        select = ", ".join(f'"{c}"' for c in columns)
        rows = db.execute(f'select {select} from "{table}"').fetchall()
        print(f"## {table} ({len(rows)} rows) {columns}")
        for row in sorted(rows, key=repr):
            print(repr(row))


if __name__ == "__main__":
    main()
