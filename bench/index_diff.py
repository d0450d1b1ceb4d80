"""Say whether two index generations hold the same thing, document numbers aside.

    .venv/bin/python bench/index_diff.py GEN_A GEN_B

For the all-news index and the `relevant` one: every field's terms with each posting (the
document's permalink, frequency, weight and the encoded positions and character offsets),
each document's stored fields and field lengths, and the spelling words. Document numbers
differ between builds (the writer processes take batches in any order), so postings are
compared by permalink. Exit 1 on the first field that differs.
"""

import hashlib
import sys
from pathlib import Path

from whoosh.filedb.filestore import FileStorage


def summary(path: Path) -> dict:
    """(field, term) -> digest of its postings, plus per-document stored fields and lengths."""
    ix = FileStorage(str(path), supports_mmap=False).open_index()
    out: dict = {}
    with ix.reader() as reader:
        permalinks = {d: reader.stored_fields(d)["permalink"] for d in reader.all_doc_ids()}
        scorable = [n for n, f in ix.schema.items() if f.scorable]
        for docnum, permalink in permalinks.items():
            out[("doc", permalink)] = (
                sorted(reader.stored_fields(docnum).items()),
                [reader.doc_field_length(docnum, n) for n in scorable])
        postings = 0
        for fieldname, term in reader.all_terms():
            if fieldname.startswith("spell_"):  # a word list: which document is not kept
                out[(fieldname, term)] = b""
                continue
            m = reader.postings(fieldname, term)
            items = []
            while m.is_active():
                items.append((permalinks[m.id()], m.weight(), m.value()))
                m.next()
            postings += len(items)
            out[(fieldname, term)] = hashlib.sha1(repr(sorted(items)).encode()).digest()
    out[("count", "postings")] = postings
    return out


def main() -> None:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    for sub in ("", "relevant"):
        sa, sb = summary(a / sub), summary(b / sub)
        name = sub or "all news"
        docs = sum(1 for k in sa if k[0] == "doc")
        terms = sum(1 for k in sa if k[0] not in ("doc", "count"))
        if sa != sb:
            only_a = [k for k in sa if k not in sb][:5]
            only_b = [k for k in sb if k not in sa][:5]
            differ = [k for k in sa if k in sb and sa[k] != sb[k]][:5]
            print(f"{name}: DIFFERENT; only in A {only_a}, only in B {only_b}, differing {differ}")
            sys.exit(1)
        print(f"{name}: identical: {docs} documents, {terms} terms, "
              f"{sa[('count', 'postings')]} postings")


if __name__ == "__main__":
    main()
