"""Where the data file is when no `--db` names it: NETQUEST_DB, else the user data folder.

Its own small module so that shell completion can find the file without importing the store.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENV = "NETQUEST_DB"


def default_db_path() -> Path:
    """NETQUEST_DB when set, else netquest.json in the user's data folder."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # only here: most commands get --db or NETQUEST_DB and skip the import

    return platformdirs.user_data_path("netquest") / "netquest.json"
