"""Bytes to text: walk files, folders and tar archives, decode UTF-8 (with or without BOM) or cp874.

Every input yields either a RawDocument or a ReadProblem: nothing here raises on a bad file,
so one unreadable article never stops an ingest of thousands.
"""

import hashlib
import os
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
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"UTF-8 BOM but invalid UTF-8 at byte {exc.start + 3}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")  # Windows-874 is a superset of TIS-620
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"not UTF-8 and not Thai cp874/TIS-620 (undecodable byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start})"
        ) from exc
    if not _looks_like_text(text):
        raise DecodeError("not UTF-8, and as cp874 it is mostly control characters: binary?")
    return text, "cp874"


def _looks_like_text(text: str) -> bool:
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control <= len(text) * 0.01


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
        if path.is_dir():
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


def iter_documents(
    paths: Iterable[str | Path], position: ReadPosition | None = None
) -> Iterator[RawDocument | ReadProblem]:
    """Yield every article file under the given paths, in a stable order."""
    position = position or ReadPosition()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _walk_folder(path, position)
        elif not path.exists():
            yield ReadProblem(str(path), "no such file or folder")
        elif path.name.endswith(TAR_SUFFIXES):
            yield from _walk_tar(path, position)
        else:
            position.done += _size(path)
            yield _read_file(path)


def _walk_folder(folder: Path, position: ReadPosition) -> Iterator[RawDocument | ReadProblem]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                position.done += _size(path)
                yield _read_file(path)
            elif name.endswith(TAR_SUFFIXES):
                yield from _walk_tar(path, position)


def _read_file(path: Path) -> RawDocument | ReadProblem:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadProblem(str(path), f"file too large for an article ({size:,} bytes)")
        return RawDocument(str(path), path.read_bytes())
    except OSError as exc:
        return ReadProblem(str(path), f"unreadable: {exc.strerror or exc}")


def _walk_tar(path: Path, position: ReadPosition) -> Iterator[RawDocument | ReadProblem]:
    """Stream a tar archive member by member, without unpacking it to disk."""
    start = position.done
    try:
        with open(path, "rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as archive:
            for member in archive:
                position.done = start + raw.tell()
                if not member.isfile() or Path(member.name).suffix.lower() not in ARTICLE_SUFFIXES:
                    continue
                origin = f"{path}:{member.name}"
                if member.size > MAX_FILE_BYTES:
                    yield ReadProblem(origin, f"member too large ({member.size:,} bytes)")
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    yield ReadProblem(origin, "unreadable archive member")
                    continue
                yield RawDocument(origin, handle.read())
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield ReadProblem(str(path), f"broken or not a tar archive: {exc}")
    position.done = start + _size(path)
