"""Wide characters: cutting and padding count terminal cells, never split a character, and
the ellipsis lands on a cell boundary, in the text gate and in the app's rows alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netquest.text import cell_width, fit, pad
from netquest.tui.widgets.heatmap import month_line
from netquest.tui.widgets.quest_list import _cell, title_cell

MIXED = st.text(alphabet=st.sampled_from(list("ab 1-王小明会议☕🚀é\u0301")), max_size=30)


def test_cell_width_counts_wide_characters_twice():
    assert cell_width("王小明") == 6
    assert cell_width("Ana 王") == 6
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("主持或联合主持一场直播", 7, "主持或…"),  # 6 cells and the ellipsis: 7
        ("主持或联合主持一场直播", 8, "主持或…"),  # 8 would split 联: it stops a cell short
        ("Share 独立开发者 group", 10, "Share 独…"),
        ("Share 独立开发者 group", 9, "Share 独…"),
        ("王小明", 6, "王小明"),
        ("王小明", 5, "王小…"),
    ],
)
def test_fit_cuts_on_a_character_and_cell_boundary(text, width, expected):
    assert fit(text, width) == expected
    assert cell_width(fit(text, width)) <= width


@given(MIXED, st.integers(min_value=1, max_value=40))
def test_fit_and_pad_never_overflow_and_never_split(text, width):
    cut = fit(text, width)
    assert cell_width(cut) <= width
    kept = cut[:-1] if cut.endswith("…") and cut != text else cut
    assert text.startswith(kept)  # whole characters from the start, none split or replaced
    assert cell_width(pad(text, width)) == width


def test_a_row_cell_is_exactly_its_width():
    for width in range(1, 12):
        assert cell_width(_cell("每周给老同事发消息", width)) == width
        assert cell_width(_cell("逾期 3 天", width, right=True)) == width


def test_a_quest_rows_title_never_splits_a_character():
    """The app's quest rows cut a title to its column: the ellipsis follows the last whole
    character (never a space left where a wide one was halved), padding after it."""
    title = "每周给一位老同事发消息问候近况"
    for width in range(2, 20):
        cell = title_cell(title, width)
        assert cell.cell_len == width
        shown = cell.plain.rstrip()
        assert shown.endswith("…") and title.startswith(shown[:-1])
        assert cell_width(shown) >= width - 1  # at most the half of a character left blank
    assert title_cell(title, 4).plain == "每… "
    assert title_cell("Ana", 5).plain == "Ana  "


def test_month_names_of_two_cells_line_up_in_the_heatmap():
    from datetime import date

    from netquest import i18n

    i18n.use("zh-CN")
    line = month_line(date(2025, 12, 1), 20, 2, 40)
    assert "12月" in line and "1月" in line and "2月" in line and "3月" in line
    assert cell_width(line) <= 40
    # Each name starts at the cell of its month's first week: January 2026 starts in the
    # week of 29 December, five weeks (ten cells) after the first column.
    assert cell_width(line[: line.index("1月")]) == 8


def test_no_month_is_left_out_of_a_one_cell_heatmap_in_chinese():
    """"10月" takes four cells and a month may start four weeks after the one before: such a
    name, when crowded, is its number alone ("10"), never left out."""
    from datetime import date, timedelta

    from netquest import i18n

    i18n.use("zh-CN")
    for offset in range(0, 400, 3):
        first_col = date(2025, 1, 6) + timedelta(days=offset)
        first_col -= timedelta(days=first_col.weekday())
        line = month_line(first_col, 53, 1, 53)
        shown = line.split()
        for col in range(53):
            last = first_col + timedelta(weeks=col, days=6)
            if last.day <= 7 and col + 4 < 52:
                assert f"{last.month}月" in shown or str(last.month) in shown, (first_col, line)
        assert cell_width(line) <= 53
    assert "10月" in month_line(date(2025, 9, 1), 6, 2, 12)  # with room, the whole name
    i18n.use("en")
    assert month_line(date(2025, 11, 24), 53, 1, 53).split()[:3] == ["Dec", "Jan", "Feb"]
