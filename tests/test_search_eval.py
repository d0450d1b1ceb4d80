"""Search quality on the dev queries (`dev-queries.json`), when the corpus is present.

The haystack is a SAMPLE of ../shared/corpus/thaigov-v2.tar.xz, so that CI stays fast: every
query target and dev-labels file, every article with a cyber word (so nearly all the relevant
articles a query competes with are there) and every 14th other member: about 8,200 articles,
streamed into a temporary tar (never unpacked into the repo) and built by the ingest pipeline
and the indexer like any archive. `bench/eval_search.py` gives the full-corpus figure.
Two checks share one build: the figures must not fall below SEARCH_FLOOR (what the search
reaches today, a regression guard), and they are checked against SEARCH_TARGETS (the targets the
search is meant to reach), which they do not reach yet: that check is a strict xfail, so it
shows in every run as expected-to-fail, and turns into a failure the day the targets are met
and the mark must go. The per-query table and the misses are printed (-s, or on failure).
"""

import shutil
import time

import pytest

from app.evaluation import (
    SEARCH_FLOOR,
    SEARCH_FLOOR_ALL_NEWS,
    SEARCH_TARGETS,
    evaluate_search,
    load_labels,
    load_queries,
    member_of,
    target_paths,
    write_sample,
)
from tests.conftest import SHARED, build_archive

CORPUS = SHARED / "corpus"
TARBALL = CORPUS / "thaigov-v2.tar.xz"
EVERY = 14  # 4,000 articles with a cyber word + 59,000 others / 14 ≈ 8,200 articles

needs_corpus = pytest.mark.skipif(
    not all(p.exists() for p in (TARBALL, CORPUS / "dev-queries.json", CORPUS / "dev-labels.json")),
    reason=f"corpus not found at {CORPUS}: the search evaluation needs thaigov-v2.tar.xz, "
    "dev-queries.json and dev-labels.json there",
)


def test_labelled_paths_match_tar_and_folder_origins_exactly():
    path = "thaigov-v2/2024/03/05/Government News\t_1_f0.txt"
    by_name = {path.rsplit("/", 1)[-1]: [path]}
    assert member_of(f"/a:b/thaigov-v2.tar.xz:{path}", by_name) == path
    assert member_of(f"/tmp/corpus/{path}", by_name) == path
    assert member_of(path, by_name) == path
    assert member_of(f"/tmp/other-{path}", by_name) is None  # not the same member name
    assert member_of(path.replace("\t", " "), by_name) is None  # a TAB is not a space


@pytest.fixture(scope="module")
def evaluation(tmp_path_factory):
    queries = load_queries(CORPUS)
    wanted = target_paths(queries) | {label["path"] for label in load_labels(CORPUS)}
    tmp = tmp_path_factory.mktemp("search-eval")
    t0 = time.perf_counter()
    sample = write_sample(TARBALL, tmp / "sample.tar", wanted, EVERY)
    assert sample.kept == wanted, f"not in the tarball: {sorted(wanted - sample.kept)}"
    t1 = time.perf_counter()
    settings = build_archive(tmp / "data", [tmp / "sample.tar"])
    (tmp / "sample.tar").unlink()
    t2 = time.perf_counter()
    result = evaluate_search(settings, queries)
    all_news = evaluate_search(settings, queries, all_news=True)
    timing = (f"haystack: {sample}; "
              f"sample {t1 - t0:.0f} s, ingest+index {t2 - t1:.0f} s, "
              f"queries {result.seconds:.1f} s, total {time.perf_counter() - t0:.0f} s")
    yield result, timing, all_news
    shutil.rmtree(tmp, ignore_errors=True)  # a few hundred MB that pytest would keep 3 runs


@needs_corpus
@pytest.mark.corpus
def test_search_quality_does_not_fall_below_the_floor(evaluation):
    result, timing, _all_news = evaluation
    print("\n" + timing + "\n" + result.report())
    figures = result.figures()
    below = [f"{k} {figures[k]:.3f} < {v}" for k, v in SEARCH_FLOOR.items() if figures[k] < v]
    assert not below, f"below SEARCH_FLOOR {SEARCH_FLOOR}: {'; '.join(below)}"


@needs_corpus
@pytest.mark.corpus
@pytest.mark.xfail(strict=True, reason="search is below the dev-query targets (recall@10 0.95, "
                   "MRR 0.80): broad queries rank other good articles above the labelled ones")
def test_search_meets_the_targets_on_the_dev_queries(evaluation):
    result, _timing, _all_news = evaluation
    below = result.below_targets()
    assert not below, f"below SEARCH_TARGETS {SEARCH_TARGETS}: {'; '.join(below)}"


@needs_corpus
@pytest.mark.corpus
def test_all_news_search_quality_does_not_fall_below_its_floor(evaluation):
    """The same queries over every ingested article: the labelled articles must still come
    near the top among thousands of ordinary releases."""
    _result, _timing, all_news = evaluation
    print("\nall news:\n" + all_news.report())
    figures = all_news.figures()
    below = [f"{k} {figures[k]:.3f} < {v}" for k, v in SEARCH_FLOOR_ALL_NEWS.items()
             if figures[k] < v]
    assert not below, f"below SEARCH_FLOOR_ALL_NEWS {SEARCH_FLOOR_ALL_NEWS}: {'; '.join(below)}"
