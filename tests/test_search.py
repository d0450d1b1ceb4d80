"""Search on the real index built from the seeds."""

import math

import pytest

from app.search.indexer import current_index, open_index, rebuild
from app.search.searcher import MAX_QUERY_CHARS, clean_query, search
from tests.conftest import build_archive


def found(archive, permalinks, query, **kw):
    """Seeds with every word of the query (partial matches ranked among them are left out)."""
    inverse = {v: k for k, v in permalinks.items()}
    page = search(archive, query, page_size=50, **kw)
    complete = {inverse[h.permalink] for h in page.hits if not h.missing}
    assert len(complete) == page.complete
    return complete


def test_thai_word_inside_unspaced_sentences(archive, permalinks):
    assert {"001", "003", "004"} <= found(archive, permalinks, "ไซเบอร์")


def test_country_and_english_words(archive, permalinks):
    assert found(archive, permalinks, "สิงคโปร์") == {"001"}
    assert "000" in found(archive, permalinks, "cybersecurity")
    assert "000" in found(archive, permalinks, "CyberSecurity")


def test_query_goes_through_the_same_normalization(archive, permalinks):
    # zero-width space and a decomposed SARA AM in the query still match
    assert found(archive, permalinks, "สิง\u200bคโปร์") == {"001"}
    assert clean_query("ทํางาน") == "ทำงาน"


def test_phrase_and_exclusion(archive, permalinks):
    assert "001" in found(archive, permalinks, '"ความมั่นคงปลอดภัยไซเบอร์"')
    assert "001" not in found(archive, permalinks, "ไซเบอร์ -สิงคโปร์")


def test_filters(archive, permalinks):
    assert found(archive, permalinks, "ไซเบอร์", country="SG") == {"001"}
    assert found(archive, permalinks, "cybersecurity", lang="en") == {"000"}


def test_snippets_are_highlighted_on_word_boundaries(archive):
    page = search(archive, "ไซเบอร์", bodies=lambda links: _bodies(archive, links))
    assert page.hits and all("<mark" in h.snippet_html for h in page.hits)
    from app.search.analysis import word_boundaries

    for hit in page.hits:
        body = _bodies(archive, [hit.permalink])[hit.permalink]
        for piece in hit.snippet_html.replace("<mark class=\"match term0\">", "").replace("</mark>", "").split(" … "):
            start = body.find(piece.strip()[:30])
            assert start >= 0
            assert start in word_boundaries(body[max(0, start - 40):start + 40]) or start - max(0, start - 40) in word_boundaries(body[max(0, start - 40):start + 40])


def test_long_titles_are_highlighted_whole(archive, permalinks):
    [hit] = [h for h in search(archive, "ไซเบอร์").hits if h.permalink == permalinks["002"]]
    plain = hit.title_html.replace('<mark class="match term0">', "").replace("</mark>", "")
    assert plain == hit.title and "<mark" in hit.title_html


def _bodies(archive, links):
    from app.db import make_engine, make_sessionmaker
    from app.queries import bodies_by_permalink

    engine = make_engine(archive)
    with make_sessionmaker(engine)() as session:
        result = bodies_by_permalink(session, permalinks=links)
    engine.dispose()
    return result


@pytest.mark.parametrize("query", ['"unclosed', "AND OR NOT", "(((", "title:", "*", "ไซเบอร์ AND", "<script>alert(1)</script>", "x" * 5000])
def test_malformed_queries_never_fail(archive, query):
    page = search(archive, query)
    assert page.total >= 0
    assert len(page.query) <= MAX_QUERY_CHARS


def test_rebuild_swaps_atomically_and_keeps_one_previous_generation(archive, sessions):
    before = current_index(archive).path
    with sessions() as session:
        rebuild(archive, session)
        rebuild(archive, session)
    after = current_index(archive).path
    assert after != before and after.exists()
    generations = sorted(p.name for p in archive.index_path.glob("gen-*"))
    assert len(generations) <= 2 and after.name in generations
    assert search(archive, "สิงคโปร์").total == 1


