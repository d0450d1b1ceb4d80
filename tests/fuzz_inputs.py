"""Generated bad input for the ingest, shared by tests/test_fuzz_ingest.py and bench/fuzz_ingest.py.

Hypothesis strategies draw *entries*: what one name in an input folder is. A text in a right or
wrong encoding, random bytes, a file named like a tar archive that is not one, a real tar archive
(whole, cut short, damaged, or with odd members), or something that is not a file at all (a FIFO,
a dangling symlink, a symlink loop, a folder named like an article, a file nobody may read).
`write_entry` puts one on disk and says which origins the ingest must account for.
"""

import io
import os
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

# Fragments the parsers react to: headers, date lines (real and impossible), source lines,
# page furniture, names, roles, Thai marks that normalization rewrites, list numbers.
# `{uid}` becomes a number unique to the file, so two generated files never claim one source URL.
PIECES = [
    "date 2019-01 ", "date 2019-13 ", "date 0000-00-00 ", "date 2024-02-30 ", " date 1970-01-01 ",
    "รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-", "รัฐบาลไทย-", "\n",
    "วันพุธที่ 30 กันยายน 2563", "วันพุธที่ 31 กุมภาพันธ์ 2563", "31 ก.พ. 63", "1 มกราคม 2513",
    "๓๐ กันยายน ๒๕๖๓", "กันยายน 2563", "September 31, 2020", "3rd June 2020", "ſeptember 3, 2020",
    "3 Aprıl 2020", "2020-13-45", "Monday, 9 May 2022",
    "ที่มา : https://www.thaigov.go.th/news/contents/details/{uid}", "Source: http://[{uid}",
    "Source: https://example.org/{uid}", "ที่มา : http://", "*****", "...", ".", "--", "\r", "\r\n",
    " ", "\t", "\x0c", "\x0b", "\u200b", "\ufeff", "\u00ad", "\u00a0", "ํา", "เเ", "่่", "\u0e4c", "\u0e33",
    "ไทย-สิงคโปร์", "ไทย-กัมพูชา", "ความมั่นคงปลอดภัยไซเบอร์", "อาชญากรรมไซเบอร์", "cybersecurity",
    "scam", "Singapore", "Atlantis", "ประเทศแอตแลนติส", "the Republic of Zubrowka",
    "นายกรัฐมนตรี", "นาย", "พล.อ.", "ประวิตร วงษ์สุวรรณ", "(", ")", "Prime Minister ", "Minister ",
    "Mr. ", "H.E. ", "Ambassador ", "๑๒", "1.", "2)", "3) ", "and ", "และ", "ฯ",
    "Photo courtesy of x", "logoline", "เกาะติดข่าวสาร >> Nation Online",
]

text_pieces = st.one_of(st.sampled_from(PIECES), st.text(max_size=12))
article_texts = st.lists(text_pieces, max_size=40).map("".join)

DATE_LINES = [
    "วันพุธที่ 30 กันยายน 2563", "วันพุธที่ 31 กุมภาพันธ์ 2563", "date 2020-09", "date 2020-13",
    "September 30, 2020", "February 30, 2021", "30 ก.ย. 63", "1 มกราคม 2513", "date 1970-01-01",
]
WHITESPACE = " \t\r\n\x0b\x0c\u00a0\u200b\u2028\u3000\ufeff"

# How a text becomes bytes: the accepted encodings, and the wrong ones.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp874", "latin-1", "mixed"]


def encode(text: str, encoding: str) -> bytes:
    """`mixed`: the first half UTF-8, the rest cp874 (a file pasted together from two sources)."""
    if encoding == "mixed":
        half = len(text) // 2
        return text[:half].encode("utf-8") + text[half:].encode("cp874", "replace")
    if encoding in ("cp874", "latin-1"):
        return text.encode(encoding, "replace")
    return text.encode(encoding, "surrogatepass")


# Suffixes a file may carry: articles, and tar names on things that may not be tar archives.
ARTICLE_NAMES = [".txt", ".TXT"]
TAR_NAMES = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".tar.bz2"]
TAR_MODES = {".tar": "w", ".tar.gz": "w:gz", ".tgz": "w:gz", ".tar.xz": "w:xz", ".tar.bz2": "w:bz2"}
LONG_UNITS = [
    "ความร่วมมือด้านไซเบอร์ระหว่างไทยกับสิงคโปร์ 1. นายกรัฐมนตรี และ",
    "and cybersecurity cooperation with Singapore, 2) the Minister said. ",
    "ก", "x", "ไทย-กัมพูชา ",
]


