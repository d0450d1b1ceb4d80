"""Bad input never stops an ingest, and nothing is lost without a word.

Property tests (hypothesis) on the pure steps (decode, parse_article, the date parsers, analyze,
record_for), then the real `ingest()` into a real archive over folders that mix generated bad
files (tests/fuzz_inputs.py) with the seed articles. Every input must end up stored as an article,
stored as a duplicate, or skipped with its reason; a reason that is only the safety net's
("could not be processed/stored: SomeError") counts as a crash.

Deliberate outcomes, tested by name below:
- a malformed date (31 February, month 13, `date 2019-13`) is a warning; the article is stored
  undated, and a date header that names no real day is still taken off the text;
- an unknown country is no partner and changes nothing else;
- an empty title (the thaigov prefix with nothing after it, a header file, a first line of
  `*****`) is derived from the first line of the body with words (title_derived); a file that
  opens with its date line has that date and a derived title; a file with no letter or digit at
  all is skipped ("no words"), as is a file whose only line is a title ("title only");
- UTF-16 with a byte order mark is read; Latin-1 (cp874 that breaks Thai spelling or sits inside
  Latin words), UTF-8 with a part in another encoding, and UTF-32 are skipped with their reason;
- a tar archive that stops without its end marker is reported, after the members before the cut.

Hypothesis runs derandomized and without its example database: the same examples on every run,
none remembered from an earlier one. (Its pytest plugin still writes a cache of source constants
to ./.hypothesis, git-ignored; HYPOTHESIS_STORAGE_DIRECTORY moves it.) bench/fuzz_ingest.py runs
the same generators at a larger scale.
"""

import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from pythainlp.util.date import thai_full_months
from sqlalchemy import select

from app.db import make_engine, make_sessionmaker
from app.ingest.dates import DateError, parse_date_line, parse_header
from app.ingest.extract import NAME_MAX, ROLE_MAX
from app.ingest.normalize import EmptyArticle, parse_article
from app.ingest.pipeline import analyze, ingest, record_for
from app.ingest.readers import DecodeError, RawDocument, ReadProblem, decode, iter_documents
from app.migrate import upgrade
from app.models import Article, Duplicate
from app.search import indexer
from tests import fuzz_inputs as fz
from tests.conftest import SEED_FILES

try:  # PostgreSQL-aware when conftest offers it; a SQLite file in data_dir otherwise
    from tests.conftest import settings_for
except ImportError:  # pragma: no cover
    from app.config import Settings

    def settings_for(data_dir):
        return Settings(data_dir=data_dir)


FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much])
CAUGHT_CRASH = fz.CAUGHT_CRASH
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---------------------------------------------------------------- decode


@FUZZ
@given(st.one_of(st.binary(max_size=3000),
                 st.tuples(fz.article_texts, st.sampled_from(fz.ENCODINGS)).map(lambda t: fz.encode(*t))))
def test_decode_returns_clean_text_or_a_reason(data):
    try:
        text, encoding = decode(data)
    except DecodeError as exc:
        assert str(exc)
        return
    assert encoding in {"utf-8", "utf-8-sig", "utf-16", "cp874"}
    assert "\x00" not in text
    text.encode("utf-8")  # no lone surrogates: the database takes it


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=300))
def test_utf8_bom_and_utf16_round_trip(text):
    assume(text.strip())
    assert decode(text.encode("utf-8"))[0] == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
    assert decode(text.encode("utf-16")) == (text, "utf-16")  # with its byte order mark


