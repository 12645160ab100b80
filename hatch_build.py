"""The wheel's build hook: compile every `netquest/locale/*/LC_MESSAGES/*.po` into the `.mo`
the program reads, packed beside its source.  No `.mo` is ever committed, so the compiled
catalogue cannot drift from the `.po` it came from."""

from __future__ import annotations

import importlib.util
import os
import tempfile

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _compiler():
    """`netquest/mo.py`, loaded by path: the package itself is not installed while building."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "netquest", "mo.py")
    spec = importlib.util.spec_from_file_location("_netquest_mo", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class CatalogueHook(BuildHookInterface):
    PLUGIN_NAME = "catalogues"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout, which compiles on first use
        compile_po = _compiler().compile_po
        self._out = tempfile.TemporaryDirectory(prefix="netquest-mo-")
        locale = os.path.join(self.root, "netquest", "locale")
        for lang in sorted(os.listdir(locale)):
            folder = os.path.join(locale, lang, "LC_MESSAGES")
            if not os.path.isdir(folder):
                continue
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".po"):
                    continue
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    data = compile_po(fh.read())
                mo = os.path.join(self._out.name, f"{lang}-{name[:-3]}.mo")
                with open(mo, "wb") as fh:
                    fh.write(data)
                target = f"netquest/locale/{lang}/LC_MESSAGES/{name[:-3]}.mo"
                build_data["force_include"][mo] = target

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            out.cleanup()
