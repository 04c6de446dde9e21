"""Live score snapshots: every participant's score and ranks, stored, and never stale.

Scoring a country takes the core about 2 s (bench/bench_scoring.py), so pages
cannot score on every request. Each participant's score, as the core computed
it from final values, is stored in :class:`UnitScoreSnapshot` with its rank in
the level and among its parent's units; pages read those rows a page at a time.

Why a page can never show a stale rank:

1. *Writers mark, in their own transaction.* Database triggers (triggers.py)
   insert ``(campaign, unit)`` into :class:`ScoreDirty` whenever a result's
   status or values, a campaign's participants, or a unit's kind, parent or code
   change — whatever code made the change. The mark commits or rolls back with
   the change itself.
2. *Readers recompute before they read.* :func:`fresh` looks for marks on the
   level (one indexed query, empty in the steady state) and for a change of
   framework or tie-breakers (the ``fingerprint``). If there is anything, it
   locks the level's :class:`LevelScores` row (``SELECT … FOR UPDATE`` on
   PostgreSQL; SQLite serialises writers anyway), reads the marks *first*,
   then the results, re-scores the marked units with ``score_all``, re-ranks
   the whole level with ``rank`` (and each affected parent's units), writes
   what changed and deletes exactly the marks it read, in one transaction. A
   change committed meanwhile leaves its own mark for the next reader.
   Readers that queued on the lock find the level clean and just read.

Every point and every rank comes from :mod:`thidua.scoring`: ``score_all``
scores, ``rank`` orders (re-ranking builds ``UnitScore`` objects from the
stored totals and the tie-breaker subtotals, which is all ``rank`` reads).
The frozen ranking of a published campaign (``RankingSnapshot``) is separate
and never touched here.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from thidua.scoring import Framework, UnitInput, UnitScore, check_tie_breakers, rank, score_all
from thidua.web.campaigns import freshness, triggers
from thidua.web.campaigns.models import Campaign, LevelScores, ScoreDirty, UnitScoreSnapshot
from thidua.web.campaigns.scoring import final_values, framework_for, unit_input
from thidua.web.results.models import Result
from thidua.web.units.choices import LEVEL_OF_KIND
from thidua.web.units.models import Unit

BATCH = 2000
REBUILD_OVER = 1000  # marked units above which one rebuild is cheaper than row-by-row updates
ZERO = Decimal(0)


def kinds_of(level: str) -> tuple[str, ...]:
    """The unit kinds whose units are scored at ``level``."""
    return tuple(kind for kind, lv in LEVEL_OF_KIND.items() if lv == level)


_FW_DIGESTS: dict[int, tuple[Framework, str]] = {}


def _framework_digest(fw: Framework) -> str:
    cached = _FW_DIGESTS.get(id(fw))
    if cached is None or cached[0] is not fw:
        text = repr((fw.code, fw.version, fw.max_points, fw.nodes))
        cached = (fw, hashlib.sha256(text.encode()).hexdigest())
        _FW_DIGESTS[id(fw)] = cached
    return cached[1]


def fingerprint(campaign: Campaign, fw: Framework) -> str:
    """What every row of a level depends on besides its own unit: framework and tie-breakers."""
    text = json.dumps([_framework_digest(fw), list(campaign.tie_breakers)])
    return hashlib.sha256(text.encode()).hexdigest()


def dirty(campaign: Campaign, level: str) -> QuerySet[ScoreDirty]:
    """Marks on units now at ``level`` or stored at ``level`` (a unit may have changed kind)."""
    stored = UnitScoreSnapshot.objects.filter(campaign=campaign, level=level).values("unit_id")
    return ScoreDirty.objects.filter(campaign_id=campaign.pk).filter(
        Q(unit__kind__in=kinds_of(level)) | Q(unit_id__in=stored)
    )


def fresh(campaign: Campaign, level: str, fw: Framework | None = None) -> LevelScores:
    """The level's bookkeeping row, after bringing every stored row of the level up to date.

    Raises NoFramework when the level has no framework and ScoringInputError
    when a stored final value is refused by the framework.
    """
    if triggers.ensure_installed(connection):
        # Changes made while they were missing were not marked: rebuild every level.
        LevelScores.objects.update(fingerprint="")
    freshness.before_reading(campaign)
    fw = fw or framework_for(campaign, level)
    state = LevelScores.objects.filter(campaign=campaign, level=level).first()
    if (
        state is not None
        and state.fingerprint == fingerprint(campaign, fw)
        and not dirty(campaign, level).exists()
    ):
        return state
    return refresh(campaign, level)


def refresh(campaign: Campaign, level: str, *, rebuild: bool = False) -> LevelScores:
    """Recompute what is marked (everything when ``rebuild`` or the fingerprint changed)."""
    with transaction.atomic():
        LevelScores.objects.get_or_create(campaign=campaign, level=level)
        state = LevelScores.objects.select_for_update().get(campaign=campaign, level=level)
        # Under the lock, the campaign's framework and tie-breakers as they are now.
        campaign = Campaign.objects.get(pk=campaign.pk)
        fw = framework_for(campaign, level)
        fp = fingerprint(campaign, fw)
        # The marks are read before the results: a change committed after this point
        # keeps its mark (we delete only these ids) and is picked up by the next reader.
        marks = list(dirty(campaign, level).values_list("id", "unit_id"))
        units = {u for _, u in marks}
        generation = state.generation + 1
        now = timezone.now()
        if rebuild or state.fingerprint != fp or len(units) > REBUILD_OVER:
            changed = _rebuild(campaign, level, fw, generation)
            state.built_at = now
        elif marks:
            changed = _update(campaign, level, fw, state, units, generation)
        else:
            return state  # brought up to date by the reader we waited for
        _forget(m for m, _ in marks)
        if changed:
            state.generation = generation
        state.framework = fw.code
        state.fingerprint = fp
        state.computed_at = now
        state.save()
    return state


# --- computing -------------------------------------------------------------------------------


def _digest(inp: UnitInput) -> str:
    text = json.dumps(
        [inp.kind, inp.parent_kind, inp.parent, sorted(inp.results.items())],
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return hashlib.sha1(text.encode()).hexdigest()


def _ties(campaign: Campaign, fw: Framework) -> tuple[str, ...]:
    ties = tuple(campaign.tie_breakers)
    check_tie_breakers(fw, ties)
    return ties


def _rank_groups(
    scores: Sequence[UnitScore], parent_of: dict[str, int | None], ties: tuple[str, ...]
) -> tuple[dict[str, int], dict[str, int]]:
    """Ranks in the level and among each parent's units, both from ``rank``."""
    level_rank = {s.unit.code: s.rank or 0 for s in rank(scores, tie_breakers=ties)}
    groups: dict[int | None, list[UnitScore]] = defaultdict(list)
    for s in scores:
        groups[parent_of[s.unit.code]].append(s)
    parent_rank = {
        s.unit.code: s.rank or 0
        for group in groups.values()
        for s in rank(group, tie_breakers=ties)
    }
    return level_rank, parent_rank


