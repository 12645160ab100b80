"""The Textual driver of a browser tab's app: textual-serve's web driver, and one rule more.

The server holds the other end of the app's standard input.  When that end closes without
the server asking the app to quit (the server was killed, and could stop nothing), the app
quits on its own rather than run on for no one.
"""

from __future__ import annotations

import asyncio

from textual import messages
from textual.drivers.web_driver import WebDriver

TEXTUAL_DRIVER = "netquest.web.driver:TabDriver"  # how textual-serve's pipes name it


class TabDriver(WebDriver):
    def start_application_mode(self) -> None:
        self._loop = asyncio.get_running_loop()
        super().start_application_mode()

    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():  # standard input ended: the server is gone
            asyncio.run_coroutine_threadsafe(self._app._post_message(messages.ExitApp()),
                                             loop=self._loop)
