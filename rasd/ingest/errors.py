"""The record of one input that could not be ingested."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class IngestError:
    """``file`` as it was given or found, ``line`` (1-based) where the problem is one line of it."""

    file: str
    line: Optional[int]
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
