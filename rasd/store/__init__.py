"""The SQLite store every stage reads from and writes to (see :class:`Store`)."""
from .schema import StoreError, migrate
from .sqlite import Store, event_id

__all__ = ["Store", "StoreError", "event_id", "migrate"]
