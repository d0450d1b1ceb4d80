"""Progress of a long ingest: a tqdm bar (count, rate, ETA) on a terminal, plain lines in a log.

The ETA comes from bytes read (compressed bytes for an archive), because the number of articles
inside a tar stream is unknown until it has been read.
"""

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_EVERY_S = 15.0


class Progress:
    def __init__(self, total_bytes: int, *, stream: TextIO | None = None, label: str = "ingest"):
        self.stream = stream or sys.stderr
        self.total = max(total_bytes, 1)
        self.label = label
        self.started = self.last_log = time.monotonic()
        self.count = 0
        self.bar = (
            tqdm(total=self.total, unit="B", unit_scale=True, unit_divisor=1024,
                 desc=label, file=self.stream, dynamic_ncols=True, smoothing=0.05)
            if self.stream.isatty()
            else None
        )

    def update(self, count: int, bytes_done: int) -> None:
        self.count = count
        if self.bar is not None:
            self.bar.update(max(bytes_done - self.bar.n, 0))
            rate = count / max(time.monotonic() - self.started, 1e-9)
            self.bar.set_postfix_str(f"{count:,} files, {rate:,.0f}/s", refresh=False)
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_EVERY_S:
            self.last_log = now
            print(self.line(bytes_done, now), file=self.stream, flush=True)

    def line(self, bytes_done: int, now: float) -> str:
        elapsed = now - self.started
        fraction = min(bytes_done / self.total, 1.0)
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else float("nan")
        return (
            f"{self.label}: {self.count:,} files, {self.count / max(elapsed, 1e-9):,.0f}/s, "
            f"{fraction:.0%} of input, elapsed {elapsed:,.0f} s, ETA {eta:,.0f} s"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        else:
            now = time.monotonic()
            print(self.line(self.total, now).replace(", ETA 0 s", ""), file=self.stream, flush=True)
