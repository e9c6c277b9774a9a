"""The SQLite store and ``rasd ingest``."""
import dataclasses
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from rasd.cli import ingest_cmd
from rasd.ingest import ingest_paths
from rasd.records import Article, Event, Location
from rasd.store import Store, StoreError, migrate
from rasd.store.schema import migrations

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SAMPLES = TESTS.parent / "samples"

# The command on an app of its own, so that these tests do not depend on other stages' command
# modules; the real entry point is run once, in test_installed_command_and_help.
cli = typer.Typer()
cli.callback()(lambda: None)  # a group, as the real app is: "ingest" stays a subcommand
cli.command("ingest", help=ingest_cmd._HELP)(ingest_cmd.ingest)
runner = CliRunner()


def ingest(*args):
    return runner.invoke(cli, ["ingest", "--no-progress", *map(str, args)])


def rows(db: Path, table: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def article(text="قصفت قوات النظام بلدة طفس صباح اليوم، ما أدى إلى مقتل مدنيين اثنين.", **kw):
    kw.setdefault("id", "a" * 16)
    return Article(text=text, **kw)


def event(a: Article, phrase: str, **kw) -> Event:
    start = a.text.index(phrase)
    kw.setdefault("event_type", "Explosions/Remote violence")
    kw.setdefault("sub_event_type", "Shelling/artillery/missile attack")
    return Event(article_id=a.id, evidence=phrase, evidence_start=start, evidence_end=start + len(phrase), **kw)


# --- schema --------------------------------------------------------------------------------------


def test_migrations_apply_once(tmp_path):
    db = tmp_path / "s.sqlite"
    Store(db).close()
    first = rows(db, "schema_version")
    assert [v for v, _, _ in first] == [v for v, _, _ in migrations()] and first
    with Store(db) as s:
        assert migrate(s.conn) == []
        assert s.schema_version() == first[-1][0]
    assert rows(db, "schema_version") == first  # applied_at untouched: nothing re-ran
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "article_links", "ingest_runs", "rejects", "events"} <= tables


def test_store_refuses_files_it_does_not_own(tmp_path):
    text_file = tmp_path / "notes.sqlite"
    text_file.write_bytes(b"not a database, just notes\n" * 50)
    before = text_file.read_bytes()
    with pytest.raises(StoreError, match="notes.sqlite"):
        Store(text_file)
    assert text_file.read_bytes() == before

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
        conn.execute("INSERT INTO people VALUES ('x')")
    with pytest.raises(StoreError, match="not a rasd store"):
        Store(other)
    assert rows(other, "people") == [("x",)]
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["people"]


# --- articles ------------------------------------------------------------------------------------


def test_add_article_round_trip_and_duplicates_leave_the_first(tmp_path):
    a = article(title="عنوان", outlet="Watan FM", url="https://x.example/1", published="2021-08-01",
                published_time="11:07", source_file="f.txt", source_line=3, external_id="e1",
                meta={"topic": "daraa2021", "n": [1, 2]})
    with Store(tmp_path / "s.sqlite") as s:
        assert s.add_article(a) == "added"
        assert s.article(a.id) == a
        before = rows(tmp_path / "s.sqlite", "articles")
        assert s.add_article(dataclasses.replace(a, outlet="Other", external_id="e2")) == "duplicate"
        assert rows(tmp_path / "s.sqlite", "articles") == before
        assert s.article("missing") is None
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            s.add_article(article(id="b" * 16, published="01/08/2021"))
        with pytest.raises(ValueError, match="no text"):
            s.add_article(article(id="c" * 16, text="  "))
        assert [x.id for x in s.articles()] == [a.id]


# --- events --------------------------------------------------------------------------------------