def _score_fields(score: UnitScore) -> dict[str, Any]:
    return {
        "total": score.total,
        "sections": {k: str(v) for k, v in score.sections.items()},
        "points": {k: str(v) for k, v in score.points.items()},
    }


def _rebuild(campaign: Campaign, level: str, fw: Framework, generation: int) -> bool:
    """Score every participant of the level with ``score_all`` and rank them with ``rank``."""
    kinds = kinds_of(level)
    ties = _ties(campaign, fw)
    units = list(campaign.participants.filter(kind__in=kinds).select_related("parent"))
    values = final_values(Result.objects.filter(campaign=campaign, unit__kind__in=kinds))
    inputs = [unit_input(u, values.get(u.pk, {})) for u in units]
    scores = score_all(fw, inputs)
    parent_of = {u.code: u.parent_id for u in units}
    level_rank, parent_rank = _rank_groups(scores, parent_of, ties)
    stored = UnitScoreSnapshot.objects.filter(campaign=campaign)
    if (
        stored.filter(level=level).exclude(unit__kind__in=kinds).exists()
        or stored.filter(unit__kind__in=kinds).exclude(level=level).exists()
    ):
        _invalidate_other_levels(campaign, level)  # a unit changed level: both sides change
    stored.filter(Q(level=level) | Q(unit__kind__in=kinds)).delete()
    rows = [
        UnitScoreSnapshot(
            campaign=campaign,
            unit=u,
            level=level,
            parent_id=u.parent_id,
            rank=level_rank[u.code],
            parent_rank=parent_rank[u.code],
            inputs_digest=_digest(inp),
            generation=generation,
            **_score_fields(s),
        )
        for u, inp, s in zip(units, inputs, scores, strict=True)
    ]
    _insert(rows)
    return True


