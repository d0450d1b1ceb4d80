"""A fix to Whoosh 2.7, applied when the search package is imported.

`W3PerDocReader._cached_reader` caches the length column of a field that has one, but not the
absence of one: for a field without lengths (the spelling field) every call checked the file
system again, once per posting written while merging a segment.
"""

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


whoosh3.W3PerDocReader._cached_reader = _cached_reader