def test_thai_analyzer_pickles_for_worker_processes():
    """Whoosh's multiprocess writer sends the schema, analyzer included, to its workers."""
    import pickle

    from app.search.analysis import thai_analyzer

    analyzer = thai_analyzer("nlpo3")
    copy = pickle.loads(pickle.dumps(analyzer))
    text = "ไทย-สิงคโปร์ร่วมมือปราบอาชญากรรมไซเบอร์ ๒๕๖๓ Cyber Week"

    def tokens(a):
        return [(t.text, t.pos, t.startchar, t.endchar) for t in a(text, positions=True, chars=True)]

    assert copy == analyzer and tokens(copy) == tokens(analyzer)


def test_parallel_rebuild_finds_what_the_single_process_one_finds(archive, sessions, tmp_path, monkeypatch):
    from whoosh.fields import BOOLEAN

    from app.search import indexer
    from tests.conftest import settings_for

    monkeypatch.setattr(indexer, "PARALLEL_BATCH", 2)  # 5 seeds -> 3 job files, both workers busy
    parallel = settings_for(archive.data_dir, index_dir=tmp_path / "index",
                            database_url=archive.database_url)
    with sessions() as session:
        info = indexer.rebuild(parallel, session, procs=2)
    index = indexer.open_index(info.path)
    assert index.doc_count() == info.meta["documents"] == 5
    assert len(index._segments()) >= 2  # multisegment: one per worker, not merged
    assert isinstance(index.schema["relevant"], BOOLEAN)
    for query in ("ไซเบอร์", "สิงคโปร์", "cybersecurity", '"ความมั่นคงปลอดภัยไซเบอร์"'):
        one = {h.permalink for h in search(archive, query, page_size=50).hits}
        two = {h.permalink for h in search(parallel, query, page_size=50).hits}
        assert one == two, query


def test_large_archives_choose_the_parallel_writer(archive, sessions, tmp_path, monkeypatch):
    from app.search import indexer
    from tests.conftest import settings_for

    monkeypatch.setattr(indexer, "PARALLEL_MIN_ARTICLES", 4)
    monkeypatch.setattr(indexer, "PARALLEL_BATCH", 2)
    settings = settings_for(archive.data_dir, index_dir=tmp_path / "index",
                            database_url=archive.database_url)
    with sessions() as session:
        info = indexer.rebuild(settings, session)
    assert len(indexer.open_index(info.path)._segments()) >= 2


# Across languages, variants, spelling, fallback, facets and sorting, on the five seeds:
# 000 English (US), 001 Thai (Singapore), 002 Thai (US, Prawit), 003 Thai (Myanmar),
# 004 Thai (Australia).


def test_english_query_finds_the_thai_article(archive, permalinks):
    assert found(archive, permalinks, "Singapore cybersecurity") == {"001"}
    page = search(archive, "Singapore cybersecurity")
    shown = {e.text: e.forms for e in page.expansions}
    assert "สิงคโปร์" in shown["Singapore"] and "ความมั่นคงปลอดภัยไซเบอร์" in shown["cybersecurity"]


def test_expansion_can_be_turned_off(archive, permalinks):
    assert found(archive, permalinks, "ประวิตร", expand=False) == {"002"}
    assert search(archive, "ประวิตร", expand=False).expansions == []


def test_thai_name_finds_the_english_article(archive, permalinks):
    hits = found(archive, permalinks, "ประวิตร")
    assert {"000", "002"} <= hits  # 000 is English and writes Prawit only in Latin script


def test_one_country_is_one_query(archive, permalinks):
    spellings = ["สหรัฐ", "สหรัฐฯ", "สหรัฐอเมริกา", "อเมริกา", "US", "U.S.", "USA"]
    results = {s: found(archive, permalinks, f"{s} ไซเบอร์") for s in spellings}
    assert len({frozenset(r) for r in results.values()}) == 1, results
    assert {"000", "002"} <= results["US"]


@pytest.mark.parametrize(("typed", "meant"), [("cyber securty", "cyber security"), ("ไซเบอ", "ไซเบอร์")])
def test_did_you_mean(archive, typed, meant):
    assert search(archive, typed, all_news=True, respell=False).suggestion == meant


