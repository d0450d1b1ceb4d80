"""Facet counts and date order: for the articles a search matched, how many per country,
person, year, language and source, and which are newest.

The values of every document are read once per index generation from the inverted index
(one postings list per value) into NumPy arrays; counting a result set is then one `bincount`
per facet over its bitmap, with no stored-field reads.
"""


import numpy as np

from app.search.docsets import PerGeneration, posting_ids

FACETS = ("countries", "people", "year", "lang", "source")
MAX_VALUES = {"people": 15, "source": 10}  # longest lists shown; the rest are in the counts
UNDATED = np.iinfo(np.int64).min


class FacetTable:
    def __init__(self, reader, schema):
        # Per facet: its values, and (document, value index) pairs as two parallel arrays.
        self.values: dict[str, list] = {}
        self.text_rank: dict[str, np.ndarray] = {}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in FACETS:
            field = schema[name]
            values, docs, codes = [], [], []
            for btext in field.sortable_terms(reader, name):
                value = field.from_bytes(btext)
                if value in ("", None):
                    continue
                ids = posting_ids(reader, name, btext)
                docs.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int32))
                values.append(value)
            self.values[name] = values
            # Ties between equal counts go by the value's text: its rank, computed once.
            self.text_rank[name] = np.argsort(np.argsort([str(v) for v in values], kind="stable"))
            self.pairs[name] = (np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
                                np.concatenate(codes) if codes else np.zeros(0, dtype=np.int32))
        self.published = _published(reader, reader.doc_count_all(),
                                    np.unique(self.pairs["year"][0]))

    def counts(self, matched: np.ndarray) -> dict[str, list[tuple[object, int]]]:
        """Per facet, (value, count) from the most to the least frequent (years newest first),
        for the documents set in the `matched` bitmap."""
        out = {}
        for name, values in self.values.items():
            docs, codes = self.pairs[name]
            counts = np.bincount(codes[matched[docs]], minlength=len(values))
            found = np.flatnonzero(counts)
            if name == "year":
                order = sorted(found, key=lambda i: values[i], reverse=True)
            else:
                order = found[np.lexsort((self.text_rank[name][found], -counts[found]))]
            out[name] = [(values[i], int(counts[i])) for i in order[: MAX_VALUES.get(name)]]
        return out

    def newest_first(self, matched: np.ndarray) -> np.ndarray:
        """The matched documents, newest first, undated last (each part by document number)."""
        ids = np.flatnonzero(matched)
        order = np.lexsort((ids, -self.published[ids].astype(np.float64)))
        dated = ids[order]
        undated = self.published[dated] == UNDATED
        return np.concatenate([dated[~undated], dated[undated]])


def _published(reader, size: int, dated: np.ndarray) -> np.ndarray:
    """Each document's publication time as Whoosh stores it (a number that sorts like the
    date), UNDATED where the document has no date (`dated`: the documents with a year)."""
    out = np.full(size, UNDATED, dtype=np.int64)
    if reader.has_column("published") and len(dated):
        column = reader.column_reader("published", translate=False)
        out[dated] = np.fromiter((column[int(d)] for d in dated), dtype=np.int64, count=len(dated))
    return out


facet_table = PerGeneration(lambda searcher: FacetTable(searcher.reader(), searcher.schema))
