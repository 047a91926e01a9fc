"""Digest slots: when a schedule fires, as (local date + time) keys and UTC instants.

A slot's key is the local date and wall time in the subscription's zone ("2025-03-30T02:30"),
so each local occurrence has exactly one key. A wall time skipped by a DST change fires at the
first instant after the gap; a repeated one fires once, at its first occurrence. Sweeps ask for
the slots in half-open windows ``(start, end]``, so consecutive windows never repeat or miss one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UsageError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ALL_WEEKDAYS = frozenset(range(7))


@dataclass(frozen=True, slots=True)
class Slot:
    """One firing of a schedule: its stable key and the instant it is due."""

    key: str
    due: datetime


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a subscription fires: wall times on matching local days, in one time zone."""

    tz: ZoneInfo
    times: tuple[time, ...]
    weekdays: frozenset[int] = ALL_WEEKDAYS
    monthdays: frozenset[int] | None = None
    months: frozenset[int] | None = None
    # cron: when both day-of-month and day-of-week are restricted, either may match.
    day_or: bool = False

    def matches(self, day: date) -> bool:
        """Return True when the schedule fires on this local date."""
        if self.months is not None and day.month not in self.months:
            return False
        dow = day.weekday() in self.weekdays
        if self.monthdays is None:
            return dow
        dom = day.day in self.monthdays
        return (dom or dow) if self.day_or else (dom and dow)

    def slots(self, start: datetime, end: datetime) -> list[Slot]:
        """Return the slots due in ``(start, end]``, in due order."""
        if start.tzinfo is None or end.tzinfo is None:
            raise ValueError("slot windows need aware datetimes")
        if end <= start:
            return []
        # A local day's slots can be due up to a day before/after its UTC date.
        first = start.astimezone(self.tz).date() - timedelta(days=1)
        last = end.astimezone(self.tz).date() + timedelta(days=1)
        found = []
        for day in _days(first, last):
            if not self.matches(day):
                continue
            for wall in self.times:
                due = resolve_local(day, wall, self.tz)
                if start < due <= end:
                    found.append(Slot(slot_key(day, wall), due))
        found.sort(key=lambda slot: (slot.due, slot.key))
        return found

    def next_after(self, moment: datetime, horizon_days: int = 400) -> Slot | None:
        """Return the first slot due strictly after ``moment`` (None if none within horizon)."""
        step = timedelta(days=7)
        start = moment
        limit = moment + timedelta(days=horizon_days)
        while start < limit:
            found = self.slots(start, start + step)
            if found:
                return found[0]
            start += step
        return None


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def slot_key(day: date, wall: time) -> str:
    """Return the stable key of a local occurrence, e.g. '2025-03-30T02:30'."""
    return f"{day.isoformat()}T{wall.hour:02d}:{wall.minute:02d}"


def resolve_local(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """Return the UTC instant a local wall time fires: the first occurrence, or after a gap."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0)
    as_utc = first.astimezone(UTC)
    if as_utc.astimezone(tz).replace(tzinfo=None) == naive:
        # Exists; for a repeated wall time fold=0 is the first occurrence.
        return as_utc
    # Skipped by a DST gap: fold=0 maps past the gap, fold=1 before it; the gap ends between.
    low = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = as_utc
    if low > high:
        low, high = high, low
    offset_after = high.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        mid = low + (high - low) / 2
        if mid.astimezone(tz).utcoffset() == offset_after:
            high = mid
        else:
            low = mid
    return high.replace(microsecond=0)


# --- parsing ---------------------------------------------------------------------------------


def parse_zone(name: str) -> ZoneInfo:
    """Return the IANA time zone, or raise UsageError naming the mistake."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"Unknown time zone “{name}”. Use an IANA name such as Europe/Berlin or UTC."
        ) from None


def parse_times(text: str | list[str]) -> tuple[time, ...]:
    """Parse '08:00,17:30' (or a list) into sorted distinct wall times."""
    items = text if isinstance(text, list) else text.replace(" ", ",").split(",")
    found = set()
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        hour, sep, minute = item.partition(":")
        if not (sep and hour.isdigit() and minute.isdigit() and len(minute) == 2):
            raise UsageError(f"“{item}” is not a time; use HH:MM, e.g. 08:00.")
        if not (0 <= int(hour) <= 23 and 0 <= int(minute) <= 59):
            raise UsageError(f"“{item}” is not a valid time of day.")
        found.add(time(int(hour), int(minute)))
    if not found:
        raise UsageError("Give at least one time, e.g. at:08:00 or at:08:00,17:30.")
    return tuple(sorted(found))


