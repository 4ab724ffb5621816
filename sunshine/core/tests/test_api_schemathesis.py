"""The API matches its schema (issue 11, item 12): schemathesis over every operation of /api/v1 — whatever apps
add later, since the operations come from the schema itself — anonymous and with a staff token. Bounded examples
(`SUNSHINE_SCHEMATHESIS_EXAMPLES`, default 8 per operation and identity), derandomized so a failure reproduces.
Checks: no server error, every status documented, the documented content type, the documented response schema;
the positive/negative data checks with SUNSHINE_SCHEMATHESIS_DATA_CHECKS=1 (not yet clean, see CHECKS). Besides:
`?page=` empty is the first page on every list, and unknown or malformed ids answer JSON 404 on every operation
with a path parameter."""

from __future__ import annotations

import os
import re

import hypothesis
import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from sunshine.wsgi import application

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Positive/negative data checks (a schema-valid request is accepted, an invalid one refused with 4xx): on with
# SUNSHINE_SCHEMATHESIS_DATA_CHECKS=1. Not yet in CI: the first run found ~35 of 126 operation×identity cases to fix
# (e.g. POST /api/v1/auth/token: the schema allows an empty or blank username, the server answers 400).
if os.environ.get("SUNSHINE_SCHEMATHESIS_DATA_CHECKS", "") == "1":
    CHECKS += [positive_data_acceptance, negative_data_rejection]
EXAMPLES = int(os.environ.get("SUNSHINE_SCHEMATHESIS_EXAMPLES", "8"))
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, stateful_step_count=2,
    suppress_health_check=list(hypothesis.HealthCheck), phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate])


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app is called directly (not through Django's test client, which does the same): its
    request_started/finished signals must not close the test's database connection (PostgreSQL: "the connection is
    closed" inside the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_token(clerk):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=clerk).key


def test_the_schema_covers_the_api_and_documents_errors():
    operations = [op.ok() for op in SCHEMA.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        responses = operation.definition.raw["responses"]
        assert {"404", "405", "429"} <= set(responses), operation.label
        if operation.method.lower() in ("post", "put", "patch", "delete"):
            assert {"400", "409"} <= set(responses), operation.label


@pytest.mark.django_db
@SCHEMA.parametrize()
@SETTINGS
def test_api_anonymous(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@SCHEMA.parametrize()
@SETTINGS
def test_api_with_a_staff_token(case, staff_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {staff_token}"})


@pytest.mark.django_db
def test_the_due_date_range_in_the_schema_is_the_one_enforced(api_client):
    from sunshine.workcalendar.forms import MAX_WORKING_DAYS

    operation = SCHEMA["/api/v1/calendar/due-date"]["GET"]
    (param,) = [p for p in operation.definition.raw["parameters"] if p["name"] == "working_days"]
    assert (param["schema"]["minimum"], param["schema"]["maximum"]) == (0, MAX_WORKING_DAYS)
    url = "/api/v1/calendar/due-date?start=2026-01-05&working_days="
    assert api_client.get(url + str(MAX_WORKING_DAYS)).status_code == 200
    assert api_client.get(url + str(MAX_WORKING_DAYS + 1)).status_code == 400
    assert api_client.get(url + "0").status_code == 200 and api_client.get(url + "-1").status_code == 400


def _get_operations(*, with_path_parameter: bool):
    for result in SCHEMA.get_all_operations():
        operation = result.ok()
        if operation.method.lower() != "get":
            continue
        has_path = "{" in operation.path
        if has_path == with_path_parameter:
            yield operation


@pytest.mark.django_db
def test_an_empty_page_parameter_is_the_first_page_everywhere(api_client, staff_token):
    """`?page=` (empty) answers exactly what no page parameter answers, on every list of the API."""
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {staff_token}")
    checked = 0
    for operation in _get_operations(with_path_parameter=False):
        names = {p["name"] for p in operation.definition.raw.get("parameters", []) if p.get("in") == "query"}
        if "page" not in names:
            continue
        path = "/api/v1" + operation.path if not operation.path.startswith("/api/") else operation.path
        plain, empty = api_client.get(path), api_client.get(path + "?page=")
        assert (empty.status_code, empty.content) == (plain.status_code, plain.content), path
        checked += 1
    assert checked >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["999999999", "x%20y", "%E4%B8%AD"])
def test_unknown_or_malformed_ids_are_json_404(api_client, staff_token, value):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {staff_token}")
    for operation in _get_operations(with_path_parameter=True):
        path = operation.path if operation.path.startswith("/api/") else "/api/v1" + operation.path
        url = re.sub(r"\{[^}]+\}", value, path)
        response = api_client.get(url)
        assert response.status_code == 404, (url, response.status_code, response.content[:200])
        assert response["Content-Type"] == "application/json", url
