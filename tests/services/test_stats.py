"""Stats and achievement progress: values on small hand-built histories, and speed on a long one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netquest.services.stats import AchievementProgress, StatsView

TODAY = date(2026, 3, 11)  # a Wednesday (conftest.NOW)


def add(services, qid, tip, cadence="daily", target=1, xp=10, start=date(2026, 3, 1)):
    return services.quests.add(qid.title(), tip, cadence, target=target, xp=xp, id=qid, start=start)


def day_of(view: StatsView, day: date):
    [found] = [h for h in view.heatmap if h.day == day]
    return found


def test_heatmap_covers_a_year_up_to_today(services):
    add(services, "coffee", 4)
    view = services.stats.view()
    assert view.today == TODAY
    assert len(view.heatmap) == 366
    assert view.heatmap[-1].day == TODAY
    assert [h.day for h in view.heatmap] == [TODAY - timedelta(days=365 - i) for i in range(366)]
    # Before the quest existed nothing was due: no share at all, not 0.
    assert day_of(view, date(2026, 2, 28)) == type(view.heatmap[0])(date(2026, 2, 28), 0, 0, None)
    assert view.heatmap[0].share is None


def test_a_perfect_week_is_full_on_every_day_of_it(services):
    add(services, "coffee", 4)
    add(services, "comment", 1, target=2)
    for offset in range(7):  # Monday 2 to Sunday 8 March
        day = (date(2026, 3, 2) + timedelta(days=offset)).isoformat()
        services.quests.checkin("coffee", day=day)
        services.quests.checkin("comment", count=2, day=day)
    services.quests.checkin("comment", day="2026-03-09")  # 1 of 2: not done
    services.quests.checkin("coffee", day="2026-03-10")
    view = services.stats.view()
    week = [day_of(view, date(2026, 3, 2) + timedelta(days=k)) for k in range(7)]
    assert [(h.due, h.done, h.share) for h in week] == [(2, 2, 1.0)] * 7
    assert (day_of(view, date(2026, 3, 1)).share, day_of(view, date(2026, 3, 9)).share) == (
        0.0,
        0.0,
    )
    assert day_of(view, date(2026, 3, 10)).share == 0.5
    assert day_of(view, TODAY).share == 0.0  # due and not done yet


def test_heatmap_follows_the_due_rules_of_each_cadence_and_skips(services):
    add(services, "work", 1, "weekdays")
    add(services, "host", 2, "2/week")
    services.quests.checkin("host", day="2026-03-02")
    services.quests.checkin("host", day="2026-03-03")
    services.quests.skip("work", day="2026-03-04")
    view = services.stats.view()
    # Sunday 1 March: the weekday quest is not due, the 2/week one is (its week began on Monday 23
    # Feb).
    assert (day_of(view, date(2026, 3, 1)).due, day_of(view, date(2026, 3, 1)).done) == (1, 0)
    assert (day_of(view, date(2026, 3, 2)).due, day_of(view, date(2026, 3, 2)).done) == (2, 1)
    assert (day_of(view, date(2026, 3, 3)).due, day_of(view, date(2026, 3, 3)).done) == (2, 1)
    # Met twice this week: 2/week is no longer due; work was skipped on Wednesday.
    assert day_of(view, date(2026, 3, 4)).due == 0 and day_of(view, date(2026, 3, 4)).share is None
    assert day_of(view, date(2026, 3, 5)).due == 1
    assert day_of(view, date(2026, 3, 7)).due == 0  # Saturday, 2/week met, work not due


def test_xp_per_week_sums_to_the_xp_of_those_weeks(services):
    add(services, "coffee", 4, start=date(2025, 11, 1))
    add(services, "intro", 3, "1/week", xp=30, start=date(2025, 11, 1))
    earned = []
    for day in (
        "2025-11-20",
        "2025-12-15",
        "2025-12-16",
        "2026-02-28",
        "2026-03-01",
        "2026-03-02",
        "2026-03-11",
    ):
        earned.append((day, services.quests.checkin("coffee", day=day).xp))
    earned.append(("2026-03-09", services.quests.checkin("intro", day="2026-03-09").xp))
    view = services.stats.view()
    weeks = view.xp_weeks
    assert len(weeks) == 12
    assert weeks[-1].first == date(2026, 3, 9) and weeks[-1].last == date(2026, 3, 15)
    assert all(b.first - a.first == timedelta(days=7) for a, b in zip(weeks, weeks[1:]))
    first = weeks[0].first
    assert first == date(2025, 12, 22)
    assert sum(w.xp for w in weeks) == sum(
        xp for day, xp in earned if date.fromisoformat(day) >= first
    )
    by_week = {w.first: w.xp for w in weeks}
    assert by_week[date(2026, 2, 23)] == dict(earned)["2026-02-28"] + dict(earned)["2026-03-01"]
    assert by_week[date(2026, 3, 9)] == dict(earned)["2026-03-11"] + dict(earned)["2026-03-09"]
    assert view.xp_total == services.quests.state().xp == sum(xp for _, xp in earned)


def test_xp_weeks_begin_on_the_week_start_setting(services):
    add(services, "coffee", 4)
    services.set_setting("week_start", "sun")
    sunday = services.quests.checkin("coffee", day="2026-03-08").xp
    monday = services.quests.checkin("coffee", day="2026-03-09").xp
    weeks = services.stats.view().xp_weeks
    assert weeks[-1].first == date(2026, 3, 8) and weeks[-1].first.weekday() == 6
    assert weeks[-1].xp == sunday + monday
    assert services.stats.view().week_start == 6


def test_tip_balance_counts_this_months_check_ins_per_tip(services):
    add(services, "comment", 1, target=3, start=date(2026, 2, 1))
    add(services, "coffee", 4, start=date(2026, 2, 1))
    add(services, "intro", 3, "1/week", start=date(2026, 2, 1))
    services.quests.checkin("coffee", day="2026-02-27")  # last month: not counted
    services.quests.checkin("comment", count=3, day="2026-03-02")
    services.quests.checkin("comment", day="2026-03-03")
    services.quests.checkin("coffee", day="2026-03-03")
    services.quests.checkin("intro", day="2026-03-10")
    services.quests.set_archived("intro", True)  # archived quests still count toward their tip
    view = services.stats.view()
    assert view.month_first == date(2026, 3, 1)
    assert [t.tip for t in view.tips] == [1, 2, 3, 4, 5]
    assert {t.tip: (t.checkins, t.units) for t in view.tips} == {
        1: (2, 4),
        2: (0, 0),
        3: (1, 1),
        4: (1, 1),
        5: (0, 0),
    }
    assert [t.share for t in view.tips] == [0.5, 0.0, 0.25, 0.25, 0.0]
    assert view.tips[3].title == "Virtual coffee"


def test_tip_balance_of_an_empty_month_is_all_zero(services):
    add(services, "coffee", 4)
    assert [(t.checkins, t.share) for t in services.stats.view().tips] == [(0, 0.0)] * 5


def test_best_streaks_are_sorted_and_cut_to_top_n(services):
    add(services, "coffee", 4)
    add(services, "comment", 1)
    add(services, "intro", 3)
    for d in range(2, 8):
        services.quests.checkin("coffee", day=f"2026-03-0{d}")
    for d in (2, 3, 5):
        services.quests.checkin("comment", day=f"2026-03-0{d}")
    view = services.stats.view(top=2)
    assert [(r.quest_id, r.best, r.current, r.unit) for r in view.best_streaks] == [
        ("coffee", 6, 0, "day"), ("comment", 2, 0, "day")]


def test_strength_trend_is_weekly_and_ends_with_todays_strength(services):
    add(services, "coffee", 4, start=date(2026, 1, 1))
    for k in range(60):
        services.quests.checkin("coffee", day=(date(2026, 1, 1) + timedelta(days=k)).isoformat())
    view = services.stats.view()
    [trend] = view.trends
    assert len(trend.points) == 12
    [state] = services.quests.state().quests
    assert trend.now == pytest.approx(state.strength)
    assert all(0.0 <= p <= 1.0 for p in trend.points)
    assert trend.points[0] == 0.0  # 77 days ago, before the first check-in
    assert trend.change == pytest.approx(trend.now)


def test_achievement_progress_lists_every_badge_with_date_or_progress(services):
    from netquest.rules.achievements import ACHIEVEMENTS

    add(services, "coffee", 4)
    for d in (2, 3, 4):
        services.quests.checkin("coffee", day=f"2026-03-0{d}")
    rows = services.stats.achievement_progress()
    assert [r.id for r in rows] == [a.id for a in ACHIEVEMENTS]
    by_id = {r.id: r for r in rows}
    assert isinstance(by_id["first_coffee"], AchievementProgress)
    assert by_id["first_coffee"].unlocked_on == date(2026, 3, 2)
    assert by_id["first_coffee"].text == "unlocked 2026-03-02"
    assert by_id["coffees_10"].text == "3 of 10 coffees" and not by_id["coffees_10"].unlocked
    assert by_id["first_intro"].text == "0 of 1 check-in"


def test_stats_of_an_empty_file(services):
    view = services.stats.view()
    assert all(h.share is None for h in view.heatmap)
    assert view.best_streaks == () and view.trends == () and view.xp_total == 0
    assert sum(w.xp for w in view.xp_weeks) == 0


def test_starter_titles_follow_the_language_in_streaks_and_trends(services):
    services.quests.add("Comment on posts in your community", 1, "daily", id="comment",
                        start=date(2026, 3, 1))
    services.quests.add("我自己的任务", 1, "daily", id="mine", start=date(2026, 3, 1))
    services.quests.checkin("comment", day="2026-03-10")
    services.set_setting("language", "zh-CN")
    view = services.stats.view()
    titles = {r.quest_id: r.title for r in view.best_streaks}
    assert titles == {"comment": "在社区的帖子下留言", "mine": "我自己的任务"}
    assert {t.quest_id: t.title for t in view.trends} == titles
