"""Checks of our own that schemathesis runs on every answer (SCHEMATHESIS_HOOKS=fuzz_checks).

Every 4xx is a problem-details body with a stable ``code`` (README: HTTP contract), and no
answer, of any status, carries a Python stack trace.
"""
import json

import schemathesis

TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/', "site-packages/")


@schemathesis.check
def a_client_error_is_a_problem_with_a_code(ctx, response, case):
    if not 400 <= response.status_code < 500:
        return
    content_type = response.headers.get("Content-Type", response.headers.get("content-type", ""))
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    if content_type.split(";")[0] in _documented(case, response.status_code) - {
            "application/problem+json", "application/json"}:
        return  # a page for people, as the document says (an e-mail's link)
    assert content_type.startswith("application/problem+json"), (
        f"{response.status_code} is {content_type!r}, not application/problem+json")
    body = json.loads(response.content)
    assert isinstance(body, dict) and isinstance(body.get("code"), str) and body["code"], (
        f"{response.status_code} problem without a code: {body!r}")


def _documented(case, status):
    responses = case.operation.definition.raw.get("responses", {})
    return set((responses.get(str(status)) or responses.get("default") or {}).get("content", {}))


@schemathesis.check
def no_answer_shows_a_stack_trace(ctx, response, case):
    text = response.content.decode("utf-8", errors="replace")
    found = [marker for marker in TRACE_MARKERS if marker in text]
    assert not found, f"the answer shows a stack trace ({found[0]!r})"

