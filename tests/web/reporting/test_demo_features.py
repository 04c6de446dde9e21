"""The demo adds reports, tasks, models and the award setup once, and keeps them on a second run."""

from __future__ import annotations

import pytest

from thidua.web.audit.services import verify
from thidua.web.awards_web.models import AwardSetup
from thidua.web.demo import load_demo
from thidua.web.models_registry.models import Recognition, RegisteredModel
from thidua.web.reporting.models import LatenessEvent, Obligation, Submission
from thidua.web.results.models import Result
from thidua.web.tasks.models import Task


def _counts() -> dict[str, int]:
    return {
        "obligations": Obligation.objects.count(),
        "submissions": Submission.objects.count(),
        "events": LatenessEvent.objects.count(),
        "c1": Result.objects.filter(criterion="C.1").count(),
        "tasks": Task.objects.count(),
        "done": Task.objects.filter(status="done").count(),
        "models": RegisteredModel.objects.count(),
        "recognitions": Recognition.objects.count(),
        "setups": AwardSetup.objects.count(),
    }


@pytest.mark.django_db
def test_it_loads_the_feature_demo_once() -> None:
    load_demo()
    first = _counts()
    assert first["obligations"] == 3 and first["tasks"] == 71 and first["setups"] == 1
    assert first["submissions"] > 0 and first["events"] > 0 and first["c1"] > 0
    assert first["models"] > 0 and first["recognitions"] > 0 and first["done"] > 0
    load_demo()
    assert _counts() == first
    assert verify()[1] == []
