"""Starting Django from the command line: settings, catalogues, migrations."""

from __future__ import annotations

import os


def setup() -> None:
    """Select the platform's settings (unless the environment names others) and start Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.web.settings")
    import django

    django.setup()


def prepare(*, verbosity: int = 0) -> None:
    """Compile the translations and bring the database schema up to date."""
    from django.core.management import call_command

    from thidua.web.i18n import compile_catalogues

    compile_catalogues()
    call_command("migrate", interactive=False, verbosity=verbosity)
