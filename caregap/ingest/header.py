"""The header rows of an export: where they start, whose layout they follow, and the columns they name."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from caregap.errors import fail
from caregap.labels import counted

MAX_COLUMNS = 2000
SUBHEADERS = ("response", "open-ended response")  # SurveyMonkey's second header row
Record = tuple[int, list[str]]  # (line the row starts on, its cells)


@dataclass
class Header:
    """Where the header rows are (index of the first), the layout, the width and the names they give."""

    source: str
    at: int
    rows: int
    width: int
    names: list[str]
    questions: list[str]
    tops: list[str] = field(default_factory=list)  # SurveyMonkey's first row (questions, blank over options)
    subs: list[str] = field(default_factory=list)  # SurveyMonkey's second row (option labels)
    notes: list[str] = field(default_factory=list)


def used(cells: list[str]) -> int:
    """How many cells a row has, not counting blank cells at its end."""
    count = len(cells)
    while count and not cells[count - 1].strip():
        count -= 1
    return count


def _is_option(top: list[str], pos: int) -> bool:
    """A column a question's options are spread over: its top cell is blank, or the next column's is."""
    return pos >= len(top) or not top[pos].strip() or (pos + 1 < len(top) and not top[pos + 1].strip())


def _is_subheader(top: list[str], second: list[str], third: list[str] | None) -> bool:
    """SurveyMonkey's second row: 'Response' or option labels only, and the row below does not repeat them."""
    marks = [p for p, cell in enumerate(second) if cell.strip().lower() in SUBHEADERS]
    if not marks or any(c.strip() and p not in marks and not _is_option(top, p) for p, c in enumerate(second)):
        return False
    return third is None or any(p >= len(third) or third[p].strip() != second[p].strip() for p in marks)


def _plausible(cells: list[str], common: int) -> bool:
    """A row that can name the columns: as wide as most rows, or as many cells with two or more filled in."""
    return used(cells) >= common or (len(cells) >= common and used(cells) > 1)


def _subheader_after(recs: list[Record], at: int) -> bool:
    """Whether the row after recs[at] is a SurveyMonkey second header row."""
    following = [cells for _, cells in recs[at + 1 : at + 3]]
    return bool(following) and _is_subheader(recs[at][1], following[0], (following[1:] or [None])[0])


def _fit(line: int, cells: list[str], width: int, notes: list[str]) -> list[str]:
    """A header row cut or padded to the width; text cut off is named in a note."""
    extra = [c.strip() for c in cells[width:] if c.strip()]
    if extra:
        notes.append(f"Line {line}: header text past the last column is ignored ({', '.join(extra)}).")
    return [c.strip() for c in cells[:width]] + [""] * (width - len(cells))


def _surveymonkey(first: list[str], second: list[str]) -> list[str]:
    """Question texts carried over blank cells, joined with the sub-answer of the second row."""
    names, question = [], ""
    for top, sub in zip(first, second, strict=True):
        question = top or question
        names.append(question if not sub or sub.lower() in SUBHEADERS else f"{question} - {sub}")
    return names


def _skipped(recs: list[Record], at: int) -> list[str]:
    """Notes on the lines above the header: how many, and each one that has more than one cell."""
    if not at:
        return []
    notes = [f"Skipped {counted(recs[at][0] - 1, 'line')} above the header (a preamble)."]
    for line, cells in recs[:at]:
        if used(cells) > 1:
            shown = ", ".join(c.strip() for c in cells[: used(cells)])[:80]
            notes.append(f"Line {line} ({shown}) has fewer columns than most rows: read as preamble, not as header.")
    return notes


def find_header(name: str, recs: list[Record]) -> Header:
    """The first row that can name the columns (or followed by SurveyMonkey's second row) and the rows it leads."""
    common = max(Counter(used(cells) for _, cells in recs).items(), key=lambda item: (item[1], item[0]))[0]
    at = next(i for i, (_, cells) in enumerate(recs) if _plausible(cells, common) or _subheader_after(recs, i))
    line, top = recs[at]
    second = recs[at + 1][1] if at + 1 < len(recs) else []
    if _subheader_after(recs, at):
        options = [p for p, c in enumerate(second) if c.strip() and c.strip().lower() not in SUBHEADERS]
        width = max(used(top), common, *(p + 1 for p in options if _is_option(top, p)))
    else:
        width = max(used(top), common)
    if width > MAX_COLUMNS:
        raise fail(name, f"has {width:,} columns; Care Gap reads at most {MAX_COLUMNS:,} (export fewer questions)")
    header = Header("a table", at, 1, width, [], [], notes=_skipped(recs, at))
    first = _fit(line, top, width, header.notes)
    return _layout(recs, header, first)


def _layout(recs: list[Record], header: Header, first: list[str]) -> Header:
    """The tool whose header rows these are, their column names and question texts."""
    after = recs[header.at + 1 : header.at + 3]
    if len(after) == 2 and any(c.strip().startswith('{"ImportId"') for c in after[1][1]):
        questions = _fit(after[0][0], after[0][1], header.width, header.notes)
        header.source, header.rows, header.names, header.questions = "Qualtrics", 3, first, questions
    elif _subheader_after(recs, header.at):
        header.subs = _fit(after[0][0], after[0][1], header.width, header.notes)
        header.tops, header.names = first, _surveymonkey(first, header.subs)
        header.questions = list(header.names)
        header.source, header.rows = "SurveyMonkey", 2
    else:
        header.source = "Google Forms" if first[0].lower() == "timestamp" else "a table"
        header.names = header.questions = first
    return header