@dataclass
class Entry:
    """One name in a generated input folder.

    kind: text (`text` in `encoding`) | bytes (`data`) | tar (`members`, then `damage`) |
    fifo | dangling | loop | folder (a folder named like an article, with a good file inside) |
    noaccess (mode 000) | badname (a name that is not UTF-8)."""

    kind: str
    suffix: str = ".txt"
    text: str = ""
    encoding: str = "utf-8"
    data: bytes = b""
    members: list[tuple[str, str, bytes]] = field(default_factory=list)  # (type, name, data)
    damage: tuple[str, int, bytes] = ("none", 0, b"")

    def __repr__(self) -> str:  # what hypothesis prints for a failing example: short
        text = self.text if len(self.text) <= 120 else f"{self.text[:100]!r}… ({len(self.text):,} chars)"
        data = self.data if len(self.data) <= 120 else f"{self.data[:100]!r}… ({len(self.data):,} bytes)"
        members = [(k, n, d[:60]) for k, n, d in self.members]
        return (f"Entry({self.kind!r}, suffix={self.suffix!r}, text={text!r}, encoding={self.encoding!r}, "
                f"data={data!r}, members={members!r}, damage={self.damage!r})")

    @property
    def label(self) -> str:
        """What it is, for a report: `text/latin-1`, `tar.gz/cut`, `fifo`…"""
        if self.kind == "text":
            return "long line" if len(self.text) > 10_000 else f"text/{self.encoding}"
        if self.kind == "tar":
            return f"{self.suffix.lstrip('.')}/{self.damage[0]}"
        return self.kind


texts = st.builds(Entry, kind=st.just("text"), suffix=st.sampled_from(ARTICLE_NAMES),
                  text=article_texts, encoding=st.sampled_from(ENCODINGS))
raw_bytes = st.one_of(
    st.binary(max_size=2048),  # random bytes
    st.tuples(article_texts, st.integers(0, 200)).map(  # a text with a NUL byte in it
        lambda t: t[0].encode()[: t[1]] + b"\x00" + t[0].encode()[t[1]:]),
    st.text(alphabet=WHITESPACE, max_size=40).map(lambda t: t.encode()),  # only whitespace
    st.sampled_from(DATE_LINES).map(lambda t: (t + "\n").encode()),  # only a date line
)
byte_files = st.builds(Entry, kind=st.just("bytes"), suffix=st.sampled_from(ARTICLE_NAMES + TAR_NAMES),
                       data=raw_bytes)
