"""The command line in Simplified Chinese: the text outputs at 80 columns, every line
measured in terminal cells; what programs read (JSON) unchanged; starter quests following
the language while the quests a user named keep their titles."""

from __future__ import annotations

import json

import pytest

from netquest.text import cell_width

WIDTH = 80


@pytest.fixture
def zh(run):
    """A data file with the demo's quests and 40 days of history, a Chinese and an English
    quest of the user's own, people with Chinese and English names (some overdue), and the
    language set to zh-CN."""

    def ok(*args):
        code, out, err = run(*args)
        assert code == 0, err
        return out

    ok("demo", "--days", "40", "--quests", "8", "--seed", "3")
    ok("quest", "add", "每周给一位老同事发消息问候近况并约时间喝咖啡", "--tip", "4",
       "--cadence", "1/week", "--start", "2026-02-01")
    ok("quest", "add", "Share one useful link in the 独立开发者 group", "--tip", "1",
       "--cadence", "daily", "--target", "2", "--start", "2026-02-01")
    for name, last in (("王小明", "2026-01-02"), ("Ana Souza", "2026-01-20"),
                       ("欧阳娜娜 (Nana)", "2026-02-01"), ("李雷", "2026-01-10")):
        ok("people", "add", name, "--interval", "14", "--last-contact", last, "--stage", "met")
    ok("checkin", "intro", "--with", "王小明", "--note", "聊了产品路线图")
    ok("settings", "language", "zh-CN")
    return ok


def _fits(text: str) -> None:
    assert text.strip()
    for line in text.splitlines():
        assert cell_width(line) <= WIDTH, f"{cell_width(line)} cells: {line!r}"


@pytest.mark.parametrize(
    "args",
    [
        ("summary",),
        ("summary", "--period", "week"),
        ("summary", "--motd"),
        ("summary", "--format", "markdown"),
        ("today",),
        ("today", "--date", "2026-03-09"),
        ("status",),
        ("people",),
        ("quest", "list"),
    ],
)
def test_text_outputs_fit_80_cells(zh, args):
    out = zh(*args)
    _fits(out)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)  # it speaks Chinese


def test_summary_speaks_chinese_and_keeps_the_users_titles(zh):
    out = zh("summary")
    assert "2026年3月11日 星期三" in out
    assert "在社区的帖子下留言" in out  # a starter quest, in the language
    assert "Comment on posts in your community" not in out
    assert "每周给一位老同事发消息" in out  # the user's own titles, as given
    assert "Share one useful link in the 独立" in out  # cut on a cell boundary: 37 cells
    assert "该联系了：李雷（逾期 46 天）、Ana Souza（逾期 36 天）" in out


def test_markdown_in_chinese(zh):
    out = zh("summary", "--format", "markdown")
    assert out.startswith("# NetQuest — 2026-03-11\n")
    assert "| 任务 | 技巧 | 节奏 | 今天 | 连续 | 强度 |" in out
    assert "- **连续打卡天数**" in out


def test_json_stays_english_for_programs(zh, run):
    data = json.loads(zh("summary", "--format", "json"))
    titles = {q["id"]: q["title"] for q in data["quests"]}
    assert titles["comment"] == "Comment on posts in your community"  # as stored
    assert {a["title"] for a in data["achievements"]} >= {"First step"}
    assert data["quests"][0]["streak"]["unit"] in ("day", "week", "month", "period")


def test_an_error_is_one_chinese_line(zh, run):
    code, out, err = run("checkin", "comment", "--date", "2026-04-01")
    assert code == 2 and out == ""
    assert err == "netquest: 2026-04-01 是将来的日期（今天是 2026-03-11）\n"
    _fits(err)
    code, _, err = run("settings", "language", "fr")
    assert code == 2
    assert err == "netquest: language 必须是 en, zh-CN, system 之一，而不是 'fr'\n"


