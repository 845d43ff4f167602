"""The `safer` command line answers --help without starting anything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in its own process group, so a server it wrongly starts (and that server's
    workers) can be stopped together."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "safer", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.communicate(timeout=30)
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_serve_help_prints_its_usage_and_starts_nothing() -> None:
    try:
        # Port 0: were the server to start after all, it would take a free port, not a real one.
        result = run("serve", "--port", "0", "--help")
    except subprocess.TimeoutExpired:
        pytest.fail("`safer serve --help` started the server instead of printing its usage")
    assert result.returncode == 0
    assert "usage: safer serve" in result.stdout
    assert "--port" in result.stdout
    assert "serving at" not in result.stdout


def test_serve_refuses_an_unknown_option_without_starting() -> None:
    result = run("serve", "--prot", "0")
    assert result.returncode == 2
    assert "unrecognized arguments: --prot" in result.stderr


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0 and "safer serve" in result.stdout
