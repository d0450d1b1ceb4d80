"""The command line as a user runs it: `inspect` prints JSON and writes nothing."""

import json
import subprocess
import sys

from app import PROJECT_ROOT
from tests.conftest import archive_env, seed

FIELDS = {"title", "date", "date_precision", "lang", "source_url", "relevant", "score",
          "evidence", "partners", "people"}


def run(*args: str, env_dir=None, archive=None) -> subprocess.CompletedProcess:
    env = archive_env(archive) if archive else {"ARCHIVE_DATA_DIR": str(env_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**env, "PATH": "/usr/bin:/bin"}, timeout=120,
    )


def test_inspect_prints_one_record_per_article_and_writes_nothing(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    data = tmp_path / "data"
    done = run("inspect", str(seed("001")), str(seed("004")), str(bad), env_dir=data)
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert len(records) == 3
    good, other, empty = records
    assert set(good) >= FIELDS and good["relevant"] is True and good["partners"] == ["SG"]
    assert {e["kind"] for e in good["evidence"]} >= {"cyber-title", "partner"}
    assert all(set(p) == {"name_th", "name_en", "role", "country"} for p in good["people"])
    assert other["date"] == "2019-01" and other["date_precision"] == "month"
    assert empty["error"] == "empty file"
    assert not data.exists(), "inspect must not create the archive"


def test_search_json_gives_ranked_hits_with_citation_fields(archive):
    done = run("search", "Singapore cybersecurity", "--json", archive=archive)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["complete"] == 1
    hit = answer["hits"][0]
    assert set(hit) >= {"permalink", "source_url", "title", "date", "partners", "score"}
    assert hit["partners"] == ["SG"] and hit["date"] == "2020-09-30"
    assert hit["permalink"].startswith("/articles/") and hit["source_url"].startswith("http")
    assert "สิงคโปร์" in answer["expanded"]["Singapore"]


def test_search_text_output_and_filters(archive):
    done = run("search", "ไซเบอร์", "--lang", "en", "--sort", "date", archive=archive)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 results for 'ไซเบอร์'") and "[en]" in done.stdout
    bad = run("search", "cyber", "--country", "XYZ", archive=archive)
    assert bad.returncode == 2 and "not a two-letter country code" in bad.stderr
    assert run("search", "Singapore", "--country", "sg", archive=archive).stdout.startswith("1 result")
    missing = run("search", "x", env_dir=archive.data_dir.parent / "nowhere")
    assert missing.returncode == 2 and "reindex" in missing.stderr


def test_a_reader_that_stops_early_gets_no_traceback(archive):
    # `python -m app search … --json | head -c 0`: the pipe closes before the answer is out
    command = [sys.executable, "-m", "app", "search", "ไซเบอร์", "--json"]
    env = {**archive_env(archive), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # before the command has started, let alone written
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_search_answers_a_misspelling_for_its_suggestion_unless_asked_as_typed(archive):
    respelled = json.loads(run("search", "cyber securty", "--json", archive=archive).stdout)
    assert respelled["query"] == "cyber security" and respelled["respelled_from"] == "cyber securty"
    assert respelled["complete"] > 0
    typed = json.loads(run("search", "cyber securty", "--json", "--as-typed", archive=archive).stdout)
    assert typed["query"] == "cyber securty" and typed["respelled_from"] is None
    assert typed["complete"] == 0 and typed["did_you_mean"] == "cyber security"
    text = run("search", "cyber securty", archive=archive).stdout
    assert "no article has 'cyber securty': these are the results for 'cyber security'" in text
