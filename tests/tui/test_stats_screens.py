"""Stats, achievements, settings and themes by keys: open and close, save and refuse, theme
files."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Label, Select

from netquest.clock import week_bounds
from netquest.services.stats import StatsView, StrengthTrend, TipBalance
from netquest.tui.screens.achievements import AchievementsScreen, BadgeTable
from netquest.tui.screens.detail import QuestDetailScreen
from netquest.tui.screens.settings import SettingsScreen
from netquest.tui.screens.stats import StatsScreen, nudge
from netquest.tui.screens.today import TodayScreen
from netquest.tui.widgets.bars import TipBars, WeekBars, column_cells
from netquest.tui.widgets.heatmap import Heatmap, ShareHeatmap, month_line
from tests.tui.conftest import make_services, midday, open_app, settle

SIZE = (100, 30)


def played():
    services = make_services()
    services.data.demo(days=60, quests=6, seed=3)
    return services


def label_text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Label).render())


def theme_file(tmp_path, name: str, text: str):
    folder = (
        tmp_path / "config" / "themes"
    )  # conftest points NETQUEST_CONFIG_DIR at tmp_path/config
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- stats
async def test_t_opens_stats_and_escape_goes_back():
    services = played()
    async with open_app(services, size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, StatsScreen)
        view = services.stats.view()
        assert screen.view == view
        assert screen.query_one(ShareHeatmap).shares == {d.day: d.share for d in view.heatmap}
        assert screen.query_one(WeekBars).weeks == view.xp_weeks
        assert len(screen.query_one(TipBars).tips) == 5
        assert len(screen.query(".trend-row")) == len(view.trends)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TodayScreen)


async def test_the_heatmaps_name_every_month_that_starts_in_view():
    services = played()
    quest = services.quests.list()[0]
    async with open_app(
        services, size=(80, 24)
    ) as pilot:  # one cell a week: names crowd each other
        await pilot.app.push_screen(QuestDetailScreen(services, quest.id))
        await settle(pilot)
        names = pilot.app.screen.query_one(Heatmap).render().plain.splitlines()[0].split()
        assert names == [
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            "Jan",
            "Feb",
            "Mar",
        ]
        await pilot.app.push_screen(StatsScreen(services))
        await settle(pilot)
        year = pilot.app.screen.query_one(ShareHeatmap)
        names = year.render().plain.splitlines()[0].split()
        assert names == [
            "Apr",
            "May",
            "Jun",
            "Jul",
            "Aug",
            "Sep",
            "Oct",
            "Nov",
            "Dec",
            "Jan",
            "Feb",
            "Mar",
        ]


def test_month_names_never_leave_out_a_month_with_room_for_its_name():
    for offset in range(0, 400, 2):
        today = date(2025, 1, 1) + timedelta(days=offset)
        for week_start in (0, 6):
            for weeks, cell in ((14, 1), (23, 1), (53, 1), (53, 2)):
                first_col = week_bounds(today, week_start)[0] - timedelta(weeks=weeks - 1)
                line = month_line(first_col, weeks, cell, weeks * cell)
                starts = [
                    (c, (first_col + timedelta(weeks=c, days=6)).strftime("%b"))
                    for c in range(weeks)
                    if (first_col + timedelta(weeks=c, days=6)).day <= 7
                ]
                shown = line.split()
                for col, name in starts:
                    if col * cell + 3 < weeks * cell - 1:  # not squeezed against the right edge
                        assert name in shown, (today, week_start, weeks, line)
                assert len(line) <= weeks * cell


async def test_a_on_stats_opens_achievements_with_every_badge():
    services = played()
    async with open_app(services, size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AchievementsScreen)
        badges = services.stats.achievement_progress()
        assert pilot.app.screen.query_one(BadgeTable).badges == tuple(badges)
        won = sum(b.unlocked for b in badges)
        assert 0 < won < len(badges)
        assert label_text(pilot.app.screen, "#achievements-count") == f"{won} of {len(badges)} won"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, StatsScreen)


async def test_achievements_and_settings_are_in_the_command_palette():
    async with open_app(played(), size=SIZE) as pilot:
        commands = {c.title: c for c in pilot.app.get_system_commands(pilot.app.screen)}
        assert {"Theme", "Settings", "Achievements", "Stats"} <= set(commands)
        commands["Achievements"].callback()
        await settle(pilot)
        assert isinstance(pilot.app.screen, AchievementsScreen)
        commands = {c.title: c for c in pilot.app.get_system_commands(pilot.app.screen)}
        commands["Settings"].callback()
        await settle(pilot)
        assert isinstance(pilot.app.screen, SettingsScreen)


def test_nudge_names_the_tip_left_out_this_month():
    def view(checkins: dict[int, int], quest_tips: tuple[int, ...]) -> StatsView:
        total = sum(checkins.values())
        tips = tuple(TipBalance(t, f"Tip {t}", checkins.get(t, 0), checkins.get(t, 0),
                                checkins.get(t, 0) / total if total else 0.0) for t in range(1, 6))
        trends = tuple(StrengthTrend(f"q{t}", "q", t, (0.5,)) for t in quest_tips)
        return StatsView(date(2026, 3, 11), 0, (), (), date(2026, 3, 1), tips, (), trends, 0)

    assert nudge(view({1: 4, 3: 0}, (1, 3))) == "No introductions asked this month."
    assert nudge(view({1: 4}, (1, 3, 4))).startswith(
        "No introductions asked this month (and 1 more tip"
    )
    assert nudge(view({1: 4, 3: 1}, (1, 3))) is None
    assert nudge(view({1: 4}, (1,))) is None  # no quest for the other tips: nothing to nudge about
    assert "Nothing logged since 01 March" in nudge(view({}, (1, 3)))


def test_columns_grow_in_eighths_and_show_any_xp():
    assert column_cells(0, 100, 2) == [" ", " "]
    assert column_cells(100, 100, 2) == ["█", "█"]
    assert column_cells(50, 100, 2) == [" ", "█"]
    assert column_cells(1, 1000, 2) == [" ", "▁"]


# -------------------------------------------------------------------------- settings
async def open_settings(pilot):
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def test_settings_save_week_start_and_theme():
    services = midday(make_services())
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#week-start", Select).value == "mon"
        assert screen.query_one("#theme", Select).value == "netquest-dark"
        screen.query_one("#week-start", Select).value = "sun"
        screen.query_one("#theme", Select).value = "netquest-light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        saved = services.settings()
        assert saved["week_start"] == "sun" and saved["theme"] == "netquest-light"
        assert (
            saved["day_start_hour"] == 0 and saved["timezone"] is None
        )  # untouched fields stay as they were
        assert pilot.app.theme == "netquest-light"
        assert services.stats.view().week_start == 6


async def test_a_bad_time_zone_shows_the_services_error_and_saves_nothing():
    services = midday(make_services())
    before = services.settings()
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#week-start", Select).value = "sun"
        await pilot.click("#timezone")
        await pilot.press(*"Mars/Olympus")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert "unknown time zone 'Mars/Olympus'" in label_text(screen, "#settings-error")
        assert services.settings() == before
        screen.query_one("#timezone", Input).value = "Europe/Berlin"
        await pilot.pause()
        assert label_text(screen, "#settings-error") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert services.settings()["timezone"] == "Europe/Berlin"
        assert services.settings()["week_start"] == "sun"


async def test_cancel_saves_nothing():
    services = midday(make_services())
    before = services.settings()
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#day-start", Select).value = 4
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TodayScreen)
        assert services.settings() == before


async def test_a_later_day_start_moves_today_back_a_day():
    services = midday(make_services())  # the clock says 09:30
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#day-start", Select).value = 10
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.today_screen.state.today == date(2026, 3, 11) - timedelta(days=1)


# ---------------------------------------------------------------------------- themes
async def test_the_saved_theme_is_used_at_start_and_not_saved_again():
    services = midday(make_services())
    services.set_setting("theme", "netquest-contrast")
    async with open_app(services, size=SIZE) as pilot:
        assert pilot.app.theme == "netquest-contrast"
        assert {"netquest-dark", "netquest-light", "netquest-contrast", "netquest-ansi"} <= set(
            pilot.app.available_themes
        )
        assert not [n for n in pilot.app._notifications if "theme" in n.message.lower()]


async def test_a_theme_picked_in_the_palette_is_saved_and_textual_ones_warn_once():
    services = midday(make_services())
    async with open_app(services, size=SIZE) as pilot:
        pilot.app.theme = "netquest-light"  # what the palette's Theme command does
        await settle(pilot)
        assert services.settings()["theme"] == "netquest-light"
        pilot.app.theme = "nord"
        await settle(pilot)
        pilot.app.theme = "gruvbox"
        await settle(pilot)
        assert services.settings()["theme"] == "netquest-light"
        warnings = [n for n in pilot.app._notifications if "session only" in n.message]
        assert len(warnings) == 1 and "nord" in warnings[0].message
        pilot.app.theme = "netquest-dark"
        await settle(pilot)
        assert services.settings()["theme"] == "netquest-dark"


async def test_no_color_starts_in_ansi_without_changing_the_saved_theme(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    services = midday(make_services())
    services.set_setting("theme", "netquest-light")
    async with open_app(services, size=SIZE) as pilot:
        assert pilot.app.theme == "netquest-ansi"
        assert pilot.app.ansi_color is True
        assert services.settings()["theme"] == "netquest-light"


async def test_a_user_theme_file_loads_and_can_be_chosen(tmp_path):
    theme_file(
        tmp_path,
        "mine.toml",
        'name = "mine"\nprimary = "#ff00aa"\n[variables]\nnq-flame = "#123456"\n',
    )
    services = midday(make_services())
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert "mine" in pilot.app.available_themes
        theme = screen.query_one("#theme", Select)
        assert "mine" in [value for _, value in theme._options]
        theme.value = "mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert pilot.app.theme == "mine"
        assert pilot.app.theme_variables["nq-flame"] == "#123456"
        assert services.settings()["theme"] == "mine"


async def test_a_broken_theme_file_is_named_in_one_notification_and_the_app_runs(tmp_path):
    broken = theme_file(tmp_path, "broken.toml", 'name = "broken"\nprimary = "not a colour"\n')
    services = midday(make_services())
    async with open_app(services, size=SIZE) as pilot:
        about = [n for n in pilot.app._notifications if "broken.toml" in n.message]
        assert len(about) == 1
        assert str(broken) in about[0].message and "primary" in about[0].message
        assert "broken" not in pilot.app.available_themes
        assert pilot.app.today_screen.state is not None  # Today loaded all the same
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        assert len([n for n in pilot.app._notifications if "broken.toml" in n.message]) == 1


def test_strength_trends_share_one_fixed_scale():
    from netquest.tui.screens.stats import strength_blocks

    assert strength_blocks([0.06, 0.06]) == "▁▁"  # low stays low, whatever the row's own range
    assert strength_blocks([0.0, 0.5, 1.0]) == "▁▅█"
    assert strength_blocks([0.82, 0.80, 0.81]) == "▇▇▇"


async def test_the_theme_menu_has_no_empty_choice_and_saving_leaves_the_theme():
    """The menu once held a blank "Loading…" line that stayed a choice; now it starts on the
    theme in use, and saving without touching it changes nothing."""
    services = played()
    before = services.settings()
    async with open_app(services, size=SIZE) as pilot:
        screen = await open_settings(pilot)
        select = screen.query_one("#theme", Select)
        assert all(str(prompt).startswith("netquest-") for prompt, _ in select._options)
        assert "theme" not in screen.changes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert services.settings() == before
