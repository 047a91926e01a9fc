"""The scheduler service: sweeps subscriptions into deliveries and sends each one exactly once.

A sweep (on start, every ``sweep_seconds``, and at the next due slot) does two things:

1. **plan**: for every active subscription, the slots due since it was last checked become
   delivery rows (``pending``, or ``skipped`` when later than the grace window). Inserting a
   row is the claim; the key is unique, so replicas and restarts never plan a slot twice.
2. **drain**: take due rows with a lease, compose the digest, wait for the rate budget,
   mark ``sending``, publish with the delivery key, record ``sent`` with the message ids.
   Rows left ``claimed``/``sending`` by a crashed worker are taken over once the lease ends;
   a ``sending`` one is first looked for in the channel (``find_published``).

Each step has its module: ``planning`` (1), ``sending`` (2), ``recording`` (the outcomes) and
``lifecycle`` (the service that runs them); this module is the package's front door.
"""

from __future__ import annotations

from bot.scheduling.lifecycle import SchedulerService, SweepResult, new_owner

__all__ = ["SchedulerService", "SweepResult", "new_owner"]