CONSONANTS = st.sampled_from("กขคงจฉชซญณดตถทธนบปผพฟภมยรลวศษสหอฮ")
# Thai as it is spelled (a leading vowel before its consonant, marks on a letter): random runs of
# Thai characters are not Thai, and the cp874 check rightly refuses them.
THAI_SYLLABLES = st.tuples(
    st.sampled_from(["", "", "เ", "แ", "โ", "ใ", "ไ"]), CONSONANTS,
    st.sampled_from(["", "", "ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "็"]), st.sampled_from(["", "", "่", "้", "๊", "๋"]),
    st.sampled_from(["", "", "า", "ะ", "ำ"]), st.one_of(st.just(""), CONSONANTS, CONSONANTS.map(lambda c: c + "์")),
).map("".join)
THAI_WORDS = st.one_of(
    st.lists(THAI_SYLLABLES, min_size=1, max_size=5).map("".join),
    st.sampled_from(["ความมั่นคงปลอดภัยไซเบอร์", "ไทย-สิงคโปร์", "ๆ", "๒๕๖๓", "ฯ"]),
)
LATIN_WORDS = st.text(alphabet="ABCxyz0123,.-()", min_size=1, max_size=10)


@FUZZ
@given(st.lists(st.tuples(st.one_of(THAI_WORDS, THAI_WORDS, LATIN_WORDS), st.sampled_from(" \n")),
                min_size=1, max_size=40))
def test_cp874_thai_round_trips(words):
    text = "".join(word + space for word, space in words)
    data = text.encode("cp874")
    assume(any(b > 127 for b in data))
    # A few Thai letters can also be valid UTF-8 (`เกก` is E0 A1 A1, U+0861): UTF-8 is tried first.
    assume(_not_utf8(data))
    assert decode(data) == (text, "cp874")


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@pytest.mark.parametrize(("data", "reason"), [
    (b"Title\x00body", "binary file"),
    ("ไทย-สิงคโปร์ ความร่วมมือ\n".encode() + "ไซเบอร์ ไทย\n".encode("cp874"), "a part in another encoding"),
    ("ความร่วมมือด้านไซเบอร์".encode()[:-1], "or damaged"),  # cut inside a character
    ("Le ministre a signé un accord de coopération à Bangkok".encode("latin-1"), "Latin-1"),
    ("Der Minister für Sicherheit".encode("latin-1"), "not UTF-8 and not Thai cp874"),
    ("ไทย".encode("utf-32"), "binary file"),
])
def test_wrong_encodings_say_why(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_cp1252_english_reads_as_cp874():
    """cp1252 and cp874 share their punctuation (’ “ ” – …): English in either reads the same."""
    assert decode("The minister’s “deal” – done…".encode("cp1252"))[0] == "The minister’s “deal” – done…"


# ---------------------------------------------------------------- dates


@FUZZ
@given(st.one_of(fz.article_texts, st.text(max_size=60)))
@example("ſeptember 3, 2020")
@example("3 aprıl 2020")
def test_date_parsers_raise_only_date_errors(line):
    for parse in (parse_date_line, parse_header):
        try:
            result = parse(line)
        except DateError:
            continue
        parsed = result[0] if isinstance(result, tuple) else result
        if parsed is not None:
            assert parsed.precision in {"day", "month", "unknown"}
            assert (parsed.value is None) == (parsed.precision == "unknown")


@FUZZ
@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)))
def test_real_dates_are_read_back_exactly(day):
    assume(day != date(1970, 1, 1))  # thaigov's placeholder: means unknown
    thai = f"วันพุธที่ {day.day} {thai_full_months[day.month - 1]} {day.year + 543}"
    english = day.strftime("%B ") + f"{day.day}, {day.year}"
    assert parse_date_line(thai).value == day
    assert parse_date_line(english).value == day


@FUZZ
@given(st.integers(1, 12), st.integers(29, 39), st.integers(2000, 2030))
def test_impossible_days_are_errors_never_another_date(month, day, year):
    try:
        real = date(year, month, day)
    except ValueError:
        real = None
    line = f"{day} {thai_full_months[month - 1]} {year + 543}"
    if real is None and day <= 31:
        with pytest.raises(DateError):
            parse_date_line(line)
    elif real is not None:
        assert parse_date_line(line).value == real


# ---------------------------------------------------------------- parse_article, analyze


def _check_article(article):
    assert article.title and re.search(r"[^\W_]", article.title), article
    assert article.body
    assert article.lang in {"th", "en"}
    assert re.fullmatch(r"[0-9a-f]{12}", article.permalink)
    assert article.date.precision in {"day", "month", "unknown"}
    assert (article.date.value is None) == (article.date.precision == "unknown")
    assert all(isinstance(w, str) and w for w in article.warnings)
    assert article.source_url is None or len(article.source_url) <= 1000


