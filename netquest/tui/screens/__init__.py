"""The screens of NetQuest: Today, onboarding, quest detail, editor, help and small dialogs.

Every screen but Today names `SCREENS_CSS` as its CSS_PATH: their styles are read when the
first of them opens, so Today's first frame parses only its own (`tui/app.tcss`).
"""

from pathlib import Path

SCREENS_CSS = str(Path(__file__).resolve().parent.parent / "screens.tcss")
