"""Stage ``kb``: the knowledge base of places and actors, the one matcher over both, geocoding.

- :mod:`rasd.kb.places`: the places data (built gazetteer + curated entries) and its checks;
- :mod:`rasd.kb.actors`: the actors data;
- :mod:`rasd.kb.matcher`: ``get_kb()``, ``find_mentions(text)``, ``bench_matcher(texts)``;
- :mod:`rasd.kb.geocode`: ``resolve_places(text, mentions)``, ``geocode(name, context_admin1)``.

The names below are importable from ``rasd.kb`` directly (``geocode`` is the module's name, so
the function is ``rasd.kb.geocode.geocode``); they load on first use, so importing one submodule
does not pull in the others.
"""
from __future__ import annotations

import importlib

_LAZY = {
    "get_kb": "rasd.kb.matcher", "find_mentions": "rasd.kb.matcher", "bench_matcher": "rasd.kb.matcher",
    "resolve_places": "rasd.kb.geocode",
    "load_places": "rasd.kb.places", "Place": "rasd.kb.places",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'rasd.kb' has no attribute {name!r}")
