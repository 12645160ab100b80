"""`netquest settings`: show or change the day-start hour, week start, time zone and theme."""

from __future__ import annotations

import click

import netquest.cli.complete as complete
from netquest.cli.context import Context, db_option, pass_ctx
from netquest.i18n import _, system_language
from netquest.services import SETTING_KEYS, ServiceError
from netquest.text import inert


@click.command("settings", context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("key", required=False, shell_complete=complete.setting_keys)
@click.argument("value", required=False, shell_complete=complete.setting_values)
@pass_ctx
def settings(obj: Context, key: str | None, value: str | None) -> None:
    """Show or change settings: day_start_hour, week_start, timezone, theme, language,
    sync_auto, sync_timeout.

    `netquest settings timezone system` goes back to the system's time zone."""
    def shown(k: str, value) -> str:
        if k == "timezone" and not value:
            return _("{timezone} (from the system)").format(
                timezone=inert(obj.app.base_clock.timezone))
        if k == "language" and not value:
            return _("{language} (from the system)").format(language=system_language())
        if k == "sync_auto":
            return "on" if value else "off"
        return inert(value)

    if key is None:
        current = obj.app.settings()
        for k in SETTING_KEYS:
            click.echo(f"{k} = {shown(k, current.get(k))}")
        return
    if key not in SETTING_KEYS:
        raise ServiceError(_("unknown setting {key} (known: {keys})").format(
            key=repr(key), keys=", ".join(SETTING_KEYS)))
    if value is None:
        click.echo(shown(key, obj.app.settings().get(key)))
        return
    stored = obj.app.set_setting(key, value)
    click.echo(f"{key} = {shown(key, stored)}")


