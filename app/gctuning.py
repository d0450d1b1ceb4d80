"""Python's cyclic garbage collector, set for the duration of a job.

A bulk job (ingest, index build) allocates millions of short-lived objects that hold no
cycles; at the default thresholds (700, 10, 10) the collector runs every 700 allocations and
scans what the job keeps alive each time. A web worker sets its own young threshold for its
life the same way (app.web.main)."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Measured: the index build spent 7% of its CPU in the collector at the defaults, the ingest 3%.
BULK_THRESHOLDS = (100_000, 50, 1000)


@contextmanager
def collector_thresholds(thresholds: tuple[int, int, int] = BULK_THRESHOLDS) -> Iterator[None]:
    """Set gc thresholds for the block, and restore the previous ones even when it fails.
    Processes forked inside the block (analysers, index writers) inherit them."""
    previous = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*previous)
