"""NetQuest: networking as a daily game in the terminal."""

__version__ = "0.1.0"
