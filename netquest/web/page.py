"""The page a browser opens: a terminal that textual-serve's script connects to the app.

NetQuest's own page rather than textual-serve's template, so that it loads nothing from the
internet: the terminal's font is the Roboto Mono that textual-serve ships, and the page's
load event (when the script connects) never waits on a web font host that may be out of
reach.  The script starts the app as soon as the page and its font have loaded.
"""

from __future__ import annotations

from html import escape

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NetQuest</title>
<link rel="stylesheet" href="{static}css/xterm.css">
<style>
@font-face {{
  font-family: "Roboto Mono";
  src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
}}
html, body {{ margin: 0; height: 100%; background: #0c181f; }}
body {{ font-family: "Roboto Mono", monospace; color: #e8eef2; }}
.textual-terminal {{ width: 100vw; height: 100vh; opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; }}
.note {{ position: absolute; inset: 0; display: flex; flex-direction: column;
         align-items: center; justify-content: center; gap: 1em; z-index: 10; }}
body.-first-byte .starting, .closed, #start {{ display: none; }}
body.-closed .closed {{ display: flex; background: #0c181f; }}
button {{ font: inherit; padding: 0.8em 2em; border: 0; background: #5e0ba7; color: #fff; }}
</style>
<script>
// A page the browser keeps in its back/forward cache keeps its websocket, and the tab's
// app would run on unseen until the cache drops the page.  So the page's sockets close when
// it is hidden that way (its app ends), and a page brought back from the cache starts anew.
const sockets = [];
const PageSocket = window.WebSocket;
window.WebSocket = class extends PageSocket {{
  constructor(...args) {{ super(...args); sockets.push(this); }}
}};
window.addEventListener("pagehide", (event) => {{
  if (event.persisted) sockets.forEach((socket) => socket.close());
}});
window.addEventListener("pageshow", (event) => {{ if (event.persisted) restart(); }});
</script>
<script src="{static}js/textual.js"></script>
<script>
function restart() {{ window.location.href = window.location.pathname + window.location.search; }}
// textual.js measures the terminal's cells and connects at the load event; a web font that
// arrives after that changes the cells' size and the last row falls off the page.  So it
// connects once the font is in (or has failed: then the fallback font is measured).
const connect = window.onload;
window.onload = null;
const fontIn = document.fonts.load('{font_size}px "Roboto Mono"').catch(() => null);
window.addEventListener("load", (event) => {{ fontIn.then(() => connect(event)); }});
</script>
</head>
<body>
<div class="note starting">NetQuest is starting…</div>
<div class="note closed"><div>This NetQuest tab has ended.</div>
<button type="button" onclick="restart()">Start again</button></div>
<button type="button" id="start" onclick="restart()">Start</button>
<div id="terminal" class="textual-terminal" data-session-websocket-url="{websocket}"
     data-font-size="{font_size}"></div>
</body>
</html>
"""


def page(static: str, websocket: str, font_size: int) -> str:
    """The page's HTML, with the addresses of the static files and of the websocket."""
    return PAGE.format(static=escape(static, quote=True), websocket=escape(websocket, quote=True),
                       font_size=int(font_size))
