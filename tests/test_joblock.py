"""One writing job at a time: while one holds the archive, a second ingest or reindex exits with
code 3 and says why; on PostgreSQL also from another data folder (another machine)."""

import pytest

from app.joblock import JobBusy, exclusive
from tests.conftest import ON_POSTGRES, SEEDS, build_archive, run_app, settings_for


def test_a_second_job_waits_its_turn(tmp_path):
    settings = build_archive(tmp_path / "data", [SEEDS])
    with exclusive(settings):
        for args in (("reindex",), ("ingest", str(SEEDS))):
            refused = run_app(settings, *args)
            assert refused.returncode == 3, refused.stdout
            assert "another ingest or reindex" in refused.stderr
        with pytest.raises(JobBusy), exclusive(settings):
            pass
    assert run_app(settings, "reindex").returncode == 0  # released with the first job


@pytest.mark.skipif(not ON_POSTGRES, reason="one database shared by two data folders: PostgreSQL")
def test_jobs_on_two_machines_sharing_one_database_wait_their_turn(tmp_path):
    settings = build_archive(tmp_path / "one", [SEEDS])
    other_machine = settings_for(tmp_path / "two", database_url=settings.database_url)
    with exclusive(settings):
        refused = run_app(other_machine, "reindex")
        assert refused.returncode == 3 and "this database" in refused.stderr
    assert run_app(other_machine, "reindex").returncode == 0
