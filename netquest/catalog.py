"""The fixed catalogue: the five networking tips, their advice and their starter quests."""

from __future__ import annotations

from netquest.structs import Struct

__all__ = ["StarterQuest", "TIPS", "Tip", "starter_moves_to", "starter_quests", "tip"]


class StarterQuest(Struct, frozen=True):
    """A quest offered when a player starts; `selected` ones are ticked by default."""

    id: str
    title: str
    cadence: str
    target: int
    xp: int
    selected: bool = True
    # The stage a check-in of this quest moves the people it names to (None: nobody moves).
    moves_to: str | None = None


class Tip(Struct, frozen=True):
    """One networking theme with its advice and the quests that practise it."""

    number: int
    key: str
    title: str
    advice: str
    quests: tuple[StarterQuest, ...]


def N_(text: str) -> str:
    """Marks text for the message catalogue (`netquest.i18n`): the catalogue keeps its
    English, and the wording translates it where it is shown, so the rules stay pure."""
    return text


# XP follows effort: a quick comment is worth a few points, a live session many.
# About six quests are pre-selected so a new player starts with a light load.
TIPS: tuple[Tip, ...] = (
    Tip(
        1,
        "conversation",
        N_("Join the conversation"),
        N_(
            "Find an online group for your field on a platform such as LinkedIn or Facebook and "
            "take part instead of only reading. Comment on other members' posts and open threads "
            "of your own when you have a question, a resource or an idea, after learning the "
            "group's rules so you do not promote yourself at the wrong moment. When someone's "
            "thinking matches yours, take the talk to email or a video call."
        ),
        (
            StarterQuest("comment", N_("Comment on posts in your community"), "daily", 3, 5),
            StarterQuest("thread", N_("Start a thread"), "2/week", 1, 15),
            StarterQuest(
                "offline", N_("Move a good conversation to email or a call"), "1/week", 1, 25, False
            ),
        ),
    ),
    Tip(
        2,
        "host",
        N_("Host or co-host"),
        N_(
            "Events that used to happen in person now need online speakers and hosts, so offer "
            "yourself, and if a camera feels awkward, be a guest on a podcast or a blog instead. "
            "With an audience of your own, run a live session, a workshop or a discussion with "
            "your followers or your mailing list. Close by telling people how to reach you so a "
            "one-to-one talk can follow."
        ),
        (
            StarterQuest("host", N_("Host or co-host a live session"), "1/month", 1, 60),
            StarterQuest(
                "guest", N_("Pitch yourself as a podcast or blog guest"), "2/month", 1, 40, False
            ),
            StarterQuest("speak", N_("Apply to speak at an online event"), "1/month", 1, 50, False),
        ),
    ),
    Tip(
        3,
        "intro",
        N_("Ask for introductions"),
        N_(
            "The people you already know are the shortest path to the people you want to meet. "
            "Look up mutual connections on LinkedIn and ask kindly for an introduction: many are "
            "happy to write the email. Associations you belong to and friends can also point you "
            "to contacts you should know."
        ),
        (
            StarterQuest("mutuals", N_("Look up mutual connections"), "weekdays", 1, 5, False),
            StarterQuest(
                "intro",
                N_("Ask someone for an introduction"),
                "1/week",
                1,
                30,
                moves_to="intro_asked",
            ),
            StarterQuest(
                "introduce", N_("Introduce two people who should meet"), "2/month", 1, 25, False
            ),
        ),
    ),
    Tip(
        4,
        "coffee",
        N_("Virtual coffee"),
        N_(
            "Calling it a coffee tells a stranger the video call is relaxed and open-ended, not "
            "an interview. Prepare as you would for a real café meeting: dress neatly but not "
            "formally, and choose a tidy spot, not your bed or a pile of laundry. First "
            "impressions still count on a screen."
        ),
        (
            StarterQuest(
                "coffee", N_("Invite someone to a virtual coffee"), "1/week", 1, 40, moves_to="met"
            ),
            StarterQuest(
                "prep",
                N_("Prepare for a coffee: outfit, spot and questions"),
                "1/week",
                1,
                10,
                False,
            ),
            StarterQuest(
                "followup",
                N_("Follow up after a coffee"),
                "1/week",
                1,
                15,
                False,
                moves_to="keeping_in_touch",
            ),
        ),
    ),
    Tip(
        5,
        "goal",
        N_("Know what you want"),
        N_(
            "Networking pays off when it serves a goal, whether that is exploring, finding a "
            "partner, winning clients or landing a job. Be specific about what you want from each "
            "meeting and say how people should contact you."
        ),
        (
            StarterQuest("ask", N_("Write down what you want from this week"), "1/week", 1, 15),
            StarterQuest(
                "review", N_("Review your goal and its progress"), "1/month", 1, 20, False
            ),
        ),
    ),
)

_BY_NUMBER = {t.number: t for t in TIPS}


def tip(number: int) -> Tip:
    """The tip with this number (1 to 5)."""
    try:
        return _BY_NUMBER[number]
    except (KeyError, TypeError):
        raise ValueError(f"no tip number {number!r}: tips are numbered 1 to {len(TIPS)}") from None


def starter_quests() -> list[tuple[Tip, StarterQuest]]:
    """Every starter quest with its tip, in catalogue order."""
    return [(t, q) for t in TIPS for q in t.quests]


_MISSING = object()


def starter_moves_to(quest_id: str, tip_number: int, default=_MISSING):
    """The stage a starter quest moves people to, by its id or a demo copy's ("coffee-2"),
    when it is a starter quest of `tip_number`; else `default` (ValueError when not given)."""
    base = quest_id.rsplit("-", 1)[0] if quest_id.rsplit("-", 1)[-1].isdigit() else quest_id
    for t, q in starter_quests():
        if q.id in (quest_id, base) and t.number == tip_number:
            return q.moves_to
    if default is _MISSING:
        raise ValueError(f"{quest_id!r} is not a starter quest of tip {tip_number}")
    return default
