"""Slot keys across time zones and DST: every local occurrence fires exactly once."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import UsageError
from bot.scheduling.slots import Schedule, build_schedule, parse_cron, resolve_local

ZONES = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Apia",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Africa/Casablanca",
    "Pacific/Chatham",
]
START = datetime(2010, 1, 1, tzinfo=UTC)

zones = st.sampled_from(ZONES).map(ZoneInfo)
walls = st.builds(time, st.integers(0, 23), st.sampled_from([0, 1, 15, 30, 45, 59]))
instants = st.integers(0, 20 * 365 * 24 * 60).map(lambda m: START + timedelta(minutes=m))


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    tz = draw(zones)
    times = tuple(sorted(set(draw(st.lists(walls, min_size=1, max_size=4)))))
    days = frozenset(draw(st.sets(st.integers(0, 6), min_size=1)))
    return Schedule(tz, times, days)


@settings(max_examples=300, deadline=None)
@given(schedules(), instants, st.lists(st.integers(1, 60 * 24 * 3), min_size=1, max_size=8))
def test_consecutive_sweep_windows_fire_each_slot_exactly_once(
    schedule: Schedule, start: datetime, steps: list[int]
) -> None:
    """Sweeping in arbitrary windows yields the same slots, once each, as one big window."""
    cuts = [start]
    for step in steps:
        cuts.append(cuts[-1] + timedelta(minutes=step))
    pieces = [s for a, b in itertools.pairwise(cuts) for s in schedule.slots(a, b)]
    whole = schedule.slots(cuts[0], cuts[-1])
    assert pieces == whole
    keys = [s.key for s in whole]
    assert len(keys) == len(set(keys))


@settings(max_examples=300, deadline=None)
@given(zones, walls, st.dates(date(2010, 1, 1), date(2035, 12, 31)))
def test_each_local_time_fires_at_its_wall_time_or_right_after_a_gap(
    tz: ZoneInfo, wall: time, day: date
) -> None:
    """A wall time that exists fires then (first occurrence); a skipped one at the gap's end."""
    due = resolve_local(day, wall, tz)
    local = due.astimezone(tz)
    naive = datetime.combine(day, wall)
    if local.replace(tzinfo=None) == naive:
        assert local.fold == 0
        return
    # Skipped: the instant just before `due` is earlier than the wall time, `due` is later.
    assert local.replace(tzinfo=None) > naive
    before = (due - timedelta(seconds=1)).astimezone(tz).replace(tzinfo=None)
    assert before < naive


@settings(max_examples=200, deadline=None)
@given(schedules(), instants)
def test_slots_are_in_due_order_and_inside_the_window(schedule: Schedule, start: datetime) -> None:
    """Slots come back sorted, strictly after the start and not after the end."""
    end = start + timedelta(days=10)
    found = schedule.slots(start, end)
    dues = [s.due for s in found]
    assert dues == sorted(dues)
    assert all(start < due <= end for due in dues)


def test_spring_forward_gap_fires_at_three_in_new_york() -> None:
    """02:30 does not exist on 2025-03-09 in New York: the digest comes at 03:00 EDT."""
    schedule = build_schedule("America/New_York", "02:30")
    found = schedule.slots(datetime(2025, 3, 9, 0, tzinfo=UTC), datetime(2025, 3, 10, tzinfo=UTC))
    assert [s.key for s in found] == ["2025-03-09T02:30"]
    assert found[0].due == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)


def test_fall_back_repeated_time_fires_once_at_the_first_occurrence() -> None:
    """01:30 happens twice on 2025-11-02 in New York; the digest comes once, at 01:30 EDT."""
    schedule = build_schedule("America/New_York", "01:30")
    found = schedule.slots(datetime(2025, 11, 2, 0, tzinfo=UTC), datetime(2025, 11, 3, tzinfo=UTC))
    assert [(s.key, s.due) for s in found] == [
        ("2025-11-02T01:30", datetime(2025, 11, 2, 5, 30, tzinfo=UTC))
    ]


def test_weekdays_and_cron_agree() -> None:
    """`--days mon,fri --at 08:00` and cron `0 8 * * 1,5` give the same slots."""
    window = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC))
    by_days = build_schedule("Europe/Berlin", "08:00", "mon,fri").slots(*window)
    by_cron = parse_cron("0 8 * * 1,5", ZoneInfo("Europe/Berlin")).slots(*window)
    assert by_days == by_cron
    assert len(by_days) == 17


@pytest.mark.parametrize(
    ("tz", "at", "days"),
    [
        ("Mars/Olympus", "08:00", ""),
        ("UTC", "25:00", ""),
        ("UTC", "8", ""),
        ("UTC", "08:00", "funday"),
    ],
)
def test_bad_schedules_are_explained(tz: str, at: str, days: str) -> None:
    """Unknown zones, impossible times and weekdays are refused with a message."""
    with pytest.raises(UsageError):
        build_schedule(tz, at, days)