def test_the_setting_wins_over_the_locale(zh, run, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "今天" in zh("today")
    zh("settings", "language", "en")
    assert "due done" in zh("today")
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    zh("settings", "language", "system")
    assert "到期" in zh("today")
    assert zh("settings", "language").strip() == "zh-CN（来自系统）"


def test_starter_titles_follow_the_language_until_renamed(zh, run):
    assert "在社区的帖子下留言" in zh("today")
    zh("settings", "language", "en")
    assert "Comment on posts in your community" in zh("today")
    zh("quest", "edit", "comment", "--title", "Comment in the Rust forum")
    zh("settings", "language", "zh-CN")
    out = zh("today")
    assert "Comment in the Rust forum" in out and "在社区的帖子下留言" not in out


def test_english_is_unchanged(run):
    """English, the source language, never reads a catalogue: its words are the code's."""
    assert run("init", "--starter")[0] == 0
    out = run("summary")[1]
    assert "NetQuest — Wednesday 11 March 2026" in out
    assert "Comment on posts in your community" in out


def test_an_unknown_quest_is_refused_in_chinese_naming_candidates_in_one_line(zh, run, monkeypatch):
    from netquest import i18n

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    i18n.use(None)  # a new process: nothing read yet, the locale says English
    i18n.reset()
    code, out, err = run("checkin", "zzz")
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("netquest: 没有任务与 'zzz' 匹配（可选：comment, ")
    assert line.endswith("个）") and "…另有" in line  # as many ids as the width holds
    assert "Comment on posts in your community" not in err
    _fits(err)


def test_options_refused_before_the_file_is_read_are_said_in_its_language(zh, run):
    from netquest import i18n

    i18n.use(None)  # a new process
    i18n.reset()
    code, out, err = run("log", "edit", "1")
    assert code == 2 and out == ""
    assert err == "netquest: 请说明要改什么：--note、--with、--clear-with 或 --count\n"


def test_the_commands_that_change_things_say_so_in_chinese(zh, run, tmp_path):
    assert zh("log", "intro").splitlines()[0].endswith("和 王小明 · 聊了产品路线图")
    assert zh("people", "add", "张伟").startswith("已添加 张伟")
    assert zh("people", "rename", "张伟", "张大伟").startswith("已改名为 张大伟")
    assert "（更新了 0 条打卡）" in zh("people", "rename", "张大伟", "张伟")
    out = zh("people", "show", "王小明")
    assert "上次联系：" in out and "打卡（1 条）：" in out
    assert zh("undo").startswith("已撤销：请一位熟人帮忙引荐 ×1")
    assert zh("redo").startswith("已恢复：请一位熟人帮忙引荐 ×1")
    assert zh("settings", "timezone").rstrip().endswith("（来自系统）")
    code, out, err = run("export", "-o", str(tmp_path / "out.json"))
    assert code == 0 and err == f"已导出到 {tmp_path / 'out.json'}\n"
    out = zh("doctor")
    assert out.startswith("数据文件：") and ("备份（" in out or "备份：还没有" in out)
    code, out, err = run("import", str(tmp_path))
    assert code == 2 and err.startswith(f"netquest: 无法导入 {tmp_path}：它是一个文件夹")
    for text in (zh("people", "show", "王小明"),):
        _fits(text)


@pytest.mark.parametrize(
    "args, said",
    [
        (("people", "add", "王小明"), "netquest: 已经有一个叫 '王小明' 的人（"),
        (("goal", "kr", "add", "--title", "喝咖啡", "--target", "3"),
         "netquest: 一个关键结果只能统计其中一种：任务的打卡、处于某个阶段的人，或手动填写的数字"),
        (("log", "delete", "abc"), "netquest: 'abc' 不是打卡编号（`netquest log` 里的数字）"),
        (("people", "edit", "Ana", "--interval", "0"), "netquest: 间隔必须在 1 到 "),
        (("party", "sync"), "netquest: 这个数据文件不在任何小队里："),
    ],
)
def test_refusals_of_the_services_are_chinese(zh, run, args, said):
    code, out, err = run(*args)
    assert code != 0 and out == ""
    assert err.startswith(said), err
    assert len(err.splitlines()) == 1


def test_cadences_are_said_in_words_in_chinese_and_kept_as_typed_in_english(zh, run):
    out = zh("quest", "list")
    assert "每天" in out and "每周 1 次" in out and "1/week" not in out and "daily" not in out
    zh("settings", "language", "en")
    out = zh("quest", "list")
    assert "daily" in out and "1/week" in out


def test_a_field_named_in_a_refusal_is_named_in_chinese(zh, run):
    code, out, err = run("goal", "set", "--want", "  ", "--kind", "job")
    assert code == 2
    assert err == "netquest: 目标需要填写 你想要什么\n"


def test_a_data_file_that_cannot_be_written_is_said_in_chinese(zh, run, cli_env):
    import os
    import stat

    path = os.environ["NETQUEST_DB"]
    os.chmod(path, stat.S_IRUSR)
    try:
        code, out, err = run("checkin", "comment")
    finally:
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    assert code == 1
    assert "是只读的（权限 400）；没有做任何改动" in err and "（最新备份：" in err


def test_a_refusal_made_before_the_file_was_read_is_said_in_its_language(zh, run):
    from netquest import i18n

    i18n.use(None)  # a new process: the quest's fields are checked before the file is read
    i18n.reset()
    code, out, err = run("quest", "add", "测试", "--tip", "9", "--cadence", "daily")
    assert code == 2
    assert err == "netquest: 技巧编号必须是 1 到 5 的数字，而不是 9\n"


def test_sync_says_in_chinese_that_it_is_not_set_up(zh):
    assert zh("sync", "status") == "还没有设置同步：`netquest sync setup REMOTE`。\n"
    assert zh("sync", "off") == "这个数据文件没有设置过同步。\n"


def test_a_sync_that_is_not_set_up_is_refused_in_chinese(zh, run):
    code, out, err = run("sync")
    assert code == 1
    assert err == "netquest: 这个数据文件还没有设置同步：用 `netquest sync setup REMOTE` 设置\n"


def test_a_locked_data_file_is_said_wholly_in_the_language(run, cli_env, monkeypatch):
    """A check-in waits for the lock before it reads the settings, so the refusal is made in
    English and said again in Chinese afterwards: all of it, the problem too."""
    import fcntl
    import os

    from netquest import i18n
    from netquest.store.store import Store

    assert run("init", "--starter")[0] == 0
    assert run("settings", "language", "zh-CN")[0] == 0
    i18n.use(None)
    i18n.reset()  # a new process: the language is not known until the file is read
    monkeypatch.setattr(Store, "lock_timeout", 0.2)
    fd = os.open(f"{cli_env}.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, out, err = run("checkin", "comment")
    finally:
        os.close(fd)
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "被另一个 NetQuest 进程锁住了（已等待 0.2 秒）；请再试一次" in err, err
    assert "is locked by" not in err and "newest backup" not in err and "（最新备份：" in err


def test_a_count_after_and_keeps_its_space(zh, tmp_path):
    """Chinese sets numbers apart with spaces everywhere ("共 5 XP"): "和" is no exception."""
    from types import SimpleNamespace

    from netquest.cli.sync import _side

    out = tmp_path / "all.json"
    zh("export", "-o", str(out))
    assert "6 个人和 0 个目标" in zh("import", str(out))
    assert _side(SimpleNamespace(total=19, checkins=5, other=14)) == "5 条打卡和 14 项其他改动"


def test_the_systems_reason_for_a_refused_file_is_in_the_language(zh, run, tmp_path):
    missing = tmp_path / "nowhere" / "x.json"
    code, _, err = run("export", "-o", str(missing))
    assert code == 1 and err.endswith("：没有这个文件或文件夹\n") and "No such" not in err
    code, _, err = run("import", str(missing))
    assert code != 0 and "没有这个文件或文件夹" in err and len(err.splitlines()) == 1
    code, _, err = run("calendar", "-o", str(missing))
    assert code == 1 and "没有这个文件或文件夹" in err


def test_the_systems_reason_stays_the_systems_own_words_in_english(run, tmp_path):
    run("init")
    code, _, err = run("export", "-o", str(tmp_path / "nowhere" / "x.json"))
    assert code == 1 and err.endswith(": No such file or directory\n")


@pytest.mark.parametrize("cadence", ["weird", "9/week", "每天"])
def test_a_cadence_that_cannot_be_read_is_refused_in_the_language(zh, run, cadence):
    from netquest import i18n

    i18n.use(None)
    i18n.reset()  # a new process: the cadence is refused before the settings are read
    code, _, err = run("quest", "add", "新任务", "--tip", "1", "--cadence", cadence)
    assert code == 2 and len(err.splitlines()) == 1
    assert f"看不懂节奏 '{cadence}'：请用 daily、weekdays" in err, err
    assert " use " not in err and " or " not in err


def test_a_cadence_that_cannot_be_read_keeps_its_english_words(run):
    from netquest.rules.cadence import SYNTAX
    from netquest.services.errors import CADENCE_SYNTAX

    assert CADENCE_SYNTAX == SYNTAX
    run("init")
    code, _, err = run("quest", "add", "New", "--tip", "1", "--cadence", "weird")
    assert code == 2
    assert err == f"netquest: cannot read cadence 'weird': use {SYNTAX}\n"


def test_a_goals_kind_is_said_in_the_language(zh):
    zh("goal", "set", "--want", "进入一个平台团队", "--kind", "job", "--by", "2026-09-30")
    for args in (("goal",), ("goal", "list"), ("summary", "--format", "markdown")):
        out = zh(*args)
        assert "工作" in out and "job" not in out, (args, out)
