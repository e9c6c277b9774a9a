"""The evaluation gate: dev-gold and seed-gold figures may not fall below the pinned floors."""
import tomllib

import pytest

from rasd.evaluate import score_file_pair
from rasd.paths import REPO_DIR

FLOORS = tomllib.loads((REPO_DIR / "eval_floors.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_scores(shared):
    return score_file_pair()


def test_dev_gold_scores_stay_above_their_floors(dev_scores):
    s, f = dev_scores, FLOORS["dev"]
    got = {
        "lenient_f1": s["lenient"]["f1"],
        "strict_f1": s["strict"]["f1"],
        "date_accuracy": s["on_lenient_matches"]["date_accuracy"] or 0.0,
        "location_recall": s["location_recall"],
        "actor_recall": s["on_lenient_matches"]["actor_recall"] or 0.0,
    }
    below = {k: (got[k], f[k]) for k in f if isinstance(f[k], float) and got[k] < f[k]}
    assert not below, f"below the floor (got, floor): {below}"


def test_seed_gold_scores_stay_above_their_floor(shared):
    corpus = shared / "corpus"
    s = score_file_pair(corpus / "seeds.jsonl", corpus / "seeds_gold.jsonl")
    assert s["lenient"]["f1"] >= FLOORS["seeds"]["lenient_f1"]
