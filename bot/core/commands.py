"""The command engine: parse a command, answer it from the index, return a neutral Reply.

Every platform calls :meth:`CommandEngine.execute` with the command name, its arguments and
an :class:`Invocation` describing who asked where. Commands that need other services (digest
posting, subscriptions) are plugged in with :meth:`CommandEngine.register`.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Protocol

from bot.core.catalog import (
    BY_NAME,
    COMMANDS,
    MANAGE_REFUSAL,
    CommandSpec,
    Completion,
    is_true,
    needs_manage,
)
from bot.core.digest import compose_digest
from bot.core.index import Choice, Index, QuoteHit, Speaker, tokens
from bot.core.models import fold
from bot.core.ports import Clock, SystemClock
from bot.core.records import BriefingRecord
from bot.core.render import (
    first_sentence,
    format_date,
    format_figure,
    source_url,
    speaker_label,
)
from bot.core.reply import Field, Line, Reply, Section, Span, Status, plain
from bot.core.text import folded_tokens, stems
from bot.errors import NotFoundError, UsageError

MAX_RESULTS = 100
# A quote list longer than this asks the user to narrow it with a topic: nobody pages through
# hundreds of quotes in chat, and building them would cost every query.
MAX_QUOTES = 40


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who asked, and where: the context a command runs in."""

    platform: str = "console"
    channel_id: str | None = None
    workspace_id: str | None = None
    user_id: str | None = None
    can_manage: bool = False


class Handler(Protocol):
    """A command implementation."""

    def __call__(self, args: Mapping[str, str], invocation: Invocation) -> Awaitable[Reply]:
        """Answer the command."""
        ...


def parse_line(line: str) -> tuple[str, dict[str, str]]:
    """Split '/quote blinken topic:kursk' into ('quote', {'speaker': 'blinken', 'topic': ...}).

    ``name:value`` pairs set options by name; the remaining words fill the options in order,
    the last option taking the rest of the line (so '/search north korean troops' works).
    """
    text = line.strip()
    if not text:
        raise UsageError("Type a command, e.g. /quote blinken. /help lists them all.")
    head, _, rest = text.partition(" ")
    name = head.lstrip("/").lower()
    spec = BY_NAME.get(name)
    if spec is None:
        raise UsageError(f"Unknown command /{name}. /help lists the commands.")
    return name, parse_args(spec, rest)