def test_replace_events_is_idempotent_and_all_or_nothing(tmp_path):
    a = article(text="قصفت قوات النظام بلدة طفس صباح اليوم. وقصفت أيضا مدينة نوى. وقتل مدنيان في طفس.")
    with Store(tmp_path / "s.sqlite") as s:
        s.add_article(a)
        evs = [event(a, "قصفت قوات النظام بلدة طفس صباح اليوم.", location=Location(name="طفس", country="Syria"),
                     actor1="SYR_GOV", fatalities=2, date="2021-08-29", confidence=0.8),
               event(a, "وقصفت أيضا مدينة نوى.", location=Location(name="نوى", admin1="Dar'a", lat=32.88, lon=36.04))]
        ids = s.replace_events(a.id, evs)
        assert len(set(ids)) == 2
        assert s.replace_events(a.id, evs) == ids  # re-running extraction: same ids, no new rows
        stored = s.events()
        assert stored == [dataclasses.replace(e, id=i) for e, i in zip(evs, ids)]

        moved = event(a, "وقتل مدنيان في طفس.", location=Location(name="طفس"))
        bad = dataclasses.replace(moved, evidence_start=moved.evidence_start + 1)
        with pytest.raises(ValueError, match="evidence"):
            s.replace_events(a.id, [moved, bad])
        assert s.events([a.id]) == stored  # the failed replacement changed nothing
        with pytest.raises(ValueError, match="no article"):
            s.replace_events("f" * 16, [])

        assert s.replace_events(a.id, [moved]) != ids[:1]
        assert [e.evidence for e in s.events([a.id])] == ["وقتل مدنيان في طفس."]
        assert s.replace_events(a.id, []) == [] and s.events() == []


def test_event_ids_stay_distinct_for_same_place_and_sentence(tmp_path):
    a = article()
    with Store(tmp_path / "s.sqlite") as s:
        s.add_article(a)
        e1 = event(a, a.text, location=Location(name="طفس"), actor1="SYR_GOV", actor2="CIVILIANS")
        e2 = dataclasses.replace(e1, actor2="SYR_OPP")
        ids = s.replace_events(a.id, [e1, e2])
        assert len(set(ids)) == 2 and s.replace_events(a.id, [e1, e2]) == ids
        assert [e.actor2 for e in s.events()] == ["CIVILIANS", "SYR_OPP"]


def test_events_filtered_by_article_in_the_order_asked(tmp_path):
    a, b = article(id="a" * 16), article(id="b" * 16, text="اشتباكات في محيط جاسم.")
    with Store(tmp_path / "s.sqlite") as s:
        s.add_article(a), s.add_article(b)
        s.replace_events(a.id, [event(a, a.text)])
        s.replace_events(b.id, [event(b, b.text, event_type="Battles", sub_event_type="Armed clash")])
        assert [e.article_id for e in s.events([b.id, a.id])] == [b.id, a.id]
        assert [e.article_id for e in s.events([b.id])] == [b.id]
        assert s.stats()["events"] == 2 and s.stats()["articles_with_events"] == 2


# --- ingest: the function ------------------------------------------------------------------------


def test_ingest_links_near_duplicates_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    tafas = (SAMPLES / "tafas_clashes.txt").read_text("utf-8")
    (src / "one.txt").write_text(tafas, "utf-8")
    (src / "two.txt").write_text(tafas.replace("أربعة عناصر", "خمسة عناصر"), "utf-8")
    with Store(tmp_path / "s.sqlite") as s:
        report = ingest_paths(s, [src], progress=False)
        assert (report.added, report.links, report.rejected) == (2, 1, 0)
        (pair,) = s.near_duplicates()
        assert set(pair[:2]) == set(report.added_ids)
        assert s.link_near_duplicates() == 0 and len(s.near_duplicates()) == 1
        (src / "three.txt").write_text(tafas, "utf-8")  # already stored under another name
        again = ingest_paths(s, [src], progress=False)
        assert (again.added, again.duplicates, again.links) == (0, 3, 0)
        assert again.article_ids == report.added_ids and again.added_ids == []


