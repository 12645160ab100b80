"""The commands that touch whole files: import, export -o, doctor; and what a refused command
leaves behind."""

from __future__ import annotations

import codecs
import json
import os
import stat
import subprocess
import sys

import pytest

from netquest.store import Store
from netquest.store.storage import MAX_FILE_BYTES

from .test_odd_files import CHILD, ROOT, deep_file, huge_number_file


def starter(run) -> None:
    code, _, err = run("init", "--starter")
    assert code == 0, err


def one_line_error(err: str) -> str:
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and "(None)" not in err
    return err


def test_import_backs_up_the_file_first_even_when_todays_backup_exists(run, cli_env, tmp_path):
    starter(run)
    run("checkin", "coffee")
    assert run("checkin", "coffee")[0] == 0  # this write made today's daily backup
    backups = cli_env.parent / "backups"
    daily = sorted(os.listdir(backups))
    assert len(daily) == 1
    code, out, _ = run("export", "-o", str(tmp_path / "old.json"))
    assert code == 0
    run("checkin", "coffee", "--note", "made today before the import")
    before = cli_env.read_bytes()
    code, out, err = run("import", str(tmp_path / "old.json"))
    assert code == 0, err
    extra = sorted(set(os.listdir(backups)) - set(daily))
    assert extra == ["netquest.json-2026-03-11-2.json"]
    assert (backups / extra[0]).read_bytes() == before
    assert f"netquest doctor --restore {extra[0]}" in out
    code, out, _ = run("doctor", "--restore", extra[0])
    assert code == 0
    assert "made today before the import" in run("export")[1]


def test_a_refused_import_writes_no_backup(run, cli_env, tmp_path):
    starter(run)
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert run("import", str(bad))[0] == 2
    assert not (cli_env.parent / "backups").exists()


@pytest.mark.parametrize(
    "data, words",
    [(deep_file(), "nested too deeply"), (huge_number_file(), "number too long")],
    ids=["deep", "huge"],
)
def test_a_deep_or_huge_import_is_one_line_and_exit_2(run, cli_env, tmp_path, data, words):
    starter(run)
    before = cli_env.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "netquest-export", "version": 1, "data": {"x": %s}}' % data)
    code, _, err = run("import", str(bad))
    assert code == 2 and words in one_line_error(err) and str(bad) in err
    assert cli_env.read_bytes() == before


@pytest.mark.parametrize(
    "data, words",
    [
        (deep_file(), "nested too deeply"),
        (deep_file(900), "nested too deeply"),
        (huge_number_file(), "number too long"),
    ],
    ids=["deep", "deep-900", "huge"],
)
def test_a_deep_or_huge_data_file_is_one_line_and_exit_1(run, cli_env, data, words):
    """900 levels parse, then failed deeper in a command while doctor said ok: both now refuse
    it."""
    cli_env.parent.mkdir(parents=True)
    cli_env.write_bytes(data)
    for args in (["summary"], ["checkin", "coffee"], ["export"]):
        code, _, err = run(*args)
        assert code == 1 and words in one_line_error(err) and str(cli_env) in err
    code, out, _ = run("doctor")
    assert code == 1 and words in out
    assert cli_env.read_bytes() == data


def test_an_import_file_that_is_not_regular_or_too_large_is_refused(run, cli_env, tmp_path):
    starter(run)
    before = cli_env.read_bytes()
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "folder.json").mkdir()
    for name, words in (("huge.json", "more than the 256 MB"), ("zero.json", "character device"),
                        ("folder.json", "directory")):
        code, _, err = run("import", str(tmp_path / name))
        assert code == 2 and words in one_line_error(err), err
    assert cli_env.read_bytes() == before


