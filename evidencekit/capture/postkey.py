"""A request body as the query arguments by which replay tools find a POST in the index.

ReplayWeb.page cannot look a POST up by URL alone (a site's API answers differently to each
body), so the index key of a POST or PUT carries `__wb_method=post` and its body, following
webrecorder's request-body canonicalization: a form as its decoded fields, JSON flattened to
key=value pairs (a repeated key gets `.2_`, `.3_`…), anything else as `__wb_post_data=` and
its base64. Multipart forms are kept as base64 too (their fields would need a MIME parser for
one key; replay then matches them only byte for byte).
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import unquote_plus, urlencode

MAX_QUERY = 4096
MAX_FIELDS = 4096  # the key is cut at MAX_QUERY characters anyway


def _binary(body: bytes) -> str:
    return "__wb_post_data=" + base64.b64encode(body).decode("ascii")


def _flatten(value: Any) -> str:
    found: dict[str, str] = {}
    repeats: dict[str, int] = {}

    def name_for(key: str) -> str:
        if key not in found:
            return key
        repeats[key] = repeats.get(key, 1) + 1
        return f"{key}.{repeats[key]}_"

    stack: list[tuple[Any, str]] = [(value, "")]
    while stack and len(found) < MAX_FIELDS:  # depth first, in document order
        node, name = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed([(v, str(k)) for k, v in node.items()]))
        elif isinstance(node, list):
            stack.extend(reversed([(v, name) for v in node]))
        elif name:
            # str() of the JSON scalar (True, None, 1.5), as the reference indexer writes it.
            found[name_for(name)] = str(node)
    return urlencode(found)


def post_query(content_type: str, body: bytes) -> str:
    media = content_type.split(";")[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        try:
            query = unquote_plus(body.decode("utf-8"))
        except UnicodeDecodeError:
            query = _binary(body)
    elif media == "application/json" or media == "text/plain":
        try:
            query = _flatten(json.loads(body))
        except (ValueError, RecursionError):
            query = "" if media == "application/json" else _binary(body)
    else:
        query = _binary(body)
    return query[:MAX_QUERY]
