"""Reference data: country names (CLDR via Babel, plus seeds/reference aliases) and known people."""

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel import Locale

from app import PROJECT_ROOT

REFERENCE_DIR = PROJECT_ROOT / "seeds" / "reference"
# CLDR territory codes that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


@dataclass(frozen=True)
class CountryName:
    code: str
    text: str
    lang: str  # th | en
    kind: str  # name | alias | agency


@dataclass(frozen=True)
class Office:
    role_en: str | None = None
    role_th: str | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class KnownPerson:
    slug: str
    name_th: str | None
    name_en: str | None
    country: str
    variants: tuple[str, ...] = ()
    offices: tuple[Office, ...] = field(default_factory=tuple)
    former_ids: tuple[str, ...] = ()  # ids this entry had before: their pages redirect here

    @property
    def all_names(self) -> list[str]:
        return [n for n in (self.name_th, self.name_en, *self.variants) if n]


def _split_cldr(name: str) -> list[str]:
    """`Myanmar (Burma)` -> [Myanmar, Burma]; `เมียนมา (พม่า)` -> [เมียนมา, พม่า]."""
    match = re.match(r"^(.*?)\s*\((.*)\)$", name)
    return [match[1], match[2]] if match else [name]


@lru_cache(maxsize=1)
def country_table() -> dict[str, tuple[str, str]]:
    """ISO code -> (English name, Thai name), from CLDR."""
    en, th = Locale("en").territories, Locale("th").territories
    return {
        code: (en[code], th.get(code, en[code]))
        for code in en
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


@lru_cache(maxsize=1)
def _aliases() -> dict:
    with open(REFERENCE_DIR / "countries.toml", "rb") as fh:
        return tomllib.load(fh)


def ambiguous_names() -> set[str]:
    data = _aliases().get("ambiguous", {})
    return set(data.get("th", [])) | set(data.get("en", []))


@lru_cache(maxsize=1)
def country_names() -> tuple[CountryName, ...]:
    names: dict[tuple[str, str], CountryName] = {}
    for code, (en, th) in country_table().items():
        for text in _split_cldr(en):
            names[(text, "en")] = CountryName(code, text, "en", "name")
        for text in _split_cldr(th):
            names[(text, "th")] = CountryName(code, text, "th", "name")
    for code, entry in _aliases().items():
        if code == "ambiguous":
            continue
        for lang in ("th", "en"):
            for text in entry.get(lang, []):
                names[(text, lang)] = CountryName(code, text, lang, "alias")
        for text in entry.get("agencies", []):
            lang = "th" if re.search(r"[\u0e00-\u0e7f]", text) else "en"
            names[(text, lang)] = CountryName(code, text, lang, "agency")
    return tuple(names.values())


@lru_cache(maxsize=1)
def known_people() -> tuple[KnownPerson, ...]:
    return load_people(REFERENCE_DIR / "people.toml")


def load_people(path: Path) -> tuple[KnownPerson, ...]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    people = []
    for slug, entry in data.items():
        offices = tuple(
            Office(o.get("role_en"), o.get("role_th"), o.get("from"), o.get("to"))
            for o in entry.get("offices", [])
        )
        people.append(
            KnownPerson(
                slug=slug,
                name_th=entry.get("name_th"),
                name_en=entry.get("name_en"),
                country=entry["country"],
                variants=tuple(entry.get("variants", [])),
                offices=offices,
                former_ids=tuple(entry.get("former_ids", [])),
            )
        )
    return tuple(people)


def name_key(name: str) -> str:
    """Compare names across spellings: case, spaces, dots and hyphens do not count."""
    return re.sub(r"[\s.\-‐–'’]", "", name.casefold())


@lru_cache(maxsize=1)
def people_by_name() -> dict[str, KnownPerson]:
    return {name_key(n): p for p in known_people() for n in p.all_names}
