"""Database triggers that mark score snapshots dirty in the writing transaction.

Every change to what a score is computed from — a result's status or values,
a campaign's participants, a unit's kind, parent or code — inserts
``(campaign, unit)`` into ``campaigns_scoredirty`` inside the same
transaction, whichever code path made it (services, the API, an import, the
admin, ``QuerySet.update``, ``bulk_create``, a shell). Readers recompute a
level that has dirty units before they show it (snapshots.py), so a page can
never show a rank older than the last committed change.

PostgreSQL gets statement-level triggers with transition tables for results
(a bulk insert of 5,000 rows writes one dirty row per unit, not per row);
SQLite gets row-level triggers. :func:`ensure_installed` re-creates them if
they are missing (SQLite drops a table's triggers when a migration rebuilds
the table), and the migration ``0002_score_snapshots`` installs them.

Columns that decide a result's final value are ``status``, ``self_value`` and
``appraised_value`` (``Result.final_value``); an update touching none of them
nor the row's identity (a note, ``updated_by``) marks nothing.
"""

from __future__ import annotations

from typing import Any

DIRTY = "campaigns_scoredirty"
RESULTS = "results_result"
PARTICIPANTS = "campaigns_campaign_participants"
UNITS = "units_unit"
PREFIX = "thidua_dirty_"

_RESULT_COLUMNS = ("status", "self_value", "appraised_value", "criterion", "campaign_id", "unit_id")
_UNIT_WHEN = "OLD.kind IS DISTINCT FROM NEW.kind OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.code IS DISTINCT FROM NEW.code"
# Every participant that is the unit or one of its children (a child's score reads the parent's kind).
_UNIT_AFFECTED = (
    f"SELECT p.campaign_id, p.unit_id FROM {PARTICIPANTS} p JOIN {UNITS} u ON u.id = p.unit_id "
    "WHERE u.id = NEW.id OR u.parent_id = NEW.id"
)


def _pg_statements() -> list[str]:
    new = ", ".join(f"n.{c}" for c in _RESULT_COLUMNS)
    old = ", ".join(f"o.{c}" for c in _RESULT_COLUMNS)
    ins = f"INSERT INTO {DIRTY} (campaign_id, unit_id)"
    out = []
    bodies = {
        "results_ins": f"{ins} SELECT DISTINCT campaign_id, unit_id FROM thidua_new;",
        "results_upd": (
            f"{ins} SELECT DISTINCT x.campaign_id, x.unit_id FROM ("
            f" SELECT n.campaign_id, n.unit_id FROM thidua_new n JOIN thidua_old o ON o.id = n.id"
            f" WHERE ({new}) IS DISTINCT FROM ({old})"
            f" UNION ALL SELECT o.campaign_id, o.unit_id FROM thidua_new n JOIN thidua_old o"
            f" ON o.id = n.id WHERE (n.campaign_id, n.unit_id) IS DISTINCT FROM"
            f" (o.campaign_id, o.unit_id)) x;"
        ),
        "results_del": f"{ins} SELECT DISTINCT campaign_id, unit_id FROM thidua_old;",
    }
    events = {
        "results_ins": "INSERT ON results_result REFERENCING NEW TABLE AS thidua_new",
        "results_upd": (
            "UPDATE ON results_result REFERENCING OLD TABLE AS thidua_old NEW TABLE AS thidua_new"
        ),
        "results_del": "DELETE ON results_result REFERENCING OLD TABLE AS thidua_old",
    }
    for name, body in bodies.items():
        fn = PREFIX + name
        out.append(
            f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body} RETURN NULL; END $$;"
        )
        out.append(f"DROP TRIGGER IF EXISTS {fn} ON {RESULTS};")
        out.append(
            f"CREATE TRIGGER {fn} AFTER {events[name]} FOR EACH STATEMENT EXECUTE FUNCTION {fn}();"
        )
    fn = PREFIX + "participants"
    out.append(
        f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP <> 'INSERT' THEN {ins} VALUES (OLD.campaign_id, OLD.unit_id); END IF;"
        f" IF TG_OP <> 'DELETE' THEN {ins} VALUES (NEW.campaign_id, NEW.unit_id); END IF;"
        " RETURN NULL; END $$;"
    )
    out.append(f"DROP TRIGGER IF EXISTS {fn} ON {PARTICIPANTS};")
    out.append(
        f"CREATE TRIGGER {fn} AFTER INSERT OR UPDATE OR DELETE ON {PARTICIPANTS}"
        f" FOR EACH ROW EXECUTE FUNCTION {fn}();"
    )
    fn = PREFIX + "units"
    out.append(
        f"CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        f" {ins} {_UNIT_AFFECTED}; RETURN NULL; END $$;"
    )
    out.append(f"DROP TRIGGER IF EXISTS {fn} ON {UNITS};")
    out.append(
        f"CREATE TRIGGER {fn} AFTER UPDATE ON {UNITS} FOR EACH ROW"
        f" WHEN ({_UNIT_WHEN}) EXECUTE FUNCTION {fn}();"
    )
    return out


