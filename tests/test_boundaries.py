"""The layers' import boundaries: rules pure → store → services → cli/tui, nothing pointing up.

- every module under `netquest/rules` (and the quest catalog) imports nothing heavy: no
  Textual, Rich, pendulum, TinyDB or click, and of NetQuest only other rules and
  `netquest.structs` (the value classes' base, which builds on the standard library alone);
- `netquest.services` never imports `netquest.tui` or `netquest.cli`;
- `netquest.cli` and `netquest.tui` reach the store only through a service.

The rules are checked by importing each module in a fresh interpreter (what it pulls in,
however indirectly); the other two by reading every `import` in the source, including
imports inside functions.  KNOWN lists the places that still reach the store directly:
a new one fails, and so does an entry that no longer does (take it off the list).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "netquest"

HEAVY = ("textual", "textual_serve", "aiohttp", "rich", "pendulum", "tinydb", "click",
         "netquest.store", "netquest.services", "netquest.tui", "netquest.cli")

# Modules of the command line and the TUI that still import the store; they should ask a
# service instead.  Empty this list; never add to it.
KNOWN: dict[str, set[str]] = {
    # A Tab reads the data file's small tables without loading the services (cli/shells.py):
    # completion must answer faster than the services can start.
    "netquest.cli.complete": {"netquest.store.glance", "netquest.store.location"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules_under(package: str) -> list[str]:
    folder = ROOT.joinpath(*package.split("."))
    return sorted(module_name(p) for p in folder.rglob("*.py"))


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(module: str) -> set[str]:
    """Every module `module`'s source imports, anywhere in the file, relative imports resolved."""
    path = ROOT.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(
                f"{target}.{a.name}" for a in node.names if is_module(f"{target}.{a.name}")
            )
    return found


def under(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


RULES = modules_under("netquest.rules") + ["netquest.catalog"]


def test_every_rules_module_is_checked():
    assert {"netquest.rules.goals", "netquest.rules.people", "netquest.rules.streaks"} <= set(RULES)


@pytest.mark.parametrize("module", RULES)
def test_rules_import_nothing_heavy(module):
    code = f"import importlib, sys; importlib.import_module({module!r}); print(sorted(sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env, cwd=ROOT)
    loaded = eval(out.stdout)  # a printed list of module names
    assert module in loaded
    assert [m for m in loaded if under(m, *HEAVY)] == []
    # and of NetQuest itself only other rules and the value classes' base: the standard
    # library is all a rule builds on
    ours = [m for m in loaded if under(m, "netquest") and not under(m, "netquest.rules", module)]
    assert ours == ["netquest", "netquest.structs"] or ours == ["netquest"]


def test_the_value_classes_base_builds_on_the_standard_library_alone():
    code = "import sys; import netquest.structs; print(sorted(sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=env, cwd=ROOT)
    loaded = eval(out.stdout)
    assert [m for m in loaded if under(m, "netquest")] == ["netquest", "netquest.structs"]
    # nor what dataclasses costs: the point of the module
    assert "dataclasses" not in loaded and "inspect" not in loaded


@pytest.mark.parametrize("module", modules_under("netquest.services"))
def test_services_never_import_the_screens_or_the_command_line(module):
    assert sorted(m for m in imports_of(module) if under(m, "netquest.tui", "netquest.cli")) == []


@pytest.mark.parametrize(
    "module", modules_under("netquest.cli") + modules_under("netquest.tui")
    + modules_under("netquest.web"))
def test_the_command_line_and_the_screens_reach_the_store_only_through_a_service(module):
    store = {m for m in imports_of(module) if under(m, "netquest.store")}
    assert sorted(store - KNOWN.get(module, set())) == []


@pytest.mark.parametrize("module", sorted(KNOWN))
def test_each_known_store_import_is_still_there(module):
    """A place that no longer reaches the store comes off KNOWN, so the list only shrinks."""
    store = (
        {m for m in imports_of(module) if under(m, "netquest.store")}
        if is_module(module)
        else set()
    )
    assert sorted(KNOWN[module] - store) == [], (
        f"{module} no longer imports these: take them off KNOWN"
    )


# ----------------------------------------------------------------------------- the shape
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80  # rules may keep a longer function: a rule reads best in one piece
SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_no_module_is_over_450_lines():
    long = {str(p.relative_to(ROOT)): n for p in SOURCES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_over_80_lines_outside_the_rules():
    long = {}
    for path in SOURCES:
        if under(module_name(path), "netquest.rules"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = lines
    assert long == {}


def _type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(module: str) -> set[str]:
    """The NetQuest modules `module` imports when it loads: imports at the top of the file
    (and in its top-level if/try blocks), not inside functions nor under TYPE_CHECKING."""
    path = ROOT.joinpath(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    statements = list(ast.parse(path.read_text(encoding="utf-8")).body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.If) and not _type_checking(node):
            statements += node.body + node.orelse
        elif isinstance(node, ast.Try):
            statements += node.body + node.orelse + node.finalbody
            statements += [s for h in node.handlers for s in h.body]
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = {f"{target}.{a.name}" for a in node.names if is_module(f"{target}.{a.name}")}
            found.update(subs or {target})
    return {m for m in found if under(m, "netquest") and is_module(m)}


def test_no_import_cycle_among_module_level_imports():
    graph = {module_name(p): module_level_imports(module_name(p)) for p in SOURCES}
    cycles, done = [], set()

    def visit(module: str, path: list[str]) -> None:
        if module in path:
            cycles.append(path[path.index(module):] + [module])
            return
        if module in done:
            return
        for target in sorted(graph.get(module, ())):
            visit(target, path + [module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])
    assert cycles == []
