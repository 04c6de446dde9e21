"""Work that must be done before anyone reads a campaign's scores.

Some results change because time passes rather than because someone acted:
when a campaign's reporting cut-off ends, every report still unsent becomes
a ``missing`` C.1 event. Apps that own such results register a hook here
(reporting does, in its AppConfig.ready), and every score reader —
snapshots, a unit's score, a level's ranking — calls :func:`before_reading`.
The campaigns app so knows nothing of reporting, and no reader can forget.
"""

from __future__ import annotations

from collections.abc import Callable

from thidua.web.campaigns.models import Campaign

Hook = Callable[[Campaign], object]

_hooks: list[Hook] = []


def register(hook: Hook) -> None:
    """Run ``hook(campaign)`` before every read of the campaign's scores (once per hook)."""
    if hook not in _hooks:
        _hooks.append(hook)


def before_reading(campaign: Campaign) -> None:
    for hook in _hooks:
        hook(campaign)