@pytest.mark.parametrize("all_news", [False, True])
@pytest.mark.parametrize(("typed", "meant"), [("cyber securty", "cyber security"), ("ไซเบอ", "ไซเบอร์")])
def test_a_misspelled_query_is_answered_for_its_suggestion_and_says_so(archive, typed, meant, all_news):
    """Words no article has, with a common spelling one or two edits away: the results are
    the suggestion's (not the partial matches of the typed words' pieces: ไซเบอ is ไซ + เบอ),
    and say what was typed."""
    as_typed = search(archive, typed, all_news=all_news, respell=False)
    respelled = search(archive, typed, all_news=all_news)
    intended = search(archive, meant, all_news=all_news)
    assert as_typed.complete == 0 and as_typed.suggestion == meant
    assert respelled.respelled_from == typed and respelled.query == meant
    assert respelled.complete == intended.complete > 0
    assert [h.permalink for h in respelled.hits] == [h.permalink for h in intended.hits]
    assert intended.respelled_from is None


def test_a_word_of_all_news_is_no_misspelling_in_the_default_scope(tmp_path):
    """A word the default scope lacks but all news has (in RARE_WORD_ARTICLES articles or more:
    FBI, next to FDI) gets no "did you mean" there and is never replaced; the page says how
    many articles of all news have it."""
    from tests.test_scope import CYBER, thaigov

    files = [tmp_path / "cyber.txt"]
    files[0].write_text(CYBER, encoding="utf-8")
    for n, province in enumerate(("เชียงราย", "พะเยา", "น่าน", "แพร่")):
        files.append(tmp_path / f"flood-{n}.txt")
        files[-1].write_text(thaigov(
            f"นายกรัฐมนตรีติดตามสถานการณ์น้ำท่วมจังหวัด{province}", f"วันศุกร์ที่ {n + 10} สิงหาคม 2567",
            [f"วันนี้ นายกรัฐมนตรีลงพื้นที่จังหวัด{province} ติดตามการช่วยเหลือผู้ประสบภัยน้ำท่วม "
             f"และรับฟังรายงานจาก FEMA ครั้งที่ {n + 1}"], 91000 + n), encoding="utf-8")
    archive = build_archive(tmp_path / "data", files)
    assert search(archive, "FEMA").total == 0  # the flood reports are not relevant
    page = search(archive, "FEMA")
    assert page.suggestion is None and page.respelled_from is None
    assert page.in_all_news == search(archive, "FEMA", all_news=True).complete == 4
    assert search(archive, "FEMA", year=2020).in_all_news == 0  # the filters hold there too
    assert search(archive, "FEMX", all_news=True, respell=False).suggestion == "FEMA"



def test_no_suggestion_for_words_the_archive_has(archive):
    assert search(archive, "cybersecurity").suggestion is None


def test_all_words_first_then_any_word_with_a_notice(archive, permalinks):
    loose = search(archive, "ไซเบอร์ qqqzzzx")
    assert loose.any_word and loose.complete == 0
    assert loose.total == search(archive, "ไซเบอร์").total
    assert all(h.missing == ["qqqzzzx"] for h in loose.hits)
    assert search(archive, "qqqzzzx").total == 0 and not search(archive, "qqqzzzx").any_word


def test_fewer_than_a_page_of_complete_matches_are_ranked_among_partial_ones(archive, permalinks):
    page = search(archive, "ไซเบอร์ สิงคโปร์")
    assert page.complete == 1 and not page.any_word
    complete = [h for h in page.hits if not h.missing]
    partial = [h for h in page.hits if h.missing]
    assert [h.permalink for h in complete] == [permalinks["001"]]
    assert partial and all(h.missing == ["สิงคโปร์"] for h in partial)
    assert page.total == len(page.hits) == search(archive, "ไซเบอร์").total
    # one clause of two: a partial match keeps (its clause's share of the query's rarity) ** 3
    # of the score it would have alone; the rarer word it lacks weighs more
    alone = {h.permalink: h.score for h in search(archive, "ไซเบอร์", page_size=50).hits}
    articles = open_index(current_index(archive).path, relevant_only=True).doc_count()
    cyber, singapore = (math.log1p(articles / search(archive, word).total)
                        for word in ("ไซเบอร์", "สิงคโปร์"))
    assert singapore > cyber
    kept = (cyber / (cyber + singapore)) ** 3
    assert kept < 1 / 8
    assert all(h.score == pytest.approx(alone[h.permalink] * kept) for h in partial)
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)


