"""Running a use case in one transaction, for callers that must not open one themselves.

The window (through its task runner) and the command line hand a use case to `perform`; it
opens the transaction, runs the use case with the session, commits, and returns the use
case's result together with what it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.exc import IntegrityError

from als_desktop.db.refusals import refusal_message

from .changes import Changes
from .errors import RefusedByDatabase

T = TypeVar("T")


@dataclass(frozen=True)
class Performed(Generic[T]):
    result: T
    changes: Changes


def perform(database: Any, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> Performed[T]:
    """Run `use_case(session, *args, **kwargs)` as one transaction: committed whole or not at all.

    A constraint of the database refusing the save comes out as `RefusedByDatabase`, so callers
    that know nothing of SQLAlchemy can still tell it apart."""
    try:
        with database.transaction() as session:
            result = use_case(session, *args, **kwargs)
            session.flush()
            changes = Changes.of(session)
    except IntegrityError as error:
        raise RefusedByDatabase(str(error.orig), refusal_message(error)) from error
    return Performed(result, changes)


def read(database: Any, query: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `query(session, *args, **kwargs)` on a reading session."""
    with database.reading() as session:
        return query(session, *args, **kwargs)
