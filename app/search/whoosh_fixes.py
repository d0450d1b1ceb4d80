"""Fixes to Whoosh 2.7, applied when the search package is imported.

`W3PerDocReader._cached_reader` caches the length column of a field that has one, but not the
absence of one: for a field without lengths (the spelling field) every call checked the file
system again, once per posting written while merging a segment.

`W3PerDocReader.doc_field_length` decoded a document's length from its column byte on every
call, and writing a segment asks once per posting (400,000 times for 1,500 articles): the
lengths of a field are decoded once per reader (a segment's files never change) and looked up.

`W3FieldWriter.add_postings` (writing a segment's postings) makes its per-posting calls inline.

`PostingPool` (what a writer collects its postings in) is GroupedPostingPool: the same postings
in the same order, sorted per term instead of all at once.
"""

from whoosh import writing as whoosh_writing
from whoosh.codec import whoosh3
from whoosh.codec.base import OutOfOrderError

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
    lengths = _field_lengths(self, fieldname)
    if lengths is None:
        return default
    return lengths[docnum]


def _field_lengths(reader, fieldname):
    """The decoded length of `fieldname` in every document of a segment, None without lengths."""
    decoded = reader.__dict__.setdefault("_decoded_lengths", {})
    lengths = decoded.get(fieldname, _MISSING)
    if lengths is _MISSING:
        column = reader._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = decoded[fieldname] = None if column is None else [
            whoosh3.byte_to_length(b) if b else None for b in
            (column[d] for d in range(reader._doccount))]
    return lengths


def _add_postings(self, schema, lengths, items):
    """W3FieldWriter.add_postings: Whoosh's FieldWriter.add_postings with the per-posting calls
    inlined (the length look-up, W3FieldWriter.add and W3PostingsWriter.add_posting, less its
    type assertions): the same calls to start and finish fields and terms, the same blocks.
    Writing a segment's postings is a third of a writer process's commit, most of it these calls
    once per posting."""
    if type(lengths) is not whoosh3.W3PerDocReader:  # merging readers of several segments
        return FIELD_WRITER_ADD_POSTINGS(self, schema, lengths, items)
    lastfn = lasttext = None
    field_lengths = postwriter = None
    for fieldname, btext, docnum, weight, value in items:
        if lastfn is not None and fieldname < lastfn:
            raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
        if fieldname == lastfn and lasttext and btext < lasttext:
            raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
        if fieldname != lastfn:
            if lasttext is not None:
                self.finish_term()
            if lastfn is not None:
                self.finish_field()
            self.start_field(fieldname, schema[fieldname])
            lastfn, lasttext = fieldname, None
            field_lengths = _field_lengths(lengths, fieldname)
        if docnum == -1:  # Whoosh's mark for a spelling word, not a posting
            continue
        if btext != lasttext:
            if lasttext is not None:
                self.finish_term()
            self.start_term(btext)
            lasttext = btext
            postwriter = self._postwriter
        if field_lengths is None:
            length = 0
        elif docnum > lengths._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {lengths._doccount}")
        else:
            length = field_lengths[docnum]
        # W3PostingsWriter.add_posting
        if len(postwriter._ids) >= postwriter._blocklimit:
            postwriter._write_block()
        postwriter._ids.append(docnum)
        postwriter._weights.append(weight)
        if weight > postwriter._maxweight:
            postwriter._maxweight = weight
        if value:
            postwriter._values.append(value)
        if length:
            if postwriter._minlength is None or length < postwriter._minlength:
                postwriter._minlength = length
            if length > postwriter._maxlength:
                postwriter._maxlength = length
    if lasttext is not None:
        self.finish_term()
    if lastfn is not None:
        self.finish_field()


FIELD_WRITER_ADD_POSTINGS = whoosh3.W3FieldWriter.add_postings  # Whoosh's own

whoosh3.W3PerDocReader._cached_reader = _cached_reader
whoosh3.W3PerDocReader.doc_field_length = _doc_field_length
whoosh3.W3FieldWriter.add_postings = _add_postings


class GroupedPostingPool(whoosh_writing.PostingPool):
    """Whoosh's posting pool, with its postings kept per field and term as they arrive.

    Whoosh sorts all of a segment's postings as (field, term, document, weight, value) tuples
    before writing them: a whole-corpus writer process holds millions, and that sort was a third
    of its commit. Here only each field's distinct terms are sorted, and each term's postings
    (which arrive in document order: timsort checks that in one pass). The items come out in
    exactly the order of sorted(); runs spilled to disk past the memory limit are written in it
    and merged by Whoosh as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._terms: dict[str, dict[bytes, list]] = {}

    def add(self, item):
        # item = (fieldname, tbytes, docnum, weight, vbytes), checked as Whoosh does
        fieldname, text, _docnum, _weight, value = item
        assert isinstance(text, bytes), f"tbytes={text!r}"
        assert value is None or isinstance(value, bytes), f"vbytes={value!r}"
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = {}
            self.fieldnames.add(fieldname)
        postings = terms.get(text)
        if postings is None:
            terms[text] = [item]
        else:
            postings.append(item)
        # Whoosh's estimate of an item's size in memory
        self.currentsize += 149 + len(fieldname) + 2 * len(text) + len(value or b"")
        if self.currentsize > self.limit:
            self.save()

    def _sorted_items(self):
        terms_of, self._terms = self._terms, {}
        for fieldname in sorted(terms_of):
            terms = terms_of[fieldname]
            for text in sorted(terms):
                postings = terms[text]
                if len(postings) > 1:
                    postings.sort()
                yield from postings

    def save(self):
        if self._terms:
            path, f = self._new_run()
            self._write_run(f, self._sorted_items())
            self._add_run(path)
        self.currentsize = 0

    def items(self, maxfiles=128):
        if not self.runs:
            return self._sorted_items()
        return super().items(maxfiles)


whoosh_writing.PostingPool = GroupedPostingPool  # what SegmentWriter makes its pool of