def test_a_single_thai_run_with_few_matches_is_ranked_among_articles_with_some_of_its_words(
        archive, permalinks):
    # Thai is written without spaces: one run of three words is one clause, and when fewer
    # than a page of articles have all three, articles with some of them follow
    words = {"ประชุม", "รัฐมนตรี", "กลาโหม"}
    page = search(archive, "ประชุมรัฐมนตรีกลาโหม", page_size=50)
    assert page.complete == 1 and not page.any_word and page.total > page.complete
    assert not page.hits[0].missing
    partial = page.hits[1:]
    assert partial and all(h.missing and set(h.missing) < words for h in partial)
    assert [h.score for h in page.hits] == sorted((h.score for h in page.hits), reverse=True)
    # sorted by date, the complete match still comes first
    assert not search(archive, "ประชุมรัฐมนตรีกลาโหม", sort="date").hits[0].missing


def test_sorted_by_date_complete_matches_still_come_first(archive):
    by_date = search(archive, "ไซเบอร์ สิงคโปร์", sort="date")
    assert not by_date.hits[0].missing
    assert all(h.missing for h in by_date.hits[1:])


def test_facets_count_the_matching_articles(archive, permalinks):
    page = search(archive, "ไซเบอร์", page_size=50)
    assert set(page.facets) == {"countries", "people", "year", "lang", "source"}
    assert sum(n for _v, n in page.facets["lang"]) == page.total
    countries = dict(page.facets["countries"])
    assert countries["US"] == len({h.permalink for h in page.hits if "US" in h.countries})
    assert ("prawit-wongsuwon", 2) in page.facets["people"]


@pytest.mark.parametrize("narrowing", [{"person": "prawit-wongsuwon"}, {"year": 2020}, {"lang": "en"}, {"country": "us"}])
def test_facet_filters_narrow_to_their_value(archive, narrowing):
    everything = search(archive, "ไซเบอร์", page_size=50)
    narrowed = search(archive, "ไซเบอร์", page_size=50, **narrowing)
    assert 0 < narrowed.total < everything.total
    [(name, value)] = narrowing.items()
    facet = {"person": "people", "country": "countries"}.get(name, name)
    value = value.upper() if name == "country" else value
    assert dict(narrowed.facets[facet]).get(value) == narrowed.total


def test_sort_by_date_newest_first(archive):
    page = search(archive, "ไซเบอร์", sort="date", page_size=50)
    dates = [h.published for h in page.hits if h.published]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)
    assert page.sort == "date"


def test_exclusion_removes_every_article_with_the_word(archive, permalinks):
    # 001 (Singapore) says ทวิภาคี and ไซเบอร์ many times: excluding either leaves nothing
    assert found(archive, permalinks, "Singapore") == {"001"}
    assert search(archive, "Singapore -ทวิภาคี").total == 0
    assert search(archive, "Singapore -ไซเบอร์").total == 0


def test_excluding_a_cyber_term_does_not_exclude_every_relevant_article(archive, permalinks):
    # the verdict stands for "scam" when asked for, never when excluded
    with_scam = found(archive, permalinks, "ไซเบอร์ scam")
    without = found(archive, permalinks, "ไซเบอร์ -scam")
    assert with_scam == found(archive, permalinks, "ไซเบอร์")  # every seed is relevant
    assert without and without < with_scam  # only the seeds that write a scam word go


def test_date_sort_puts_undated_articles_last(archive):
    page = search(archive, "ไซเบอร์", sort="date", page_size=50)
    dated = [h.published is not None for h in page.hits]
    assert dated == sorted(dated, reverse=True) and not all(dated)


def test_possessive_is_not_a_required_word(archive, permalinks):
    page = search(archive, "Myanmar's cyber")
    assert page.complete == 1 and page.hits[0].permalink == permalinks["003"]  # Myanmar


@pytest.mark.parametrize(("typed", "meant"), [
    ("-securty securty", "-securty security"),
    ('"securty" securty', '"securty" security'),
    ("CYBER SECURTY", "CYBER SECURITY"),
])
def test_suggestion_corrects_the_plain_word_in_place(archive, typed, meant):
    assert search(archive, typed, all_news=True, respell=False).suggestion == meant


