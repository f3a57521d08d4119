"""Use cases on the clinic record: Qt-free, each working inside the caller's one transaction."""

from .errors import NotFoundError, RecordError, StaleRecordError, ValidationError

__all__ = ["NotFoundError", "RecordError", "StaleRecordError", "ValidationError"]
