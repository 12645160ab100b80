"""The language NetQuest speaks: stdlib gettext over the catalogues in `netquest/locale/`.

`_`, `ngettext` and `pgettext` translate; `N_` only marks text that is translated later,
where it is shown (the catalogue of tips, achievements, key bindings).  English is the
source language: its text is the message id itself, so English output never depends on a
catalogue.  The language comes from the `language` setting (`use()`, called when the
settings are read), or for `system` from LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext
reads them.  Nothing is loaded until the first translation: then the `.mo` packed in the
wheel, or, in a source checkout, one compiled from the `.po` on first use into the user's
cache (keyed by the `.po`'s checksum, so an edited catalogue is compiled again).

Adding a language is adding `netquest/locale/<ll_CC>/LC_MESSAGES/netquest.po`; nothing in
the code names the languages.
"""

from __future__ import annotations

import os

DOMAIN = "netquest"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
ENGLISH = "en"
SYSTEM = "system"

_setting: str | None = None  # the language setting; None: the system's
_translations = None  # a gettext.GNUTranslations, or _English
_language: str | None = None  # the tag in use, once worked out
_told = False  # whether a `use()` since the last `reset()` gave the setting


class _English:
    """The source language: the message ids are its text.  gettext's NullTranslations does
    the same, but English should not pay for importing gettext and locale."""

    @staticmethod
    def gettext(message: str) -> str:
        return message

    @staticmethod
    def ngettext(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    @staticmethod
    def pgettext(context: str, message: str) -> str:
        return message


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it now."""
    return message


def _(message: str) -> str:
    return (_translations or _load()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return (_translations or _load()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return (_translations or _load()).pgettext(context, message)


def os_reason(exc: BaseException) -> str:
    """Why the system refused a file, in the language in use: the C library says it in
    English ("No such file or directory") whatever NetQuest speaks, so the common reasons
    are in the catalogue.  English, or a reason not listed, is the system's own text."""
    text = getattr(exc, "strerror", None) or str(exc)
    code = getattr(exc, "errno", None)
    if isinstance(_translations or _load(), _English) or code is None:
        return text
    import errno

    reasons = {
        errno.ENOENT: N_("No such file or directory"), errno.EACCES: N_("Permission denied"),
        errno.EPERM: N_("Operation not permitted"), errno.EISDIR: N_("Is a directory"),
        errno.ENOTDIR: N_("Not a directory"), errno.ENOSPC: N_("No space left on device"),
        errno.EROFS: N_("Read-only file system"), errno.EEXIST: N_("File exists"),
        errno.ENAMETOOLONG: N_("File name too long"),
        errno.ELOOP: N_("Too many levels of symbolic links"),
        errno.EDQUOT: N_("Disk quota exceeded"), errno.EBUSY: N_("Device or resource busy"),
    }
    reason = reasons.get(code)
    return _(reason) if reason is not None and text == os.strerror(code) else text


# ------------------------------------------------------------------- choosing the language
def use(setting: str | None) -> None:
    """Speak the language of this setting value (a tag such as "zh-CN"; None or "system":
    the environment's).  Cheap when nothing changes; the catalogue loads on the next `_`."""
    global _setting, _translations, _language, _told
    _told = True
    setting = None if setting in (None, "", SYSTEM) else setting
    if setting != _setting:
        _setting, _translations, _language = setting, None, None


def reset() -> None:
    """Forget the loaded catalogue: the next `_` loads it again (tests, a changed setting)."""
    global _translations, _language, _told
    _translations, _language, _told = None, None, False


def told() -> bool:
    """Whether the language setting was given (the data file's settings read) since the last
    `reset()`: until then the language is the environment's guess."""
    return _told


def language() -> str:
    """The tag of the language in use: "en", "zh-CN"."""
    if _translations is None:
        _load()
    return _language or ENGLISH


def available() -> list[str]:
    """The languages there is a catalogue for, English first: ["en", "zh-CN"]."""
    found = []
    try:
        names = os.listdir(LOCALE_DIR)
    except OSError:
        names = []
    for name in sorted(names):
        folder = os.path.join(LOCALE_DIR, name, "LC_MESSAGES")
        if any(os.path.exists(os.path.join(folder, DOMAIN + ext)) for ext in (".po", ".mo")):
            found.append(name.replace("_", "-"))
    return [ENGLISH] + found


def tag_of(text: str) -> str | None:
    """The available language a tag or locale name means ("zh_CN.UTF-8", "zh-cn", "zh",
    "en_GB"), or None.  A bare language picks its only or first catalogue."""
    text = text.strip().split(".")[0].split("@")[0].replace("_", "-")
    if not text:
        return None
    if text.upper() in ("C", "POSIX"):
        return ENGLISH
    tags = available()
    low = text.lower()
    for tag in tags:
        if tag.lower() == low:
            return tag
    lang = low.split("-")[0]
    if lang == ENGLISH:
        return ENGLISH
    if "-" not in low or lang == "zh" and low.split("-")[1] in ("hans", "sg", "cn"):
        return next((t for t in tags if t.lower().split("-")[0] == lang), None)
    return None


def system_language(environ=None) -> str:
    """The language the environment asks for, as gettext reads it: the first of LANGUAGE,
    LC_ALL, LC_MESSAGES and LANG that is set (LANGUAGE may list several, `:`-separated);
    English when none names a language there is a catalogue for."""
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            for part in value.split(":"):
                tag = tag_of(part)
                if tag is not None:
                    return tag
            return ENGLISH
    return ENGLISH


def validate(text: str) -> str | None:
    """A `language` setting's value as stored (None for the system's), or ValueError with
    one line naming the choices."""
    text = str(text).strip()
    if text.lower() in ("", SYSTEM, "auto"):
        return None
    low = text.replace("_", "-").lower()
    tags = available()
    for tag in tags:
        if tag.lower() == low:
            return tag
    raise ValueError(_("language must be one of {choices}, not {value}").format(
        choices=", ".join(tags + [SYSTEM]), value=repr(text)))


# --------------------------------------------------------------------------- loading
def _load():
    global _translations, _language
    tag = _setting if _setting is not None else system_language()
    tag = tag_of(tag) or ENGLISH
    translations = None
    if tag != ENGLISH:
        try:
            translations = _catalogue(tag.replace("-", "_"))
        except (OSError, ValueError):  # a catalogue that cannot be read: speak English
            translations = None
    if translations is None:
        tag, translations = ENGLISH, _English()
    _translations, _language = translations, tag
    return translations


def _catalogue(folder: str):
    """The compiled catalogue of one language (a gettext.GNUTranslations): the wheel's `.mo`,
    else the `.po` compiled into the cache (or in memory when the cache cannot be written)."""
    import gettext as _gettext

    base = os.path.join(LOCALE_DIR, folder, "LC_MESSAGES", DOMAIN)
    try:  # an installed wheel: compiled when it was built
        with open(base + ".mo", "rb") as fh:
            return _gettext.GNUTranslations(fh)
    except FileNotFoundError:
        pass
    except Exception:  # a damaged .mo: the .po beside it, if any, else English
        pass
    po = base + ".po"
    if not os.path.exists(po):
        return None
    with open(po, "rb") as fh:
        source = fh.read()
    import io

    cached = _cache_file(folder, source)
    data = _read_cache(cached)
    if data is not None:
        try:
            return _gettext.GNUTranslations(io.BytesIO(data))
        except Exception:  # a damaged cache is compiled again, never trusted
            pass
    from netquest.mo import compile_po

    data = compile_po(source.decode("utf-8"))
    _write_cache(cached, data)
    return _gettext.GNUTranslations(io.BytesIO(data))


_SEAL = b"\0netquest-mo-crc32:"  # after the .mo bytes: their checksum, so damage is seen


def _seal(data: bytes) -> bytes:
    import zlib

    return data + _SEAL + f"{zlib.crc32(data):08x}".encode()


def _read_cache(path: str) -> bytes | None:
    """The `.mo` bytes kept at `path`, or None when there are none or they are not the ones
    written (cut short, overwritten, tampered with): then the `.po` is compiled again."""
    import zlib

    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError:
        return None
    data, seal, crc = raw.rpartition(_SEAL)
    if not seal or crc != f"{zlib.crc32(data):08x}".encode():
        return None
    return data


def _cache_file(folder: str, source: bytes) -> str:
    """Where the compile of this `.po` text is kept: the user's cache folder, the file named by
    the text's CRC-32 and length (zlib's checksum, not hashlib: loading OpenSSL would cost a
    summary 10 ms)."""
    import zlib

    key = f"{zlib.crc32(source):08x}{len(source):x}"
    return os.path.join(_cache_dir(), "locale", f"{folder}-{key}.mo")


def _cache_dir() -> str:
    """platformdirs' user cache folder; on Linux worked out as it does (XDG_CACHE_HOME, else
    ~/.cache), without importing it on the way to a first screen or a summary."""
    import sys

    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, "netquest")
    from platformdirs import user_cache_dir

    return user_cache_dir("netquest")


