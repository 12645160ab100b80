"""Conversations that serve the goal: the card to read before one, and logging one after.

The use cases behind `netquest goal card` and the conversation screen.  A conversation is
logged as a check-in naming the person, on a virtual-coffee quest (the catalog's tip 4).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

from netquest.i18n import N_, _
from netquest.services.errors import ServiceError
from netquest.services.goal_docs import focused_in, stage
from netquest.services.goal_fields import check_text
from netquest.services.inputs import MAX_TITLE
from netquest.services.people_model import match_person
from netquest.services.views import ConversationCard

if TYPE_CHECKING:
    from netquest.services.core import NetQuest

COFFEE_TIP = 4

# Questions for a conversation, by the kind of goal: open, specific, and easy to answer.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "explore": (
        N_("What does a normal week in your work look like?"),
        N_("What surprised you most when you started in this field?"),
        N_("Which problem in your area would you love someone to solve?"),
        N_("Who else should I talk to, to understand this space better?"),
        N_("What would you read or follow if you were starting today?"),
    ),
    "partner": (
        N_("What are you building right now, and what is missing to get there?"),
        N_("How do you like to split work with someone you collaborate with?"),
        N_("What made your best past partnership work?"),
        N_("Which skills would you most want beside yours on a project?"),
        N_("Who do you know that is looking for a partner like me?"),
    ),
    "clients": (
        N_("What is the hardest part of your work this quarter?"),
        N_("How do you usually find outside help when you need it?"),
        N_("What did you wish a past supplier had done differently?"),
        N_("What would make a first small project with someone new feel safe?"),
        N_("Who else in your circle struggles with the same problem?"),
    ),
    "job": (
        N_("How did you find your way into your current team?"),
        N_("What does your team look for that is not written in the job posts?"),
        N_("What does a great first six months look like in a role like yours?"),
        N_("Which teams or companies do you admire in this area, and why?"),
        N_("Would you be open to introducing me to someone who is hiring?"),
    ),
    "learn": (
        N_("What was the most useful thing you learned in your first year doing this?"),
        N_("Which mistake do beginners in this topic make most often?"),
        N_("How do you keep learning in your field now?"),
        N_("Is there a small project you would suggest to practise this?"),
        N_("Who taught you the most, and how did you meet them?"),
    ),
    "other": (
        N_("What are you most excited about at the moment?"),
        N_("What is one thing I could help you with?"),
        N_("What is something you changed your mind about recently?"),
        N_("Who is someone you think I should meet?"),
        N_("How do you like to stay in touch with people you meet?"),
    ),
}


class ConversationServices:
    """The conversation card and the conversation log."""

    def __init__(self, root: NetQuest) -> None:
        self.root = root

    def card(self, person_name: str) -> ConversationCard:
        """What I want and ask, and three questions for `person_name` picked by the goal's kind."""
        person = check_text(N_("a name"), person_name, MAX_TITLE)
        if not person:
            raise ServiceError(_("name the person you are about to talk with"))
        with self.root.reading() as s:
            doc = focused_in(s.tx)
            known_stage = None
            try:
                known = match_person(s.tx.all("people"), person)  # as a check-in would find them
            except ServiceError:
                known = None  # could be several people: the card keeps the name as typed
            if known is not None:
                person, known_stage = known.get("name") or person, stage(known.get("stage"))
        goal = doc or {}
        kind = goal.get("kind", "explore")
        bank = QUESTIONS.get(kind, QUESTIONS["other"])
        # The same person gets the same questions each time; different people get a mix.
        first = zlib.crc32(person.lower().encode("utf-8")) % len(bank)
        questions = [_(bank[(first + i) % len(bank)]) for i in range(3)]
        return ConversationCard(
            person=person, goal_id=doc["id"] if doc else None, want=goal.get("want", ""),
            kind=kind, ask=goal.get("ask", ""), contact=dict(goal.get("contact") or {}),
            questions=questions, stage=known_stage,
        )

    def log(self, person: str, note: str = "", quest_ref: str | None = None):
        """Log a conversation as a check-in naming `person`, on a virtual-coffee quest by default.

        The default quest is the first tip-4 quest serving the focused goal, else the first
        tip-4 quest.  Returns the CheckinResult.
        """
        person = check_text(N_("a name"), person, MAX_TITLE)
        if not person:
            raise ServiceError(_("name the person you talked with"))
        if quest_ref is None:
            with self.root.reading() as s:
                focused = focused_in(s.tx)
                coffee = [q for q in self.root.quests.list_in(s) if q.tip == COFFEE_TIP]
            serving = [q for q in coffee if focused is not None and q.goal == focused["id"]]
            chosen = (serving or coffee)[:1]
            if not chosen:
                raise ServiceError(
                    _("no virtual-coffee quest (tip 4) to log a conversation on: add one with "
                      "`netquest quest add TITLE --tip 4 --cadence 1/week` or name a quest")
                )
            quest_ref = chosen[0].id
        return self.root.quests.checkin(quest_ref, note=note or "", people=[person])
