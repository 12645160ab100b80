"""A click group that imports a command's module only when the command is needed.

Click's documented "lazy loading of subcommands" pattern: the group knows each command's
name and where it lives (`"netquest.cli.people:people"`), and imports that module when the
command runs, when `--help` lists it, or when a Tab completes inside it.  `netquest summary`
thus never loads the people, goal, log or transfer commands.
"""

from __future__ import annotations

import sys

import click

from netquest.cli.clicktext import Context, use_context


class LazyGroup(click.Group):
    """A group whose commands are named up front and imported on first use."""

    context_class = Context  # help in the user's language (netquest.cli.clicktext)

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands and cmd_name not in self.commands:
            self.add_command(self._load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as error:
            # Click suggests from the commands loaded so far; here none are until one runs,
            # so offer every name the group knows ("Did you mean 'checkin'?").
            known = self.list_commands(ctx)
            raise click.NoSuchCommand(error.command_name or "", possibilities=known,
                                      ctx=ctx) from None

    def _load(self, cmd_name: str) -> click.Command:
        module_name, _, attr = self.lazy_commands[cmd_name].partition(":")
        # `__import__` (the import statement's path) rather than importlib.import_module, so
        # that `python -X importtime` reports the command's module like any other.
        __import__(module_name)
        command = getattr(sys.modules[module_name], attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
        use_context(command)
        return command
