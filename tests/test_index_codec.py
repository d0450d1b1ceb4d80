"""The index build writes its posting blocks at a faster zlib level, in every writer process,
and what it writes reads back the same."""

from whoosh.filedb.filestore import FileStorage

from app.search import indexer
from app.search.schema import build_schema


def _index(folder):
    folder.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(folder)).create_index(build_schema("nlpo3"))


def test_one_process_and_every_writer_process_use_the_level(tmp_path):
    single = indexer._writer(_index(tmp_path / "one"), 1)
    assert single.codec._compression == indexer.POSTINGS_ZLIB_LEVEL
    single.cancel()
    parallel = indexer._writer(_index(tmp_path / "two"), 2)
    assert parallel.codec._compression == indexer.POSTINGS_ZLIB_LEVEL
    assert parallel.subargs["codec"]._compression == indexer.POSTINGS_ZLIB_LEVEL
    parallel.cancel()


def test_blocks_written_at_the_level_read_back(tmp_path):
    index = _index(tmp_path)
    writer = indexer._writer(index, 1)
    body = "ความร่วมมือด้านไซเบอร์ cyber security cooperation " * 200
    for n in range(300):  # enough documents for postings in blocks, not inlined
        writer.add_document(permalink=f"a{n}", title=f"บทความ {n}", body=body, lang="th")
    writer.commit()
    with index.searcher() as searcher:
        matcher = searcher.postings("body", "cooper")
        assert len(list(matcher.all_ids())) == 300
        matcher = searcher.postings("body", "cooper")  # the block header Whoosh reads back
        assert matcher._compression == indexer.POSTINGS_ZLIB_LEVEL
