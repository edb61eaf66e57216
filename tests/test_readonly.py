"""Reading commands work on an archive the caller cannot write (DESIGN 6).

Tests run as root, who may write anything; so the commands run in a forked child that has
dropped to ``nobody`` (the interpreter and the modules are already loaded: ``nobody`` may not be
able to read the Python installation). Nothing in the archive may change.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from archiver.cli import main
from tests.test_concurrency import make_articles

pwd = pytest.importorskip("pwd")

READERS = [
    ["search", "council"],
    ["search", "--count"],
    ["search", "--facets", "--json", "budget"],
    ["stats", "--json"],
    ["verify"],
    ["verify", "--fast"],
    ["timeline", "--by", "month", "--json"],
    ["export", "--format", "jsonl", "-o", "-"],
    ["export", "--format", "csv", "-o", "-", "council"],
]


def _nobody():
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or _nobody() is None,
    reason="dropping to another user needs root and a 'nobody' account",
)


@pytest.fixture
def shared_root():
    """A directory every user can traverse (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="archiver-ro-", dir="/tmp"))
    base.chmod(0o755)
    yield base
    for p in [base, *base.rglob("*")]:
        if not p.is_symlink():
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
    shutil.rmtree(base)


def _as_nobody(commands: list[list[str]], root: Path) -> list[tuple[int, str, str]]:
    """Run CLI commands as ``nobody`` in a forked child; return (exit code, stdout, stderr) each."""
    # Warm every lazily imported module while still root, on a throwaway copy of the archive.
    warm = root.parent / "warm"
    shutil.copytree(root, warm)
    for args in [*commands, ["show", "--json", _an_id(root)], ["show", "--text", _an_id(root)]]:
        CliRunner().invoke(main, ["--archive", str(warm), *args])
    shutil.rmtree(warm)
    user = _nobody()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, run, report through the pipe
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)
            out = []
            for args in commands:
                r = CliRunner().invoke(main, ["--archive", str(root), *args])
                out.append((r.exit_code, r.stdout, r.stderr))
            os.write(write_fd, json.dumps(out).encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return [tuple(x) for x in json.loads(data)]


def _an_id(root: Path) -> str:
    return sorted((root / "sidecars").glob("*/*.json"))[0].stem


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*")}


@needs_root
@pytest.mark.parametrize("how", ["chmod-a-w", "another-users-archive"])
def test_reading_commands_work_on_an_archive_the_caller_cannot_write(shared_root, how):
    root = shared_root / "arch"
    src = make_articles(shared_root / "in", 12)
    r = CliRunner().invoke(main, ["--archive", str(root), "add", "--no-tag", str(src)])
    assert r.exit_code == 0, r.stderr
    for p in [root, *root.rglob("*")]:  # as an archive owned by root looks to everyone else
        p.chmod(0o755 if p.is_dir() else 0o644)
    if how == "chmod-a-w":
        for p in [root, *root.rglob("*")]:
            p.chmod(p.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    before = _snapshot(root)
    article = _an_id(root)
    commands = [*READERS, ["show", article[:8]], ["show", "--raw", article]]
    results = _as_nobody(commands, root)
    for args, (code, _out, err) in zip(commands, results, strict=True):
        assert code == 0, (args, err)
        assert "readonly" not in err and "cannot lock" not in err
    assert results[1][1].strip() == "12"
    assert json.loads(results[3][1])["articles"] == 12
    assert _snapshot(root) == before  # nothing written, not even a lock file
