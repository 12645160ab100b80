"""The language in the app: chosen in the settings, it takes over every open screen at
once, starter quests included, while the quests a user named keep their titles."""

from __future__ import annotations

from datetime import date

from textual.widgets import Label, Select

from netquest.tui.screens.settings import SettingsScreen
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.quest_list import QuestRow
from tests.tui.conftest import make_services, open_app, settle

SIZE = (100, 30)


def titles(app) -> list[str]:
    return [row.render().plain for row in app.screen.query(QuestRow)]


async def test_switching_to_chinese_in_the_settings_translates_the_open_screens():
    services = make_services()
    services.quests.init(starter=True)
    services.quests.add("Coffee with the Rust 小组", 4, "1/week", start=date(2026, 3, 1))
    async with open_app(services, size=SIZE) as pilot:
        await settle(pilot)
        assert any("Comment on posts in your community" in t for t in titles(pilot.app))
        await pilot.press("comma")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert [v for _, v in screen.languages()] == ["system", "en", "zh-CN"]
        screen.query_one("#language", Select).value = "zh-CN"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert services.settings()["language"] == "zh-CN"
        shown = titles(pilot.app)
        assert any("在社区的帖子下留言" in t for t in shown)  # a starter quest follows
        assert any("Coffee with the Rust 小组" in t for t in shown)  # the user's stays
        day = pilot.app.screen.query_one("#day-line", Label).render()
        assert "2026年3月11日 星期三" in str(day)
        footer = {b.binding.description for b in pilot.app.screen.active_bindings.values()}
        assert "打卡" in footer and "Check in" not in footer
        # And back: the setting, not the locale, decides.
        await pilot.press("comma")
        await settle(pilot)
        pilot.app.screen.query_one("#language", Select).value = "en"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=8)
        assert any("Comment on posts in your community" in t for t in titles(pilot.app))
        footer = {b.binding.description for b in pilot.app.screen.active_bindings.values()}
        assert "Check in" in footer


def test_the_person_pages_stage_ladder_speaks_the_language():
    from netquest import i18n
    from netquest.tui.screens.person import stage_ladder

    assert stage_ladder("met", "red").plain.startswith("Want to meet › Intro asked › ")
    i18n.use("zh-CN")
    assert stage_ladder("met", "red").plain == "想认识 › 已请人引荐 › 已被引荐 › 已见面 › 保持联系"


async def test_the_person_editor_says_it_is_ready_in_the_language():
    from netquest.tui.screens.person_editor import PersonEditor

    services = make_services()
    services.set_setting("language", "zh-CN")
    async with open_app(services, size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PersonEditor(services, []))
        await settle(pilot)
        await pilot.press(*"王小明")
        await settle(pilot)
        assert str(pilot.app.screen.query_one("#error", Label).render()) == "✓ 可以保存"


async def test_a_language_without_a_catalogue_here_opens_the_settings():
    """A data file synced from a NetQuest that speaks a language this one has no catalogue
    for: English is spoken, and the settings open with that language kept as it is."""
    services = make_services()
    services.quests.init(starter=True)
    with services.writing() as s:
        s.tx.set_setting("language", "fr")
    async with open_app(services, size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#language", Select).value == "fr"
        assert screen.changes() == {}  # saving other settings leaves the language alone


async def test_switching_the_language_keeps_the_footer_fitted_to_a_narrow_terminal():
    """At 80 columns Today leaves some keys and the palette's out of its footer; a language
    switch rebuilds the keys and must leave them out again, or the footer runs off the edge."""
    from textual.widgets import Footer

    services = make_services()
    services.quests.init(starter=True)
    async with open_app(services, size=(80, 24)) as pilot:
        await settle(pilot)

        def shown() -> set[str]:
            return {b.binding.id for b in pilot.app.screen.active_bindings.values()
                    if b.binding.show}

        before = shown()
        assert "today.skip" not in before and "today.help" in before
        for language in ("zh-CN", "en"):
            await pilot.press("comma")
            await settle(pilot)
            pilot.app.screen.query_one("#language", Select).value = language
            await pilot.press("ctrl+s")
            await settle(pilot, rounds=8)
            assert isinstance(pilot.app.screen, TodayScreen)
            assert shown() == before, language
            assert not pilot.app.screen.query_one(Footer).show_command_palette


async def test_the_command_palette_speaks_the_language():
    """Textual adds the palette's key and its search field with English words of its own."""
    from textual.command import CommandInput, CommandPalette

    services = make_services()
    services.quests.init(starter=True)
    services.set_setting("language", "zh-CN")
    async with open_app(services, size=(120, 40)) as pilot:
        await settle(pilot)
        palette = [b.binding for b in pilot.app.screen.active_bindings.values()
                   if b.binding.action == "command_palette"]
        assert [(b.description, b.tooltip) for b in palette] == [("命令面板", "打开命令面板")]
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)
        assert pilot.app.screen.query_one(CommandInput).placeholder == "搜索命令…"


