"""Widgets of the NetQuest screens, one small module per area."""
