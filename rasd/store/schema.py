"""Numbered SQL migrations (``migrations/NNN_name.sql``) applied once each, in order.

``schema_version`` records what has been applied; running :func:`migrate` again is a no-op. Each
migration runs in one ``BEGIN IMMEDIATE`` transaction and re-checks the version inside it, so two
processes opening a new store at once cannot both apply it.
"""
from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class StoreError(Exception):
    """The store cannot be used as asked (not a database, not a rasd store, newer schema...)."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _NAME.match(path.name)
        if not m:
            raise StoreError(f"{path}: migration files are named NNN_name.sql")
        found.append((int(m.group(1)), m.group(2), path))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number in {MIGRATIONS_DIR}")
    return found


def statements(sql: str) -> list[str]:
    """The statements of a script, split where SQLite itself says a statement is complete."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if re.sub(r"--[^\n]*", "", buf).strip():
        raise StoreError("migration ends in an incomplete statement")
    return out


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    return {v for (v,) in conn.execute("SELECT version FROM schema_version")}


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply the migrations ``conn`` lacks; return their numbers (empty when it is up to date)."""
    known = migrations()
    has_versions = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if not has_versions:
        others = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchone()[0]
        if others:
            raise StoreError("an SQLite database, but not a rasd store (it has tables and no schema_version)")
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    have = applied_versions(conn)
    newest = max((v for v, _, _ in known), default=0)
    if have and max(have) > newest:
        raise StoreError(f"schema version {max(have)} is newer than this rasd knows ({newest}); upgrade rasd")
    done = []
    for version, name, path in known:
        if version in have:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version in applied_versions(conn):  # another process got here first
                conn.execute("ROLLBACK")
                continue
            for stmt in statements(path.read_text(encoding="utf-8")):
                conn.execute(stmt)
            conn.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                         (version, name, now()))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(version)
    return done
