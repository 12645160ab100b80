"""The command line's own words in Simplified Chinese: `--help`, click's usage errors, a
data file that cannot be read and the doctor's look at it, at 80 columns in terminal cells;
English help stays click's own output."""

from __future__ import annotations

import pytest

from netquest import i18n
from netquest.text import cell_width

WIDTH = 80


def _new_process() -> None:
    """What a fresh `netquest` knows before it reads the data file: nothing of its setting."""
    i18n.use(None)
    i18n.reset()


def _fits(text: str, path=None) -> None:
    assert text.strip()
    for line in text.splitlines():
        # A path is the user's: a line naming a long one is as long as the path makes it.
        shown = line.replace(str(path), "PATH") if path is not None else line
        assert cell_width(shown) <= WIDTH, f"{cell_width(shown)} cells: {line!r}"


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.fixture
def zh(run):
    """A data file whose `language` setting is zh-CN, in a locale that says English."""
    assert run("init", "--starter")[0] == 0
    assert run("settings", "language", "zh-CN")[0] == 0
    _new_process()
    return run


def test_the_top_level_help_is_chinese_and_fits(zh):
    code, out, err = zh("--help")
    assert code == 0 and err == ""
    assert out.startswith("用法：netquest [OPTIONS] [COMMAND] [ARGS]...\n")
    assert "把拓展人脉变成每天的游戏" in out
    assert "\n选项：\n" in out and "\n命令：\n" in out
    assert "  -h, --help  显示此帮助并退出。" in out
    assert "  checkin       为 QUEST 打卡（任务的 id，或 id、标题的开头）。" in out
    assert "Show this message" not in out and "Usage:" not in out
    # every command has its one-line summary in Chinese, cut on a cell boundary
    commands = out.split("\n命令：\n")[1].splitlines()
    assert len(commands) == 25 and all(_chinese(line) for line in commands)
    _fits(out)


def test_a_subcommands_help_is_chinese_and_fits(zh):
    code, out, err = zh("people", "add", "--help")
    assert code == 0 and err == ""
    assert out.startswith("用法：netquest people add [OPTIONS] NAME\n")
    assert "添加联系人，并打印添加了谁以及其 id。" in out
    assert "--where TEXT" in out and "你从哪里认识他们" in out
    assert "[默认：text]" in out
    _fits(out)
    code, out, _ = zh("checkin", "--help")
    assert "计入目标的次数。 [默认：1]" in out
    _fits(out)