def test_importing_a_fifo_does_not_hang(run, cli_env, tmp_path):
    starter(run)
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    env = dict(os.environ)
    proc = subprocess.run([sys.executable, "-c", CHILD, "import", str(fifo)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=30, check=False)
    assert proc.returncode == 2 and "named pipe" in one_line_error(proc.stderr)


def test_import_reads_a_file_with_a_byte_order_mark(run, cli_env, tmp_path):
    starter(run)
    code, text, _ = run("export")
    exported = tmp_path / "bom.json"
    exported.write_bytes(codecs.BOM_UTF8 + text.encode())
    code, out, err = run("import", str(exported))
    assert code == 0 and "Imported" in out, err


def test_export_refuses_to_write_over_the_data_file_by_any_name(run, cli_env, tmp_path):
    starter(run)
    before = cli_env.read_bytes()
    (tmp_path / "link.json").symlink_to(cli_env)
    os.link(cli_env, tmp_path / "hard.json")
    for target in (
        cli_env,
        tmp_path / "link.json",
        tmp_path / "hard.json",
        cli_env.parent / ".." / "data" / "netquest.json",
        cli_env.parent / "netquest.json.lock",
    ):
        code, _, err = run("export", "-o", str(target))
        assert code == 2 and "is the data file" in one_line_error(err), target
    assert cli_env.read_bytes() == before
    assert (tmp_path / "link.json").is_symlink()


def test_export_writes_a_new_file_private_and_whole(run, cli_env, tmp_path):
    starter(run)
    old = os.umask(0o022)
    try:
        code, _, err = run("export", "-o", str(tmp_path / "out.json"))
    finally:
        os.umask(old)
    assert code == 0, err
    out = tmp_path / "out.json"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["format"] == "netquest-export"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    out.chmod(0o640)  # a file the user already has keeps the mode they gave it
    assert run("export", "--format", "csv", "-o", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640 and out.read_text().startswith("day,quest")


def test_a_refused_checkin_on_a_new_path_creates_nothing(run, cli_env, monkeypatch, tmp_path):
    db = tmp_path / "new" / "deeper" / "nq.json"
    monkeypatch.setenv("NETQUEST_DB", str(db))
    code, _, err = run("checkin", "no-such-quest")
    assert code == 2
    assert not (tmp_path / "new").exists()
    code, _, err = run("init")
    assert code == 0 and db.exists(), err


def test_a_read_only_data_file_is_refused_by_every_write(run, cli_env):
    starter(run)
    cli_env.chmod(0o400)
    before = cli_env.read_bytes()
    for args in (["checkin", "coffee"], ["quest", "add", "X", "--tip", "1", "--cadence", "daily"]):
        code, _, err = run(*args)
        assert code == 1 and "is read-only (mode 400); nothing was changed" in one_line_error(err)
    assert cli_env.read_bytes() == before and stat.S_IMODE(cli_env.stat().st_mode) == 0o400
    assert run("summary")[0] == 0


def test_doctor_accepts_a_byte_order_mark_and_advises_no_restore(run, cli_env):
    starter(run)
    run("checkin", "coffee")
    cli_env.write_bytes(codecs.BOM_UTF8 + cli_env.read_bytes())
    code, out, _ = run("doctor")
    assert code == 0, out
    assert "byte order mark" in out and "BAD" not in out and "Restore" not in out
    assert run("checkin", "coffee")[0] == 0
    assert not cli_env.read_bytes().startswith(codecs.BOM_UTF8)


def test_doctor_on_a_fifo_says_what_it_is_and_advises_no_restore(run, cli_env):
    starter(run)
    run("checkin", "coffee")
    run("checkin", "coffee")  # a backup exists
    cli_env.unlink()
    os.mkfifo(cli_env)
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "doctor"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (
        proc.returncode == 1
        and "named pipe" in proc.stdout
        and "Restore the newest" not in proc.stdout
    )


def test_doctor_never_restores_a_same_stem_files_backup(run, cli_env):
    starter(run)
    run("checkin", "coffee")
    other = Store(cli_env.with_suffix(".db"))
    for _ in range(2):
        with other.transaction() as tx:
            tx.set_setting("initialized", True)
            tx.add_checkin("coffee", "2026-03-10", 1, 10, 0, "2026-03-10T10:00:00Z")
    theirs = [p.name for p in other.backups()]
    assert theirs and all(n.startswith("netquest.db-") for n in theirs)
    code, out, _ = run("doctor")
    assert not any(n in out for n in theirs)
    code, _, err = run("doctor", "--restore", theirs[0])
    assert code == 2 and "is not a backup of" in err


def test_export_refuses_to_write_over_a_backup_of_the_data_file(run, cli_env):
    starter(run)
    assert run("checkin", "comment")[0] == 0  # the day's first write makes a backup
    (backup,) = (cli_env.parent / "backups").iterdir()
    before = backup.read_bytes()
    code, out, err = run("export", "-o", str(backup))
    assert code == 2 and out == "" and "backup" in one_line_error(err)
    assert backup.read_bytes() == before  # still restorable
    assert run("doctor", "--restore", backup.name)[0] == 0
