"""Hostile bodies for the push API on the bot's real HTTP server: each gets a clear 4xx."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest

from bot.core.store import load_directory
from bot.settings import Settings
from tests.hostile.conftest import GOOD, Bot, gzip_bomb

YAML = "application/yaml"


async def test_body_over_the_limit_with_content_length_is_413(bot: Bot) -> None:
    """A body whose Content-Length passes api_max_bytes is refused before it is read."""
    status, body = await bot.post("/api/briefings", b"x" * 3_000_000)
    assert status == 413
    assert body["error"] == "request body is larger than the limit of 2000000 bytes"
    assert bot.written() == set()


@pytest.mark.parametrize("path", ["/api/briefings", "/api/articles"])
async def test_chunked_body_over_the_limit_without_content_length_is_413(
    bot: Bot, path: str
) -> None:
    """A chunked body (no Content-Length) is cut off once it passes the limit."""

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(100):  # 6.5 MB, three times the limit
            yield b"x" * 65_536

    status, body = await bot.post(path, endless())
    assert status == 413
    assert "limit of 2000000 bytes" in body["error"]
    assert bot.written() == set()


@pytest.mark.parametrize("path", ["/api/briefings", "/api/articles"])
async def test_gzip_bomb_is_413_on_its_expanded_size(bot: Bot, path: str) -> None:
    """256 MB of zeros in 250 kB of gzip: the decompressed bytes count against the limit."""
    bomb = gzip_bomb(256 << 20)
    assert len(bomb) < 2_000_000
    status, body = await bot.post(path, bomb, headers={"Content-Encoding": "gzip"})
    assert status == 413
    assert "limit of 2000000 bytes" in body["error"]
    assert bot.written() == set()


async def test_body_that_is_not_gzip_but_says_so_is_400(bot: Bot) -> None:
    """Content-Encoding: gzip on bytes that are not gzip is a client error, not a 500."""
    status, body = await bot.post(
        "/api/briefings", orjson.dumps(GOOD), headers={"Content-Encoding": "gzip"}
    )
    assert status == 400
    assert body["error"].startswith("cannot read the request body")
    assert bot.written() == set()


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/briefings", 422), ("/api/articles", 400)],
)
@pytest.mark.parametrize(
    "nested",
    [b"[" * 100_000 + b"]" * 100_000, b'{"text":' * 100_000 + b'"x"' + b"}" * 100_000],
    ids=["arrays", "objects"],
)
async def test_deeply_nested_json_is_refused_by_depth(
    bot: Bot, path: str, status: int, nested: bytes
) -> None:
    """100,000 levels of nesting are refused with the parser's depth limit named."""
    got, body = await bot.post(path, nested)
    assert got == status
    assert "depth limit exceeded" in body["problems"][0]["message"]
    assert bot.written() == set()


async def test_deeply_nested_yaml_is_refused(bot: Bot) -> None:
    """Deep YAML flow nesting is an invalid briefing, not a crash of the parser."""
    nested = b"id: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    status, body = await bot.post("/api/briefings", nested, content_type=YAML)
    assert status == 422
    assert body["error"] == "invalid briefing"
    assert bot.written() == set()


def anchor_bomb(field: str) -> bytes:
    """Return a 'billion laughs' YAML document: nine levels of nine aliases under field."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"{field}: *a8")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize("field", ["id", "topics", "developments", "quotes"])
async def test_yaml_anchor_bomb_is_refused_without_expanding(bot: Bot, field: str) -> None:
    """387 million 'lol's by reference: refused as an invalid briefing, the server unharmed."""
    status, body = await bot.post("/api/briefings", anchor_bomb(field), content_type=YAML)
    assert status == 422
    assert body["error"] == "invalid briefing"
    assert bot.written() == set()


async def test_yaml_python_object_tag_is_refused_and_never_runs(bot: Bot) -> None:
    """A !!python/object tag is an unknown tag to the safe loader: 422, nothing executed."""
    marker = bot.root / "pwned"
    payload = f"id: !!python/object/apply:os.system ['touch {marker}']\n".encode()
    status, body = await bot.post("/api/briefings", payload, content_type=YAML)
    assert status == 422
    assert "could not determine a constructor" in body["problems"][0]["message"]
    assert "python/object/apply:os.system" in body["problems"][0]["message"]
    assert not marker.exists()
    assert bot.written() == set()


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "..", "a/../../b", "/abs", "x\x00y"])
async def test_briefing_id_with_a_path_is_refused(bot: Bot, bad_id: str) -> None:
    """An id that is not a slug is a 422 naming the id field; no file anywhere."""
    status, body = await bot.post("/api/briefings", orjson.dumps({**GOOD, "id": bad_id}))
    assert status == 422
    assert [p["field"] for p in body["problems"]] == ["id"]
    assert bot.written() == set()


@pytest.mark.parametrize("bad_id", ["../x", "../../etc/cron.d/x", "a/b"])
async def test_article_id_with_a_path_is_refused(bot: Bot, bad_id: str) -> None:
    """The article endpoint's optional id is held to the same slug rule."""
    status, body = await bot.post(
        "/api/articles", orjson.dumps({"text": "The pier reopened on Saturday.", "id": bad_id})
    )
    assert status == 422
    assert body["problems"][0]["field"] == "id"
    assert bot.written() == set()


