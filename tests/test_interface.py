"""The interface in Thai and English: prefixes, the remembered choice, dates, the catalog."""

import re
from urllib.parse import urljoin

from app.web.catalog import extract
from app.web.i18n import translations


def html_lang(html: str) -> str:
    return re.search(r"<html lang=\"(\w+)\"", html)[1]


def test_prefix_chooses_the_language_and_links_keep_it(fresh, permalinks):
    th = fresh.get(f"/th/articles/{permalinks['001']}")
    assert th.status_code == 200 and html_lang(th.text) == "th"
    assert th.headers["content-language"] == "th"
    assert ">ค้นหา<" in th.text  # the search button, from the catalog
    assert "30 กันยายน 2563" in th.text  # Buddhist era, Thai month
    assert 'href="/th/countries/sg"' in th.text and 'action="/th/search"' in th.text
    en = fresh.get(f"/en/articles/{permalinks['001']}")
    assert html_lang(en.text) == "en" and "30 September 2020" in en.text
    assert 'href="/en/countries/sg"' in en.text


def test_each_article_text_carries_its_own_lang(fresh, permalinks):
    html = fresh.get(f"/en/articles/{permalinks['001']}").text
    assert html_lang(html) == "en"
    assert '<h1 lang="th">' in html and '<div class="body" lang="th">' in html


def test_the_choice_is_remembered_for_bare_paths(fresh):
    assert html_lang(fresh.get("/").text) == "en"  # the default
    switch = fresh.get("/en/").text
    assert 'href="/th/"' in switch and 'href="/en/"' in switch  # the visible switch
    response = fresh.get("/th/countries")
    assert "lang=th" in response.headers["set-cookie"]
    bare = fresh.get("/countries")
    assert html_lang(bare.text) == "th"
    assert "Cookie" in bare.headers["vary"]
    fresh.get("/en/")
    assert html_lang(fresh.get("/countries").text) == "en"


def test_browser_language_is_used_when_nothing_is_remembered(fresh):
    html = fresh.get("/", headers={"accept-language": "th-TH,th;q=0.9,en;q=0.5"}).text
    assert html_lang(html) == "th"
    html = fresh.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"}).text
    assert html_lang(html) == "en"


def test_canonical_and_language_alternates(fresh, permalinks):
    html = fresh.get(f"/th/articles/{permalinks['003']}").text
    assert f'rel="canonical" href="http://testserver/th/articles/{permalinks["003"]}"' in html
    assert f'hreflang="en" href="http://testserver/en/articles/{permalinks["003"]}"' in html
    assert f'hreflang="x-default" href="http://testserver/articles/{permalinks["003"]}"' in html


def test_every_message_has_a_thai_translation():
    thai = translations("th")
    missing = [m.id for m in extract() if m.id and
               (thai.ugettext(m.id) == m.id if isinstance(m.id, str)
                else thai.ungettext(m.id[0], m.id[1], 2) == m.id[1])]
    assert not missing, f"untranslated (run `python -m app catalog`): {missing[:10]}"


def test_thai_placeholders_match_the_english():
    thai = translations("th")
    for message in extract():
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[1]
        target = (thai.ugettext(source) if isinstance(message.id, str)
                  else thai.ungettext(message.id[0], message.id[1], 2))
        assert set(re.findall(r"%\(\w+\)s", source)) == set(re.findall(r"%\(\w+\)s", target)), source


def test_thai_pages_link_only_to_thai_pages_that_exist(fresh):
    seen, queue = set(), ["/th/"]
    while queue:
        path = queue.pop()
        if path in seen or len(seen) > 120:
            continue
        seen.add(path)
        r = fresh.get(path)
        assert r.status_code == 200, f"{path} -> {r.status_code}"
        assert html_lang(r.text) == "th", path
        hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"#]*)"', r.text)]
        assert len([h for h in hrefs if h.startswith("/en/")]) == 1, path  # the switch only
        for href in hrefs:
            if href.startswith("/en/"):
                continue
            if href.startswith(("/static", "/articles/", "/search/export", "/sitemap", "/openapi")):
                continue
            if href.split("?")[0].endswith((".atom", ".json")):
                continue
            assert href.startswith("/th/"), f"{path} links to {href}"
            queue.append(urljoin(path, href))
    assert any("/th/people/" in p for p in seen) and any("/th/countries/" in p for p in seen)


def test_dates_are_written_as_babel_writes_them_with_the_buddhist_year_in_thai():
    from datetime import date

    from babel.dates import format_date

    from app.web.formatting import display_date

    for month in range(1, 13):
        day = date(2024, month, 17)
        assert display_date(day, "day", "en") == f"17 {format_date(day, 'MMMM', locale='en')} 2024"
        assert display_date(day, "day", "th") == f"17 {format_date(day, 'MMMM', locale='th')} 2567"
        assert display_date(day, "month", "th") == f"{format_date(day, 'MMMM', locale='th')} 2567"
    assert display_date(date(2024, 1, 17), "day", "th") == "17 มกราคม 2567"
    assert display_date(date(2024, 1, 17), "year", "en") == "2024"


def test_counts_are_written_the_locale_way(archive):
    """62667 reads 62,667 in the scope switch and in every counted message, in both languages."""
    from types import SimpleNamespace

    from app.web.main import create_app

    templates = create_app(archive).state.templates
    source = ('{% from "_macros.html" import scope_switch with context %}{{ scope_switch(scope) }}'
              '{{ ngettext("%(num)s result", "%(num)s results", 62667) }}')
    scope = SimpleNamespace(counts={"relevant": 1211, "all": 62667}, unit="matching article",
                            all_news=False, all_url="/search?scope=all", relevant_url="/search")
    for lang in ("en", "th"):
        request = SimpleNamespace(state=SimpleNamespace(lang=lang))
        html = templates.env.from_string(source).render(scope=scope, request=request)
        assert "1,211" in html and "(62,667)" in html and "62,667" in html.split("</nav>")[-1]
        assert "62667" not in html
