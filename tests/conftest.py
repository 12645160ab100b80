"""Fixtures shared by the service and command-line tests: a data file, a fixed clock."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from netquest.clock import Clock
from netquest.services import NetQuest
from netquest.store import Store

# Property tests check rules, not speed: a busy CI machine must not fail them on time.
settings.register_profile("netquest", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("netquest")

NOW = "2026-03-11T09:30:00"  # a Wednesday


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch, tmp_path_factory):
    """Every test starts in English whatever the tester's locale, with the language state of
    the process reset (a test that switches to Chinese must not leak into the next), and a
    catalogue cache of its own."""
    from netquest import i18n

    monkeypatch.setenv("LANGUAGE", "en")  # read before LC_ALL and LANG, which stay as they are
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache"))
    i18n.use(None)
    i18n.reset()
    yield
    i18n.use(None)
    i18n.reset()


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    """A store in memory and one on disk: every service test runs on both."""
    if request.param == "memory":
        return Store(memory=True)
    return Store(tmp_path / "nq.json")


@pytest.fixture
def clock():
    return Clock(timezone="UTC", fixed_now=NOW)


@pytest.fixture
def services(store, clock):
    return NetQuest(store, clock)


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """Environment for running the command line in-process on a temporary data file."""
    db = tmp_path / "data" / "netquest.json"
    monkeypatch.setenv("NETQUEST_DB", str(db))
    monkeypatch.setenv("NETQUEST_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    return db


@pytest.fixture
def run(cli_env, capsys):
    """Run `netquest ARGS...` in-process; returns (exit code, stdout, stderr)."""
    from netquest.cli import main

    def _run(*args: str):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return _run
