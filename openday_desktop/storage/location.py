"""Where the database lives. The GUI and the command line both ask this one module."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV_VAR = "OPENDAY_DB"
DB_FILENAME = "openday.db"
LOG_FILENAME = "openday.log"


def user_data_dir() -> Path:
    """The per-user data folder: %APPDATA%\\OpenDay on Windows, XDG data home elsewhere."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "OpenDay"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "OpenDay"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "openday"


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``OPENDAY_DB`` names one."""
    return user_data_dir() / DB_FILENAME


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH`` wins, then the OPENDAY_DB environment variable, then the default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return default_db_path()


def log_path() -> Path:
    """The log file where unexpected errors are written (in the user data folder)."""
    return user_data_dir() / LOG_FILENAME