@FUZZ
@given(fz.article_texts)
def test_parse_article_gives_an_article_or_says_it_is_empty(text):
    try:
        article = parse_article(text)
    except EmptyArticle as exc:
        assert str(exc)
        return
    _check_article(article)
    assert parse_article(text).permalink == article.permalink  # no hidden state


@FUZZ
@given(fz.article_texts)
@example("Title\nſeptember 3, 2020\nbody")  # raised KeyError: the article was lost
@example("Title\nbody\nที่มา : http://[x")  # raised ValueError in urlsplit
@example("นายสมชาย ใจดี รัฐมนตรี" + "ก" * 900 + " กล่าว\nMinister " + "Aa" * 200 + " Bb said")
def test_analyze_never_raises_anything_but_empty_article(text):
    try:
        extracted = analyze(text)
    except EmptyArticle:
        return
    _check_article(extracted.article)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in extracted.partners)
    for person in extracted.people:
        assert len(person.written) <= NAME_MAX and len(person.role or "") <= ROLE_MAX


@FUZZ
@given(st.one_of(fz.raw_bytes, st.tuples(fz.article_texts, st.sampled_from(fz.ENCODINGS)).map(
    lambda t: fz.encode(*t))))
def test_record_for_reports_deliberate_reasons_only(data):
    record = record_for(RawDocument("fuzz.txt", data))
    json.dumps(record, ensure_ascii=False)  # what `inspect` prints
    if "error" in record:
        assert record["error"] and not record["error"].startswith(CAUGHT_CRASH), record["error"]
    else:
        assert record["permalink"] and record["title"]


