"""Run ``archiver serve`` in a subprocess, as a user would, for the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 60.0
# Debian's chromium, headless, with nothing that reaches for the network (this machine has none).
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A running ``archiver serve``: its base URL and what it wrote on stderr so far."""

    def __init__(self, base: str, log) -> None:
        self.base = base
        self._log = log

    def stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")


@contextmanager
def serving(root: Path, *extra: str) -> Iterator[Server]:
    """Start ``archiver --archive ROOT serve --port P``; yield the server; stop it after.

    stderr goes to a file, not a pipe: the access log of a long browser test would fill a pipe
    nobody reads, and the server would block on it.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "archiver", "--archive", str(root), "serve", "--port", str(port), *extra]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    server = Server(base, log)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"archiver serve exited: {server.stderr()}")
            try:
                with urllib.request.urlopen(base + "/static/style.css", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError("archiver serve did not start in time") from None
                time.sleep(0.1)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
