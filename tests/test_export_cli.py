"""Exports (spec JSONL, ACLED CSV, GeoJSON) and the `rasd run` / `rasd extract` commands end to end."""
import csv
import io
import json
import sqlite3

from typer.testing import CliRunner

from rasd.cli import _register, app
from rasd.events import extract_article
from rasd.export import events_to_string, format_for
from rasd.paths import REPO_DIR
from rasd.records import Article

_register()
runner = CliRunner()
SAMPLES = REPO_DIR / "samples"


def _events():
    text = "قتل ثلاثة مدنيين بقصف مدفعي لقوات النظام على مدينة نوى أمس السبت."
    return extract_article(Article(id="x", external_id="a1", text=text, published="2018-07-08"), use_ner=False)


def test_acled_csv_has_acled_columns_in_order_and_coded_values():
    rows = list(csv.DictReader(io.StringIO(events_to_string(_events(), "acled"))))
    header = events_to_string(_events(), "acled").splitlines()[0].split(",")
    assert header[:8] == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                          "event_type", "sub_event_type", "actor1"]
    assert {"interaction", "admin1", "latitude", "longitude", "geo_precision", "fatalities", "notes"} <= set(header)
    r = rows[0]
    assert r["event_date"] == "2018-07-07" and r["year"] == "2018" and r["time_precision"] == "1"
    assert r["country"] == "Syria" and r["admin1"] == "Dar'a" and r["location"] == "نوى"
    assert r["actor1"] == "Military Forces of Syria" and r["inter1"] == "1"
    assert r["actor2"] == "Civilians" and r["interaction"] == "17"
    assert r["fatalities"] == "3" and r["civilian_targeting"] == "Civilian targeting"
    assert 32.5 < float(r["latitude"]) < 33.2 and 35.8 < float(r["longitude"]) < 36.3
    assert r["event_id_cnty"].startswith("SYR")


def test_geojson_points_are_lon_lat_with_the_spec_fields():
    fc = json.loads(events_to_string(_events(), "geojson"))
    assert fc["type"] == "FeatureCollection"
    f = fc["features"][0]
    lon, lat = f["geometry"]["coordinates"]
    assert f["geometry"]["type"] == "Point" and 35.8 < lon < 36.3 and 32.5 < lat < 33.2
    assert f["properties"]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert f["properties"]["location"]["admin1"] == "Dar'a"


def test_spec_jsonl_is_one_event_a_line():
    lines = events_to_string(_events(), "spec").splitlines()
    assert [json.loads(x)["article_id"] for x in lines] == ["a1"] * len(lines)


def test_output_format_follows_the_extension():
    assert [format_for(p) for p in ("a.jsonl", "a.csv", "a.geojson")] == ["spec", "acled", "geojson"]


def test_run_ingests_extracts_and_a_rerun_changes_nothing(tmp_path):
    db, out = tmp_path / "r.sqlite", tmp_path / "ev.csv"
    r1 = runner.invoke(app, ["run", str(SAMPLES), "--out", str(out), "--db", str(db), "--no-ner", "--no-table"])
    assert r1.exit_code == 0, r1.output
    first = out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(first)))
    assert len(rows) >= 5 and {r["admin1"] for r in rows} >= {"Dar'a"}
    con = sqlite3.connect(db)
    n_articles, n_events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchone()
    assert n_articles == 6 and n_events == len(rows)
    r2 = runner.invoke(app, ["run", str(SAMPLES), "--out", str(out), "--db", str(db), "--no-ner", "--no-table"])
    assert r2.exit_code == 0
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 6
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == n_events
    strip = lambda s: [{k: v for k, v in r.items() if k != "timestamp"} for r in csv.DictReader(io.StringIO(s))]
    assert strip(out.read_text(encoding="utf-8")) == strip(first)


def test_extract_exports_what_the_store_holds(tmp_path):
    db = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db), "--no-progress"]).exit_code == 0
    r = runner.invoke(app, ["extract", "--db", str(db), "--format", "spec", "--no-ner"])
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert lines and {x["article_id"] for x in lines} <= {"ariha_airstrike", "busra_shelling", "jasim_arrests",
                                                          "sample-busra-agreement", "sample-nawa-displacement",
                                                          "tafas_clashes"}


def test_run_reports_bad_input_with_exit_1_and_still_writes_the_good_events(tmp_path):
    out = tmp_path / "ev.jsonl"
    r = runner.invoke(app, ["run", str(SAMPLES), str(REPO_DIR / "tests" / "data" / "bad.jsonl"), "--out", str(out),
                            "--db", str(tmp_path / "b.sqlite"), "--no-ner", "--no-table"])
    assert r.exit_code == 1
    assert "bad.jsonl:2:" in r.output
    assert len(out.read_text(encoding="utf-8").splitlines()) >= 5


def test_an_unknown_output_format_is_a_usage_error_before_anything_is_stored(tmp_path):
    db = tmp_path / "u.sqlite"
    r = runner.invoke(app, ["run", str(SAMPLES), "--out", str(tmp_path / "ev.db"), "--db", str(db), "--no-ner", "--no-table"])
    assert r.exit_code == 2
    assert "unknown output format" in _flat(r.output)
    assert not db.exists()  # checked before ingesting: nothing half done
    r = runner.invoke(app, ["extract", "--db", str(db), "--format", "kml", "--no-ner"])
    assert r.exit_code == 2
    assert "unknown format 'kml'" in _flat(r.output)


def _flat(output: str) -> str:
    """A message as one line, without the frame the terminal error box draws around it."""
    return " ".join(output.replace("│", " ").split())


def test_a_run_whose_events_file_lies_in_its_input_folder_does_not_read_it_back(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("قصفت قوات النظام بلدة طفس بالمدفعية أمس السبت.\n", encoding="utf-8")
    out, db = inputs / "events.jsonl", tmp_path / "r.sqlite"
    for _ in range(2):
        r = runner.invoke(app, ["run", str(inputs), "--out", str(out), "--db", str(db), "--no-ner", "--no-table"])
        assert r.exit_code == 0, r.output
        assert "rejected 0" in r.output  # not read back as a malformed article file
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_an_article_the_extractor_fails_on_is_reported_and_keeps_its_stored_events(tmp_path, monkeypatch):
    import rasd.events as events_module

    db = tmp_path / "f.sqlite"
    assert runner.invoke(app, ["ingest", str(SAMPLES), "--db", str(db), "--no-progress"]).exit_code == 0
    assert runner.invoke(app, ["extract", "--db", str(db), "--format", "spec", "--no-ner"]).exit_code == 0
    con = sqlite3.connect(db)
    before = dict(con.execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall())
    victim = next(iter(before))
    real = events_module.extract_article

    def failing(article, **kw):  # a bug that strikes one article only
        if article.id == victim:
            raise ValueError("boom")
        return real(article, **kw)

    monkeypatch.setattr(events_module, "extract_article", failing)
    r = runner.invoke(app, ["extract", "--db", str(db), "--format", "spec", "--no-ner"])
    assert r.exit_code == 1
    assert "extraction failed: ValueError: boom" in r.output
    after = dict(con.execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall())
    assert after == before  # the failed article keeps its events, the others are re-extracted alike
    assert sum(1 for line in r.output.splitlines() if line.startswith("{")) == sum(before.values()) - before[victim]
