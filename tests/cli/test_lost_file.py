"""A data file that is gone while its backups are still there: every command says so and how
to bring it back, instead of showing an empty game and advising a fresh start over it."""

from __future__ import annotations


def lose_file(run, cli_env) -> str:
    assert run("init", "--starter")[0] == 0
    assert run("checkin", "coffee")[0] == 0  # the day's first write backs the file up
    cli_env.unlink()
    backups = sorted(p.name for p in (cli_env.parent / "backups").iterdir())
    assert len(backups) == 1
    return backups[0]


def test_doctor_does_not_call_a_lost_file_ok(run, cli_env):
    name = lose_file(run, cli_env)
    code, out, err = run("doctor")
    assert code == 1
    assert "no data file yet" not in out
    assert "has backups" in out and f"netquest doctor --restore {name}" in out


def test_commands_on_a_lost_file_say_backups_exist(run, cli_env):
    name = lose_file(run, cli_env)
    for args in (("summary",), ("today",), ("log",)):
        code, out, err = run(*args)
        assert code == 0, args
        assert len(err.splitlines()) == 1 and f"netquest doctor --restore {name}" in err, args
        assert "does not exist" in err


def test_restore_onto_a_lost_file_does_not_claim_a_backup_was_made(run, cli_env):
    name = lose_file(run, cli_env)
    code, out, err = run("doctor", "--restore", name)
    assert code == 0 and err == ""
    assert "backed up first" not in out and "Restored" in out
    code, out, err = run("summary")
    assert code == 0 and err == "" and "No quests yet" not in out


def test_a_fresh_data_file_says_nothing_of_backups(run, cli_env):
    code, out, err = run("summary")
    assert code == 0 and err == ""
    code, out, err = run("doctor")
    assert code == 0 and "no data file yet" in out


def test_restore_without_a_name_lists_the_backups_to_choose_from(run, cli_env):
    name = lose_file(run, cli_env)
    code, out, err = run("doctor", "--restore")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert f"netquest doctor --restore {name}" in err and "requires an argument" not in err
    assert not cli_env.exists()  # nothing restored without being named
