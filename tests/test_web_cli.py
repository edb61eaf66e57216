"""``archiver serve`` on the command line: options, the warning off loopback, a real server process."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from archiver.cli import main

pytest.importorskip("starlette", reason="the web extra is not installed (pip install '.[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install '.[web]')")

from webarchive import build  # noqa: E402
from webserver import serving  # noqa: E402


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "archive"
    build(root)
    return root


def test_serve_help_names_the_defaults():
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0
    assert "127.0.0.1" in r.output and "8080" in r.output and "--open" in r.output


def test_serve_without_an_archive_is_a_clear_error(tmp_path):
    r = CliRunner().invoke(main, ["--archive", str(tmp_path / "none"), "serve"])
    assert r.exit_code == 1
    assert "no archive at" in r.output


def test_serve_checks_the_port():
    r = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert r.exit_code == 2


def test_a_real_server_answers_on_loopback_and_says_where(root):
    with serving(root) as server:
        base = server.base
        with urllib.request.urlopen(base + "/api/search?q=danbury") as r:
            body = json.load(r)
            assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert body["total"] >= 1
        with pytest.raises(urllib.error.HTTPError) as bad:
            urllib.request.urlopen(base + "/?q=%22")
        assert bad.value.code == 400
        with pytest.raises(urllib.error.HTTPError) as traversal:
            urllib.request.urlopen(base + "/raw/..%2f..%2fetc%2fpasswd")
        assert traversal.value.code == 404
        err = server.stderr()
    assert f"at {base}/" in err and "warning" not in err


def test_binding_beyond_loopback_warns(root):
    with serving(root, "--host", "0.0.0.0") as server:
        with urllib.request.urlopen(server.base + "/") as r:
            assert r.status == 200
        err = server.stderr()
    assert "warning" in err and "0.0.0.0" in err and "anyone" in err
