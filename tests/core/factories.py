"""Small briefings written for tests (our own invented stories)."""

from __future__ import annotations

from typing import Any


def briefing_dict(briefing_id: str = "harbour-strike", **overrides: Any) -> dict[str, Any]:
    """Return a valid briefing as a plain dict, with fields overridable."""
    data: dict[str, Any] = {
        "id": briefing_id,
        "title": "Dock workers strike at Port Halden",
        "published": "2025-03-02",
        "source": {"name": "Halden Gazette", "url": "https://gazette.example/strike"},
        "topics": ["labour", "port-halden"],
        "summary": "Dock workers walked out at Port Halden over pay. Ships are queuing.",
        "developments": ["Union calls a 48-hour strike.", "Twelve ships wait offshore."],
        "people": [
            {
                "id": "mara-okafor",
                "name": "Mara Okafor",
                "role": "union leader",
                "aliases": ["Okafor"],
            },
            {"id": "port-authority", "name": "Port Authority", "kind": "organization"},
        ],
        "quotes": [
            {
                "speaker": "mara-okafor",
                "text": "We will not load a single crate until the offer improves",
                "kind": "direct",
                "evidence": {
                    "sentence": '"We will not load a single crate until the offer improves," '
                    "Okafor said.",
                    "start": 1,
                    "end": 57,
                },
            },
            {
                "speaker": "port-authority",
                "text": "talks would resume on Monday",
                "kind": "reported",
            },
        ],
        "figures": [
            {"value": 12, "unit": "ships", "label": "ships waiting offshore"},
            {"value": 4.5, "unit": "percent", "label": "pay rise offered", "qualifier": "about"},
        ],
    }
    data.update(overrides)
    return data
