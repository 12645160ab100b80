"""The command line's messages for the catalogue: a Babel extraction method (babel.cfg).

Babel's Python extractor finds `_("...")`; the commands' help is docstrings and `help=`
texts that click reads, so this method adds them (as click shows them, indentation gone,
the ids `netquest.cli.clicktext` looks up).  For `clicktext.py`, the module that hooks
click, it adds click's own messages, read from the installed click, so the catalogue
follows the click in use.  Only `pybabel extract` and the catalogue test import this.
"""

from __future__ import annotations

import ast
import inspect
import os

from babel.messages.extract import extract_from_file, extract_python

HELP_KEYWORDS = ("help", "short_help")


def extract(fileobj, keywords, comment_tags, options):
    """Babel's messages of a Python file, and its command help texts."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    source = fileobj.read()
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    yield from help_texts(source)
    name = getattr(fileobj, "name", "")
    if os.path.basename(str(name)) == "clicktext.py":
        yield from click_messages()


def help_texts(source: str):
    """(line, None, text, []) for each command docstring and `help=`/`short_help=` text: a
    literal, a module-level name bound to one, or an f-string made of those."""
    tree = ast.parse(source)
    names = {
        node.targets[0].id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name) and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and any(_is_command(d) for d in node.decorator_list):
            text = ast.get_docstring(node, clean=False)
            if text:
                yield node.lineno, None, inspect.cleandoc(text), []
        elif isinstance(node, ast.Call):
            for kw in node.keywords:
                text = _text(kw.value, names) if kw.arg in HELP_KEYWORDS else None
                if text:
                    yield kw.value.lineno, None, inspect.cleandoc(text), []


def _text(node: ast.expr, names: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = [_text(v.value if isinstance(v, ast.FormattedValue) else v, names)
                 for v in node.values]
        return None if None in parts else "".join(parts)
    return None


def _is_command(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("command", "group")


def click_messages():
    """Click's own messages, from the modules `clicktext.hook_click` routes."""
    import click

    from netquest.cli.clicktext import CLICK_MODULES

    folder = os.path.dirname(click.__file__)
    for name in CLICK_MODULES:
        for line, message, comments, _context in extract_from_file(
            "python", os.path.join(folder, f"{name}.py"),
            keywords={"_": None, "ngettext": (1, 2)},
        ):
            yield line, "ngettext" if isinstance(message, tuple) else "_", message, comments
