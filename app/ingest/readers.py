"""Bytes to text: walk files, folders and tar archives, decode UTF-8 (with or without BOM) or cp874.

Every input yields either a RawDocument or a ReadProblem: nothing here raises on a bad file,
so one unreadable article never stops an ingest of thousands.
"""

import hashlib
import os
import re
import stat
import tarfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = {".txt"}
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; anything this large is not one


class DecodeError(ValueError):
    """The bytes are not text in an encoding the archive accepts."""


@dataclass(frozen=True)
class RawDocument:
    origin: str  # file path, or "archive.tar.xz:member/name.txt"
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class ReadProblem:
    origin: str
    reason: str


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raise DecodeError with a reason a user can act on."""
    if not data.strip():
        raise DecodeError("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data)
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"UTF-8 BOM but invalid UTF-8 (at byte {exc.start + 3})") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp874")  # Windows-874 is a superset of TIS-620
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):  # the cp874 offset would point into the good UTF-8 part
            raise DecodeError(
                f"not UTF-8 and not Thai cp874/TIS-620 (UTF-8 but for {_bad_utf8_spots(data)} "
                f"invalid sequences, the first at offset {utf8_error.start}: a part in another "
                f"encoding, or damaged)"
            ) from exc
        raise DecodeError(
            f"not UTF-8 and not Thai cp874/TIS-620 (undecodable byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start})"
        ) from exc
    if not _looks_like_text(text):
        raise DecodeError("not UTF-8, and as cp874 it is mostly control characters: binary?")
    if not _plausible_thai(text):
        raise DecodeError(
            "not UTF-8 and not Thai cp874/TIS-620 (as cp874, its Thai letters sit inside Latin "
            "words or break Thai spelling: Latin-1 or another 8-bit encoding?)"
        )
    return text, "cp874"


def _decode_utf16(data: bytes) -> tuple[str, str]:
    """UTF-16 with a byte order mark (what Windows calls "Unicode"): unambiguous, so read."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"UTF-16 byte order mark but invalid UTF-16 (at byte {exc.start})") from exc
    if "\x00" in text or not _looks_like_text(text):
        raise DecodeError("binary file (UTF-16 byte order mark, then control characters)")
    return text, "utf-16"


def _looks_like_text(text: str) -> bool:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control <= len(text) * 0.01


THAI_BLOCK = re.compile("[\u0e00-\u0e7f]")
THAI_IN_LATIN_WORD = re.compile("(?<=[A-Za-z])[\u0e00-\u0e7f]|[\u0e00-\u0e7f](?=[A-Za-z])")
# A vowel sign or tone mark with no Thai letter under it, or a leading vowel (เ แ โ ใ ไ) with no
# consonant after it: what é (a tone mark) and à (เ) become, and what Thai never writes.
THAI_ORPHAN = re.compile("(?<![\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"
                         "|[\u0e40-\u0e44](?![\u0e01-\u0e2e])")


def _plausible_thai(text: str) -> bool:
    """Latin-1 (or cp1252) bytes decode as cp874 without error: `signé à` becomes `sign้ เ`.
    Real Thai is written in runs of its own, each mark on a letter; when the Thai characters
    mostly touch Latin letters, or often break Thai spelling, the file is in another 8-bit
    encoding."""
    thai, glued, orphans = (rx.subn("", text)[1] for rx in (THAI_BLOCK, THAI_IN_LATIN_WORD, THAI_ORPHAN))
    return glued * 2 <= thai and orphans * 10 <= thai


def _bad_utf8_spots(data: bytes) -> int:
    return data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())


ASCII_BYTES = bytes(range(0x80))


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 with a part in another encoding: most non-ASCII bytes form UTF-8 characters."""
    non_ascii = len(data.translate(None, ASCII_BYTES))
    return _bad_utf8_spots(data) * 2 < non_ascii


@dataclass
class ReadPosition:
    """How far a walk has got, in bytes of input (compressed bytes for archives): for a progress
    bar's rate and ETA when the number of articles inside an archive is not known in advance."""

    total: int = 0
    done: int = 0


def input_size(paths: Iterable[str | Path]) -> int:
    """Bytes a walk over these paths will read (archives count at their compressed size)."""
    total = 0
    for path in map(Path, paths):
        if _is_dir(path):
            for root, _dirs, files in os.walk(path):
                for name in files:
                    if Path(name).suffix.lower() in ARTICLE_SUFFIXES or name.endswith(TAR_SUFFIXES):
                        total += _size(Path(root) / name)
        elif path.exists():
            total += _size(path)
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _is_dir(path: Path) -> bool:
    """Path.is_dir, except that a path we may not look at is not a folder (is_dir raises
    PermissionError for a path under a folder we cannot enter); reading it says why."""
    try:
        return path.is_dir()
    except OSError:
        return False


