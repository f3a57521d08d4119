"""Opening, checking and migrating the clinic database."""

from .database import Database, DatabaseProblem, open_database

__all__ = ["Database", "DatabaseProblem", "open_database"]
