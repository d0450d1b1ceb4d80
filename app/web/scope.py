"""The scope of a listing: relevant articles only, or all ingested news."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Which articles a page lists: those judged relevant (the default) or all ingested news.

    Carried in the query string (`?scope=all`) so that every view is a plain, citable link."""

    all_news: bool = False
    counts: dict[str, int] | None = None  # {"relevant": n, "all": m} where cheap to count
    unit: str = "ingested article"  # what the counts count
    relevant_url: str = ""
    all_url: str = ""
    prefix: str = ""  # the interface language's path prefix, kept by links

    def link(self, path: str) -> str:
        """A link to another listing that stays in this scope and language."""
        return self.prefix + (f"{path}?scope=all" if self.all_news else path)
