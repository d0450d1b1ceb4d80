"""The writer's posting pool (GroupedPostingPool) gives Whoosh's order: every posting tuple
sorted, whether it stays in memory or spills sorted runs to disk."""

import random

from whoosh.filedb.filestore import FileStorage, RamStorage

from app.search.whoosh_fixes import GroupedPostingPool


def postings(n=20_000, seed=3):
    rng = random.Random(seed)
    words = [f"w{i}".encode() for i in range(300)] + ["ไทย".encode(), b"", b"\x00\x01"]
    out = []
    for docnum in range(n // 10):
        for _ in range(10):
            field = rng.choice(["body", "title", "spell_body", "bod"])
            out.append((field, rng.choice(words), docnum, rng.choice([1.0, 2.0]),
                        rng.choice([b"", b"x", b"y"])))
    out.append(out[5])  # a posting given twice
    out.append(("body", b"w1", 3, 1.0, b"a"))  # out of document order, within a term
    return out


def test_items_come_out_as_sorted_in_memory():
    items = postings()
    pool = GroupedPostingPool(RamStorage(), None, limitmb=64)
    for item in items:
        pool.add(item)
    assert not pool.runs
    assert list(pool.items()) == sorted(items)
    assert pool.fieldnames == {"body", "title", "spell_body", "bod"}


def test_items_come_out_as_sorted_from_runs_on_disk(tmp_path):
    items = postings()
    pool = GroupedPostingPool(FileStorage(str(tmp_path)), None, limitmb=0.2)
    for item in items:
        pool.add(item)
    assert len(pool.runs) > 3
    assert list(pool.items()) == sorted(items)


def segment_files(path):
    """Every file of the one segment in `path`, by name (the random segment id left out)."""
    from whoosh.filedb.compound import CompoundStorage

    storage = FileStorage(str(path))
    (name,) = [n for n in storage.list() if n.endswith(".seg")]
    segment_id = name[:-4].rsplit("_", 1)[-1]
    files = CompoundStorage(storage.open_file(name), use_mmap=False)
    return {n.replace(segment_id, "ID"): files.open_file(n).read() for n in files.list()}


def write_segment(path, texts, extra):
    """A one-segment index of `texts` (title and body each) with `extra` postings added to its
    pool: what a writer gives to the field writer at commit."""
    from app.search.schema import build_schema

    path.mkdir()
    writer = FileStorage(str(path)).create_index(build_schema("nlpo3")).writer()
    for n, text in enumerate(texts):
        writer.add_document(permalink=f"p{n}", title=text[:60], body=text)
    for item in extra:
        writer.pool.add(item)
    writer.commit()
    return segment_files(path)


def test_postings_held_by_term_are_written_as_whoosh_writes_them(tmp_path, monkeypatch):
    """The field writer's path for a pool held in memory (a term's postings at a time) writes
    the same bytes as Whoosh's own add_postings: terms of one posting, of several blocks
    (above 128 postings), a posting given twice, out of document order, with an empty value,
    and Whoosh's spelling mark (document -1)."""
    from whoosh.codec import whoosh3

    from app.search import whoosh_fixes
    from tests.conftest import SEED_FILES

    texts = [p.read_text() for p in SEED_FILES] * 60  # common words: 300 postings, 3 blocks
    extra = [("body", "ฝฝฝ".encode(), 7, 2.0, b"a"), ("body", "ฝฝฝ".encode(), 3, 1.0, None),
             ("body", "ฝฝฝ".encode(), 7, 2.0, b"a"), ("body", b"zz", -1, 1.0, None),
             ("body", b"zz", 5, 1.0, b""), ("body", b"zzz", -1, 1.0, None),
             ("title", b"yy", 299, 3.0, b"b"), ("title", b"yy", 0, 1.0, b"c")]
    ours = write_segment(tmp_path / "ours", texts, extra)
    monkeypatch.setattr(whoosh3.W3FieldWriter, "add_postings", whoosh_fixes.FIELD_WRITER_ADD_POSTINGS)
    whooshs = write_segment(tmp_path / "whooshs", texts, extra)
    assert ours.keys() == whooshs.keys() and any(n.endswith(".pst") for n in ours)
    for name in ours:
        assert ours[name] == whooshs[name], name
