"""Phrasing shared by every reply: numbers, figures, dates, speakers (no platform markup)."""

from __future__ import annotations

import math
from datetime import date, datetime

from bot.core.records import AnyBriefing, AnyFigure, AnyPerson

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_PERCENT_UNITS = frozenset({"percent", "per cent", "%", "percentage", "percentage points"})


def format_number(value: float) -> str:
    """Return a number as people write it: 8,000; 0.8; 1.2 million."""
    if not math.isfinite(value):
        return str(value)
    magnitude = abs(value)
    for scale, word in _SCALES:
        if magnitude >= scale:
            scaled = value / scale
            return f"{_trim(scaled)} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _trim(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_figure(figure: AnyFigure) -> str:
    """Return a figure as a phrase: 'about 1,200 casualties per day', '80%'."""
    amount = format_number(figure.value)
    if figure.high is not None:
        amount = f"{amount}–{format_number(figure.high)}"
    unit = (figure.unit or "").strip()
    if unit.lower() in _PERCENT_UNITS and unit.lower() != "percentage points":
        phrase = f"{amount}%"
    elif unit:
        phrase = f"{amount} {unit}"
    else:
        phrase = amount
    if figure.qualifier:
        phrase = f"{figure.qualifier} {phrase}"
    if figure.per:
        phrase = f"{phrase} per {figure.per}"
    return phrase


# English month abbreviations, fixed: strftime('%b') follows the process locale and is the
# slowest step of a 100-quote reply.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_date(value: date | datetime) -> str:
    """Return a date as '31 Oct 2024' (datetimes keep their own day)."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def speaker_label(person: AnyPerson | None) -> str:
    """Return 'Antony Blinken, U.S. Secretary of State' (or 'Unknown speaker')."""
    if person is None:
        return "Unknown speaker"
    return f"{person.name}, {person.role}" if person.role else person.name


def first_sentence(text: str, limit: int = 280) -> str:
    """Return the first sentence of a text, cut to ``limit`` characters."""
    cleaned = " ".join(text.split())
    for stop in (". ", "! ", "? "):
        position = cleaned.find(stop)
        if 0 < position < limit:
            return cleaned[: position + 1]
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"


def source_url(briefing: AnyBriefing) -> str | None:
    """Return the story's link as a string, if it has one."""
    return str(briefing.source.url) if briefing.source.url else None