def _missing(path: Path) -> bool:
    try:
        path.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        pass  # there, but not to be looked at: reading it reports why
    return False


def printable(name: str) -> str:
    """A file or member name as text the database and a terminal take: names that are not UTF-8
    come from the OS and tarfile with lone surrogates, which no UTF-8 encoder accepts (the
    article could not be stored). The bytes are shown as \\xNN, the same on every run."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_documents(
    paths: Iterable[str | Path], position: ReadPosition | None = None
) -> Iterator[RawDocument | ReadProblem]:
    """Yield every article file under the given paths, in a stable order."""
    position = position or ReadPosition()
    for path in paths:
        path = Path(path)
        if _is_dir(path):
            yield from _walk_folder(path, position)
        elif _missing(path):
            yield ReadProblem(printable(str(path)), "no such file or folder")
        elif path.name.endswith(TAR_SUFFIXES):
            yield from _walk_tar(path, position)
        else:
            position.done += _size(path)
            yield _read_file(path)


def _walk_folder(folder: Path, position: ReadPosition) -> Iterator[RawDocument | ReadProblem]:
    errors: list[OSError] = []  # a folder os.walk cannot list used to be left out in silence
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        yield from _folder_problems(errors)
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                position.done += _size(path)
                yield _read_file(path)
            elif name.endswith(TAR_SUFFIXES):
                yield from _walk_tar(path, position)
    yield from _folder_problems(errors)


def _folder_problems(errors: list[OSError]) -> Iterator[ReadProblem]:
    while errors:
        exc = errors.pop(0)
        yield ReadProblem(printable(str(exc.filename)), f"unreadable folder: {exc.strerror or exc}")


def _read_file(path: Path) -> RawDocument | ReadProblem:
    origin = printable(str(path))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or a device named `x.txt`: reading it would wait forever or never end.
            return ReadProblem(origin, f"not a regular file ({_file_kind(info.st_mode)})")
        if info.st_size > MAX_FILE_BYTES:
            return ReadProblem(origin, f"file too large for an article ({info.st_size:,} bytes)")
        return RawDocument(origin, path.read_bytes())
    except OSError as exc:
        return ReadProblem(origin, f"unreadable: {exc.strerror or exc}")


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


class _EndAwareTarInfo(tarfile.TarInfo):
    """Notes when the archive's end-of-archive block is read. After the first member, tarfile
    ends its iteration quietly at a header that is cut short or damaged, so an archive cut
    between two members lost all the later ones without a word."""

    @classmethod
    def fromtarfile(cls, archive):
        try:
            return super().fromtarfile(archive)
        except tarfile.EOFHeaderError:
            archive.reached_end = True
            raise


def _walk_tar(path: Path, position: ReadPosition) -> Iterator[RawDocument | ReadProblem]:
    """Stream a tar archive member by member, without unpacking it to disk."""
    start = position.done
    try:
        with open(path, "rb") as raw, tarfile.open(
            fileobj=raw, mode="r|*", tarinfo=_EndAwareTarInfo
        ) as archive:
            read = 0
            for member in archive:
                read += 1
                position.done = start + raw.tell()
                origin = printable(f"{path}:{member.name}")
                if member.isdir():
                    continue
                if member.name.endswith(TAR_SUFFIXES):  # it used to be passed over in silence
                    yield ReadProblem(origin, "archive inside an archive: not read (unpack it)")
                    continue
                if Path(member.name).suffix.lower() not in ARTICLE_SUFFIXES:
                    continue
                if not member.isfile():  # a link or device named like an article: no text in it
                    yield ReadProblem(origin, "not a regular file in the archive (a link or device)")
                    continue
                if member.size > MAX_FILE_BYTES:
                    yield ReadProblem(origin, f"member too large ({member.size:,} bytes)")
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    yield ReadProblem(origin, "unreadable archive member")
                    continue
                yield RawDocument(origin, handle.read())
            if not getattr(archive, "reached_end", False):  # set while opening if no members
                yield ReadProblem(printable(str(path)), f"broken or not a tar archive: it stops "
                                  f"after {read} members without its end marker (cut short, or "
                                  f"a damaged header): any later members are not read")
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield ReadProblem(printable(str(path)), f"broken or not a tar archive: {exc}")
    except Exception as exc:  # tarfile's own slips: a .tar.gz cut after 3 bytes is a TypeError
        yield ReadProblem(printable(str(path)),
                          f"broken or not a tar archive: {type(exc).__name__}: {exc}")
    position.done = start + _size(path)