def test_store_failure_on_one_article_keeps_the_others(tmp_path, monkeypatch):
    db = tmp_path / "s.sqlite"
    real_add = Store.add_article
    calls = []

    def flaky(self, a, run_id=None):
        calls.append(a.external_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error")
        return real_add(self, a, run_id=run_id)

    monkeypatch.setattr(Store, "add_article", flaky)
    with Store(db) as s:
        report = ingest_paths(s, [SAMPLES], progress=False)
    assert (report.added, report.rejected) == (5, 1)
    (err,) = report.errors
    assert err.file == str(SAMPLES / "busra_shelling.html") and "disk I/O error" in err.reason
    monkeypatch.undo()
    with Store(db) as s:  # a fresh connection: what was committed is there
        assert {a.external_id for a in s.articles()} == set(calls) - {calls[1]}
        assert [r[1:] for r in s.rejects()] == [(err.file, None, err.reason)]


# --- ingest: the command -------------------------------------------------------------------------


def test_cli_ingests_the_dev_corpus_once(shared, tmp_path):
    db = tmp_path / "dev.sqlite"
    corpus = shared / "corpus"
    first = ingest(corpus / "dev_articles.jsonl", corpus / "seeds", "--db", db)
    assert first.exit_code == 0, first.output
    assert "added 84, duplicates 0" in first.stdout and first.stderr == ""
    snapshot = rows(db, "articles")
    assert len(snapshot) == 84
    second = ingest(corpus / "dev_articles.jsonl", corpus / "seeds", "--db", db)
    assert second.exit_code == 0 and "added 0, duplicates 84" in second.stdout
    assert rows(db, "articles") == snapshot
    with Store(db) as s:
        seed = next(a for a in s.articles() if a.external_id == "001_81599e22a34d6ecd")
        assert (seed.outlet, seed.published) == ("al-Araby al-Jadeed", "2021-08-01")


def test_cli_reports_each_bad_input_and_stores_the_rest(tmp_path):
    db = tmp_path / "s.sqlite"
    result = ingest(DATA, tmp_path / "nope.txt", "--db", db)
    assert result.exit_code == 1
    assert "added 4, duplicates 1, near-duplicate links 0, rejected 13" in result.stdout
    errs = result.stderr.splitlines()
    bad = DATA / "bad.jsonl"
    for expected in (f"{bad}:2: invalid JSON", f"{bad}:3: not a JSON object", f"{bad}:4: missing field 'text'",
                     f"{bad}:5: empty field 'text'", f"{bad}:8: field 'text' must be a string",
                     f"{bad}:10: not valid UTF-8", f"{DATA / 'binary.txt'}: binary file",
                     f"{DATA / 'empty.txt'}: empty file", f"{DATA / 'blank.txt'}: empty file",
                     f"{DATA / 'latin1.txt'}: not UTF-8", f"{DATA / 'furniture_only.txt'}: no article text left",
                     f"{DATA / 'no_article.html'}: no article text found", f"{tmp_path / 'nope.txt'}: no such file"):
        assert sum(line.startswith(expected) for line in errs) == 1, expected
    assert len(errs) == 13
    assert {a for (a,) in sqlite3.connect(db).execute("SELECT external_id FROM articles")} == {
        "good-1", "good-2", "bom", "cp1256"}
    with Store(db) as s:
        (run_id, *_), = {r[:1] for r in s.rejects()}
        assert len(s.rejects(run_id)) == 13

    again = ingest(DATA, "--db", db)
    assert again.exit_code == 1 and "added 0, duplicates 5" in again.stdout


def test_failing_ingest_changes_nothing_already_stored(tmp_path):
    db = tmp_path / "s.sqlite"
    assert ingest(SAMPLES, "--db", db).exit_code == 0
    with Store(db) as s:
        a = next(x for x in s.articles() if x.external_id == "tafas_clashes")
        phrase = "اندلعت اشتباكات عنيفة، أمس السبت"
        s.replace_events(a.id, [event(a, phrase, event_type="Battles", sub_event_type="Armed clash")])
    before = {t: rows(db, t) for t in ("articles", "events", "article_links", "schema_version")}

    again = tmp_path / "again"
    again.mkdir()
    # the same report under another name and outlet, next to inputs that all fail
    (again / "copy.txt").write_text((SAMPLES / "tafas_clashes.txt").read_text("utf-8").replace(
        "شبكة سهل حوران - متابعات", "وكالة أخرى - متابعات"), "utf-8")
    (again / "broken.jsonl").write_text('{"id": 1, "text": ""}\nnot json\n', "utf-8")
    (again / "zero.txt").write_bytes(b"\x00\x01\x02")
    result = ingest(again, "--db", db)
    assert result.exit_code == 1 and "added 0, duplicates 1" in result.stdout
    assert {t: rows(db, t) for t in before} == before


def test_cli_exit_2_when_the_store_cannot_be_opened(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 100, "utf-8")
    result = ingest(SAMPLES, "--db", notes)
    assert result.exit_code == 2 and "not usable as a rasd store" in result.stderr
    assert notes.read_text("utf-8") == "my notes\n" * 100


def test_installed_command_and_help(tmp_path):
    rasd_bin = Path(sys.executable).with_name("rasd")
    if not rasd_bin.exists():
        pytest.skip("the rasd entry point is not installed in this environment")
    proc = subprocess.run([str(rasd_bin), "ingest", str(SAMPLES), "--db", str(tmp_path / "s.sqlite")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("added 6, duplicates 0") and proc.stderr == ""
    help_text = ingest("--help").stdout
    assert "--db" in help_text and "FILE:LINE" in help_text
