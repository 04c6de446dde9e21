# ruff: noqa: RUF012  (Django migration attributes)
"""The database table of the ``shared`` cache (login throttling, import previews).

``createcachetable`` is Django's own way to make it; running it from a migration
means ``migrate`` (``thidua demo``/``serve``, the test database) is the only set-up
step. It does nothing when no database cache is configured or the table exists.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations

TABLE = "thidua_cache"


def create(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps: Any, schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
