"""The briefing schema accepts good briefings and names what is wrong with bad ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from bot.core.models import Briefing, fold
from tests.core.factories import briefing_dict


def test_valid_briefing_round_trips_through_json() -> None:
    """A briefing dumped to JSON validates back to an equal briefing."""
    briefing = Briefing.model_validate(briefing_dict())
    again = Briefing.model_validate_json(briefing.model_dump_json())
    assert again == briefing


def test_published_accepts_date_and_aware_datetime_but_not_naive() -> None:
    """A date means midnight UTC; a datetime must carry its time zone."""
    as_date = Briefing.model_validate(briefing_dict(published="2025-03-02"))
    assert as_date.published_at == datetime(2025, 3, 2, tzinfo=UTC)
    aware = Briefing.model_validate(briefing_dict(published="2025-03-02T09:30:00+01:00"))
    assert aware.published_at == datetime(2025, 3, 2, 8, 30, tzinfo=UTC)
    with pytest.raises(ValidationError):
        Briefing.model_validate(briefing_dict(published="2025-03-02T09:30:00"))


def test_unknown_speaker_id_is_rejected_with_the_known_ids() -> None:
    """A quote whose speaker is not in people names the bad id and the valid ones."""
    data = briefing_dict()
    data["quotes"][0]["speaker"] = "mara-okafr"
    with pytest.raises(ValidationError) as caught:
        Briefing.model_validate(data)
    message = str(caught.value)
    assert "mara-okafr" in message
    assert "mara-okafor" in message


def test_unknown_field_and_string_numbers_are_errors() -> None:
    """Typos in keys and numbers written as strings are reported, not silently accepted."""
    with pytest.raises(ValidationError, match="summery"):
        Briefing.model_validate(briefing_dict(summery="x"))
    data = briefing_dict()
    data["figures"][0]["value"] = "12"
    with pytest.raises(ValidationError, match="value"):
        Briefing.model_validate(data)


def test_evidence_span_must_lie_inside_its_sentence() -> None:
    """Evidence offsets past the sentence end are rejected."""
    data = briefing_dict()
    data["quotes"][0]["evidence"]["end"] = 999
    with pytest.raises(ValidationError, match="past the sentence end"):
        Briefing.model_validate(data)


def test_duplicate_people_ids_are_rejected() -> None:
    """Two people with one id would make quotes ambiguous."""
    data = briefing_dict()
    data["people"].append(dict(data["people"][0]))
    with pytest.raises(ValidationError, match="repeated: mara-okafor"):
        Briefing.model_validate(data)


def test_fold_ignores_case_and_accents() -> None:
    """Names match regardless of case and accents."""
    assert fold("Zelénskyy") == fold("ZELENSKYY")
