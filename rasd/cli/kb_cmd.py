"""``rasd kb ...``: look into the knowledge base and check its data files."""
from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from rasd.cli import app

kb_app = typer.Typer(help="The knowledge base: places and actors.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("lookup")
def lookup(
    name: str = typer.Argument(..., help="a place or actor name, in Arabic"),
    admin1: str = typer.Option(None, help="governorate to prefer (OCHA spelling), as geocode() takes it"),
    limit: int = typer.Option(30, help="show at most this many candidates"),
) -> None:
    """What NAME resolves to: every place and actor it may be, with sources, and geocode()'s pick."""
    from rasd.kb.geocode import candidates, geocode
    from rasd.kb.matcher import get_kb
    from rasd.kb.places import is_weak_form, place_forms
    from rasd.text.normalize import normalize_key

    con = Console()
    kb = get_kb()
    key, places, fuzzy = candidates(name)
    weak = is_weak_form(key)
    con.print(f"form [bold]{key}[/bold]" + (" (closest known spelling)" if fuzzy else "")
              + (f" - needs context: {weak}" if weak else ""))
    if places:
        t = Table(title=f"{len(places)} place(s)")
        for c in ("id", "name", "kind", "country / admin1 / admin2", "lat, lon", "how", "source"):
            t.add_column(c, overflow="fold")
        for p in sorted(places, key=lambda p: -p.importance)[:limit]:
            where = " / ".join(x for x in (p.country, p.admin1, p.admin2) if x)
            t.add_row(p.id, p.name, p.kind, where, "" if p.lat is None else f"{p.lat:.3f}, {p.lon:.3f}",
                      place_forms(p).get(key, ""), p.source)
        con.print(t)
    actors = [a for a in kb.actors if any(normalize_key(x) == key for x in [a.name] + list(a.aliases))]
    if actors:
        t = Table(title=f"{len(actors)} actor(s)")
        for c in ("id", "name", "category", "country", "source"):
            t.add_column(c, overflow="fold")
        for a in actors[:limit]:
            t.add_row(a.id, a.name, a.category, a.country or "", a.source)
        con.print(t)
    loc = geocode(name, admin1)
    if loc is None and not actors:
        con.print("[red]unknown name[/red]")
        raise typer.Exit(1)
    if loc is not None:
        con.print(f"geocode: {loc.name} -> {loc.place_id} ({loc.country}/{loc.admin1}), "
                  f"precision {loc.geo_precision}, ({loc.lat}, {loc.lon})")


def check_all() -> list[str]:
    """Every problem of the places and actors data, as ``rasd kb check`` lists them."""
    from rasd.kb.matcher import build_entries, _load_actors
    from rasd.kb.places import check_places, is_weak_form, load_cues, load_places, read_curated

    places = load_places()
    problems = check_places(places)
    ids = {p.id for p in places}
    _, aliases = read_curated()
    for a in aliases:
        if a.get("ref") not in ids:
            problems.append(f"curated alias for unknown place {a.get('ref')!r}")
        if not a.get("source"):
            problems.append(f"curated alias for {a.get('ref')!r} has no source")
    actors = _load_actors()
    try:
        from rasd.kb.actors import check_actors
    except ImportError:
        check_actors = None
    if check_actors is not None:
        problems += [f"actors: {p}" for p in check_actors(actors)]
    by_id = {p.id: p for p in places}
    rules = load_cues().get("shared_alias_rules", [])

    def covered(p, key) -> bool:
        return any(r.get("place_kind") == p.kind or (r.get("place_flag") in p.flags)
                   or (r.get("weak_form") and is_weak_form(key)) for r in rules)

    for key, ents in sorted(build_entries(places, actors).items()):
        held = [by_id[e.ref] for e in ents if e.kind == "place"]
        acts = sorted({e.ref for e in ents if e.kind == "actor"})
        if held and acts and not all(covered(p, key) for p in held):
            odd = [p.id for p in held if not covered(p, key)]
            problems.append(f"form {key!r} is both place {', '.join(odd[:3])} and actor {', '.join(acts[:3])} with no rule")
    return problems


@kb_app.command("check")
def check() -> None:
    """Check the data files: unique ids, admin1 spellings, parents, coordinates, sources, actors,
    and names claimed by a place and an actor without a rule. Exit 1 on any problem."""
    from rasd.kb.matcher import get_kb

    con = Console()
    problems = check_all()
    kb = get_kb()
    for p in problems:
        con.print(f"[red]problem[/red] {p}")
    con.print(f"{len(kb.places)} places, {len(kb.actors)} actors, {kb.matcher.size} matcher forms: "
              f"{len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)
