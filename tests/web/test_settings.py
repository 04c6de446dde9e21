"""Settings come from the environment through helpers that refuse bad values."""

from __future__ import annotations

import pytest

from thidua.web.env import SettingError, env_bool, env_int, env_list, local_secret_key


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("FALSE", False), (" True ", True)])
def test_it_reads_booleans(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", ["1", "yes", "", "on", "tru"])
def test_it_refuses_anything_but_true_or_false(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("X_FLAG", raw)
    with pytest.raises(SettingError, match="X_FLAG"):
        env_bool("X_FLAG", True)


def test_it_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X_FLAG", raising=False)
    assert env_bool("X_FLAG", True) is True
    assert env_int("X_FLAG", 5) == 5
    assert env_list("X_FLAG", ["a"]) == ["a"]


def test_it_refuses_bad_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(SettingError):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(SettingError, match="at least 0"):
        env_int("X_NUM", 1, minimum=0)


def test_it_keeps_the_local_secret_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = local_secret_key(tmp_path)
    assert local_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_it_puts_argon2_first_and_speaks_vietnamese() -> None:
    from thidua.web import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.LANGUAGE_CODE == "vi"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.SESSION_COOKIE_AGE > 0 and settings.USE_THOUSAND_SEPARATOR


def test_it_requires_a_secret_key_when_not_debug(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(THIDUA_DEBUG="false", THIDUA_DATA_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-c", "import thidua.web.settings"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0 and "SECRET_KEY is required" in proc.stderr
    env.update(SECRET_KEY="x" * 50)
    code = (
        "import thidua.web.settings as s; print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert proc.stdout.split() == ["True", "True"]
