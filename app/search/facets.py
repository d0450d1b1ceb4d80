"""Facet counts: for the articles a search matched, how many per country, person, year,
language and source.

The values of every document are read once per index generation from the inverted index
(a few postings lists per field) and kept in memory; counting a result set is then a pass
over its document numbers, with no stored-field reads.
"""

from collections import Counter
from pathlib import Path
from threading import Lock

FACETS = ("countries", "people", "year", "lang", "source")
MAX_VALUES = {"people": 15, "source": 10}  # longest lists shown; the rest are in the counts


class FacetTable:
    def __init__(self, reader, schema):
        self.values: dict[str, dict[int, list]] = {}
        for name in FACETS:
            field = schema[name]
            per_doc: dict[int, list] = {}
            for btext in field.sortable_terms(reader, name):
                value = field.from_bytes(btext)
                if value in ("", None):
                    continue
                for docnum in reader.postings(name, btext).all_ids():
                    per_doc.setdefault(docnum, []).append(value)
            self.values[name] = per_doc

    def counts(self, docnums: list[int]) -> dict[str, list[tuple[object, int]]]:
        """Per facet, (value, count) from the most to the least frequent (years newest first)."""
        out = {}
        for name, per_doc in self.values.items():
            counter: Counter = Counter()
            for docnum in docnums:
                counter.update(per_doc.get(docnum, ()))
            if name == "year":
                ranked = sorted(counter.items(), reverse=True)
            else:
                ranked = sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))
            out[name] = ranked[: MAX_VALUES.get(name)] if name in MAX_VALUES else ranked
        return out


_tables: dict[tuple[str, int], FacetTable] = {}
_lock = Lock()


def facet_table(searcher, index_path: Path) -> FacetTable:
    """The table of the index generation this searcher reads (built on first use)."""
    key = (str(index_path), searcher.reader().generation())
    with _lock:
        table = _tables.get(key)
        if table is None:
            _tables.clear()  # only the current generation is searched
            table = _tables[key] = FacetTable(searcher.reader(), searcher.schema)
    return table
