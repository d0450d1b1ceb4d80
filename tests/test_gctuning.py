"""Bulk jobs run with a lazier garbage collector, and give the default back when they end."""

import gc
import multiprocessing

import pytest

from app.gctuning import BULK_THRESHOLDS, collector_thresholds
from tests.conftest import SEEDS, build_archive


def _child_thresholds(queue) -> None:
    queue.put(gc.get_threshold())


def test_thresholds_hold_in_the_block_and_in_processes_forked_there():
    before = gc.get_threshold()
    with collector_thresholds():
        assert gc.get_threshold() == BULK_THRESHOLDS
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        child = context.Process(target=_child_thresholds, args=(queue,))
        child.start()
        assert queue.get(timeout=30) == BULK_THRESHOLDS
        child.join()
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_the_block_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector_thresholds((5000, 20, 20)):
        raise RuntimeError("the job failed")
    assert gc.get_threshold() == before


def test_an_ingest_and_its_index_build_leave_the_thresholds_as_they_were(tmp_path):
    before = gc.get_threshold()
    gc.set_threshold(800, 11, 12)
    try:
        build_archive(tmp_path, [SEEDS])
        assert gc.get_threshold() == (800, 11, 12)
    finally:
        gc.set_threshold(*before)
