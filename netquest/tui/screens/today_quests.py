"""Today's keys that change a quest itself: skip a day, add, edit, archive.

A mixin of `TodayScreen`, which gives it `row`, `viewed_day`, `services` and `act`: each
key asks in a dialog where it needs to, then writes through Today's `act`.
"""

from __future__ import annotations

from functools import partial

from netquest.i18n import _
from netquest.text import inert, plain
from netquest.tui.translate import styled
from netquest.wording import dated, quest_title


class QuestKeys:
    """s, a, e and x on Today."""

    def action_skip(self) -> None:
        row = self.row
        if row is None:
            return
        qid, day, title = row.quest_id, self.viewed_day, quest_title(row.qs.quest)
        when = dated(_("{wd} {dd} {mon}"), self.viewed_day)
        # On a vacation day (every quest's skip) the services refuse, saying the vacation stays.
        said = (_("{title}: {day} counts again") if row.qs.skipped
                else _("{title}: skipped {day}; the streak is safe")).format(
                    title=inert(title), day=when)
        job = self.services.quests.unskip if row.qs.skipped else self.services.quests.skip
        self.act(partial(job, qid, day), done=lambda _r: self.notify(said, markup=False))

    def _told(self, template: str):  # a `done` callback: `template` with the quest's {title}
        return lambda q: self.notify(template.format(title=inert(q.title)), markup=False)

    def action_add(self) -> None:
        from netquest.tui.screens.editor import QuestEditor

        def added(fields) -> None:
            if fields is not None:
                self.act(partial(self.services.quests.add, fields.title, fields.tip,
                                 fields.cadence, fields.target, fields.xp,
                                 remind=fields.remind or None),
                         done=self._told(_("Added {title}")))

        self.app.push_screen(QuestEditor(self.services.quests.validate), added)

    def action_edit(self) -> None:
        row = self.row
        if row is None:
            return
        from netquest.tui.screens.editor import QuestEditor

        qid = row.quest_id

        def edited(fields) -> None:
            if fields is not None:
                self.act(partial(self.services.quests.edit, qid, title=fields.title,
                                 tip=fields.tip, cadence=fields.cadence, target=fields.target,
                                 xp=fields.xp, remind=fields.remind or "none"),
                         done=self._told(_("Saved {title}")))

        self.app.push_screen(QuestEditor(self.services.quests.validate, row.qs.quest), edited)

    def action_archive(self) -> None:
        row = self.row
        if row is None:
            return
        from netquest.tui.screens.dialogs import ConfirmDialog

        qid, title = row.quest_id, quest_title(row.qs.quest)
        question = styled(_("Archive {title}?"), title=plain(title, style="bold"))
        question.append("\n" + _("Its history stays; `netquest quest restore` brings it back."))

        def answered(yes: bool | None) -> None:
            if yes:
                self.act(partial(self.services.quests.set_archived, qid, True),
                         done=self._told(_("Archived {title}")))

        self.app.push_screen(ConfirmDialog(question, _("Archive")), answered)
