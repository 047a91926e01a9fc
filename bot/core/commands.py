"""The command engine: parse a command, answer it from the index, return a neutral Reply.

Every platform calls :meth:`CommandEngine.execute` with the command name, its arguments and
an :class:`Invocation` describing who asked where. Commands that need other services (digest
posting, subscriptions) are plugged in with :meth:`CommandEngine.register`.
"""

from __future__ import annotations

import shlex
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
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
from bot.core.digest import compose_digest, select_stories, story_section
from bot.core.index import Choice, Index, QuoteHit, Speaker, tokens
from bot.core.models import fold
from bot.core.ports import Clock, SystemClock
from bot.core.records import ArticleRecord, BriefingRecord, QuoteRecord
from bot.core.render import (
    first_sentence,
    format_date,
    format_figure,
    source_url,
    speaker_label,
)
from bot.core.reply import Field, Line, Reply, Section, Span, Status, plain
from bot.core.story import (
    FigureChange,
    Window,
    coverage,
    development_line,
    figure_changes,
    in_order,
    latest_timeline,
    new_since,
    parse_window,
)
from bot.core.text import folded_tokens, stems
from bot.errors import NotFoundError, UsageError

MAX_RESULTS = 100
# A quote list longer than this asks the user to narrow it with a topic: nobody pages through
# hundreds of quotes in chat, and building them would cost every query.
MAX_QUOTES = 40
# A story's /brief shows at most this many timeline entries (the latest, oldest first).
MAX_TIMELINE = 10


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
        if spec.name == "brief" and "story" in free:
            # A story is named in several words ('/brief bridge closure'); since: is by name.
            args["story"] = " ".join(positional)
            if "since" in free:
                args.pop("since", None)
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
        changes = figure_changes(story)
        first = {min(change.positions): change for change in changes}
        grouped = {n for change in changes for n in change.positions}
        sections = []
        for n, figure in enumerate(story.figures):
            change = first.get(n)
            if change is not None:
                sections.append(_change_section(change))
                continue
            if n in grouped:
                continue  # another value of a changed figure, shown in its change
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
            footer=(
                f"{len(story.figures)} figures · {story.source.name}"
                if story.story is None
                else f"{len(sections)} figures, {len(changes)} changed · {coverage(story.story)}"
            ),
        )

    async def _brief(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        if args.get("since"):
            return self._since(args)
        story = self._story(args)
        sections = [Section(heading=plain("Summary"), lines=(plain(story.summary),))]
        if story.story is not None and story.story.timeline:
            shown = latest_timeline(story.story, MAX_TIMELINE)
            earlier = len(story.story.timeline) - len(shown)
            sections.append(
                Section(
                    heading=plain("Timeline"),
                    lines=tuple(plain(development_line(d)) for d in shown),
                    note=(plain(f"{earlier} earlier entries not shown."),) if earlier else (),
                )
            )
        elif story.developments:
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
            sections.append(Section(heading=plain("Key figures"), fields=_figure_fields(story)))
        if story.story is not None:
            sections.append(
                Section(
                    heading=plain("Sources"),
                    lines=tuple(_article_line(a) for a in in_order(story.story.articles)),
                )
            )
        topics = ", ".join(story.topics)
        return Reply(
            story.title,
            intro=(_byline(story),),
            sections=tuple(sections),
            links=(),
            footer=f"Topics: {topics}" if topics else None,
        )

    def _since(self, args: Mapping[str, str]) -> Reply:
        """Answer /brief since:2d (every story changed since) or /brief <story> since:2d."""
        text, query = args["since"], args.get("story", "")
        try:
            window = parse_window(text)
        except UsageError:
            # '/brief since:2d bridge closure': since: took the story's words along.
            first, _, rest = text.partition(" ")
            if not rest or query:
                raise
            window, query = parse_window(first), rest
        now = self._clock.now()
        if query:
            return _story_news(self._story({"story": query}), window, now)
        return self._catch_up(window, now)

    def _catch_up(self, window: Window, now: datetime) -> Reply:
        since = window.start(now)
        stories = select_stories(self._index(), since, until=now)
        title = f"Catch-up: the last {window.phrase}"
        if not stories:
            nothing = plain(f"Nothing changed in the last {window.phrase}.")
            return Reply(title, intro=(nothing,), status="empty")
        count = f"{len(stories)} {'story' if len(stories) == 1 else 'stories'}"
        return Reply(
            title,
            intro=(plain(f"{count} changed in the last {window.phrase}, newest first"),),
            sections=tuple(story_section(b, since=since) for b in stories),
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
                heading=(Span(source.name, "bold"),),
                lines=(plain(_source_count(source.total, source.articles)),),
                note=(
                    (
                        Span("Latest: "),
                        Span(source.title, url=source.url),
                        Span(f" ({format_date(source.published)})"),
                    ),
                ),
            )
            for source in found
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
    if story.story is not None:
        articles = in_order(story.story.articles)
        first, last = format_date(articles[0].published), format_date(articles[-1].published)
        dates = first if first == last else f"{first} – {last}"
        return (Span(coverage(story.story)), Span(f" · {dates}"))
    url = source_url(story)
    return (Span(story.source.name, url=url), Span(f" · {format_date(story.published)}"))


def _source_count(count: int, articles: bool) -> str:
    # Counted in articles; a publisher of plain briefings only keeps the word it always had.
    noun = "article" if articles else "briefing"
    return f"{count} {noun if count == 1 else noun + 's'}"


def _change_section(change: FigureChange) -> Section:
    """Return a figure that changed: the change as heading, each value's source and date."""
    note: list[Line] = [plain(change.note)]
    evidence = change.latest.figure.evidence
    if evidence is not None:
        note.append(plain(f"“{evidence.sentence}”"))
    return Section(
        heading=(Span(change.text, "bold"),), lines=(plain(change.label),), note=tuple(note)
    )


def _figure_fields(story: BriefingRecord) -> tuple[Field, ...]:
    """Return /brief's key figures; in a story, a figure that changed is one change field."""
    changes = figure_changes(story)
    first = {min(change.positions): change for change in changes}
    grouped = {n for change in changes for n in change.positions}
    fields: list[Field] = []
    for n, figure in enumerate(story.figures):
        change = first.get(n)
        if change is not None:
            fields.append(Field(change.text[:256], plain(change.label)))
        elif n not in grouped:
            fields.append(Field(format_figure(figure)[:256], plain(figure.label)))
    return tuple(fields[:25])


def _quote_line(story: BriefingRecord, quote: QuoteRecord) -> Line:
    who = Span(speaker_label(story.person(quote.speaker)), "bold")
    if quote.kind == "direct":
        return (who, Span(f": “{quote.text}”"))
    return (who, Span(f" (reported): {quote.text}"))


def _article_line(article: ArticleRecord) -> Line:
    return (
        Span(article.title, url=article.source.url),
        Span(f" — {article.source.name} · {format_date(article.published)}"),
    )


def _story_news(story: BriefingRecord, window: Window, now: datetime) -> Reply:
    """Return what is new in one story in the window (a briefing of one is its own article)."""
    news = new_since(story, window.start(now))
    if news.empty:
        return Reply(
            story.title,
            intro=(_byline(story), plain(f"Nothing new in the last {window.phrase}.")),
            status="empty",
        )
    sections = [
        Section(heading=plain("New articles"), lines=tuple(_article_line(a) for a in news.articles))
    ]
    if news.developments:
        lines = tuple(plain(development_line(d)) for d in news.developments)
        sections.append(Section(heading=plain("New developments"), lines=lines))
    if news.figure_changes:
        sections.extend(_change_section(change) for change in news.figure_changes)
    if news.quotes:
        lines = tuple(_quote_line(story, q) for q in news.quotes)
        sections.append(Section(heading=plain("New quotes"), lines=lines))
    return Reply(
        story.title,
        intro=(_byline(story), plain(f"In the last {window.phrase}: {news.counts()}")),
        sections=tuple(sections),
    )


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
