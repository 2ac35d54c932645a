"""``vcler serve``: a real subprocess serving HTTP, usage errors, and the missing-extra hint."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

import vcler
from tests.server.conftest import free_port, stop, write_config
from vcler.cli import main


@pytest.mark.network
def test_serve_runs_until_interrupted(tmp_path: Path) -> None:
    port = free_port()
    config = write_config(tmp_path, f"http://127.0.0.1:{port}", vcler.generate_key("Ed25519"))
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "vcler", "serve", "--config", str(config), "--port", str(port)],
            stdout=output,
            stderr=output,
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        assert response.status_code == 200
        assert "server" not in response.headers  # no server banner
        status_list = httpx.get(f"http://127.0.0.1:{port}/status/with-status/1", timeout=5)
        assert status_list.json()["id"] == f"http://127.0.0.1:{port}/status/with-status/1"
    finally:
        stop(process)
    assert process.returncode == 0
    assert "no [auth] in the configuration" in log.read_text()  # said once, at start


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, "https://x.example", vcler.generate_key("Ed25519"))
    assert main(["serve", "--config", str(config), "--tls-cert", "c.pem"]) == 2
    assert "--tls-cert and --tls-key go together" in capsys.readouterr().err
    assert main(["serve", "--config", str(config), "--port", "70000"]) == 2
    assert main(["serve", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "cannot read" in capsys.readouterr().err
    (tmp_path / "bad.toml").write_text('base_url = "https://x"\nextra = 1\n')
    assert main(["serve", "--config", str(tmp_path / "bad.toml")]) == 2
    assert "unknown key(s) in the configuration: extra" in capsys.readouterr().err
    # Without [auth], loopback only; several workers need a store they share.
    assert main(["serve", "--config", str(config), "--host", "0.0.0.0"]) == 2
    assert "listens only on a loopback address" in capsys.readouterr().err
    assert main(["serve", "--config", str(config), "--workers", "2"]) == 2
    assert "need a [store] they share" in capsys.readouterr().err
    assert main(["serve", "--config", str(config), "--workers", "0"]) == 2


def test_missing_extra_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec

    def without_starlette(name: str, *args: Any) -> Any:
        return None if name == "starlette" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_starlette)
    config = write_config(tmp_path, "https://x.example", vcler.generate_key("Ed25519"))
    assert main(["serve", "--config", str(config)]) == 2
    assert 'pip install "vcler[server]"' in capsys.readouterr().err


def test_importing_vcler_does_not_import_the_server_dependencies() -> None:
    code = (
        "import sys, vcler, vcler.cli, vcler.server\n"
        "vcler.cli.build_parser()\n"
        "loaded = [m for m in ('starlette', 'uvicorn') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)