def parse_args(spec: CommandSpec, text: str) -> dict[str, str]:
    """Parse the argument text of a command against its spec."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    names = {option.name for option in spec.options}
    args: dict[str, str] = {}
    positional: list[str] = []
    current: str | None = None
    for word in words:
        key, sep, value = word.partition(":")
        if sep and key.lower() in names:
            current = key.lower()
            args[current] = value
        elif current is not None and word and not positional:
            args[current] = f"{args[current]} {word}".strip()
        else:
            positional.append(word)
    free = [option.name for option in spec.options if option.name not in args]
    if positional and not free:
        raise UsageError(f"Too many arguments. Usage: {spec.synopsis}")
    if positional:
        # Speaker names have several words: the quote command gives the whole text to the
        # speaker and lets the engine split off a trailing topic if no one has that name.
        for option_name, word in zip(free[:-1], positional, strict=False):
            args[option_name] = word
        if len(positional) >= len(free):
            args[free[-1]] = " ".join(positional[len(free) - 1 :])
        if spec.name == "quote" and "speaker" in free:
            args["speaker"] = " ".join(positional)
            if "topic" in free:
                args.pop("topic", None)
    return {k: v.strip() for k, v in args.items() if v.strip()}


class CommandEngine:
    """Answers commands from the current index; one instance serves every platform."""

    def __init__(self, index: Callable[[], Index], clock: Clock | None = None) -> None:
        self._index = index
        self._clock = clock or SystemClock()
        self._handlers: dict[str, Handler] = {
            "quote": self._quote,
            "figures": self._figures,
            "brief": self._brief,
            "search": self._search,
            "sources": self._sources,
            "help": self._help,
            "digest": self._digest,
            "subscribe": self._not_enabled,
            "unsubscribe": self._not_enabled,
            "subscriptions": self._not_enabled,
        }

    @property
    def index(self) -> Index:
        """Return the index as it is now."""
        return self._index()

    def register(self, name: str, handler: Handler) -> None:
        """Plug in the implementation of a catalogued command (digest, subscriptions)."""
        if name not in BY_NAME:
            raise ValueError(f"{name} is not in the command catalogue")
        self._handlers[name] = handler

    async def execute(self, name: str, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Run a command; user mistakes come back as a usage/not-found reply, not an error."""
        spec = BY_NAME.get(name)
        if spec is None:
            return _problem("usage", f"Unknown command /{name}. /help lists the commands.")
        missing = [o.name for o in spec.options if o.required and not args.get(o.name)]
        if missing:
            return _problem("usage", f"Missing {', '.join(missing)}. Usage: {spec.synopsis}")
        if needs_manage(spec, args) and not invocation.can_manage:
            return _with_command(refusal(), spec, args)
        try:
            reply = await self._handlers[name](args, invocation)
        except UsageError as exc:
            return _problem("usage", str(exc))
        except NotFoundError as exc:
            return _problem("not_found", str(exc))
        return reply if reply.command else _with_command(reply, spec, args)

    async def execute_line(self, line: str, invocation: Invocation) -> Reply:
        """Parse and run a command line such as '/quote blinken'."""
        try:
            name, args = parse_line(line)
        except UsageError as exc:
            return _problem("usage", str(exc))
        return await self.execute(name, args, invocation)

    def complete(self, completion: Completion, prefix: str, limit: int = 25) -> list[Choice]:
        """Return autocomplete choices for an option."""
        index = self._index()
        if completion == "speaker":
            return index.complete_speakers(prefix, limit)
        if completion == "story":
            return index.complete_stories(prefix, limit)
        return index.complete_topics(prefix, limit)

    # --- quote ------------------------------------------------------------------------------

    async def _quote(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        index = self._index()
        name, topic = args["speaker"], args.get("topic", "")
        speakers = index.find_speakers(name)
        if not speakers and not topic:
            # '/quote blinken kursk' typed on one line: try shorter names, rest as topic.
            words = name.split()
            for cut in range(len(words) - 1, 0, -1):
                speakers = index.find_speakers(" ".join(words[:cut]))
                if speakers:
                    name, topic = " ".join(words[:cut]), " ".join(words[cut:])
                    break
        if not speakers:
            suggestions = index.suggest_speakers(name)
            hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
            raise NotFoundError(f"No one named “{name}” has been quoted.{hint}")
        exact = [s for s in speakers if s.id == fold(name) or fold(s.name) == fold(name)]
        if len(speakers) > 1 and not exact:
            names = ", ".join(s.name for s in speakers[:10])
            raise UsageError(f"Several people match “{name}”: {names}. Which one?")
        speaker = (exact or speakers)[0]
        hits = _filter_topic(speaker.quotes, topic) if topic else speaker.quotes
        return _quote_reply(speaker, hits, topic)

    # --- figures and brief ------------------------------------------------------------------

    def _story(self, args: Mapping[str, str]) -> BriefingRecord:
        index = self._index()
        query = args.get("story", "")
        story = index.find_story(query)
        if story is None:
            if not query:
                raise NotFoundError("There are no briefings yet. Add files to briefings/.")
            raise NotFoundError(f"No story matches “{query}”. Try /search {query}.")
        return story

    async def _figures(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        story = self._story(args)
        title = f"Key figures: {story.title}"
        if not story.figures:
            return Reply(title, intro=(plain("This story has no figures."),), status="empty")
        sections = []
        for figure in story.figures:
            note: tuple[Line, ...] = ()
            if figure.evidence is not None:
                note = (plain(f"“{figure.evidence.sentence}”"),)
            sections.append(
                Section(
                    heading=(Span(format_figure(figure), "bold"),),
                    lines=(plain(figure.label),),
                    note=note,
                )
            )
        return Reply(
            title,
            intro=(_byline(story),),
            sections=tuple(sections),
            footer=f"{len(story.figures)} figures · {story.source.name}",
        )

    async def _brief(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        story = self._story(args)
        sections = [Section(heading=plain("Summary"), lines=(plain(story.summary),))]
        if story.developments:
            bullets = tuple(plain(f"• {d}") for d in story.developments)
            sections.append(Section(heading=plain("Key developments"), lines=bullets))
        said = [
            (Span(speaker_label(story.person(q.speaker)), "bold"), Span(f": “{q.text}”"))
            for q in story.quotes
            if q.kind == "direct"
        ]
        if said:
            sections.append(Section(heading=plain("Who said what"), lines=tuple(said)))
        if story.figures:
            fields = tuple(
                Field(format_figure(f)[:256], plain(f.label)) for f in story.figures[:25]
            )
            sections.append(Section(heading=plain("Key figures"), fields=fields))
        topics = ", ".join(story.topics)
        return Reply(
            story.title,
            intro=(_byline(story),),
            sections=tuple(sections),
            links=(),
            footer=f"Topics: {topics}" if topics else None,
        )

    # --- search, sources, help --------------------------------------------------------------

    async def _search(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        text = args["text"]
        index = self._index()
        stories = index.search(text, limit=MAX_RESULTS)
        if not stories:
            raise NotFoundError(f"Nothing matches “{text}”.")
        words = stems(tokens(text))
        sections = []
        for story in stories:
            lines = [plain(first_sentence(story.summary))]
            # By stem, as the index matched: "/search troop" shows the quote about "troops".
            quote = next((q for q in story.quotes if words & stems(tokens(q.text))), None)
            if quote is not None:
                who = story.person(quote.speaker)
                lines.append(plain(f"“{first_sentence(quote.text)}” — {speaker_label(who)}"))
            sections.append(
                Section(
                    heading=(Span(story.title, "bold", source_url(story)),),
                    lines=tuple(lines),
                    note=(_byline(story),),
                )
            )
        found = f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}"
        return Reply(
            f"Search: {text}", intro=(plain(f"{found}, newest first"),), sections=tuple(sections)
        )

    async def _sources(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        found = self._index().sources()
        if not found:
            return Reply("Sources", intro=(plain("No briefings yet."),), status="empty")
        sections = tuple(
            Section(
                heading=(Span(name, "bold"),),
                lines=(plain(f"{count} {'briefing' if count == 1 else 'briefings'}"),),
                note=(
                    (
                        Span("Latest: "),
                        Span(latest.title, url=source_url(latest)),
                        Span(f" ({format_date(latest.published)})"),
                    ),
                ),
            )
            for name, count, latest in found
        )
        return Reply("Sources", sections=sections)

    async def _help(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        sections = tuple(
            Section(heading=(Span(spec.synopsis, "code"),), lines=(plain(spec.description),))
            for spec in COMMANDS
        )
        return Reply(
            "briefbot: news briefings in chat",
            intro=(plain("Quotes, figures and daily digests from the briefings we keep."),),
            sections=sections,
            ephemeral=True,
        )

    # --- digest and subscriptions (replaced by the scheduler when it runs) -----------------

    async def _digest(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        if is_true(args.get("post", "")):
            return _problem(
                "usage", "Posting digests needs the digest scheduler, which is not running."
            )
        now = self._clock.now()
        reply = compose_digest(self._index(), since=now - timedelta(days=1), now=now)
        return replace(reply, ephemeral=True)

    async def _not_enabled(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        return _problem(
            "usage", "Scheduled digests are not enabled in this deployment (no database)."
        )


def _with_command(reply: Reply, spec: CommandSpec, args: Mapping[str, str]) -> Reply:
    known = {option.name for option in spec.options}
    parts = [f"/{spec.name}", *(f"{k}:{v}" for k, v in args.items() if k in known)]
    return replace(reply, command=" ".join(parts))


def refusal() -> Reply:
    """Return the one answer every platform gives a member without manage rights."""
    return Reply("Not allowed", intro=(plain(MANAGE_REFUSAL),), status="forbidden", ephemeral=True)


def _problem(status: Status, message: str) -> Reply:
    title = {"usage": "Can't do that", "not_found": "Not found"}.get(status, "Problem")
    return Reply(title, intro=(plain(message),), status=status, ephemeral=True)


def _byline(story: BriefingRecord) -> Line:
    url = source_url(story)
    return (Span(story.source.name, url=url), Span(f" · {format_date(story.published)}"))


def _filter_topic(hits: Sequence[QuoteHit], topic: str) -> list[QuoteHit]:
    wanted = set(tokens(topic))
    folded = fold(topic)
    keep: list[QuoteHit] = []
    for hit in hits:
        if len(keep) > MAX_QUOTES:
            break  # enough to fill the reply and to know there are more
        story = hit.briefing
        text = fold(" ".join((hit.quote.text, hit.quote.context or "", story.title, *story.topics)))
        # A word that is not even a substring cannot be a token: skip the tokenizer for the
        # many quotes that plainly do not match (a popular speaker has thousands).
        if (all(word in text for word in wanted) and wanted <= set(folded_tokens(text))) or any(
            fold(t) == folded for t in story.topics
        ):
            keep.append(hit)
    return keep


def _quote_reply(speaker: Speaker, hits: Sequence[QuoteHit], topic: str) -> Reply:
    title = f"{speaker.name}, {speaker.role}" if speaker.role else speaker.name
    about = f" about “{topic}”" if topic else ""
    if not hits:
        return Reply(title, intro=(plain(f"No quotes{about} yet."),), status="empty")
    sections = []
    # Several quotes of one story share its spans (they are immutable): fewer objects to build.
    story_spans: dict[str, tuple[Span, Span]] = {}
    for hit in hits[:MAX_QUOTES]:
        quote, story = hit.quote, hit.briefing
        when = format_date(quote.said_on or story.published)
        spans = story_spans.get(story.id)
        if spans is None:
            spans = (Span(story.title, url=source_url(story)), Span(f" · {story.source.name}"))
            story_spans[story.id] = spans
        meta: Line = (Span(f"{quote.kind} · {when} · "), *spans)
        body = (plain(f"“{quote.text}”"),) if quote.kind == "direct" else ()
        lines = () if quote.kind == "direct" else (plain(quote.text),)
        if quote.context:
            lines = (*lines, (Span(quote.context, "italic"),))
        sections.append(Section(quote=body, lines=lines, note=(meta,)))
    if len(hits) <= MAX_QUOTES:
        count = f"{len(hits)} {'quote' if len(hits) == 1 else 'quotes'}{about}, newest first"
    elif topic:
        count = f"More than {MAX_QUOTES} quotes{about}; the {MAX_QUOTES} newest"
    else:
        count = f"{len(hits)} quotes; the {MAX_QUOTES} newest (add a topic to narrow)"
    return Reply(title, intro=(plain(count),), sections=tuple(sections))
