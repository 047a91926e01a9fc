"""Extract the Discord OpenAPI schemas the fake validates against into a small vendored file.

Usage: python tests/fakes/discord_spec/build.py [../shared/specs/discord-openapi.json]

Copies the request-body schemas of the routes briefbot calls and every component schema they
reference, transitively, keeping the licence notice of the upstream spec (MIT, Copyright 2023
Discord). Rerun it when the upstream spec is updated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "discord-openapi-trimmed.json"
NOTICE = (
    "Trimmed from discord/discord-api-spec specs/openapi.json at commit "
    "74fda0fad044407ea280043a03ffc9bc64c4e49e. MIT License, Copyright 2023 Discord. "
    "Permission is hereby granted, free of charge, to any person obtaining a copy of this "
    "software and associated documentation files (the 'Software'), to deal in the Software "
    "without restriction, including without limitation the rights to use, copy, modify, merge, "
    "publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons "
    "to whom the Software is furnished to do so, subject to the following conditions: The above "
    "copyright notice and this permission notice shall be included in all copies or substantial "
    "portions of the Software. THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND, "
    "EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS "
    "FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT "
    "HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF "
    "CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE "
    "USE OR OTHER DEALINGS IN THE SOFTWARE."
)
BULK = "/applications/{application_id}/commands"
# Root name -> (path, method) of a request body, or a component schema name.
ROOTS: dict[str, tuple[str, str] | str] = {
    "bulk_overwrite": (BULK, "put"),
    "callback_message": "CreateMessageInteractionCallbackRequest",
    "callback_update": "UpdateMessageInteractionCallbackRequest",
    "callback_autocomplete": "ApplicationCommandAutocompleteCallbackRequest",
    "webhook_execute": "IncomingWebhookRequestPartial",
    "webhook_edit": "IncomingWebhookUpdateRequestPartial",
    "message_create": "MessageCreateRequest",
}
PREFIX = "#/components/schemas/"


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(PREFIX):
            found.add(ref[len(PREFIX) :])
        for value in node.values():
            found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


def build(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the trimmed spec: the roots and every schema they reference."""
    schemas = spec["components"]["schemas"]
    roots: dict[str, Any] = {}
    for name, where in ROOTS.items():
        if isinstance(where, str):
            roots[name] = {"$ref": PREFIX + where}
        else:
            path, method = where
            body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]
            roots[name] = body["schema"]
    wanted: set[str] = set()
    todo = _refs(roots)
    while todo:
        name = todo.pop()
        if name in wanted:
            continue
        wanted.add(name)
        todo |= _refs(schemas[name]) - wanted
    return {
        "x-license": NOTICE,
        "x-source": "https://github.com/discord/discord-api-spec",
        "openapi": spec["openapi"],
        "info": {"title": spec["info"]["title"], "version": spec["info"]["version"]},
        "x-roots": roots,
        "components": {"schemas": {name: schemas[name] for name in sorted(wanted)}},
    }


def main() -> None:
    """Write the trimmed spec next to this script."""
    # Default: the shared specs folder that sits beside the repository checkout.
    default = Path(__file__).resolve().parents[4] / "shared" / "specs" / "discord-openapi.json"
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    trimmed = build(json.loads(source.read_text(encoding="utf-8")))
    OUTPUT.write_text(json.dumps(trimmed, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
