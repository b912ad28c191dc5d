"""Translating between werkzeug and the protocol handlers (nothing decided here)."""
from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from identity.domain.commands import ProtocolCall
from identity.service_layer.login import BrokerChoice
from portal_kit.http import read_json
from portal_kit.problems import PROBLEM_CONTENT_TYPE

PREFIX = "/api/identity"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def call_of(request: Request, endpoint: str, issuer: str) -> ProtocolCall:
    """The request as the protocol sees it: its public URL, parameters and credentials."""
    if request.method == "GET":
        params = request.args.to_dict(flat=False)
    elif request.mimetype == "application/json":
        body = read_json(request)
        params = {str(k): [str(v)] for k, v in body.items()} if isinstance(body, dict) else {}
    else:
        params = request.form.to_dict(flat=False)
    path = request.path.removeprefix(PREFIX)
    headers = {k: v for k, v in request.headers.items() if k.lower() == "authorization"}
    return ProtocolCall(endpoint, request.method, f"{issuer}{path}", params, headers)


def respond(result: tuple[int, Any, list[tuple[str, str]]] | BrokerChoice) -> Response:
    if isinstance(result, BrokerChoice):
        return choice_page(result)
    status, body, headers = result
    headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
    if status == 302:
        return Response("", status=302, headers=headers)
    if status >= 400 and isinstance(body, dict) and "error" in body:
        return _problem(status, body, headers)
    return Response(json.dumps(body), status=status, headers=dict(headers, **NO_STORE),
                    content_type="application/json")


def _problem(status: int, body: dict[str, Any], headers: list[tuple[str, str]]) -> Response:
    """RFC 9457 problem details that OAuth clients read too (``error``, ``error_description``)."""
    problem = {"type": "about:blank", "title": "OAuth error", "status": status,
               "detail": body.get("error_description") or body["error"],
               "code": body["error"], **body}
    return Response(json.dumps(problem), status=status, headers=dict(headers, **NO_STORE),
                    content_type=PROBLEM_CONTENT_TYPE)


def choice_page(choice: BrokerChoice) -> Response:
    """Pick the national eID: HelseID (Norway) or MitID through NemLog-in (Denmark)."""
    links = "\n".join(
        f'<li><a href="?{html.escape(urlencode(dict(choice.query, eid=name)))}">'
        f"{html.escape(label)}</a></li>" for label, name in choice.links)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport"
content="width=device-width, initial-scale=1"><title>Log in with eID</title></head>
<body><main><h1>Log in with national eID</h1>
<p>Norway: HelseID. Danmark: MitID (NemLog-in).</p><ul>
{links}
</ul></main></body></html>"""
    return Response(page, content_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": "default-src 'none'",
                             **NO_STORE})