async def test_article_url_with_dots_stays_inside_briefings(bot: Bot) -> None:
    """An id derived from a URL full of ../ is still a slug in briefings/."""
    status, body = await bot.post(
        "/api/articles",
        orjson.dumps(
            {
                "text": "The old pier reopened on Saturday after a two-year repair, the"
                " town council said in a statement on Friday evening.",
                "url": "https://x.example/../../../etc/passwd",
            }
        ),
    )
    assert 200 <= status < 300 or 400 <= status < 500
    assert all(f.startswith(("briefings/", "data/")) for f in bot.written())
    if status < 300:
        assert body["path"].startswith(str(bot.root / "briefings") + "/")


def quotes_by_alias(count: int) -> bytes:
    """Return a YAML briefing with ``count`` quotes in 4 bytes each (aliases of one quote)."""
    head = (
        "id: many-quotes\ntitle: Many quotes\npublished: 2024-10-30\n"
        "source: {name: Coast Gazette, url: 'https://gazette.example/q'}\nsummary: Quotes.\n"
    )
    quotes = "quotes: [&q {speaker: null, text: 'We will build.'}" + ", *q" * (count - 1) + "]\n"
    return (head + quotes).encode()


async def test_briefing_with_100000_quotes_is_never_accepted_unservable(
    bot: Bot, settings: Settings
) -> None:
    """100,000 quotes fit a 400 kB body; it is refused as larger than a briefing file may be."""
    payload = quotes_by_alias(100_000)
    assert len(payload) < 500_000
    status, body = await bot.post("/api/briefings", payload, content_type=YAML)
    assert status == 422
    assert f"limit of {settings.max_file_bytes} bytes" in body["error"]
    assert bot.written() == set()


async def test_briefing_that_fits_the_file_limit_is_served(bot: Bot, settings: Settings) -> None:
    """What the push API accepts, the bot loads: 1,000 aliased quotes are written and served."""
    status, _ = await bot.post("/api/briefings", quotes_by_alias(1_000), content_type=YAML)
    assert status == 201
    loaded = load_directory(settings.briefings_dir, max_bytes=settings.max_file_bytes)
    assert loaded.problems == []
    assert len(loaded.briefings()[0].quotes) == 1_000


async def test_twenty_thousand_people_with_a_repeat_get_it_named(bot: Bot) -> None:
    """20,000 people and one repeated id: a 422 naming the repeat (time: benchmarks/hostile.py)."""
    people: list[dict[str, Any]] = [{"id": f"p{i}", "name": "N"} for i in range(20_000)]
    people.append({"id": "p7", "name": "Again"})
    status, body = await bot.post("/api/briefings", orjson.dumps({**GOOD, "people": people}))
    assert status == 422
    assert body["problems"][0]["message"] == "people ids must be unique; repeated: p7"
    assert bot.written() == set()


@pytest.mark.parametrize(
    "text", ['"' * 100_000, 'He said "no" ' * 8_000, "\u201c" * 50_000 + "\u201d" * 50_000]
)
async def test_article_of_100000_quote_marks_gets_an_answer(bot: Bot, text: str) -> None:
    """Quote marks by the hundred thousand go through the real extractor to a clear answer."""
    status, body = await bot.post("/api/articles", orjson.dumps({"text": text}))
    assert status in (200, 201, 422)
    if status == 422:
        assert body["error"]
    assert all(f.startswith(("briefings/", "data/")) for f in bot.written())


@pytest.mark.parametrize(
    ("path", "data", "content_type", "status", "message"),
    [
        ("/api/briefings", b'{"id": "x", "title": "\xff\xfe"}', "application/json", 422, "UTF-8"),
        ("/api/briefings", b'id: x\ntitle: "\xff\xfe"\n', YAML, 422, "not UTF-8 text (byte 14)"),
        ("/api/articles", b'{"text": "caf\xe9 au lait"}', "application/json", 400, "UTF-8"),
    ],
)
async def test_invalid_utf8_is_refused_with_a_message(
    bot: Bot, path: str, data: bytes, content_type: str, status: int, message: str
) -> None:
    """Bytes that are not UTF-8 are a 4xx saying so, in JSON and in YAML."""
    got, body = await bot.post(path, data, content_type=content_type)
    assert got == status
    assert message in body["problems"][0]["message"]
    assert bot.written() == set()


async def test_wrong_token_sees_no_limits_or_parsing(bot: Bot) -> None:
    """Without the token a hostile body gets 401, whatever it holds."""
    async with bot.session.post(
        bot.base + "/api/briefings",
        data=b"[" * 100_000,
        headers={"Authorization": "Bearer nope"},
    ) as response:
        assert response.status == 401
    assert bot.written() == set()
