"""One browser tab's app: the process textual-serve starts for each tab that connects.

textual-serve talks to it over pipes (Textual's web driver), not a terminal, so it cannot
go through the bare `netquest` command, which asks for a terminal.  It runs the same app on
the same data file, with the same settings, theme and keys.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "--db":
        print("usage: python -m netquest.web.tab --db PATH", file=sys.stderr)
        raise SystemExit(2)
    from netquest.clock import Clock
    from netquest.services import NetQuest
    from netquest.services.errors import StoreError
    from netquest.text import inert

    services = NetQuest.for_file(args[1], Clock.from_env())
    try:
        startup = services.startup()  # a broken file: one line in the server's output
    except StoreError as exc:
        print(f"netquest: {inert(str(exc))}", file=sys.stderr)
        raise SystemExit(1)
    from netquest.tui.app import NetQuestApp

    NetQuestApp(services, startup=startup).run()


if __name__ == "__main__":
    main()