_COLUMNS = (
    "campaign_id",
    "unit_id",
    "level",
    "parent_id",
    "total",
    "sections",
    "points",
    "rank",
    "parent_rank",
    "inputs_digest",
    "generation",
)


def _insert(rows: list[UnitScoreSnapshot]) -> None:
    """Insert new rows: COPY on PostgreSQL (binding 10,600 JSON values client-side takes
    seconds), ``bulk_create`` elsewhere."""
    if connection.vendor != "postgresql":
        UnitScoreSnapshot.objects.bulk_create(rows, batch_size=BATCH)
        return
    table = UnitScoreSnapshot._meta.db_table
    sql = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for r in rows:
            copy.write_row(
                [
                    json.dumps(v) if name in ("sections", "points") else v
                    for name in _COLUMNS
                    for v in (getattr(r, name),)
                ]
            )


def _update(
    campaign: Campaign,
    level: str,
    fw: Framework,
    state: LevelScores,
    unit_ids: set[int],
    generation: int,
) -> bool:
    """Re-score the marked units whose inputs changed, then re-rank the level; False if none did."""
    ties = _ties(campaign, fw)
    current = {
        u.pk: u
        for u in campaign.participants.filter(pk__in=unit_ids, kind__in=kinds_of(level))
        .select_related("parent")
        .order_by()
    }
    stored = {
        r.unit_id: r
        for r in UnitScoreSnapshot.objects.filter(campaign=campaign, unit_id__in=unit_ids).only(
            "pk", "unit_id", "level", "parent_id", "inputs_digest", "total", "sections", "points"
        )
    }
    gone = [r for uid, r in stored.items() if uid not in current and r.level == level]
    if gone and campaign.participants.filter(pk__in=[r.unit_id for r in gone]).exists():
        _invalidate_other_levels(campaign, level)  # a participant changed kind: it moves level
    values = final_values(Result.objects.filter(campaign=campaign, unit_id__in=list(current)))
    inputs = {pk: unit_input(u, values.get(pk, {})) for pk, u in current.items()}
    digests = {pk: _digest(inp) for pk, inp in inputs.items()}
    changed = [
        pk
        for pk in current
        if pk not in stored
        or stored[pk].inputs_digest != digests[pk]
        or stored[pk].level != level
        or stored[pk].parent_id != current[pk].parent_id
    ]
    if not changed and not gone:
        return False
    scores = score_all(fw, [inputs[pk] for pk in changed])
    parents: set[int | None] = {r.parent_id for r in gone}
    new_rows, updated = [], []
    # ``rank`` orders by total, tie-breakers and code only: when none of those moved
    # for any changed unit (a value changed within the same points), no rank can move.
    same_order = not gone
    for pk, score in zip(changed, scores, strict=True):
        unit = current[pk]
        parents.add(unit.parent_id)
        old = stored.get(pk)
        same_order = same_order and _same_place(old, score, unit.parent_id, level, ties)
        if old is not None:
            parents.add(old.parent_id)
            if old.level != level:
                _invalidate_other_levels(campaign, level)  # it moved here from another level
            for k, v in _score_fields(score).items():
                setattr(old, k, v)
            old.level, old.parent_id = level, unit.parent_id
            old.inputs_digest, old.generation = digests[pk], generation
            updated.append(old)
        else:
            new_rows.append(
                UnitScoreSnapshot(
                    campaign=campaign,
                    unit=unit,
                    level=level,
                    parent_id=unit.parent_id,
                    rank=0,
                    parent_rank=0,
                    inputs_digest=digests[pk],
                    generation=generation,
                    **_score_fields(score),
                )
            )
    UnitScoreSnapshot.objects.filter(pk__in=[r.pk for r in gone]).delete()
    UnitScoreSnapshot.objects.bulk_update(
        updated,
        ["total", "sections", "points", "level", "parent", "inputs_digest", "generation"],
        batch_size=BATCH,
    )
    _insert(new_rows)
    if not same_order:
        _rerank(campaign, level, fw, ties, state, parents, generation)
    return True


