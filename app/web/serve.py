"""Serve the web app with uvicorn: one process, or several workers each on its own socket.

uvicorn's own `--workers` shares one listening socket between its workers, and each worker's
event loop accepts every connection waiting when it wakes: under a burst of keep-alive
connections one worker took them all while the other idled (0.4 s against 29.4 s of CPU in a
30-second load test). Here each worker binds its own socket with SO_REUSEPORT, and the kernel
spreads new connections over them evenly.

HTTP is parsed by httptools (C) rather than h11 (pure Python): with the pages on the event loop,
h11 was a tenth of a worker's time (the bench's load mix: 251 -> 281 requests/s). The event
loop stays asyncio's: uvloop added little more (288) and, with the machine overloaded, let a few
requests wait past wrk's 2-second timeout where asyncio's loop answered every one.
"""

import multiprocessing
import signal
import socket

import uvicorn

from app.config import Settings

SERVER = {"http": "httptools", "loop": "asyncio"}


def serve(settings: Settings, host: str, port: int, workers: int = 1, log_level: str = "info") -> None:
    if workers <= 1:
        from app.web.main import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, **SERVER)
        return
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_worker, args=(settings, host, port, log_level),
                                 name=f"web-worker-{n}") for n in range(workers)]
    for process in processes:
        process.start()

    def stop(_signum, _frame):
        for process in processes:
            if process.is_alive():
                process.terminate()  # uvicorn shuts down gracefully on SIGTERM

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for process in processes:
        process.join()


def _worker(settings: Settings, host: str, port: int, log_level: str) -> None:
    from app.web.main import create_app

    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    config = uvicorn.Config(create_app(settings), log_level=log_level, **SERVER)
    uvicorn.Server(config).run(sockets=[sock])