def test_a_very_long_line_is_analysed_in_seconds():
    """One 300 KB paragraph: the list-entry check scanned the whole paragraph once per cyber
    term, so a 1 MB line took six minutes in one worker."""
    unit = "ความร่วมมือด้านไซเบอร์ระหว่างไทยกับสิงคโปร์ 1. นายกรัฐมนตรี และ cybersecurity. "
    text = "หัวข้อ\n" + unit * (300_000 // len(unit))
    started = time.perf_counter()
    extracted = analyze(text)
    assert time.perf_counter() - started < 30
    assert extracted.article.body.startswith("ความร่วมมือ")


# ---------------------------------------------------------------- deliberate outcomes


def test_malformed_dates_are_stored_undated_with_a_warning():
    article = parse_article("หัวข้อข่าว\nวันพุธที่ 31 กุมภาพันธ์ 2563\nเนื้อหาข่าว")
    assert (article.date.precision, article.title) == ("unknown", "หัวข้อข่าว")
    assert article.warnings == ["date ignored: not a real date: 2020-02-31"]
    # A header naming no real day is still the header, not part of the title.
    header = parse_article("date 2019-13 นายพิเชฐ ดุรงคเวโรจน์ เปิดเผยว่า ไทยลงนามความร่วมมือ")
    assert header.date.precision == "unknown" and header.title_derived
    assert header.body.startswith("นายพิเชฐ") and "2019" not in header.title
    assert header.warnings == ["date ignored: not a real date: 2019-13-01"]
    # An English date that names no day stays in the text.
    english = parse_article("Title\nJune 31, 2020\nThe body.")
    assert english.date.precision == "unknown" and "June 31, 2020" in english.body


def test_an_unknown_country_is_no_partner_and_no_crash():
    extracted = analyze("ไทย-แอตแลนติส ลงนามความร่วมมือด้านความมั่นคงปลอดภัยไซเบอร์\n"
                        "รัฐมนตรีว่าการกระทรวงดิจิทัลฯ หารือทวิภาคีกับรัฐมนตรีแห่งสาธารณรัฐแอตแลนติส "
                        "ด้านความมั่นคงปลอดภัยไซเบอร์ and the Republic of Zubrowka")
    assert extracted.partners == []
    assert not extracted.verdict.relevant
    assert extracted.article.title.startswith("ไทย-แอตแลนติส")


def test_empty_titles_are_derived_from_the_body():
    thaigov = parse_article("รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-\n\nวันพุธที่ 30 กันยายน 2563\n"
                            "นายกรัฐมนตรีหารือกับสิงคโปร์\nรายละเอียดของการหารือ")
    assert (thaigov.title, thaigov.title_derived) == ("นายกรัฐมนตรีหารือกับสิงคโปร์", True)
    assert thaigov.date.value == date(2020, 9, 30)
    stars = parse_article("*****\nThe minister met. Then left.\n")
    assert (stars.title, stars.title_derived) == ("The minister met", True)
    assert parse_article("date 2020-01 . Then the rest.").title == ". Then the rest."  # was ""
    dated_first = parse_article("วันพุธที่ 30 กันยายน 2563\nเนื้อหาข่าวการประชุม\n")
    assert (dated_first.title, dated_first.date.value) == ("เนื้อหาข่าวการประชุม", date(2020, 9, 30))
    with pytest.raises(EmptyArticle, match="no words"):
        parse_article("date 2019-01 ..\n--\n")
    with pytest.raises(EmptyArticle, match="title only"):
        parse_article("A headline with no text under it\n*****\n")


def test_a_malformed_source_url_is_a_warning_and_stays_in_the_body():
    article = parse_article("Title\nThe body.\nSource: http://[broken\n")
    assert article.source_url is None
    assert article.warnings == ["source URL ignored: Invalid IPv6 URL"]
    assert article.body.endswith("Source: http://[broken")


# ---------------------------------------------------------------- readers


@FUZZ
@given(st.sampled_from(fz.TAR_NAMES), fz.members, fz.damages)
def test_a_tar_is_read_whole_or_reported_broken(suffix, members, damage):
    """A tar cut between two members used to end quietly: the later members were lost."""
    folder = Path(tempfile.mkdtemp())
    try:
        written = fz.write_entry(folder, 1, fz.Entry("tar", suffix=suffix, members=members,
                                                     damage=damage))
        items = list(iter_documents([folder]))
    finally:
        shutil.rmtree(folder)
    for item in items:
        item.origin.encode("utf-8")
    broken = any(isinstance(i, ReadProblem) and i.origin == written.archive for i in items)
    if damage[0] == "none":
        assert not broken, items
    if not broken:
        assert set(written.members) <= {i.origin for i in items}


def test_tar_members_that_are_not_articles_are_reported(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", format=tarfile.GNU_FORMAT,
                      encoding="latin-1", errors="surrogateescape") as tar:
        def add(name, data=b"", kind=tarfile.REGTYPE, link=""):
            info = tarfile.TarInfo(name)
            info.type, info.linkname, info.size = kind, link, len(data)
            tar.addfile(info, io.BytesIO(data) if data else None)
        add("good.txt", "ข่าวดี\nเนื้อหาข่าวดี".encode())
        add("link.txt", kind=tarfile.SYMTYPE, link="good.txt")
        add("inner.tar.gz", b"not even a tar")
        add("caf\udce9.txt", "Café news\nBody of the café news.".encode())  # a Latin-1 name
        add("folder.txt", kind=tarfile.DIRTYPE)
    (tmp_path / "dump.tar.gz").write_bytes(buf.getvalue())
    items = {i.origin.rsplit(":", 1)[1]: i for i in iter_documents([tmp_path / "dump.tar.gz"])}
    assert isinstance(items["good.txt"], RawDocument)
    assert items["link.txt"].reason.startswith("not a regular file in the archive")
    assert items["inner.tar.gz"].reason.startswith("archive inside an archive")
    assert isinstance(items["caf\\xe9.txt"], RawDocument)  # the name, printable and stable
    assert "folder.txt" not in items


def test_things_that_are_not_files_are_reported(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")  # reading it waited forever
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inside.txt").write_text("หัวข้อ\nเนื้อหา", encoding="utf-8")
    items = {Path(i.origin).name: i for i in iter_documents([tmp_path, tmp_path / "pipe.txt"])}
    assert items["pipe.txt"].reason == "not a regular file (a FIFO)"
    assert items["gone.txt"].reason == "unreadable: No such file or directory"
    assert items["loop.txt"].reason == "unreadable: Too many levels of symbolic links"
    assert isinstance(items["inside.txt"], RawDocument)


def test_an_unreadable_folder_is_reported_simulated(tmp_path, monkeypatch):
    """As root, mode 000 blocks nothing; so os.walk is made to fail on one folder as it would
    for another user. It used to leave that folder out in silence."""
    (tmp_path / "closed").mkdir()
    (tmp_path / "open.txt").write_text("หัวข้อ\nเนื้อหา", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_documents([tmp_path]))
    assert ReadProblem(str(tmp_path / "closed"), "unreadable folder: Permission denied") in items
    assert any(isinstance(i, RawDocument) for i in items)


@pytest.mark.skipif(AS_ROOT, reason="running as root: mode 000 does not stop root from reading; "
                    "test_an_unreadable_folder_is_reported_simulated covers the folder case")
def test_mode_000_files_and_folders_are_reported(tmp_path):
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "secret.txt").chmod(0)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed").chmod(0)
    try:
        reasons = {Path(i.origin).name: i.reason for i in iter_documents([tmp_path])}
    finally:
        (tmp_path / "closed").chmod(0o755)
    assert reasons["secret.txt"] == "unreadable: Permission denied"
    assert reasons["closed"] == "unreadable folder: Permission denied"


# ---------------------------------------------------------------- the real ingest


def _new_archive(data_dir: Path):
    settings = settings_for(data_dir)
    upgrade(settings)
    engine = make_engine(settings)
    return settings, engine, make_sessionmaker(engine)


def check_nothing_lost(session, summary, written: list[fz.Written]) -> dict[str, str]:
    """Every input accounted for; no crash caught by the safety net; good files stored."""
    crashes = [(o, r) for o, r in summary.skipped if r.startswith(CAUGHT_CRASH)]
    assert not crashes
    outcomes = fz.outcomes(session, summary)
    missing = fz.lost(outcomes, summary, written)
    assert not missing, f"lost without a word: {missing}"
    titles = dict(session.execute(select(Article.origin, Article.title)).all())
    for w in written:
        for origin, title in w.good.items():
            assert titles[origin] == title
    return outcomes


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@settings(FUZZ, max_examples=40)
@given(st.lists(fz.entries, min_size=1, max_size=8))
def test_generated_folders_never_crash_and_lose_nothing(fuzz_root, batch):
    """Each example: a fresh archive and a folder of generated entries (so a failure replays)."""
    root = Path(tempfile.mkdtemp(dir=fuzz_root))
    folder = root / "in"
    folder.mkdir()
    written = [fz.write_entry(folder, uid, entry) for uid, entry in enumerate(batch, start=1)]
    _settings, engine, sessions = _new_archive(root / "data")
    with sessions() as session:
        summary = ingest(session, [folder])
        outcomes = check_nothing_lost(session, summary, written)
    engine.dispose()
    # A text that analyses cleanly on its own lands whatever surrounds it.
    for w, entry in zip(written, batch, strict=True):
        if entry.kind == "text" and w.must_account:
            origin = w.must_account[0]
            alone = record_for(RawDocument(origin, Path(origin).read_bytes()))
            assert ("error" in alone) == outcomes[origin].startswith("skipped"), (alone, outcomes[origin])


BAD_FILES = {  # name -> (bytes, the start of the reason it is skipped for)
    "random.txt": (bytes(range(256)) * 4, "binary file"),
    "nul.txt": (b"Title\nbody\x00more", "binary file"),
    "blank.txt": (" \t\r\n\u3000\u200b\n".encode(), "empty"),
    "date-only.txt": ("วันพุธที่ 30 กันยายน 2563\n".encode(), "no title and no body"),
    "header-only.txt": (b"date 2020-09\n", "no title and no body"),
    "mixed.txt": ("ข่าวไทย\n".encode() + "เนื้อหา ไทย\n".encode("cp874"), "not UTF-8 and not Thai cp874"),
    "latin1.txt": ("Titre\nLe ministre a signé à Bangkok".encode("latin-1"), "not UTF-8 and not Thai cp874"),
    "utf32.txt": ("ข่าว\nเนื้อหา".encode("utf-32"), "binary file"),
    "symbols.txt": (b"*****\n--\n..\n", "no words"),
    "fake.tar": (b"this is not a tar file", "broken or not a tar archive"),
    "fake.tar.gz": (b"\x1f\x8b\x08", "broken or not a tar archive"),  # was a TypeError
    "fake.tar.xz": ("ข่าว\nเนื้อหา".encode(), "broken or not a tar archive"),
}
GOOD_TEXTS = {  # name -> (bytes, the title it must be stored with), beside the seeds
    "utf16.txt": ("ข่าวยูทีเอฟสิบหก\nเนื้อหาข่าวที่บันทึกเป็น UTF-16".encode("utf-16"), "ข่าวยูทีเอฟสิบหก"),
    "cp874.txt": ("ข่าวไซเบอร์\nวันพุธที่ 30 กันยายน 2563\nเนื้อหาภาษาไทย".encode("cp874"), "ข่าวไซเบอร์"),
    "bad-date.txt": ("ข่าววันที่ผิด\nวันพุธที่ 31 กุมภาพันธ์ 2563\nเนื้อหาข่าว".encode(), "ข่าววันที่ผิด"),
    "bad-header.txt": (b"date 2019-13 An undated header article. It has words.", "An undated header article"),
    "atlantis.txt": ("ไทย-แอตแลนติส หารือความมั่นคงปลอดภัยไซเบอร์\nรัฐมนตรีหารือทวิภาคีกับแอตแลนติส".encode(),
                     "ไทย-แอตแลนติส หารือความมั่นคงปลอดภัยไซเบอร์"),
    "no-title.txt": ("รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-\n\nวันพุธที่ 30 กันยายน 2563\nบรรทัดแรกของข่าวที่ไม่มีหัวข้อ\n"
                     "บรรทัดที่สอง\n".encode(), "บรรทัดแรกของข่าวที่ไม่มีหัวข้อ"),
    "bad-url.txt": (b"Broken source\nThe body of it.\nSource: http://[x\n", "Broken source"),
    "long-line.txt": (("Long line\n" + "and cybersecurity cooperation with Singapore. " * 4000).encode(),
                      "Long line"),
}


def _tar(mode: str, files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def test_a_folder_of_bad_files_around_the_seeds(tmp_path):
    """The catalogue of bad input in one folder with the five seeds: each bad file skipped with
    its reason, each good one stored with the permalink and title it gets on its own."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, folder / path.name)
    for name, (data, _) in {**BAD_FILES, **GOOD_TEXTS}.items():
        (folder / name).write_bytes(data)
    (folder / "huge.txt").write_bytes(b"x" * (50 * 1024 * 1024))  # 50 MB
    in_tar = "ข่าวในไฟล์เก็บถาวร\nเนื้อหาของข่าว\n".encode()
    whole = _tar("w:gz", {"a/first.txt": in_tar, "a/second.txt": b"Second\nThe second one."})
    (folder / "cut.tar.gz").write_bytes(whole[: len(whole) // 2])  # cut: the end is lost
    (folder / "members.tar").write_bytes(_tar("w", {"ok.txt": in_tar, "bin.txt": b"\x00\x01",
                                                    "empty.txt": b"", "nested.tar": b"x"}))
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "nowhere")
    (folder / "dir.txt").mkdir()
    shutil.copy(SEED_FILES[0], folder / "dir.txt" / "copy-of-a-seed.txt")

    settings, engine, sessions = _new_archive(tmp_path / "data")
    with sessions() as session:
        summary = ingest(session, [folder])
        reasons = {Path(o).name: r for o, r in summary.skipped}
        for name, (_, reason) in BAD_FILES.items():
            assert reasons[name].startswith(reason), (name, reasons.get(name))
        assert reasons["huge.txt"] == "file too large for an article (52,428,800 bytes)"
        assert reasons["cut.tar.gz"].startswith("broken or not a tar archive")
        assert reasons["pipe.txt"] == "not a regular file (a FIFO)"
        assert reasons["gone.txt"].startswith("unreadable")
        assert reasons["members.tar:bin.txt"].startswith("binary file")
        assert reasons["members.tar:empty.txt"] == "empty file"
        assert reasons["members.tar:nested.tar"].startswith("archive inside an archive")
        assert not [r for r in reasons.values() if r.startswith(CAUGHT_CRASH)]

        stored = {Path(a.origin).name: a for a in session.scalars(select(Article))}
        for path in SEED_FILES:  # the good ones, as they are on their own
            alone = record_for(RawDocument(str(path), path.read_bytes()))
            article = stored[path.name]
            assert (article.permalink, article.title) == (alone["permalink"], alone["title"])
        for name, (_, title) in GOOD_TEXTS.items():
            assert stored[name].title == title, name
        assert stored["members.tar:ok.txt"].title == "ข่าวในไฟล์เก็บถาวร"
        assert stored["bad-date.txt"].published is None
        assert stored["atlantis.txt"].partner_links == []
        dups = {Path(d.origin).name for d in session.scalars(select(Duplicate))}
        assert "copy-of-a-seed.txt" in dups  # inside the folder named like a file
        warnings = {Path(o).name: w for o, w in summary.warnings}
        assert warnings["bad-date.txt"] == "date ignored: not a real date: 2020-02-31"
        assert warnings["bad-url.txt"].startswith("source URL ignored")
        indexer.rebuild(settings, session)  # and the index builds over what was stored
    engine.dispose()


def test_bad_input_through_worker_processes(tmp_path):
    """The same guarantees when analysis runs in a pool of worker processes."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in SEED_FILES:
        shutil.copy(path, folder / path.name)
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "month.txt").write_text("Title\nſeptember 3, 2020\nThe body.\n", encoding="utf-8")
    settings, engine, sessions = _new_archive(tmp_path / "data")
    with sessions() as session:
        summary = ingest(session, [folder], workers=2)
        assert summary.added == len(SEED_FILES) + 1
        assert {Path(o).name for o, _ in summary.skipped} == set(BAD_FILES)
        again = ingest(session, [folder], workers=2)  # a re-run: the bad files are only reported
        assert (again.added, again.updated, again.unchanged) == (0, 0, len(SEED_FILES) + 1)
        assert sorted(again.skipped) == sorted(summary.skipped)
    engine.dispose()


OPENING = "The opening paragraph is the same in both files. " * 12  # over 500 letters
SAME_PERMALINK = {
    "one source URL": ("Water supply\nThe province expands its water supply.\n{url}",
                       "A new road\nA road will join the two districts.\n{url}"),
    "one undated title and opening": (f"Same title\n{OPENING}\nThen one story.",
                                      f"Same title\n{OPENING}\nThen quite another story, longer."),
}


@pytest.mark.parametrize("case", sorted(SAME_PERMALINK))
def test_two_files_with_one_permalink_are_both_kept(tmp_path, case):
    folder = tmp_path / "in"
    folder.mkdir()
    url = "ที่มา : https://www.thaigov.go.th/news/contents/details/1"
    for name, text in zip(("a.txt", "b.txt"), SAME_PERMALINK[case], strict=True):
        (folder / name).write_text(text.format(url=url), encoding="utf-8")
    assert record_for(RawDocument("a", (folder / "a.txt").read_bytes()))["permalink"] == \
        record_for(RawDocument("b", (folder / "b.txt").read_bytes()))["permalink"]
    _settings, engine, sessions = _new_archive(tmp_path / "data")
    with sessions() as session:
        summary = ingest(session, [folder])
        check_nothing_lost(session, summary, [fz.Written([str(folder / "a.txt"), str(folder / "b.txt")])])
        # One is the article, the other its repost, and a re-run keeps them so.
        roles = fz.outcomes(session, summary)
        assert sorted(roles.values()) == ["article", "duplicate"], roles
        again = ingest(session, [folder])
        assert (again.unchanged, again.added, again.updated) == (2, 0, 0)
    engine.dispose()
