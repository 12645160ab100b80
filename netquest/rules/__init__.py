"""The rules of the game: pure functions over plain data (no I/O, no store, no Textual).

Every function here takes dates, numbers and mappings and returns values, so the command
line, the screens and the tests all get the same answers from the same history.
"""