def test_the_count_does_not_depend_on_the_page_size(archive):
    totals = {search(archive, "ประวิตร cybersecurity", page_size=n).total for n in (1, 2, 10)}
    assert len(totals) == 1


def test_all_news_ranks_the_archive_subject_first_and_keeps_other_news(tmp_path, monkeypatch):
    """A short tourism release saying Colorado twice comes after the long cyber-cooperation
    report that says it once (seed 000), and is still found."""
    from app.search import searcher
    from tests.conftest import SEEDS, build_archive
    from tests.synthetic import write_release

    folder = tmp_path / "other"
    write_release(folder / "tourism.txt", 770001, "Tourists from the American West visit Thailand",
                  ["Visitors from Colorado came to Thailand in record numbers this year.",
                   "A new route links Colorado with Bangkok for families on holiday."])
    settings = build_archive(tmp_path / "archive", [SEEDS, folder])

    def ranked():
        page = search(settings, "Colorado", all_news=True, page_size=50)
        return [(h.relevant, h.title) for h in page.hits]

    monkeypatch.setattr(searcher, "RELEVANT_WEIGHT", 1.0)
    unweighted = ranked()
    assert unweighted[0] == (False, "Tourists from the American West visit Thailand")
    monkeypatch.undo()
    weighted = ranked()
    assert weighted[0][0] is True and set(weighted) == set(unweighted) and len(weighted) == 2


def test_ties_are_listed_in_permalink_order_whatever_the_index_order(tmp_path):
    """Two releases that score alike and share a date, stored in either order: a rebuild with
    two writer processes numbers documents by timing, so index order is no tie-break to show."""
    from tests.conftest import build_archive
    from tests.synthetic import write_release

    files = [
        write_release(tmp_path / "files" / "a.txt", 901, "Notes on item one",
                      ["Cambodia cooperation talks. Alpha bravo charlie delta echo."]),
        write_release(tmp_path / "files" / "b.txt", 902, "Notes on item two",
                      ["Cambodia cooperation talks. Foxtrot golf hotel kilo lima."]),
    ]
    orders = []
    for name, paths in (("forward", files), ("backward", files[::-1])):
        archive = build_archive(tmp_path / name, paths)
        for sort in ("relevance", "date"):
            hits = search(archive, "Cambodia cooperation", all_news=True, sort=sort).hits
            assert len(hits) == 2
            if sort == "relevance":
                assert hits[0].score == hits[1].score  # a tie, or the test shows nothing
            orders.append([h.permalink for h in hits])
    assert all(order == sorted(order) for order in orders)
    assert orders[0] == orders[2] and orders[1] == orders[3]


def test_a_query_of_only_excluded_words_says_so(archive, fresh):
    """`-cyber` alone finds nothing: the page says a word to search for is needed, instead of
    a bare "0 results"."""
    page = search(archive, "-cyber")
    assert page.only_excluded and page.total == 0
    assert not search(archive, "ไซเบอร์ -cyber").only_excluded
    assert not search(archive, "cyber").only_excluded
    notice = "Every word of this query is excluded"
    assert notice in fresh.get("/en/search", params={"q": "-cyber -สิงคโปร์"}).text
    assert notice not in fresh.get("/en/search", params={"q": "ไซเบอร์ -cyber"}).text
    assert "ทุกคำ" in fresh.get("/th/search", params={"q": "-cyber"}).text


def test_the_search_page_says_a_misspelling_was_answered_for_its_suggestion(fresh):
    page = fresh.get("/en/search", params={"q": "cyber securty"}).text
    assert 'No article has <q lang="en">cyber securty</q>, so these are the results for' in page
    assert "spell=off" in page and "Did you mean" not in page
    typed = fresh.get("/en/search", params={"q": "cyber securty", "spell": "off"}).text
    assert "Did you mean" in typed and "No article has" not in typed
    thai = fresh.get("/th/search", params={"q": "ไซเบอ"}).text
    assert "จึงแสดงผลการค้นหาสำหรับ" in thai
