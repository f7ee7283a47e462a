"""How a column reads in the mapping widgets: its name, then its question text when that says more."""

from __future__ import annotations

from caregap.ui.plain import plain

SEP = " · "
LIMIT = 70  # characters of question text in an option; the full text is in the select box's tooltip


def _bare(text: str) -> str:
    """Letters and digits only, case folded: 'ResponseId' reads as 'Response ID', 'Age (2)' as 'Age' and more."""
    return "".join(c for c in text.casefold() if c.isalnum())


def question_of(column: str, question: str) -> str:
    """The question text on one line when it says more than the column name, else ''."""
    text = " ".join(question.split())
    return text if _bare(text) and not _bare(column).startswith(_bare(text)) else ""


def asks(column: str, question: str) -> str | None:
    """'Q1 asks: How old are you?' (markup shown as text) when the question says more than the column name."""
    text = question_of(column, question)
    return f"{plain(column)} asks: {plain(text)}" if text else None


def _cut(text: str, limit: int) -> str:
    """Text of at most limit characters, cut at a word boundary (when there is one late enough), with '…'."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head[limit // 2 :]:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" -,;:") + "…"


def shorten(text: str, limit: int = LIMIT) -> str:
    """A long question text cut short, keeping a short sub-question after the last ' - ' (often the channel)."""
    head, sep, tail = text.rpartition(" - ")
    if len(text) <= limit or not sep or len(tail) > limit // 2:
        return _cut(text, limit)
    return _cut(head, limit - len(sep) - len(tail)) + sep + tail


def option(column: str, question: str) -> str:
    """'Q5_1 · Did the company respond? - Phone': the name, then its question text (shortened) if that says more."""
    text = question_of(column, question)
    return f"{column}{SEP}{shorten(text)}" if text else column
