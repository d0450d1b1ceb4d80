"""The interface's message catalog: extraction of every translatable message from the templates
and the web code, and the update of each language's .po file (`python -m app catalog`)."""

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

from app import PROJECT_ROOT
from app.web.i18n import DEFAULT_LANG, DOMAIN, LANGS, catalog_path

METHODS = [("templates/**.html", babel_extract), ("app/web/**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extract() -> Catalog:
    """Every message of the interface, with where it is used."""
    template = Catalog(project="cyber-archive", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PROJECT_ROOT), METHODS, OPTIONS, keywords={"_": None, "gettext": None,
                                                       "ngettext": (1, 2), "N_": None}
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update(lang: str) -> tuple[int, list[str]]:
    """Merges new messages into a language's catalog (obsolete ones are dropped); returns the
    number of messages and those still without a translation."""
    template = extract()
    path = catalog_path(lang)
    if path.exists():
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="cyber-archive", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, ignore_obsolete=True, omit_header=False)
    return len(template), untranslated(catalog)


def untranslated(catalog: Catalog) -> list[str]:
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    status = 0
    for lang in LANGS:
        if lang == DEFAULT_LANG:
            continue
        total, missing = update(lang)
        print(f"{lang}: {total} messages, {len(missing)} without a translation ({catalog_path(lang)})")
        for message in missing:
            print(f"  untranslated: {message!r}")
        status = status or bool(missing)
    return status