long_lines = st.builds(
    Entry, kind=st.just("text"), encoding=st.just("utf-8"),
    text=st.tuples(st.sampled_from(LONG_UNITS), st.integers(10_001, 100_000)).map(
        lambda t: "Long line {uid}\n" + t[0] * (t[1] // len(t[0]) + 1)))

member_names = st.one_of(
    st.text(min_size=1, max_size=16).map(lambda s: s.replace("/", "_").replace("\x00", "") + ".txt"),
    st.sampled_from(["dump/2020/a.txt", "b.TXT", "notes.md", "inner.tar.gz", "x.txt", "./c.txt"]),
)
members = st.lists(
    st.tuples(st.sampled_from(["file", "file", "file", "symlink", "dir", "hardlink", "fifo"]),
              member_names, st.one_of(article_texts.map(str.encode), raw_bytes)),
    min_size=0, max_size=5)
damages = st.one_of(
    st.just(("none", 0, b"")),
    st.tuples(st.just("cut"), st.integers(0, 10**6), st.just(b"")),
    st.tuples(st.just("flip"), st.integers(0, 10**6), st.binary(min_size=1, max_size=8)),
)
tars = st.builds(Entry, kind=st.just("tar"), suffix=st.sampled_from(TAR_NAMES), members=members,
                 damage=damages)
oddities = st.builds(Entry, kind=st.sampled_from(["fifo", "dangling", "loop", "folder", "noaccess",
                                                  "badname"]))

entries = st.one_of(texts, texts, byte_files, tars, oddities, long_lines)

# The same, by family, for a campaign that wants each in a set share (hypothesis favours the
# first choices of a one_of). The odd file kinds have nothing to draw: they are made directly.
ODD_KINDS = ["fifo", "dangling", "loop", "folder", "noaccess", "badname"]
FAMILIES = {
    **{f"text/{enc}": st.builds(Entry, kind=st.just("text"), suffix=st.sampled_from(ARTICLE_NAMES),
                                text=article_texts, encoding=st.just(enc)) for enc in ENCODINGS},
    "bytes": byte_files,
    "long line": long_lines,
    **{f"tar{suffix}": st.builds(Entry, kind=st.just("tar"), suffix=st.just(suffix), members=members,
                                 damage=damages) for suffix in TAR_NAMES},
}


def tar_bytes(suffix: str, members: list[tuple[str, str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=TAR_MODES[suffix], format=tarfile.PAX_FORMAT) as tar:
        for kind, name, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                continue
            info.type = {"symlink": tarfile.SYMTYPE, "dir": tarfile.DIRTYPE,
                         "hardlink": tarfile.LNKTYPE, "fifo": tarfile.FIFOTYPE}[kind]
            info.linkname = "elsewhere.txt" if kind in ("symlink", "hardlink") else ""
            tar.addfile(info)
    return buf.getvalue()


def damaged(data: bytes, damage: tuple[str, int, bytes]) -> bytes:
    how, at, patch = damage
    if how == "cut":
        return data[: at % (len(data) + 1)]
    if how == "flip" and data:
        at %= len(data)
        return data[:at] + patch + data[at + len(patch):]
    return data


GOOD_INSIDE = ("รัฐบาลไทย-ข่าวทำเนียบรัฐบาล-ข่าวในโฟลเดอร์ที่ชื่อเหมือนไฟล์ {uid}\n\nวันพุธที่ 30 กันยายน 2563\n"
               "เนื้อหาข่าวที่อยู่ในโฟลเดอร์ ความร่วมมือด้านไซเบอร์ {uid}\n"
               "ที่มา : https://www.thaigov.go.th/news/contents/details/9{uid}\n")


@dataclass
class Written:
    """What `write_entry` put on disk: the origins ingest must account for (each one stored as an
    article or a duplicate, or skipped with a reason). For a tar: its path, and the article
    members in it, which must be accounted for unless the archive is reported as broken."""

    must_account: list[str]
    archive: str | None = None
    members: list[str] = field(default_factory=list)
    good: dict[str, str] = field(default_factory=dict)  # origin -> title, files that must land


def write_entry(folder: Path, uid: int, entry: Entry) -> Written:
    """Write one entry as `folder/<uid>…`; uid keeps names and source URLs unique."""
    stem = folder / f"{uid:05d}"
    if entry.kind == "text":
        path = stem.with_name(stem.name + entry.suffix)
        path.write_bytes(encode(entry.text.replace("{uid}", str(uid)), entry.encoding))
        return Written([str(path)])
    if entry.kind == "bytes":
        path = stem.with_name(stem.name + entry.suffix)
        path.write_bytes(entry.data)
        if entry.suffix in TAR_NAMES:
            return Written([], archive=str(path))
        return Written([str(path)])
    if entry.kind == "tar":
        path = stem.with_name(stem.name + entry.suffix)
        members = [(kind, name, data.replace(b"{uid}", f"{uid}-{n}".encode()))  # own URLs
                   for n, (kind, name, data) in enumerate(entry.members)]
        whole = tar_bytes(entry.suffix, members)
        path.write_bytes(damaged(whole, entry.damage))
        names = {name for kind, name, _ in entry.members if kind == "file"}
        expected = [f"{path}:{tarfile.TarInfo(n).name}" for n in sorted(names)
                    if Path(n).suffix.lower() == ".txt"]
        return Written([], archive=str(path), members=expected)
    path = stem.with_name(stem.name + ".txt")
    if entry.kind == "fifo":
        os.mkfifo(path)
    elif entry.kind == "dangling":
        path.symlink_to(folder / "no-such-target.txt")
    elif entry.kind == "loop":
        path.symlink_to(path)
    elif entry.kind == "noaccess":
        path.write_text("ไม่มีใครอ่านได้\nเนื้อหาของไฟล์ที่ไม่มีสิทธิ์อ่าน\n", encoding="utf-8")
        path.chmod(0)
    elif entry.kind == "folder":
        path.mkdir()
        inner = path / "inside.txt"
        inner.write_text(GOOD_INSIDE.replace("{uid}", str(uid)), encoding="utf-8")
        title = f"ข่าวในโฟลเดอร์ที่ชื่อเหมือนไฟล์ {uid}"
        return Written([str(inner)], good={str(inner): title})
    elif entry.kind == "badname":
        raw = os.fsencode(stem) + b"-caf\xe9-\xff.txt"  # Latin-1 bytes in a name: not UTF-8
        with open(raw, "wb") as fh:
            fh.write(GOOD_INSIDE.replace("{uid}", str(uid)).encode())
        path = Path(os.fsdecode(raw))
        origin = f"{stem}-caf\\xe9-\\xff.txt"
        return Written([origin], good={origin: f"ข่าวในโฟลเดอร์ที่ชื่อเหมือนไฟล์ {uid}"})
    else:
        raise ValueError(entry.kind)
    return Written([str(path)])


# ---------------------------------------------------------------- what became of each input

# Reasons that only the pipeline's catch-all gives: an exception in the archive's code, caught.
CAUGHT_CRASH = ("could not be processed", "could not be stored")


def outcomes(session, summary) -> dict[str, str]:
    """origin -> `article` | `duplicate` | `skipped: reason`, after one ingest."""
    from sqlalchemy import select

    from app.models import Article, Duplicate

    out = dict.fromkeys(session.scalars(select(Article.origin)), "article")
    for origin in session.scalars(select(Duplicate.origin)):
        out.setdefault(origin, "duplicate")
    for origin, reason in summary.skipped:
        out.setdefault(origin, f"skipped: {reason}")
    return out


def lost(found: dict[str, str], summary, written: list[Written]) -> list[str]:
    """Inputs neither stored nor reported, and good files not stored as articles."""
    skipped = {origin for origin, _ in summary.skipped}
    missing = []
    for w in written:
        missing += [o for o in w.must_account if o not in found]
        if w.archive and w.archive not in skipped:
            missing += [o for o in w.members if o not in found]
        missing += [o for o in w.good if found.get(o) != "article"]
    return list(dict.fromkeys(missing))
