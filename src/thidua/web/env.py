"""Typed environment helpers: every setting comes from one, and bad values fail at start."""

from __future__ import annotations

import os
from pathlib import Path


class SettingError(ValueError):
    """An environment variable holds a value the platform refuses to guess about."""


def env_str(name: str, default: str = "") -> str:
    """The variable's text, or ``default`` when unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """``true`` or ``false`` (any case); anything else raises SettingError."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value == "true":
        return True
    if value == "false":
        return False
    raise SettingError(f"{name} must be 'true' or 'false', got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number (at least ``minimum``); anything else raises SettingError."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise SettingError(f"{name} must be a whole number, got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list with blanks dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: str) -> Path:
    """An absolute path (relative values are taken from the working directory)."""
    return Path(os.environ.get(name, default)).expanduser().resolve()


def local_secret_key(data_dir: Path) -> str:
    """The key stored in ``data_dir/secret_key``, created (mode 600) on first use."""
    path = data_dir / "secret_key"
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    from django.core.management.utils import get_random_secret_key

    data_dir.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key
