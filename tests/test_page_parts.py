"""The pieces a search page is assembled from: its links and the names its facets show."""

from urllib.parse import parse_qsl, urlencode

import pytest
from jinja2 import Environment
from starlette.requests import Request

from app.web.search_pages import LINK_DEFAULTS, link_maker
from app.web.template_filters import FILTERS


def request_for(query: str, prefix: str = "") -> Request:
    request = Request({"type": "http", "method": "GET", "path": "/search", "root_path": "",
                       "query_string": query.encode(), "headers": [], "server": ("t", 80)})
    if prefix:
        request.state.lang_prefix = prefix
    return request


def reference_link(query: str, **changes) -> str:
    """What a link is: the current parameters less paging and the changed ones, then the
    changes that are not defaults, encoded by `urlencode`."""
    items = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if k not in changes and k != "page"]
    items += [(k, str(v)) for k, v in changes.items()
              if v is not None and LINK_DEFAULTS.get(k) != v]
    return "/search" + (f"?{urlencode(items)}" if items else "")


QUERIES = ["", "q=ไซเบอร์+สิงคโปร์&scope=all", "q=a%26b%3D&country=KH&page=3",
           "q=%22phrase+here%22+-word&sort=date&expand=off&lang=th&year=2024&page=2",
           "q=&country=kh&country=cn"]
CHANGES = [{}, {"sort": "date"}, {"sort": "relevance"}, {"page": 4}, {"page": 1},
           {"country": None}, {"country": "US", "year": 2023}, {"q": "ฮุน มาแนต & co"},
           {"expand": "off"}, {"expand": "on"}, {"person": "hun-manet"}]


@pytest.mark.parametrize("query", QUERIES)
def test_links_match_urlencode(query):
    link = link_maker(request_for(query))
    for changes in CHANGES:
        assert link(**changes) == reference_link(query, **changes), changes


def test_links_keep_the_language_prefix():
    assert link_maker(request_for("q=x&page=2", "/th"))(sort="date") == "/th/search?q=x&sort=date"


def render(source: str, **context) -> str:
    env = Environment(autoescape=True)
    env.filters.update(FILTERS)
    return env.from_string(source).render(**context)


class Named:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def test_facet_labels_name_countries_people_languages_and_thai_years():
    kh = Named(code="KH", name_en="Cambodia", name_th="กัมพูชา")
    hun = Named(slug="hun-manet", name_en="Hun Manet", name_th=None)
    context = {"countries": {"KH": kh}, "people": {"hun-manet": hun}}
    source = ("{{ 'KH'|facet_label('countries') }}|{{ 'XX'|facet_label('countries') }}|"
              "{{ 'hun-manet'|facet_label('people') }}|{{ 'nobody'|facet_label('people') }}|"
              "{{ 2024|facet_label('year') }}|{{ '<b>'|facet_label('source') }}")
    assert render(source, lang="en", **context) == "Cambodia|XX|Hun Manet|nobody|2024|&lt;b&gt;"
    # Thai: Thai names where there are, the English one where not, Buddhist-era years
    assert render(source, lang="th", **context) == "กัมพูชา|XX|Hun Manet|nobody|2567|&lt;b&gt;"


def test_facet_choices_link_each_value_and_mark_the_current_filter():
    from app.search.searcher import Filters
    from app.web.search_pages import facet_choices

    class Results:
        filters = Filters(country="kh", year=2024)
        facets = {"countries": [("KH", 5), ("CN", 2)], "year": [(2024, 5), (2023, 1)],
                  "lang": [("th", 6)]}

    link = link_maker(request_for("q=scam&country=kh&year=2024&page=2"))
    choices = facet_choices(Results(), link)
    assert [(c.value, c.count, c.selected) for c in choices["countries"]] == [
        ("KH", 5, True), ("CN", 2, False)]
    # the current filter links to the search without it; another value replaces it
    assert choices["countries"][0].href == "/search?q=scam&year=2024"
    assert choices["countries"][1].href == "/search?q=scam&year=2024&country=CN"
    assert [c.selected for c in choices["year"]] == [True, False]
    assert choices["lang"][0].href == "/search?q=scam&country=kh&year=2024&lang=th"
