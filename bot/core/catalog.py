"""The command catalogue: every command's name, options and help, shared by all platforms.

Discord's application commands, Slack's manifest and the console's ``/help`` are all generated
from :data:`COMMANDS`, so the platforms can never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

OptionKind = Literal["string", "boolean", "integer"]
Completion = Literal["speaker", "story", "topic"]


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One argument of a command."""

    name: str
    description: str
    kind: OptionKind = "string"
    required: bool = False
    autocomplete: Completion | None = None
    manages: bool = False  # a true value (post:true) makes the command need manage rights


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One slash command."""

    name: str
    description: str
    options: tuple[OptionSpec, ...] = ()
    manages: bool = False  # changes channel state: needs Manage Channels / a Slack admin
    private: bool = False  # the answer is shown only to the user who asked

    @property
    def synopsis(self) -> str:
        """Return the one-line usage, e.g. ``/quote <speaker> [topic]``."""
        parts = [f"/{self.name}"]
        for option in self.options:
            parts.append(f"<{option.name}>" if option.required else f"[{option.name}]")
        return " ".join(parts)


COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        "quote",
        "What someone said: quotes with role, date and source",
        (
            OptionSpec(
                "speaker",
                "Who said it (name, surname or alias)",
                required=True,
                autocomplete="speaker",
            ),
            OptionSpec("topic", "Only quotes about this topic or keyword", autocomplete="topic"),
        ),
    ),
    CommandSpec(
        "figures",
        "The numbers that matter, with their source sentence",
        (
            OptionSpec(
                "story", "A story or topic (default: the latest story)", autocomplete="story"
            ),
        ),
    ),
    CommandSpec(
        "brief",
        "A story's summary, key developments, quotes and figures",
        (
            OptionSpec(
                "story", "A story or topic (default: the latest story)", autocomplete="story"
            ),
            OptionSpec("since", "Only what is new in this window: 90m, 12h, 2d or 1w"),
        ),
    ),
    CommandSpec(
        "search",
        "Search titles, summaries and quotes",
        (OptionSpec("text", "Words to look for", required=True),),
    ),
    CommandSpec("sources", "The news sources behind the briefings"),
    CommandSpec("help", "What briefbot can do", private=True),
    CommandSpec(
        "digest",
        "Preview this channel's next digest (post it with post:true)",
        (
            OptionSpec(
                "post",
                "Post it to the channel now (needs Manage Channels)",
                kind="boolean",
                manages=True,
            ),
        ),
        private=True,
    ),
    CommandSpec(
        "subscribe",
        "Get a daily digest in this channel",
        (
            OptionSpec("at", "Local time(s), e.g. 08:00 or 08:00,17:30", required=True),
            OptionSpec("tz", "IANA time zone, e.g. Europe/Berlin (default UTC)"),
            OptionSpec("days", "Weekdays, e.g. mon,tue,wed,thu,fri (default every day)"),
            OptionSpec("topics", "Only stories on these topics, e.g. kursk,north-korea"),
            OptionSpec("when_empty", "skip (default) or note when nothing is new"),
        ),
        manages=True,
        private=True,
    ),
    CommandSpec(
        "unsubscribe",
        "Stop this channel's digests",
        (OptionSpec("id", "Subscription id (default: all of this channel's)"),),
        manages=True,
        private=True,
    ),
    CommandSpec("subscriptions", "List this channel's digest subscriptions", private=True),
)

BY_NAME: dict[str, CommandSpec] = {spec.name: spec for spec in COMMANDS}

# Commands whose answer is private to the user who asked (Discord defers them privately).
PRIVATE_COMMANDS: frozenset[str] = frozenset(spec.name for spec in COMMANDS if spec.private)
# Words that switch a boolean option on when typed as text (Slack, the console).
TRUE_WORDS = frozenset({"true", "yes", "1", "on", "post"})
MANAGE_REFUSAL = (
    "Only people who manage this channel can do that: the Manage Channels permission on "
    "Discord, the workspace admins and owners (or the configured admin user group) on Slack. "
    "/digest without post:true shows you a preview."
)


def is_true(value: str) -> bool:
    """Return True if an option's text switches it on (``post:true``, ``post:yes``)."""
    return value.strip().lower() in TRUE_WORDS


def needs_manage(spec: CommandSpec, args: Mapping[str, str]) -> bool:
    """Return True if running ``spec`` with ``args`` changes channel state (manage rights)."""
    return spec.manages or any(
        option.manages and is_true(args.get(option.name, "")) for option in spec.options
    )
