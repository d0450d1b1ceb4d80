"""Throughput under concurrent load: `wrk` against uvicorn with two workers on 127.0.0.1.

The server is the production setup (`python -m app serve --workers 2`: uvicorn workers, each on
its own SO_REUSEPORT socket; settings from ARCHIVE_* variables), started in its own process
group and stopped with it. Peak memory is
each worker's VmHWM from /proc, read just before the server is stopped.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from app import PROJECT_ROOT
from app.config import Settings

MIX_SCRIPT = Path(__file__).resolve().parent / "mix.lua"
WRK_LINE = re.compile(r"^WRK (.*)$", re.MULTILINE)
READY_SECONDS = 120  # workers import the app and open the archive
WARMUP_SECONDS = 5  # untimed wrk run: every worker loads the segmenter and the facet table


@dataclass
class LoadResult:
    seconds: float
    requests: int
    socket_errors: dict[str, int]  # connect, read, write, timeout
    non2xx: int
    latency_ms: dict[str, float]  # as wrk measured it: p50, p99
    worker_peak_mb: list[float] = field(default_factory=list)
    # CPU seconds each worker used during the timed run: shows how the connections were
    # spread over the workers
    worker_cpu_s: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.non2xx


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_")}
    env["ARCHIVE_DATA_DIR"] = str(settings.data_dir)
    env["ARCHIVE_TOKENIZER_ENGINE"] = settings.tokenizer_engine
    if settings.index_dir:
        env["ARCHIVE_INDEX_DIR"] = str(settings.index_dir)
    if settings.database_url:
        env["ARCHIVE_DATABASE_URL"] = settings.database_url
    return env


def _wait_ready(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"uvicorn exited with code {server.returncode}")
        try:
            if httpx.get(base + "/", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"uvicorn did not answer within {READY_SECONDS} s")


def _workers(parent: int) -> list[int]:
    """The worker processes uvicorn spawned (not multiprocessing's resource tracker)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return sorted(found)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wrk(base: str, paths_file: Path, seconds: int, connections: int, threads: int,
         timeout: str) -> dict[str, int]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}",
               "-s", str(MIX_SCRIPT), base, "--", str(paths_file)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = WRK_LINE.search(out)
    if match is None:
        raise RuntimeError(f"wrk printed no totals:\n{out}")
    return {k: int(v) for k, v in (pair.split("=") for pair in match[1].split())}


def run_load(settings: Settings, paths: list[str], workdir: Path, *, seconds: int = 30,
             connections: int = 32, threads: int = 2, workers: int = 2, timeout: str = "2s",
             progress=print) -> LoadResult:
    """Serve the archive with `workers` uvicorn workers and drive it with wrk over `paths`
    (cycled) for `seconds`, after an untimed warm-up run."""
    paths_file = workdir / "load-paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port),
               "--workers", str(workers), "--log-level", "warning"]
    with open(workdir / "uvicorn.log", "wb") as log:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=_server_env(settings),
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        progress(f"load: starting uvicorn with {workers} workers on {base}")
        _wait_ready(base, server)
        progress(f"load: warm-up, wrk for {WARMUP_SECONDS} s (not counted)")
        _wrk(base, paths_file, WARMUP_SECONDS, connections, threads, "30s")
        progress(f"load: wrk -t{threads} -c{connections} for {seconds} s")
        pids = _workers(server.pid)
        cpu_before = [_cpu_seconds(pid) for pid in pids]
        totals = _wrk(base, paths_file, seconds, connections, threads, timeout)
        cpu = [_cpu_seconds(pid) - before for pid, before in zip(pids, cpu_before, strict=True)]
        peaks = [_peak_mb(pid) for pid in pids]
    finally:
        _stop(server)
        progress("load: server stopped")
    return LoadResult(
        seconds=totals["duration_us"] / 1e6,
        requests=totals["requests"],
        socket_errors={k: totals[k] for k in ("connect", "read", "write", "timeout")},
        non2xx=totals["non2xx"],
        latency_ms={"p50": totals["p50_us"] / 1000, "p99": totals["p99_us"] / 1000},
        worker_peak_mb=peaks,
        worker_cpu_s=cpu,
    )


def _stop(server: subprocess.Popen) -> None:
    """Stop uvicorn and its workers: the whole process group it leads."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