def _sqlite_statements() -> list[str]:
    ins = f"INSERT INTO {DIRTY} (campaign_id, unit_id)"
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _RESULT_COLUMNS)
    moved = "OLD.campaign_id IS NOT NEW.campaign_id OR OLD.unit_id IS NOT NEW.unit_id"
    triggers = {
        "results_ins": (
            f"AFTER INSERT ON {RESULTS}",
            f"{ins} VALUES (NEW.campaign_id, NEW.unit_id);",
        ),
        "results_upd": (
            f"AFTER UPDATE ON {RESULTS} WHEN {changed}",
            f"{ins} VALUES (NEW.campaign_id, NEW.unit_id);"
            f" {ins} SELECT OLD.campaign_id, OLD.unit_id WHERE {moved};",
        ),
        "results_del": (
            f"AFTER DELETE ON {RESULTS}",
            f"{ins} VALUES (OLD.campaign_id, OLD.unit_id);",
        ),
        "participants_ins": (
            f"AFTER INSERT ON {PARTICIPANTS}",
            f"{ins} VALUES (NEW.campaign_id, NEW.unit_id);",
        ),
        "participants_upd": (
            f"AFTER UPDATE ON {PARTICIPANTS}",
            f"{ins} VALUES (OLD.campaign_id, OLD.unit_id);"
            f" {ins} VALUES (NEW.campaign_id, NEW.unit_id);",
        ),
        "participants_del": (
            f"AFTER DELETE ON {PARTICIPANTS}",
            f"{ins} VALUES (OLD.campaign_id, OLD.unit_id);",
        ),
        "units": (
            f"AFTER UPDATE ON {UNITS} WHEN {_UNIT_WHEN.replace('IS DISTINCT FROM', 'IS NOT')}",
            f"{ins} {_UNIT_AFFECTED};",
        ),
    }
    return [
        f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{name} {when} BEGIN {body} END;"
        for name, (when, body) in triggers.items()
    ]


EXPECTED = {"postgresql": 5, "sqlite": 7}


def install(connection: Any) -> None:
    """Create (or replace) the triggers on ``connection``'s database."""
    vendor = connection.vendor
    if vendor == "postgresql":
        statements = _pg_statements()
    elif vendor == "sqlite":
        statements = _sqlite_statements()
    else:  # pragma: no cover - the platform runs on SQLite or PostgreSQL only
        raise NotImplementedError(f"score snapshot triggers for {vendor}")
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, names in (
                (RESULTS, ("results_ins", "results_upd", "results_del")),
                (PARTICIPANTS, ("participants",)),
                (UNITS, ("units",)),
            ):
                for name in names:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{name} ON {table};")
                    cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}{name}();")
        else:
            for sql in _sqlite_statements():
                name = sql.split()[5]
                cursor.execute(f"DROP TRIGGER IF EXISTS {name};")


def installed(connection: Any) -> int:
    """How many of the triggers exist on ``connection``'s database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


_checked: set[str] = set()


def ensure_installed(connection: Any) -> bool:
    """Install the triggers if any is missing (checked once per process and database).

    True when they were missing: changes made meanwhile were not marked, so the
    caller must treat every stored snapshot as stale.
    """
    key = f"{connection.alias}:{connection.settings_dict.get('NAME')}"
    if key in _checked:
        return False
    missing = installed(connection) < EXPECTED.get(connection.vendor, 0)
    if missing:
        install(connection)
    _checked.add(key)
    return missing
