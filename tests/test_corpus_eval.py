"""The extraction evaluation on the labeled development set, when the corpus is present.

It reads the 82 labeled files out of ../shared/corpus/thaigov-v2.tar.xz (streamed, never
unpacked), runs them through the same analysis `inspect` prints, and fails below the targets.
"""

import pytest

from app.evaluation import labeled_files, load_labels, score
from app.ingest.pipeline import record_for
from app.ingest.readers import RawDocument
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
TARBALL = CORPUS / "thaigov-v2.tar.xz"

pytestmark = pytest.mark.skipif(
    not (TARBALL.exists() and (CORPUS / "dev-labels.json").exists()),
    reason=f"corpus not found at {CORPUS}: the labeled evaluation needs thaigov-v2.tar.xz "
    "and dev-labels.json there",
)


@pytest.fixture(scope="module")
def scores():
    labels = load_labels(CORPUS)
    wanted = {label["path"] for label in labels}
    records = {name: record_for(RawDocument(name, data))
               for name, data in labeled_files(TARBALL, wanted)}
    assert set(records) == wanted, "every labeled file must be found in the tarball"
    return score(labels, records)


def test_extraction_meets_the_targets_on_the_dev_labels(scores):
    print("\n" + scores.table())
    for miss in scores.misses:
        print("  " + miss)
    assert not scores.below_targets(), scores.below_targets()
