"""Where rasd finds the shared development data (read-only, never copied into the repo)."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def shared_dir() -> Path:
    """``$RASD_SHARED``, else ``../shared`` beside the checkout."""
    env = os.environ.get("RASD_SHARED")
    return Path(env) if env else REPO_DIR.parent / "shared"


def corpus_path(name: str) -> Path:
    return shared_dir() / "corpus" / name


def data_path(*parts: str) -> Path:
    return shared_dir() / "data" / Path(*parts)
