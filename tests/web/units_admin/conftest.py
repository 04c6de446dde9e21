"""Extra named users for the administration tests (on top of tests/web/conftest.py's world).

* ``district_admin`` — administrator of Đồng Văn district (the owner's and peer's communes)
* ``root``           — a superuser
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.web.conftest import PASSWORD, World
from thidua.web.accounts.models import Membership, Role


@pytest.fixture
def district_admin(world: World) -> User:
    u = User.objects.create_user("district_admin", password=PASSWORD)
    Membership.objects.create(user=u, unit=world.district, role=Role.ADMIN)
    return u


@pytest.fixture
def root(db: Any) -> User:
    return User.objects.create_superuser("root", password=PASSWORD)