def _same_place(
    old: UnitScoreSnapshot | None,
    score: UnitScore,
    parent_id: int | None,
    level: str,
    ties: Sequence[str],
) -> bool:
    """True when the stored row had the same level, parent, total and tie-breaker figures."""
    if old is None or old.level != level or old.parent_id != parent_id or old.total != score.total:
        return False
    for code in ties:
        stored = old.sections.get(code, old.points.get(code))
        if code != "total" and (stored is None or Decimal(stored) != score.subtotal(code)):
            return False
    return True


def _invalidate_other_levels(campaign: Campaign, level: str) -> None:
    """Make the campaign's other levels rebuild on their next read (a unit changed level)."""
    LevelScores.objects.filter(campaign=campaign).exclude(level=level).update(fingerprint="")


def _tie_columns(fw: Framework, ties: Iterable[str]) -> dict[str, tuple[str, KT]]:
    """Annotations reading each tie-breaker subtotal straight from the stored JSON."""
    out = {}
    for i, code in enumerate(ties):
        if code == "total":
            continue
        node = fw.by_code[code]
        out[f"tie{i}"] = (code, KT(f"{'points' if node.is_criterion else 'sections'}__{code}"))
    return out


def scores_for_rank(
    fw: Framework, ties: Sequence[str], rows: QuerySet[UnitScoreSnapshot], *extra: str
) -> list[tuple[UnitScore, tuple[Any, ...]]]:
    """Stored rows as the ``UnitScore`` objects ``rank`` reads (total, tie-breakers, code).

    Each comes with the values of ``extra`` fields, in order.
    """
    columns = _tie_columns(fw, ties)
    names = list(columns)
    query = rows.annotate(**{n: expr for n, (_, expr) in columns.items()}).values_list(
        "unit__code", "total", *extra, *names
    )
    out = []
    nx = len(extra)
    for code, total, *rest in query:
        sections: dict[str, Decimal] = {}
        points: dict[str, Decimal] = {}
        for name, raw in zip(names, rest[nx:], strict=True):
            tie = columns[name][0]
            value = Decimal(raw) if raw is not None else ZERO
            (points if fw.by_code[tie].is_criterion else sections)[tie] = value
        score = UnitScore(UnitInput(code=code), total, None, {}, sections, points, (), (), fw)
        out.append((score, tuple(rest[:nx])))
    return out


@dataclass
class _Cached:
    """This process's copy of a level's rows as ``rank`` reads them, at ``generation``."""

    stamp: tuple[Any, ...]
    generation: int
    rows: dict[int, list[Any]]  # row id -> [UnitScore, parent id, rank, parent rank, digest]


_LEVELS: dict[tuple[int, str], _Cached] = {}


def _load(
    fw: Framework, ties: Sequence[str], rows: QuerySet[UnitScoreSnapshot]
) -> dict[int, list[Any]]:
    loaded = scores_for_rank(
        fw, ties, rows, "pk", "parent_id", "rank", "parent_rank", "inputs_digest"
    )
    return {pk: [s, parent, r, pr, dg] for s, (pk, parent, r, pr, dg) in loaded}


def _level_rows(
    campaign: Campaign, level: str, fw: Framework, ties: Sequence[str], state: LevelScores
) -> tuple[tuple[Any, ...], dict[int, list[Any]]]:
    """Every stored row of the level, as ``rank`` reads them.

    From this process's copy when it is of this build of the level, plus the
    rows changed since (each changed row carries the generation that changed
    it); from the database otherwise, or when rows went away. Called under the
    level's lock, after this refresh wrote its own rows.
    """
    stamp = (state.pk, state.built_at, state.fingerprint, tuple(ties))
    cached = _LEVELS.pop((campaign.pk, level), None)  # put back only on commit
    stored = UnitScoreSnapshot.objects.filter(campaign=campaign, level=level)
    if cached is None or cached.stamp != stamp or cached.generation > state.generation:
        return stamp, _load(fw, ties, stored)
    rows = cached.rows
    # Most changed rows only moved rank (another process re-ranked): read their ranks;
    # re-read the score only of rows whose inputs changed, or that are new.
    rescore = []
    for pk, parent, r, pr, digest in stored.filter(generation__gt=cached.generation).values_list(
        "pk", "parent_id", "rank", "parent_rank", "inputs_digest"
    ):
        entry = rows.get(pk)
        if entry is None or entry[4] != digest or entry[1] != parent:
            rescore.append(pk)
        else:
            entry[2], entry[3] = r, pr
    if rescore:
        rows.update(_load(fw, ties, stored.filter(pk__in=rescore)))
    if len(rows) != stored.count():
        return stamp, _load(fw, ties, stored)
    return stamp, rows


