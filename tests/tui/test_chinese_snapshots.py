"""The screens in Simplified Chinese, at 80×24 and 120×40: onboarding, Today at mid-day,
a quest's detail, the goal, the people table and help, with Chinese titles and names among
English ones, so that wide characters are seen lining up with narrow ones."""

from __future__ import annotations

from datetime import date

from netquest.tui.screens.detail import QuestDetailScreen
from tests.tui.conftest import app_for, make_services, midday, settle, sizes
from tests.tui.goal_data import at, on_pace
from tests.tui.test_people_screens import network


def chinese(services):
    services.set_setting("language", "zh-CN")
    return services


def mixed_today():
    """The mid-day data with a Chinese quest, a mixed one, and people to reach out to."""
    services = midday(make_services())
    services.quests.add("每周给一位老同事发消息问候近况并约时间喝咖啡", 4, "1/week",
                        start=date(2026, 2, 1))
    services.quests.add("Share one link in the 独立开发者 group", 1, "daily", target=2,
                        start=date(2026, 2, 1))
    services.people.add("王小明", interval=14, last_contact="2026-02-01", stage="met")
    services.people.add("Ana Souza", interval=14, last_contact="2026-02-10", stage="met")
    return chinese(services)


async def settled(pilot):
    await settle(pilot)


@sizes
def test_onboarding_in_chinese(snap_compare, size):
    assert snap_compare(app_for(chinese(make_services())), terminal_size=size,
                        run_before=settled)


@sizes
def test_today_midday_in_chinese(snap_compare, size):
    assert snap_compare(app_for(mixed_today()), terminal_size=size, run_before=settled)


@sizes
def test_quest_detail_in_chinese(snap_compare, size):
    services = make_services()
    services.data.demo(days=400, quests=5, seed=4)
    quest = services.quests.list()[0]
    services.quests.checkin(quest.id, note="聊了 [b]home labs[/b] 和开源社区",
                            people=["王小明", "Ben Okafor"], day="2026-03-10")
    chinese(services)

    async def open_detail(pilot):
        await settle(pilot)
        await pilot.app.push_screen(QuestDetailScreen(services, quest.id))
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=open_detail)


@sizes
def test_goal_in_chinese(snap_compare, size):
    services = on_pace()
    at(services, "2026-02-16T09:00:00").goals.set(
        want="在上海找到一份 platform 团队的工作", kind="job", why="想为开发者做工具",
        ask="请介绍一位正在招聘的 engineering manager", contact=["ana.dev@example.org"],
        target_date="2026-05-31",
    )
    chinese(services)

    async def open_goal(pilot):
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(app_for(services), terminal_size=size, run_before=open_goal)


@sizes
def test_people_in_chinese(snap_compare, size):
    services = network()
    services.people.add("欧阳娜娜", where="独立开发者 meetup", tags=["产品"], stage="met",
                        interval=21, last_contact="2026-02-01")

    async def people(pilot):
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(app_for(chinese(services)), terminal_size=size, run_before=people)


@sizes
def test_help_in_chinese(snap_compare, size):
    async def help_screen(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app_for(mixed_today()), terminal_size=size, run_before=help_screen)
