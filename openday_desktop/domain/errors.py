"""Errors a user can cause. Each carries a Chinese message the UI and CLI show as is."""

from __future__ import annotations


class OpenDayError(Exception):
    """Base of every error the user can cause; ``message`` is shown to the user verbatim."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(OpenDayError):
    """A value the user entered is not acceptable. ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(OpenDayError):
    """A record the user referred to (by id) does not exist."""


class DatabaseVersionError(OpenDayError):
    """The database file was written by a newer version of the program."""


class DatabaseFileError(OpenDayError):
    """The file named as the database is not one of ours, or cannot be used; left untouched."""


class DatabaseDamagedError(OpenDayError):
    """The database file is ours but damaged: the way out is a restore from a good backup."""


class DatabaseInUseError(OpenDayError):
    """Another window of the program has this database open."""