def test_help_follows_the_locale_when_the_setting_is_system(run, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    _new_process()
    code, out, _ = run("quest", "--help")
    assert code == 0 and out.startswith("用法：netquest quest [OPTIONS] COMMAND [ARGS]...")
    assert "添加、修改、归档和列出任务。" in out
    _fits(out)


def test_english_help_is_clicks_own_and_comes_back_after_chinese(run):
    code, english, _ = run("checkin", "--help")
    assert code == 0
    assert english.startswith("Usage: netquest checkin [OPTIONS] QUEST\n\n"
                              "  Check in QUEST (an id, or the start of its id or title).\n\n"
                              "Options:\n")
    assert "  -c, --count INTEGER  How many toward the target.  [default: 1]\n" in english
    assert english.endswith("  -h, --help           Show this message and exit.\n")
    run("settings", "language", "zh-CN")
    _new_process()
    assert run("checkin", "--help")[1].startswith("用法：")
    run("settings", "language", "en")
    _new_process()
    assert run("checkin", "--help")[1] == english


@pytest.mark.parametrize(
    "args, said",
    [
        (("checkin",), "netquest: 缺少参数 'QUEST'。（见 `netquest checkin --help`）"),
        (("nosuch",), "netquest: 没有命令 'nosuch'。（见 `netquest --help`）"),
        (("chekin", "x"), "netquest: 没有命令 'chekin'。你是不是想用 'checkin'？"
                          "（见 `netquest --help`）"),
        (("summary", "--bogus"), "netquest: 没有选项 '--bogus'。（见 `netquest summary --help`）"),
        (("summary", "--periodd", "week"),
         "netquest: 没有选项 '--periodd'。你是不是想用 '--period'？"
         "（见 `netquest summary --help`）"),
        (("vacation",), "netquest: 缺少选项 '--from'。（见 `netquest vacation --help`）"),
        (("summary", "--format", "xx"),
         "netquest: '--format' 的值无效：'xx' 不是 'text', 'json', 'markdown' 之一。"
         "（见 `netquest summary --help`）"),
    ],
)
def test_clicks_usage_errors_are_one_chinese_line(zh, args, said):
    code, out, err = zh(*args)
    assert code == 2 and out == ""
    assert err == said + "\n"
    # One line, so as long as click's message makes it: never wider than the English one,
    # and within 80 cells whenever the English is.
    zh("settings", "language", "en")
    _new_process()
    english = zh(*args)[2]
    assert english.startswith("netquest: ") and not _chinese(english)
    assert cell_width(err) <= max(WIDTH, cell_width(english))


def test_usage_errors_in_a_chinese_locale_without_a_data_file(run, monkeypatch, cli_env):
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    _new_process()
    code, out, err = run("checkin")
    assert code == 2 and out == ""
    assert err == "netquest: 缺少参数 'QUEST'。（见 `netquest checkin --help`）\n"
    assert not cli_env.exists()  # reading the language setting made no data file


def test_english_usage_errors_keep_their_words(run):
    code, _, err = run("checkin")
    assert code == 2
    assert err == "netquest: Missing argument 'QUEST'. (see `netquest checkin --help`)\n"


@pytest.fixture
def cut_short(run, cli_env, monkeypatch):
    """A data file cut short mid-write, in a Chinese locale (its own setting cannot be read)."""
    assert run("init", "--starter")[0] == 0
    data = cli_env.read_bytes()
    cli_env.write_bytes(data[:100])
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    _new_process()
    return cli_env


def test_a_data_file_cut_short_is_one_chinese_line(run, cut_short):
    before = cut_short.read_bytes()
    code, out, err = run("summary")
    assert code == 1 and out == ""
    assert err == (f"netquest: {cut_short}：被截断了（JSON 在第 100 个字符后中断）；文件未改动"
                   f"（还没有备份）\n")
    _fits(err, cut_short)
    assert cut_short.read_bytes() == before


def test_doctor_on_a_damaged_file_speaks_chinese(run, cut_short):
    code, out, err = run("doctor")
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert lines[0] == f"数据文件：{cut_short}"
    assert lines[1].startswith(f"  损坏 {cut_short}：被截断了")
    assert "BAD" not in out and "cut short" not in out
    _fits(out, cut_short)


def test_doctor_on_a_sound_file_speaks_chinese(zh, cli_env):
    code, out, _ = zh("doctor")
    assert code == 0
    assert "  正常 可以作为 NetQuest 数据读取，数据格式第 " in out
    assert "  正常 每条记录都符合数据格式：0 次打卡（最后序号 0），6 个任务、0 次跳过、" in out
    assert "  正常 已根据全部历史重新生成进展检查点" in out or "进展检查点" in out
    assert " ok " not in out and "writable" not in out


def test_a_hostile_remote_is_refused_in_chinese():
    from netquest.services.sync_form import FORMAT, BadRemote, state_from_files

    i18n.use("zh-CN")
    with pytest.raises(BadRemote) as refused:
        state_from_files({"FORMAT": b"something else\n"})
    assert str(refused.value) == "不是 NetQuest 的同步历史（没有第 1 版的 FORMAT 文件）"
    with pytest.raises(BadRemote) as refused:
        state_from_files({"FORMAT": FORMAT, "quests.jsonl": b'["x", "y"]\n'})
    assert str(refused.value) == "quests.jsonl：第 1 行必须是 [合并 id, 时间, 字段]"


def test_wrapped_help_never_starts_a_line_with_closing_or_ends_one_with_opening_punctuation():
    from netquest.cli.helptext import wrap_cells

    text = "数据文件（默认：NETQUEST_DB 或用户数据文件夹）。"
    for width in range(12, 40):
        lines = wrap_cells(text, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        for line in lines:
            assert cell_width(line) <= width, (width, lines)
            assert not line.startswith(tuple("，。、：；！？）」』》")), (width, lines)
            assert not line.endswith(tuple("（「『《")), (width, lines)
    assert wrap_cells("导出任务（loop-csv）。", 14) == ["导出任务", "（loop-csv）。"]


def test_no_chinese_help_breaks_a_line_at_its_punctuation(zh):
    for args in (("export",), ("quest", "add"), ("quest", "edit"), ()):
        code, out, _ = zh(*args, "--help")
        assert code == 0
        for line in out.splitlines():
            assert not line.strip().startswith(tuple("，。、：；！？）」』》")), (args, line)
            assert not line.rstrip().endswith(tuple("（「『《")), (args, line)
