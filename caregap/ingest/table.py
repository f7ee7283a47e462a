"""Text or a workbook to a grid of text cells with the line each row starts on, header rows recognised."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from caregap.errors import Problem, fail
from caregap.ingest.header import SUBHEADERS, Header, Record, find_header
from caregap.labels import counted

DELIMITERS = (",", ";", "\t", "|")
SNIFF_ROWS = 50


@dataclass
class Upload:
    """A survey export read as text: unique column names, question texts, data rows and their lines."""

    name: str
    source: str
    columns: list[str]
    questions: list[str]
    rows: list[list[str]]
    lines: list[int]
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[Record] = field(default_factory=list)
    delimiter: str = ""  # of CSV text; none for a workbook
    sheets: list[str] = field(default_factory=list)  # of a workbook: its visible sheets
    sheet: str = ""  # of a workbook: the sheet read
    encoded: dict = field(default_factory=dict, repr=False, compare=False)  # columns as checks read them (Columns)


def _csv_message(err: csv.Error) -> str:
    """A plain explanation of a csv module error."""
    text = str(err)
    if "unexpected end of data" in text:
        return 'a quoted value starts on this line and is never closed (a closing " is missing)'
    if "field larger than field limit" in text:
        return f"a value starting on this line is longer than {csv.field_size_limit():,} characters"
    return f"is not valid CSV here: {text}"


def records(name: str, text: str, delimiter: str, limit: int | None = None) -> list[Record]:
    """Parse CSV text strictly; each non-blank row with the line it starts on.

    A survey repeats its answers ('Female', 'Yes', 'Phone'): each distinct cell text is kept once and shared by the
    rows that hold it, which keeps an upload in memory at a fraction of one string per cell.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[Record] = []
    start, seen = 1, {}
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((start, list(map(seen.setdefault, row, row))))
            if limit is not None and len(out) >= limit:
                break
            start = reader.line_num + 1
    except csv.Error as err:
        raise fail(name, _csv_message(err), start) from None
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter under which the most rows share one width of two or more cells (the wider on a tie, comma
    first): a semicolon-separated multi-select in a comma file splits its rows, but seldom all alike."""
    head = text[:200_000]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = records("", head, delimiter, SNIFF_ROWS)
        except Exception:  # a sample cut inside a quoted value; the full parse reports real errors
            continue
        widths = Counter(len(cells) for _, cells in rows if len(cells) > 1)
        score = max(((count, width) for width, count in widths.items()), default=(0, 0))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unique(names: list[str], notes: list[str]) -> list[str]:
    """Blank names become 'Column N'; a repeated name gets the first free ' (2)', ' (3)' ... and a note."""
    bases = [raw.strip() or f"Column {pos}" for pos, raw in enumerate(names, start=1)]
    taken, first, out = set(bases), {}, []
    for pos, name in enumerate(bases, start=1):
        if name in first:
            number = 2
            while f"{name} ({number})" in taken:
                number += 1
            notes.append(
                f"Two columns are named '{name}' (columns {first[name]} and {pos}); "
                f"column {pos} is shown as '{name} ({number})'."
            )
            taken.add(f"{name} ({number})")
            out.append(f"{name} ({number})")
        else:
            first[name] = pos
            out.append(name)
    return out


def _add_rows(upload: Upload, recs: list[Record], width: int) -> None:
    """Data rows of the header's width (blank cells past it dropped); any other row is a problem on its line.

    Each distinct text is kept once (see records()), stripped of the spaces around it.
    """
    stripped = {c: c.strip() for c in set().union(*(cells for _, cells in recs))}
    for line, cells in recs:
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) == width:
            upload.rows.append(list(map(stripped.__getitem__, cells)))
            upload.lines.append(line)
        else:
            upload.bad_rows.append((line, cells))
            wrong = f"has {counted(len(cells), 'field')} but the header has {width}"
            upload.problems.append(Problem(upload.name, wrong, line))


def to_upload(name: str, recs: list[Record], via: str) -> Upload:
    """Recognise the header rows (skipping any preamble) and split off rows of the wrong width."""
    if not recs:
        raise fail(name, "has no rows: it needs a header row and at least one answer")
    head = find_header(name, recs)
    notes = [f"Read as {via}; the layout is that of {head.source} ({_header_lines(recs, head)})."]
    upload = Upload(name, head.source, list(head.names), list(head.questions), [], [], notes + head.notes)
    _add_rows(upload, recs[head.at + head.rows :], head.width)
    if not upload.rows and not upload.bad_rows:
        raise fail(name, "has a header but no answers", recs[-1][0])
    _collapse(upload, head)
    upload.columns = _unique(upload.columns, upload.notes)
    return upload


def _header_lines(recs: list[Record], head: Header) -> str:
    """Where the header is, in words: '1 header row on line 1', '3 header rows on lines 4 to 6'."""
    first, last = recs[head.at][0], recs[head.at + head.rows - 1][0]
    where = f"line {first}" if first == last else f"lines {first} to {last}"
    return f"{counted(head.rows, 'header row')} on {where}"


def _option_groups(head: Header) -> list[list[int]]:
    """SurveyMonkey check boxes: runs of adjacent columns under one question, each labelled with an option."""
    runs: list[list[int]] = []
    for pos, top in enumerate(head.tops):
        if top or not runs:
            runs.append([pos])
        else:
            runs[-1].append(pos)
    labelled = [cols for cols in runs if len(cols) > 1]
    return [cols for cols in labelled if all(head.subs[c] and head.subs[c].lower() not in SUBHEADERS for c in cols)]


def _collapse(upload: Upload, head: Header) -> None:
    """Check-box questions (each cell blank or its own option) become one ';'-separated multi-select column."""
    for cols in reversed(_option_groups(head)):
        if not all(row[c] in ("", head.subs[c]) for row in upload.rows for c in cols):
            continue  # a grid of answers (one per row label), not check boxes
        question = head.tops[cols[0]]
        for row in upload.rows:
            row[cols[0] : cols[-1] + 1] = [";".join(row[c] for c in cols if row[c])]
        upload.columns[cols[0] : cols[-1] + 1] = [question]
        upload.questions[cols[0] : cols[-1] + 1] = [question]
        upload.notes.append(f"The check boxes of '{question}' are read as one multi-select answer.")