def parse_days(text: str | list[str]) -> frozenset[int]:
    """Parse 'mon,tue' / 'weekdays' / 'daily' (or a list) into weekday numbers (Monday = 0)."""
    items = text if isinstance(text, list) else text.replace(" ", ",").split(",")
    days: set[int] = set()
    for raw in (str(i).strip().lower() for i in items):
        if not raw:
            continue
        if raw in ("daily", "every", "all", "*"):
            days.update(ALL_WEEKDAYS)
        elif raw in ("weekdays", "workdays"):
            days.update(range(5))
        elif raw in ("weekend", "weekends"):
            days.update((5, 6))
        elif raw[:3] in WEEKDAYS and DAY_NAMES[WEEKDAYS.index(raw[:3])].startswith(raw):
            days.add(WEEKDAYS.index(raw[:3]))
        else:
            raise UsageError(f"“{raw}” is not a weekday; use mon,tue,wed,thu,fri,sat,sun.")
    return frozenset(days) if days else ALL_WEEKDAYS


def format_days(days: frozenset[int]) -> str:
    """Return weekday numbers as 'mon,tue' ('every day' for all seven)."""
    if days == ALL_WEEKDAYS:
        return "every day"
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def build_schedule(
    tz: str, times: str | list[str] = "", days: str | list[str] = "", cron: str | None = None
) -> Schedule:
    """Return the schedule for stored or typed settings (cron wins when given)."""
    zone = parse_zone(tz)
    if cron:
        return parse_cron(cron, zone)
    return Schedule(zone, parse_times(times), parse_days(days))


def parse_cron(expression: str, tz: ZoneInfo) -> Schedule:
    """Parse a five-field cron expression (minute hour day-of-month month day-of-week)."""
    fields = expression.split()
    if len(fields) != 5:
        raise UsageError(
            f"“{expression}” is not a cron expression; it needs five fields, e.g. 0 8 * * 1-5."
        )
    minute, hour, dom, month, dow = fields
    minutes = _cron_field(minute, 0, 59, ())
    hours = _cron_field(hour, 0, 23, ())
    monthdays = _cron_field(dom, 1, 31, ())
    months = _cron_field(month, 1, 12, MONTHS, base=1)
    # cron counts Sunday as 0 (and 7); Python counts Monday as 0.
    cron_dows = _cron_field(dow, 0, 7, ("sun", *WEEKDAYS[:6]))
    weekdays = frozenset((d - 1) % 7 for d in cron_dows)
    times = tuple(time(h, m) for h in sorted(hours) for m in sorted(minutes))
    dom_any, dow_any = dom.strip() in ("*", "?"), dow.strip() in ("*", "?")
    return Schedule(
        tz,
        times,
        weekdays=ALL_WEEKDAYS if dow_any else weekdays,
        monthdays=None if dom_any else frozenset(monthdays),
        months=None if month.strip() == "*" else frozenset(months),
        day_or=not dom_any and not dow_any,
    )


def _cron_field(text: str, low: int, high: int, names: tuple[str, ...], base: int = 0) -> set[int]:
    values: set[int] = set()
    for part in text.lower().split(","):
        body, _, step_text = part.partition("/")
        step = _cron_number(step_text, names, base) if step_text else 1
        if body in ("*", "?"):
            first, last = low, high
        elif "-" in body:
            a, _, b = body.partition("-")
            first, last = _cron_number(a, names, base), _cron_number(b, names, base)
        else:
            first = _cron_number(body, names, base)
            last = high if step_text else first
        if not (low <= first <= last <= high) or step < 1:
            raise UsageError(f"Cron field “{text}” is out of range {low}-{high}.")
        values.update(range(first, last + 1, step))
    return values


def _cron_number(text: str, names: tuple[str, ...], base: int) -> int:
    if text.isdigit():
        return int(text)
    if text[:3] in names:
        return names.index(text[:3]) + base
    raise UsageError(f"“{text}” is not a number or name in a cron field.")
