"""The JSON form of every page (`.json` or `Accept: application/json`), described in the
OpenAPI schema. Each model says what the HTML page shows, with URLs relative to the site."""

from datetime import date

from pydantic import BaseModel, Field


class CountryRef(BaseModel):
    code: str = Field(description="ISO 3166-1 alpha-2")
    name_en: str
    name_th: str
    url: str


class PersonRef(BaseModel):
    slug: str
    name_th: str | None
    name_en: str | None
    country: str | None = Field(description="ISO code of the country they serve")
    url: str


class ArticleRef(BaseModel):
    permalink: str
    url: str
    title: str
    lang: str
    published: date | None
    date_precision: str = Field(description="day, month, year or unknown")
    relevant: bool = Field(description="judged to be about bilateral cyber cooperation")
    partners: list[str]


class Evidence(BaseModel):
    kind: str
    label: str
    text: str | None = None
    detail: str | None = None


class MentionOut(BaseModel):
    person: PersonRef
    name_as_written: str
    role: str | None


class Citation(BaseModel):
    text: str = Field(description="a ready-to-paste citation with the permalink and access date")
    bibtex: str
    ris: str
    csl_json: str


class ArticlePage(BaseModel):
    article: ArticleRef
    body: str
    source: str | None
    source_url: str | None
    relevance_score: float
    evidence: list[Evidence]
    people: list[MentionOut]
    partners: list[CountryRef]
    other_language: list[ArticleRef] = Field(description="the same event reported in the other language")
    related: list[ArticleRef]
    also_published_as: list[str] = Field(description="permalinks of reposts, which redirect here")
    citation: Citation


class Scope(BaseModel):
    all_news: bool
    counts: dict[str, int] | None


class HomePage(BaseModel):
    scope: Scope
    latest: list[ArticleRef]
    partners: list[tuple[CountryRef, int]]


class CountriesPage(BaseModel):
    scope: Scope
    countries: list[tuple[CountryRef, int]]


class YearCount(BaseModel):
    year: int
    articles: int


class ListingPage(BaseModel):
    """Which page of a newest-first article list this is."""

    total: int
    page: int
    pages: int
    size: int


class CountryPage(BaseModel):
    scope: Scope
    country: CountryRef
    per_year: list[YearCount]
    undated: int
    thai_people: list[tuple[PersonRef, int]]
    partner_people: list[tuple[PersonRef, int]]
    articles: list[ArticleRef]
    listing: ListingPage
    feed: str


class ComparePage(BaseModel):
    scope: Scope
    countries: list[CountryPage]


class PeoplePage(BaseModel):
    scope: Scope
    people: list[tuple[PersonRef, int]]


class Office(BaseModel):
    role_en: str
    role_th: str
    start: date | None
    end: date | None


class PersonPage(BaseModel):
    scope: Scope
    person: PersonRef
    spellings: list[str]
    offices: list[Office]
    counterparts: list[tuple[PersonRef, int]]
    articles: list[ArticleRef]
    listing: ListingPage
    feed: str


class SearchHit(BaseModel):
    rank: int
    article: ArticleRef
    title_html: str
    snippet_html: str
    score: float
    missing: list[str]


class SearchResultsPage(BaseModel):
    scope: Scope
    query: str
    total: int
    page: int
    pages: int
    sort: str
    filters: dict[str, str | int]
    suggestion: str | None
    expansions: list[dict]
    hits: list[SearchHit]
    facets: dict[str, list[tuple[str | int, int]]]
    feed: str
    exports: dict[str, str]
    export_limit: int = Field(description="the most hits an export holds; past it, it is cut")


class WrongParameterOut(BaseModel):
    name: str
    value: str | None = Field(description="as sent (cut at 40 characters); null when missing")
    accepted: str = Field(description="what the parameter accepts")


class ErrorOut(BaseModel):
    """An error, when JSON was asked for (`.json` path or `Accept: application/json`)."""

    status: int
    detail: str
    parameters: list[WrongParameterOut] = Field(
        default_factory=list, description="a 400's wrong parameters (left out of other errors)")
