"""A briefing as one row of the shared library: file bytes plus the compact validated record.

A replica of the same record format and Python version reads the record back without
validating again (as the start-up cache does); any other replica validates the bytes.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from bot.core.cache import FORMAT, decode, encode
from bot.core.records import BriefingRecord, PersonRecord, to_record
from bot.core.store import parse_briefing

# A row's record is read back only by a replica with this exact format string.
RECORD_FORMAT = f"briefbot-{FORMAT}-py{sys.version_info[0]}.{sys.version_info[1]}"


def encode_row(record: BriefingRecord) -> bytes:
    """Return the marshal bytes of a validated briefing's compact record."""
    return marshal.dumps(encode(record))


def decode_row(
    name: str,
    data: bytes,
    record: bytes | None,
    record_format: str | None,
    people: dict[Any, PersonRecord],
    floats: dict[float, float],
) -> BriefingRecord:
    """Return the record of one row (raises BriefingFileError if the bytes do not validate)."""
    if record is not None and record_format == RECORD_FORMAT:
        # Written by a replica of this exact version after validating the same bytes.
        return decode(marshal.loads(record), people, floats)  # noqa: S302
    briefing = parse_briefing(data, Path(PurePosixPath(name).name))
    return to_record(briefing, people, floats)
