"""Citations of an article: BibTeX, RIS and CSL-JSON (all three import into Zotero), and a
ready-to-paste reference with the permalink and the date it was accessed.

Each names the permalink, not the source's URL, as the address: the permalink is what this
archive promises to keep; the source URL is kept as a note."""

import json
import re
from dataclasses import dataclass
from datetime import date

from app.models import Article
from app.web.formatting import display_date

BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_^~])")
VERBATIM = {"url"}  # biblatex reads URLs verbatim: escaping would change them
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


@dataclass(frozen=True)
class CitedArticle:
    """What every format needs, with the permalink made absolute."""

    key: str
    title: str
    publisher: str
    url: str
    source_url: str | None
    published: date | None
    precision: str
    lang: str
    accessed: date

    @classmethod
    def of(cls, article: Article, permalink_url: str, accessed: date) -> "CitedArticle":
        publisher = article.source.name if article.source else "Unknown publisher"
        return cls(f"archive-{article.permalink}", article.title, publisher, permalink_url,
                   article.source_url, article.published, article.date_precision, article.lang,
                   accessed)

    def date_parts(self) -> list[int]:
        if self.published is None or self.precision == "unknown":
            return []
        parts = [self.published.year, self.published.month, self.published.day]
        return parts[:{"year": 1, "month": 2}.get(self.precision, 3)]


def _bibtex_value(text: str) -> str:
    escaped = BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES.get(m[1], "\\" + m[1]), text)
    return "{" + escaped + "}"


def bibtex(c: CitedArticle) -> str:
    """A biblatex `@online` entry (UTF-8; Thai titles need a Thai-capable font to print)."""
    fields = [("title", c.title), ("organization", c.publisher), ("url", c.url),
              ("urldate", c.accessed.isoformat()),
              ("langid", "thai" if c.lang == "th" else "english")]
    parts = c.date_parts()
    if parts:
        fields.insert(2, ("date", "-".join(f"{p:02d}" for p in parts)))
    if c.source_url:
        fields.append(("note", f"Originally published at {c.source_url}"))
    body = ",\n".join(f"  {name} = " + ("{" + value + "}" if name in VERBATIM else _bibtex_value(value))
                      for name, value in fields)
    return f"@online{{{c.key},\n{body}\n}}\n"


def ris(c: CitedArticle) -> str:
    """RIS, type ELEC (web page); lines end with CRLF as the format asks."""
    lines = [("TY", "ELEC"), ("ID", c.key), ("TI", c.title), ("PB", c.publisher), ("UR", c.url),
             ("Y2", c.accessed.strftime("%Y/%m/%d")), ("LA", c.lang)]
    parts = c.date_parts()
    if parts:
        lines.insert(4, ("DA", "/".join(f"{p:02d}" for p in parts) + ("/" if len(parts) < 3 else "")))
        lines.insert(4, ("PY", str(parts[0])))
    if c.source_url:
        lines.append(("N1", f"Originally published at {c.source_url}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def csl_json(c: CitedArticle) -> str:
    """CSL-JSON: a list with one item of type `article-newspaper`."""
    item = {"id": c.key, "type": "article-newspaper", "title": c.title,
            "publisher": c.publisher, "container-title": c.publisher, "URL": c.url,
            "accessed": {"date-parts": [[c.accessed.year, c.accessed.month, c.accessed.day]]},
            "language": c.lang}
    parts = c.date_parts()
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if c.source_url:
        item["note"] = f"Originally published at {c.source_url}"
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def reference_text(c: CitedArticle, locale: str = "en") -> str:
    """A plain reference: publisher, date, title, permalink and the date it was accessed."""
    when = display_date(c.published, c.precision, locale) if c.date_parts() else None
    accessed = display_date(c.accessed, "day", locale)
    if locale == "th":
        return f"{c.publisher}. ({when or 'ม.ป.ป.'}). {c.title}. สืบค้นเมื่อ {accessed} จาก {c.url}"
    return f"{c.publisher} ({when or 'n.d.'}). {c.title}. {c.url} (accessed {accessed})."
