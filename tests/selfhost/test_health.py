"""Health checks for parts: a scheduler whose loop died, a platform that disconnected."""

from __future__ import annotations

import asyncio

from bot.health import HealthProbe, connected_check, running_check


class Scheduler:
    """A stand-in scheduler with background tasks, as SchedulerService has."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[object]] = []


async def test_scheduler_is_not_ready_when_its_loop_died() -> None:
    """Before start, and after a background task ends, the scheduler reports not running."""
    scheduler = Scheduler()
    probe = HealthProbe()
    probe.register("digest scheduler", running_check(scheduler))
    assert probe.report().summary() == "not ready: digest scheduler (not running)"

    forever = asyncio.Event()
    loop_task = asyncio.create_task(forever.wait())
    crashed = asyncio.create_task(asyncio.sleep(0))
    scheduler._tasks = [loop_task]
    assert probe.report().ready
    scheduler._tasks.append(crashed)
    await crashed
    assert not probe.report().ready
    loop_task.cancel()


def test_a_running_flag_wins_over_tasks() -> None:
    """A service that says whether it runs is taken at its word."""

    class Service:
        running = True

    assert running_check(Service())() == (True, "running")


def test_platform_disconnect_is_reported() -> None:
    """A platform that loses its connection makes the bot not ready, naming it."""

    class Discord:
        connected = True

    discord = Discord()
    probe = HealthProbe()
    probe.register("store", lambda: (True, "1 briefing loaded"))
    probe.register("discord", connected_check(discord))
    assert probe.report().summary() == "ready"
    discord.connected = False
    assert probe.report().summary() == "not ready: discord (not connected)"
    assert probe.report().as_dict()["failing"] == {"discord": "not connected"}
