import io
import tarfile

import pytest

from app.ingest.readers import DecodeError, RawDocument, ReadProblem, decode, iter_documents

THAI = "ความมั่นคงปลอดภัยไซเบอร์ ไทย-สิงคโปร์"


def test_utf8_with_and_without_bom():
    assert decode(THAI.encode("utf-8")) == (THAI, "utf-8")
    assert decode(b"\xef\xbb\xbf" + THAI.encode("utf-8")) == (THAI, "utf-8-sig")


def test_cp874_legacy_thai():
    text, encoding = decode(THAI.encode("cp874"))
    assert text == THAI and encoding == "cp874"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (bytes([0xDB, 0xDC, 0xFC, 0xFF]) * 10, "not UTF-8 and not Thai cp874"),
    ],
)
def test_undecodable_inputs_say_why(data, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(data)


def test_folders_recursive_tar_and_missing_paths(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("หนึ่ง")
    (tmp_path / "a" / "b" / "two.txt").write_text("สอง")
    (tmp_path / "a" / "notes.md").write_text("not an article")
    archive = tmp_path / "dump.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        data = "สาม".encode()
        info = tarfile.TarInfo("dump/2020/three.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    (tmp_path / "fake.tar.gz").write_bytes(b"this is not a tar file")
    items = list(iter_documents([tmp_path / "a", archive, tmp_path / "fake.tar.gz", tmp_path / "nope"]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = {i.origin.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, ReadProblem)}
    assert [d.data.decode() for d in docs] == ["หนึ่ง", "สอง", "สาม"]
    assert docs[2].origin.endswith("dump.tar.xz:dump/2020/three.txt")
    assert problems["fake.tar.gz"].startswith("broken or not a tar archive")
    assert problems["nope"] == "no such file or folder"
