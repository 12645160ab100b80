"""NetQuest in a web browser: `netquest serve` runs Textualize's textual-serve, and every
browser tab gets its own process of the full-screen app on the same data file.

Nothing here is imported by the command line until `serve` runs: it pulls in aiohttp.
"""
