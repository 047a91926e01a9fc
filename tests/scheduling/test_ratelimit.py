"""Fan-out pacing: leased budget blocks stay evenly spaced, and the window is never overrun."""

from __future__ import annotations

import asyncio
import heapq
from datetime import UTC, datetime

from bot.scheduling.ratelimit import LocalBudget, Pacer, Rate
from tests.helpers import FakeClock


def most_in_any_second(times: list[float]) -> int:
    """Return the largest number of times falling in one sliding second."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


class VirtualTime:
    """A clock for concurrent tasks: time jumps to the earliest sleeper once all are waiting."""

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self.counter = 0

    async def sleep(self, seconds: float) -> None:
        """Wait until the virtual time has moved ``seconds`` on."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.counter += 1
        wake = self.clock.now().timestamp() + max(seconds, 0.0)
        heapq.heappush(self.sleepers, (wake, self.counter, future))
        await future

    async def run(self, *tasks: asyncio.Task[None]) -> None:
        """Drive the tasks to completion, advancing time whenever every task is asleep."""
        while not all(task.done() for task in tasks):
            for _ in range(20):  # let every task run until it sleeps again
                await asyncio.sleep(0)
            if self.sleepers:
                wake, _, future = heapq.heappop(self.sleepers)
                self.clock.set(datetime.fromtimestamp(max(wake, self.clock.now().timestamp()), UTC))
                future.set_result(None)
        for task in tasks:
            task.result()


async def test_replicas_leasing_blocks_together_send_at_the_shared_rate() -> None:
    """Three replicas leasing 16 send times at a time never exceed the shared 48.5/s."""
    time = VirtualTime()
    budget = LocalBudget()  # stands for the shared database row
    rate = Rate(48.5)
    pacers = [Pacer(budget, "discord:global", rate, time.clock, time.sleep) for _ in range(3)]
    sent: list[float] = []

    async def replica(pacer: Pacer) -> None:
        for _ in range(320):
            await pacer.acquire()
            sent.append(time.clock.now().timestamp())
            pacer.release()

    await time.run(*(asyncio.create_task(replica(p)) for p in pacers))
    assert most_in_any_second(sent) <= 49
    assert all(p.leases <= 21 for p in pacers)  # about one budget round trip per 16 posts
    assert (len(sent) - 1) / (max(sent) - min(sent)) > 47.5


async def test_slow_answers_never_let_more_than_the_limit_count_in_one_second() -> None:
    """Each request counts until a second after its answer: bursts after a stall are held back."""
    clock = FakeClock()
    pacer = Pacer(LocalBudget(), "discord:global", Rate(500), clock, clock.sleep, window_cap=50)
    starts: list[float] = []
    ends: list[float] = []
    for _ in range(200):
        await pacer.acquire()
        starts.append(clock.now().timestamp())
        clock.advance(seconds=0.03)  # every answer takes 30 ms
        ends.append(clock.now().timestamp())
        pacer.release()
    # The platform saw each request somewhere between its start and its answer: even in the
    # worst placement (everything at its answer) no second holds more than 50.
    assert most_in_any_second(starts) <= 50
    assert most_in_any_second(ends) <= 50


async def test_live_replicas_split_the_window_so_their_parts_add_up_to_the_limit() -> None:
    """Three live replicas take 17, 17 and 16 of Discord's 50 requests per second."""
    clock = FakeClock()
    caps = []
    for rank in range(3):
        pacer = Pacer(LocalBudget(), "d", Rate(48.5), clock, clock.sleep, window_cap=50)
        pacer.share(rank, 3)
        caps.append(pacer.window_cap)
    assert caps == [17, 17, 16]
