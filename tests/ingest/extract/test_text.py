"""Normalisation and quote-aware splitting."""

from bot.ingest.extract.text import normalise_text, slugify, split_paragraphs, split_sentences


def test_normalise_unifies_spaces_and_line_breaks() -> None:
    """Turn CRLF, non-breaking spaces and blank lines into single spaces and newlines."""
    assert normalise_text("A\u00a0b.\r\n\r\n\r\nC  d.") == "A b.\nC d."


def test_paragraphs_keep_offsets() -> None:
    """Give each paragraph its character offsets into the text."""
    text = "First para.\nSecond para."
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["First para.", "Second para."]


def test_sentences_do_not_split_inside_quotes() -> None:
    """Keep a quote and its attribution in one sentence."""
    text = '"We are ready. We will win," the mayor said. Then she left.'
    assert [s.text for s in split_sentences(text)] == [
        '"We are ready. We will win," the mayor said.',
        "Then she left.",
    ]


def test_sentences_skip_abbreviations_and_decimals() -> None:
    """Do not end a sentence at "Mr.", "U.S." or the point of "2.5"."""
    text = "Mr. Smith paid $2.5 million to the U.S. government. It was late."
    assert len(split_sentences(text)) == 2


def test_sentence_offsets_point_into_text() -> None:
    """Give sentence offsets relative to the whole text."""
    text = "Intro.\nShe left. He stayed."
    para = split_paragraphs(text)[1]
    sentences = split_sentences(para.text, para.start)
    assert [text[s.start : s.end] for s in sentences] == ["She left.", "He stayed."]


def test_slugify_is_ascii_and_short() -> None:
    """Make a lower-case ASCII slug without accents."""
    assert slugify("José Müller-Lüdenscheidt!") == "jose-muller-ludenscheidt"