def _write_cache(path: str, data: bytes) -> None:
    """Atomically, so two first runs at once never read half a file; silently not at all
    where the cache cannot be written."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(_seal(data))
        os.replace(tmp, path)
    except OSError:
        pass


# ------------------------------------------------------------ a message made too early
def retranslate(message: str) -> str:
    """`message`, made in English before the language was known (a refusal raised before the
    data file's settings were read), in the language now in use: its catalogue entry is found
    by matching the English text with the placeholders as wildcards, and the translation is
    filled with the values read back.  The message as it is when nothing matches.  Only on
    the way out of a refused command: it walks the whole catalogue."""
    import re

    translations = _translations or _load()
    catalog = getattr(translations, "_catalog", None)
    if not catalog:
        return message
    direct = translations.gettext(message)
    if direct != message:
        return direct
    best: tuple[int, str] | None = None
    for msgid, msgstr in catalog.items():
        if not isinstance(msgid, str) or "{" not in msgid or "\x04" in msgid:
            continue
        pattern, seen = "", set()
        for literal, field in re.findall(r"([^{]*)(?:\{([a-z_]+)(?::[^}]*)?\}|$)", msgid):
            pattern += re.escape(literal.replace("{{", "{").replace("}}", "}"))
            if field:
                pattern += f"(?P={field})" if field in seen else f"(?P<{field}>.+?)"
                seen.add(field)
        found = re.fullmatch(pattern, message, re.S)
        if found is None:
            continue
        literal = len(re.sub(r"\{[^}]*\}", "", msgid))
        if best is None or literal > best[0]:
            plain = re.sub(r"\{([a-z_]+):[^}]*\}", r"{\1}", msgstr)
            # A value that is a message of its own (a phrase, not a name) is said too.
            values = {key: translations.gettext(value) if " " in value else value
                      for key, value in found.groupdict().items()}
            try:
                best = (literal, plain.format(**values))
            except (KeyError, IndexError, ValueError):
                continue
    return best[1] if best else message
