"""A small Python client for the Chorus GraphQL API, for notebooks and scripts.

It sends only the typed documents of ``packages/schema/src/documents/*.graphql`` (looked up by
operation name, with the fragments they spread), so a schema change that breaks a notebook fails
the same CI run that checks the web app's documents.

Configuration comes from the environment:

- ``CHORUS_API_URL``: the server (default ``http://localhost:4000``);
- ``CHORUS_TOKEN``: an API token, sent as ``Authorization: Bearer <token>`` when set (accounts
  are coming; until then a server accepts requests without one);
- ``CHORUS_DOCUMENTS``: the documents folder, when the notebook is not run from the repository.

HTTP goes through ``requests``; subscriptions speak graphql-ws (the ``graphql-transport-ws``
protocol) through the ``websockets`` package.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator, Optional

import requests

API_URL = os.environ.get("CHORUS_API_URL", "http://localhost:4000").rstrip("/")
TOKEN = os.environ.get("CHORUS_TOKEN") or None
DOCUMENTS_DIR = Path(
    os.environ.get(
        "CHORUS_DOCUMENTS",
        Path(__file__).resolve().parent / "../../packages/schema/src/documents",
    )
).resolve()

# A subscription that hears nothing for this long is given up on (seconds).
SUBSCRIPTION_IDLE_TIMEOUT_S = 60.0


class ChorusError(Exception):
    """A GraphQL error: its ``code`` (``BAD_USER_INPUT``, ``NOT_FOUND``, ``CONFLICT``…) and the
    rest of its ``extensions`` (``field``, ``line``)."""

    def __init__(self, message: str, code: str, extensions: Optional[dict] = None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.extensions = extensions or {}


def _auth_headers() -> dict:
    return {"Authorization": f"Bearer {TOKEN}"} if TOKEN else {}


def _definitions(text: str) -> Iterator[str]:
    """The top-level definitions of a GraphQL document, comments removed."""
    without_comments = re.sub(r"#[^\n]*", "", text)
    depth, start = 0, 0
    for i, char in enumerate(without_comments):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield without_comments[start : i + 1].strip()
                start = i + 1


def _load_documents() -> tuple[dict, dict]:
    operations, fragments = {}, {}
    for file in sorted(DOCUMENTS_DIR.glob("*.graphql")):
        for definition in _definitions(file.read_text()):
            match = re.match(r"(query|mutation|subscription|fragment)\s+(\w+)", definition)
            if match is None:
                raise ValueError(f"{file.name}: an anonymous definition: {definition[:40]}…")
            kind, name = match.groups()
            (fragments if kind == "fragment" else operations)[name] = definition
    if not operations:
        raise FileNotFoundError(f"no GraphQL documents in {DOCUMENTS_DIR}")
    return operations, fragments


_OPERATIONS, _FRAGMENTS = _load_documents()


def operations() -> list[str]:
    """The names of every operation this client can send."""
    return sorted(_OPERATIONS)


def document(operation: str) -> str:
    """The text of one operation with every fragment it spreads, directly or not."""
    if operation not in _OPERATIONS:
        raise KeyError(f"no operation {operation!r} in {DOCUMENTS_DIR}")
    parts, seen, pending = [_OPERATIONS[operation]], set(), [_OPERATIONS[operation]]
    while pending:
        # `... on Type` is an inline fragment, not a spread of a named one.
        for name in re.findall(r"\.\.\.\s*(?!on\b)([A-Za-z_]\w*)", pending.pop()):
            if name not in seen:
                seen.add(name)
                parts.append(_FRAGMENTS[name])
                pending.append(_FRAGMENTS[name])
    return "\n\n".join(parts)


def _raise_first_error(errors: list) -> None:
    extensions = dict(errors[0].get("extensions") or {})
    code = extensions.pop("code", "INTERNAL_SERVER_ERROR")
    raise ChorusError(errors[0].get("message", ""), code, extensions)


def graphql(operation: str, **variables: Any) -> dict:
    """Sends one typed document over HTTP and returns its data; raises ``ChorusError``."""
    response = requests.post(
        f"{API_URL}/graphql",
        json={"query": document(operation), "variables": variables},
        headers={"Accept": "application/graphql-response+json, application/json", **_auth_headers()},
        timeout=120,
    )
    try:
        body = response.json()
    except ValueError:
        response.raise_for_status()
        raise
    if body.get("errors"):
        _raise_first_error(body["errors"])
    return body["data"]


def _dig(data: dict, path: str) -> Any:
    for key in path.split("."):
        data = data[key]
    return data


def nodes(operation: str, connection: str, page_size: int = 100, **variables: Any) -> Iterator[dict]:
    """Every node of a cursor connection, page after page (``connection`` is its path in the
    data, e.g. ``"dataset.annotations"``)."""
    after = None
    while True:
        page = _dig(graphql(operation, first=page_size, after=after, **variables), connection)
        for edge in page["edges"]:
            yield edge["node"]
        if not page["pageInfo"]["hasNextPage"]:
            return
        after = page["pageInfo"]["endCursor"]


def download(path: str) -> bytes:
    """GETs a REST endpoint of the API (``/api/models/3/model.onnx``); raises on an error."""
    response = requests.get(f"{API_URL}{path}", headers=_auth_headers(), timeout=120)
    if not response.ok:
        error = response.json().get("error", {})
        raise ChorusError(error.get("message", response.reason), error.get("code", "HTTP_ERROR"))
    return response.content


async def subscribe(
    operation: str,
    until: Optional[Callable[[dict], bool]] = None,
    idle_timeout: float = SUBSCRIPTION_IDLE_TIMEOUT_S,
    **variables: Any,
) -> AsyncIterator[dict]:
    """Yields the data of each event of a subscription, until ``until(data)`` is true, the
    server completes it, or nothing comes for ``idle_timeout`` seconds (then it just ends)."""
    import websockets  # only subscriptions need it (Debian: python3-websockets)

    url = re.sub(r"^http", "ws", API_URL) + "/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as socket:
        payload = {"authorization": f"Bearer {TOKEN}"} if TOKEN else {}
        await socket.send(json.dumps({"type": "connection_init", "payload": payload}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), idle_timeout))
        if ack["type"] != "connection_ack":
            raise ChorusError(f"the server answered {ack['type']} to connection_init", "HTTP_ERROR")
        subscription = {"query": document(operation), "variables": variables}
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscription}))
        while True:
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), idle_timeout))
            except asyncio.TimeoutError:
                return
            if message["type"] == "ping":
                await socket.send(json.dumps({"type": "pong"}))
            elif message["type"] == "error":
                _raise_first_error(message["payload"])
            elif message["type"] == "complete":
                return
            elif message["type"] == "next":
                if message["payload"].get("errors"):
                    _raise_first_error(message["payload"]["errors"])
                data = message["payload"]["data"]
                yield data
                if until is not None and until(data):
                    await socket.send(json.dumps({"id": "1", "type": "complete"}))
                    return
