"""Generated requests from the served OpenAPI schema (schemathesis): no operation answers with a
server error, whatever the parameters, valid or not; every answer conforms to the schema
(status codes, content types, bodies) and carries the security headers.

Each operation gets its own Hypothesis run, in schemathesis's positive mode (parameters the schema
allows) and negative mode (parameters it forbids). Derandomized: the same cases on every run.
`ARCHIVE_API_FUZZ_EXAMPLES` raises the number of cases per operation and mode for a longer run."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

from app.web.main import create_app
from app.web.security import HEADERS

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = int(os.environ.get("ARCHIVE_API_FUZZ_EXAMPLES", "25"))
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


@pytest.fixture(scope="module")
def api_schema(archive):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(archive))


def test_every_operation_is_in_the_schema(api_schema):
    labels = [result.ok().label for result in api_schema.get_all_operations()]
    assert "GET /search" in labels and "GET /articles/{permalink}.json" in labels
    assert len(labels) >= 25


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_no_generated_request_gets_a_server_error(api_schema, mode):
    calls, unconstrained = [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            # Every schemathesis check: no 5xx, and status, content type, headers and body
            # as the schema documents them.
            response = case.call_and_validate()
            calls.append(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path, case.query,
                                                response.status_code, response.text[:300])
            assert response.headers.get("content-security-policy") == \
                [HEADERS["Content-Security-Policy"]]

        try:
            call()
        except Unsatisfiable:  # negative mode: no parameter that can be wrong (free text only)
            assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
            unconstrained.append(operation.label)
    print(f"{mode.value}: {len(calls)} generated requests, statuses "
          f"{sorted(set(calls))}, server errors {sum(s >= 500 for s in calls)}; "
          f"no invalid form of {unconstrained}")
    assert len(calls) > 100
