-- rasd store, schema version 1: articles, their near-duplicate links, ingest runs and rejects,
-- and the events extracted from each article.

CREATE TABLE ingest_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    inputs      TEXT NOT NULL DEFAULT '[]',   -- JSON array of the paths given
    added       INTEGER,
    duplicates  INTEGER,
    links       INTEGER,
    rejected    INTEGER
);

CREATE TABLE articles (
    id             TEXT PRIMARY KEY,          -- content id: SHA-1 of the normalized text, 16 hex
    external_id    TEXT,                      -- the id the input gave (JSONL id, file stem)
    title          TEXT,
    outlet         TEXT,
    url            TEXT,
    published      TEXT,                      -- YYYY-MM-DD
    published_time TEXT,                      -- HH:MM
    text           TEXT NOT NULL,
    source_file    TEXT,
    source_line    INTEGER,
    meta           TEXT NOT NULL DEFAULT '{}', -- JSON object
    ingested_at    TEXT NOT NULL,
    run_id         INTEGER REFERENCES ingest_runs(id) ON DELETE SET NULL,
    CHECK (length(text) > 0),
    CHECK (published IS NULL OR published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
);
CREATE INDEX articles_external_id ON articles(external_id);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE article_links (
    article_a  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    article_b  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL DEFAULT 'near_duplicate',
    score      REAL NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (article_a, article_b, kind),
    CHECK (article_a < article_b)
);
CREATE INDEX article_links_b ON article_links(article_b);

CREATE TABLE rejects (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES ingest_runs(id) ON DELETE CASCADE,
    file   TEXT NOT NULL,
    line   INTEGER,
    reason TEXT NOT NULL
);
CREATE INDEX rejects_run ON rejects(run_id);

CREATE TABLE events (
    id             TEXT PRIMARY KEY,          -- stable: hash of article, type, sub-type, place, evidence start
    article_id     TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,          -- order within the article, as the extractor gave it
    event_type     TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date           TEXT,
    time_precision INTEGER,
    location_name  TEXT,
    country        TEXT,
    admin1         TEXT,
    admin2         TEXT,
    admin3         TEXT,
    place_id       TEXT,
    pcode          TEXT,
    lat            REAL,
    lon            REAL,
    geo_precision  INTEGER,
    actor1         TEXT,
    actor2         TEXT,
    actor1_name    TEXT,
    actor2_name    TEXT,
    fatalities     INTEGER,
    displaced      INTEGER,
    source         TEXT,
    evidence       TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    trigger        TEXT,
    confidence     REAL NOT NULL DEFAULT 1.0,
    extra          TEXT NOT NULL DEFAULT '{}', -- JSON object
    CHECK (0 <= evidence_start AND evidence_start <= evidence_end)
);
CREATE INDEX events_article ON events(article_id, seq);
