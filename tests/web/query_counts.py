"""Counting the SQL queries of one request, for the query-count baselines (test_query_counts.py).

A wrapper on the connection, not ``CaptureQueriesContext`` or ``connection.queries``:
the test client's request resets the connection's query log when it starts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test import Client

ENGINE = "postgresql" if connection.vendor == "postgresql" else "sqlite"


@dataclass
class Counted:
    """The answer to one request and the SQL statements it ran, in order."""

    path: str
    response: Any
    queries: list[str]

    @property
    def count(self) -> int:
        return len(self.queries)


def _shape(sql: str) -> str:
    """A statement with its literals and IN lists blanked, so that repeats of one read group."""
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"IN \([^)]*\)", "IN (…)", sql)


def request(
    client: Client, path: str, *, headers: dict[str, str] | None = None, status: int = 200
) -> Counted:
    """GET ``path`` twice and count the queries of the second request.

    The first one warms what a page keeps between requests (a ranking's
    stored snapshot, the cut-off sweep's memo, the session): the count is the
    steady cost of the page, the same on every run.
    """
    first = client.get(path, headers=headers)
    assert first.status_code == status, (path, first.status_code)
    queries: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(path, headers=headers)
    assert response.status_code == status, (path, response.status_code)
    return Counted(path, response, queries)


def explain(small: Counted, large: Counted, allowed: int = 0) -> str:
    """The statements the larger world ran more often than the smaller one: the N+1 suspects."""
    a, b = Counter(map(_shape, small.queries)), Counter(map(_shape, large.queries))
    grown = [f"  {b[s] - a[s]:+d} × {s[:300]}" for s in b if b[s] > a[s]]
    return (
        f"{large.path}: {small.count} queries with few rows, {large.count} with more "
        f"(at most {small.count + allowed} allowed)\n" + "\n".join(grown)
    )


def assert_flat(small: Counted, large: Counted, ceiling: int, *, grows_by: int = 0) -> None:
    """The page's queries do not grow with its rows (or by at most ``grows_by``: queries per
    row the page is known to keep), and stay within its recorded baseline."""
    assert large.count <= small.count + grows_by, explain(small, large, grows_by)
    assert large.count <= ceiling, (
        f"{large.path}: {large.count} queries, the baseline is {ceiling}:\n"
        + "\n".join(f"  {q[:300]}" for q in large.queries)
    )
