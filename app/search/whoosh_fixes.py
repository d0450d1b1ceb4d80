"""Fixes to Whoosh 2.7, applied when the search package is imported.

`W3PerDocReader._cached_reader` caches the length column of a field that has one, but not the
absence of one: for a field without lengths (the spelling field) every call checked the file
system again, once per posting written while merging a segment.

`W3PerDocReader.doc_field_length` decoded a document's length from its column byte on every
call, and writing a segment asks once per posting (400,000 times for 1,500 articles): the
lengths of a field are decoded once per reader (a segment's files never change) and looked up.

`W3FieldWriter.add_postings` (writing a segment's postings) makes its per-posting calls inline,
and takes the postings of a pool held in memory a term at a time.

`PostingPool` (what a writer collects its postings in) is GroupedPostingPool: the same postings
in the same order, sorted per term instead of all at once.
"""

from operator import lt

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
    if type(items) is GroupedItems:
        return _add_grouped_postings(self, schema, lengths, items)
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


def _add_grouped_postings(self, schema, lengths, items):
    """_add_postings for the postings of a pool that stayed in memory, held by term: the same
    calls to start and finish fields and terms, and each term's document numbers, weights and
    values appended to its blocks a block's worth at a time. Most postings belong to terms with
    many, and the per-posting loop (order checks, term changes, appends) was a tenth of a
    writer process's commit."""
    lastfn = field_lengths = None
    for fieldname, btext, postings in items.terms():
        docnums, weights, values = _columns(postings)
        if not all(map(lt, docnums, docnums[1:])):  # not one per document, in order
            postings.sort()
            docnums, weights, values = _columns(postings)
        if docnums[0] == -1:  # Whoosh's mark for a spelling word, not a posting
            postings = [p for p in postings if p[2] != -1]
            if not postings:
                continue
            docnums, weights, values = _columns(postings)
        if fieldname != lastfn:
            if lastfn is not None:
                self.finish_field()
            self.start_field(fieldname, schema[fieldname])
            lastfn = fieldname
            field_lengths = _field_lengths(lengths, fieldname)
        if field_lengths is not None and docnums[-1] > lengths._doccount:
            raise IndexError(f"Asked for docnum {docnums[-1]!r} of {lengths._doccount}")
        self.start_term(btext)
        _add_term_postings(self._postwriter, docnums, weights, values, field_lengths)
        self.finish_term()
    if lastfn is not None:
        self.finish_field()


def _columns(postings: list[tuple]) -> tuple[tuple, tuple, tuple]:
    """A term's document numbers, weights and values."""
    _fieldnames, _texts, docnums, weights, values = zip(*postings, strict=True)
    return docnums, weights, values


def _add_term_postings(postwriter, docnums, weights, values, field_lengths):
    """W3PostingsWriter.add_posting for each posting of a term just started, a block at a time:
    the same blocks, statistics (highest weight, shortest and longest non-zero length) and
    values (the empty ones left out). Each slice fills a new block, as the term's first one is
    (Whoosh writes a full block when the next posting comes)."""
    done, count = 0, len(docnums)
    while done < count:
        if done:
            postwriter._write_block()
        end = min(count, done + postwriter._blocklimit)
        postwriter._ids.extend(docnums[done:end])
        block_weights = weights[done:end]
        postwriter._weights.extend(block_weights)
        postwriter._maxweight = max(postwriter._maxweight, *block_weights)
        postwriter._values.extend(filter(None, values[done:end]))
        if field_lengths is not None:
            found = [n for n in map(field_lengths.__getitem__, docnums[done:end]) if n]
            if found:
                postwriter._minlength, postwriter._maxlength = min(found), max(found)
        done = end


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

    def _take(self) -> "GroupedItems":
        """The postings held in memory, which the pool then no longer holds."""
        terms_of, self._terms = self._terms, {}
        return GroupedItems(terms_of)

    def save(self):
        if self._terms:
            path, f = self._new_run()
            self._write_run(f, iter(self._take()))
            self._add_run(path)
        self.currentsize = 0

    def items(self, maxfiles=128):
        if not self.runs:
            return self._take()
        return super().items(maxfiles)


class GroupedItems:
    """A pool's postings by field and term. Iterated, they are the posting tuples in Whoosh's
    order (sorted); _add_postings reads them a term at a time instead (`terms`)."""

    def __init__(self, terms_of: dict[str, dict[bytes, list]]):
        self._terms_of = terms_of

    def terms(self):
        """(fieldname, term, postings) in Whoosh's order, each term's postings as they came."""
        for fieldname in sorted(self._terms_of):
            terms = self._terms_of[fieldname]
            for text in sorted(terms):
                yield fieldname, text, terms[text]

    def __iter__(self):
        for _fieldname, _text, postings in self.terms():
            if len(postings) > 1:
                postings.sort()
            yield from postings


whoosh_writing.PostingPool = GroupedPostingPool  # what SegmentWriter makes its pool of
