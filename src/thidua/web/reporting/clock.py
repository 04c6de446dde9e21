"""The server's clock, in one place so that tests can stop time (DESIGN §7, point 5)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current time, time-zone aware (submissions are stamped with it, never with input)."""
    return timezone.now()
