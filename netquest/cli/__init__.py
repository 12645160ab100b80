"""The `netquest` command: quick check-ins and summaries from any shell, and the TUI.

The root group and `main` live in `netquest.cli.root` and load when first asked for
(`from netquest.cli import cli, main`): importing a module of this package costs nothing
more, so the quick command line (`netquest.cli.quick`) runs a check-in or a summary
without loading click.
"""

from __future__ import annotations

_ROOT = ("COMMANDS", "cli", "main", "run_tui")


def __getattr__(name: str):
    if name in _ROOT:
        from netquest.cli import root

        return getattr(root, name)
    raise AttributeError(f"module 'netquest.cli' has no attribute {name!r}")