def _rerank(
    campaign: Campaign,
    level: str,
    fw: Framework,
    ties: tuple[str, ...],
    state: LevelScores,
    parents: set[int | None],
    generation: int,
) -> None:
    """Rank the whole level again (and the units of ``parents``); write only the ranks that moved."""
    stamp, rows = _level_rows(campaign, level, fw, ties, state)
    entries = list(rows.items())
    level_rank = {
        s.unit.code: s.rank or 0 for s in rank([e[0] for _, e in entries], tie_breakers=ties)
    }
    groups: dict[int | None, list[UnitScore]] = defaultdict(list)
    for _, (s, parent_id, *_) in entries:
        if parent_id in parents:
            groups[parent_id].append(s)
    parent_rank = {
        s.unit.code: s.rank or 0 for g in groups.values() for s in rank(g, tie_breakers=ties)
    }
    moved = []
    for pk, entry in entries:
        code = entry[0].unit.code
        new, new_parent = level_rank[code], parent_rank.get(code, entry[3])
        if new != entry[2] or new_parent != entry[3]:
            moved.append((pk, new, new_parent))
            entry[2], entry[3] = new, new_parent
    _write_ranks(moved, generation)
    key = (campaign.pk, level)
    transaction.on_commit(lambda: _LEVELS.__setitem__(key, _Cached(stamp, generation, rows)))


def _write_ranks(moved: list[tuple[int, int, int]], generation: int) -> None:
    if not moved:
        return
    if connection.vendor == "postgresql":
        table = UnitScoreSnapshot._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS s SET rank = v.r, parent_rank = v.p, generation = %s"
                " FROM unnest(%s::bigint[], %s::int[], %s::int[]) AS v(id, r, p)"
                " WHERE s.id = v.id",
                [generation, [m[0] for m in moved], [m[1] for m in moved], [m[2] for m in moved]],
            )
        return
    objs = [
        UnitScoreSnapshot(pk=pk, rank=r, parent_rank=p, generation=generation) for pk, r, p in moved
    ]
    UnitScoreSnapshot.objects.bulk_update(objs, ["rank", "parent_rank", "generation"], BATCH)


def _forget(ids: Iterable[int]) -> None:
    chunk: list[int] = []
    for i in ids:
        chunk.append(i)
        if len(chunk) >= 5000:
            ScoreDirty.objects.filter(id__in=chunk).delete()
            chunk = []
    if chunk:
        ScoreDirty.objects.filter(id__in=chunk).delete()


# --- reading -----------------------------------------------------------------------------------


def level_rows(campaign: Campaign, level: str) -> QuerySet[UnitScoreSnapshot]:
    """The stored rows of a level with what a ranking line shows (call :func:`fresh` first)."""
    return (
        UnitScoreSnapshot.objects.filter(campaign=campaign, level=level)
        .select_related("unit__parent")
        .defer("points")
    )


def ranks_within(
    campaign: Campaign, level: str, fw: Framework, within: Unit
) -> list[tuple[int, int]]:
    """(row id, rank) of the level's participants at or below ``within``, in rank order.

    Among one parent's units the stored ``parent_rank`` is the answer; for any
    other subtree (a province's communes) ``rank`` orders the stored scores.
    """
    rows = UnitScoreSnapshot.objects.filter(
        campaign=campaign, level=level, unit__path__startswith=within.path
    )
    if not rows.exclude(parent=within).exists():
        return list(rows.order_by("parent_rank", "unit__code").values_list("pk", "parent_rank"))
    ties = _ties(campaign, fw)
    loaded = scores_for_rank(fw, ties, rows, "pk")
    pk_of = {s.unit.code: extra[0] for s, extra in loaded}
    return [
        (pk_of[s.unit.code], s.rank or 0) for s in rank([s for s, _ in loaded], tie_breakers=ties)
    ]
