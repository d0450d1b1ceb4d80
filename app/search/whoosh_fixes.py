"""Fixes to Whoosh 2.7, applied when the search package is imported.

`W3PerDocReader._cached_reader` caches the length column of a field that has one, but not the
absence of one: for a field without lengths (the spelling field) every call checked the file
system again, once per posting written while merging a segment.

`W3PerDocReader.doc_field_length` decoded a document's length from its column byte on every
call, and writing a segment asks once per posting (400,000 times for 1,500 articles): the
lengths of a field are decoded once per reader (a segment's files never change) and looked up.
"""

from whoosh.codec import whoosh3

_MISSING = object()
WHOOSH_DOC_FIELD_LENGTH = whoosh3.W3PerDocReader.doc_field_length  # the original, for tests


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _doc_field_length(self, docnum, fieldname, default=0):
    """As Whoosh's own: IndexError past the end, `default` for a field without lengths, None
    for a zero length byte, else the length the byte stands for."""
    if docnum > self._doccount:
        raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
    decoded = self.__dict__.setdefault("_decoded_lengths", {})
    lengths = decoded.get(fieldname, _MISSING)
    if lengths is _MISSING:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = decoded[fieldname] = None if reader is None else [
            whoosh3.byte_to_length(b) if b else None for b in
            (reader[d] for d in range(self._doccount))]
    if lengths is None:
        return default
    return lengths[docnum]


whoosh3.W3PerDocReader._cached_reader = _cached_reader
whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
