"""Storage layer: one SQLite file through sqlite-utils, schema migrations, repositories, backups."""

from .database import Store, open_store
from .location import default_db_path, resolve_db_path

__all__ = ["Store", "default_db_path", "open_store", "resolve_db_path"]
