"""JupyterLab (spark/bin/lab, through scripts/python.sh lab) answers only with its token, and never
starts without one."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAB = ["bash", str(ROOT / "scripts" / "python.sh"), "lab"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(url: str, token: str | None) -> int:
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def lab() -> Iterator[tuple[str, str]]:
    token = secrets.token_hex(16)
    port = free_port()
    env = {**os.environ, "JUPYTER_TOKEN": token, "JUPYTER_PORT": str(port)}
    server = subprocess.Popen(LAB, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/api/contents"
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited: {server.stderr.read().decode()[-2000:]}")
            try:
                if status(url, token) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("JupyterLab did not answer within 120 s")
            time.sleep(0.5)
        yield url, token
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_answers_with_its_token(lab: tuple[str, str]) -> None:
    url, token = lab
    assert status(url, token) == 200


@pytest.mark.parametrize("token", [None, "wrong"], ids=["no token", "a wrong token"])
def test_refuses_without_its_token(lab: tuple[str, str], token: str | None) -> None:
    url, _ = lab
    assert status(url, token) == 403


def test_never_starts_without_a_token() -> None:
    env = {name: value for name, value in os.environ.items() if name != "JUPYTER_TOKEN"}
    result = subprocess.run(LAB, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "spark: JUPYTER_TOKEN is not set: JupyterLab never runs without a token"
    )
