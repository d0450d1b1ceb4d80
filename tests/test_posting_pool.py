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