async def test_the_command_palette_keeps_its_english_words():
    from textual.command import CommandInput

    services = make_services()
    services.quests.init(starter=True)
    async with open_app(services, size=(120, 40)) as pilot:
        await settle(pilot)
        palette = [b.binding for b in pilot.app.screen.active_bindings.values()
                   if b.binding.action == "command_palette"]
        assert [(b.description, b.tooltip) for b in palette] == [
            ("palette", "Open the command palette")]
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert pilot.app.screen.query_one(CommandInput).placeholder == "Search for commands…"


def test_an_unlocked_achievement_in_the_toast_is_one_sentence_of_the_language():
    from netquest import i18n
    from netquest.tui.screens.dialogs import celebrate

    told = []

    class Widget:
        def notify(self, message, **kw):
            told.append((message, kw.get("title")))

    services = make_services()
    services.quests.init(starter=True)
    result = services.quests.checkin("comment")
    celebrate(Widget(), result)
    assert "🏆 First step: " in told[-1][0]
    i18n.use("zh-CN")
    celebrate(Widget(), result)
    assert "🏆 第一步：完成你的第一次打卡。" in told[-1][0].split("\n")


def test_a_data_file_deleted_under_the_app_is_said_in_the_language(tmp_path):
    from netquest import i18n
    from netquest.tui.filewatch import FileWatch

    services = make_services(tmp_path / "nq.json")
    services.quests.init(starter=True)
    watch = FileWatch(services.store)
    watch.saw(services.change_token())
    services.store.path.unlink()
    assert "was deleted or moved" in str(watch.missing())
    i18n.use("zh-CN")
    said = str(watch.missing())
    assert "was deleted" not in said and "nothing is saved" not in said, said
    assert "不会保存任何内容" in said


async def test_screens_say_they_are_loading_in_the_language(monkeypatch):
    from netquest.tui.screens.detail import QuestDetailScreen
    from netquest.tui.screens.goal import GoalScreen
    from netquest.tui.screens.stats import StatsScreen

    for screen in (GoalScreen, StatsScreen, QuestDetailScreen):
        monkeypatch.setattr(screen, "reload", lambda self: None)  # stays loading
    services = make_services()
    services.quests.init(starter=True)
    services.set_setting("language", "zh-CN")
    async with open_app(services, size=SIZE) as pilot:
        await settle(pilot)
        for screen in (GoalScreen(services), StatsScreen(services),
                       QuestDetailScreen(services, "comment")):
            pilot.app.push_screen(screen)
            await settle(pilot)
            said = [str(label.render()) for label in screen.query(Label)]
            assert "加载中…" in said and "Loading…" not in said, (type(screen), said)
            pilot.app.pop_screen()
            await settle(pilot)


async def test_the_restore_dialog_names_archived_starter_quests_in_the_language():
    from textual.widgets import OptionList

    from netquest.tui.screens.dialogs import RestoreDialog

    services = make_services()
    services.quests.init(starter=True)
    services.quests.set_archived("comment", True)
    services.set_setting("language", "zh-CN")
    async with open_app(services, size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.action_restore_quest()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RestoreDialog)
        options = screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == "在社区的帖子下留言  (每天)"
        said = [str(label.render()) for label in screen.query(Label)]
        assert "回车恢复 · esc 关闭" in said, said
