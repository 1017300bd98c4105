"""Loading untrusted JSON exports safely: size cap, depth cap, no NaN, no giant integers."""

from __future__ import annotations

import json
from typing import Any

from evidencekit.core.errors import UnsupportedInput
from evidencekit.i18n import _

MAX_JSON_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 200


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _depth(value: Any) -> int:
    """Depth of nested containers, iteratively (a recursive walk could itself overflow)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in node)
    return deepest


def loads_untrusted(data: bytes | str, source_name: str, *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """Parse JSON from an export, turning every failure into one `UnsupportedInput` sentence."""
    if len(data) > max_bytes:
        raise UnsupportedInput(
            _("{name}: the JSON file is larger than {mb} MB; it was not imported.")
            .format(name=source_name, mb=max_bytes // (1024 * 1024))
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UnsupportedInput(
                _("{name}: the JSON file is not valid UTF-8 (byte {byte}).")
                .format(name=source_name, byte=exc.start)
            ) from None
    else:
        text = data
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise UnsupportedInput(_too_deep(source_name)) from None
    except json.JSONDecodeError as exc:
        raise UnsupportedInput(
            _("{name}: the file is not valid JSON (line {line}, column {column}).")
            .format(name=source_name, line=exc.lineno, column=exc.colno)
        ) from None
    except ValueError as exc:  # > 4300-digit integers, NaN/Infinity
        raise UnsupportedInput(_("{name}: the JSON holds an invalid value ({reason}).")
                               .format(name=source_name, reason=exc)) from None
    if _depth(value) > MAX_DEPTH:
        raise UnsupportedInput(_too_deep(source_name))
    return value


def _too_deep(source_name: str) -> str:
    return _("{name}: the JSON is nested too deeply to read.").format(name=source_name)
