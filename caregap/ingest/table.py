"""Text or a workbook to a grid of text cells with the line each row starts on, header rows recognised."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from caregap.errors import Problem, fail

DELIMITERS = (",", ";", "\t", "|")
MAX_COLUMNS = 2000
SNIFF_ROWS = 50
SUBHEADERS = ("response", "open-ended response")  # SurveyMonkey's second header row
Record = tuple[int, list[str]]  # (line the row starts on, its cells)


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


def _csv_message(err: csv.Error) -> str:
    """A plain explanation of a csv module error."""
    text = str(err)
    if "unexpected end of data" in text:
        return 'a quoted value starts on this line and is never closed (a closing " is missing)'
    if "field larger than field limit" in text:
        return f"a value starting on this line is longer than {csv.field_size_limit():,} characters"
    return f"is not valid CSV here: {text}"


def records(name: str, text: str, delimiter: str, limit: int | None = None) -> list[Record]:
    """Parse CSV text strictly; each non-blank row with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[Record] = []
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                out.append((start, row))
            if limit is not None and len(out) >= limit:
                break
            start = reader.line_num + 1
    except csv.Error as err:
        raise fail(name, _csv_message(err), start) from None
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter that gives the most rows of one common width (comma on a tie)."""
    head = text[:200_000]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        try:
            rows = records("", head, delimiter, SNIFF_ROWS)
        except Exception:  # a sample cut inside a quoted value; the full parse reports real errors
            continue
        widths = Counter(len(cells) for _, cells in rows if len(cells) > 1)
        score = max(((width - 1) * count for width, count in widths.items()), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _unique(names: list[str], notes: list[str]) -> list[str]:
    """Blank names become 'Column N'; a repeated name gets ' (2)', ' (3)' ... and a note."""
    seen: dict[str, int] = {}
    out = []
    for pos, raw in enumerate(names, start=1):
        name = raw.strip() or f"Column {pos}"
        if name in seen:
            seen[name] += 1
            notes.append(
                f"Two columns are named '{name}' (columns {names.index(raw) + 1} and {pos}); "
                f"column {pos} is shown as '{name} ({seen[name]})'."
            )
            name = f"{name} ({seen[name]})"
        seen.setdefault(name, 1)
        out.append(name)
    return out


def _surveymonkey(first: list[str], second: list[str]) -> list[str]:
    """Question texts carried over blank cells, joined with the sub-answer of the second row."""
    names, question = [], ""
    for top, sub in zip(first, second, strict=True):
        question = top.strip() or question
        sub = sub.strip()
        names.append(question if not sub or sub.lower() in SUBHEADERS else f"{question} - {sub}")
    return names


def _header(recs: list[Record], at: int, width: int) -> tuple[str, int, list[str], list[str]]:
    """The export's format, how many header rows it has, its column names and question texts."""
    first = recs[at][1]
    following = [cells + [""] * (width - len(cells)) for _, cells in recs[at + 1 : at + 3]]
    if len(following) == 2 and any(c.strip().startswith('{"ImportId"') for c in following[1]):
        return "Qualtrics", 3, first, following[0]
    if following and any(c.strip().lower() in SUBHEADERS for c in following[0]):
        names = _surveymonkey(first, following[0])
        return "SurveyMonkey", 2, names, names
    source = "Google Forms" if first[0].strip().lower() == "timestamp" else "a table"
    return source, 1, first, first


def to_upload(name: str, recs: list[Record], via: str) -> Upload:
    """Recognise the header rows (skipping any preamble) and split off rows of the wrong width."""
    if not recs:
        raise fail(name, "has no rows: it needs a header row and at least one answer")
    width = max(Counter(len(cells) for _, cells in recs).items(), key=lambda item: (item[1], item[0]))[0]
    if width > MAX_COLUMNS:
        raise fail(name, f"has {width:,} columns; Care Gap reads at most {MAX_COLUMNS:,} (export fewer questions)")
    at = next(i for i, (_, cells) in enumerate(recs) if len(cells) == width)
    source, header_rows, names, questions = _header(recs, at, width)
    options = _option_groups(recs[at][1], recs[at + 1][1]) if source == "SurveyMonkey" else {}
    notes = [f"Read as {via}; the layout is that of {source} ({header_rows} header row(s) on line {recs[at][0]})."]
    if at:
        notes.append(f"Skipped {recs[at][0] - 1} line(s) above the header (a preamble).")
    body = at + header_rows
    upload = Upload(name, source, _unique(names, notes), [q.strip() for q in questions], [], [], notes)
    for line, cells in recs[body:]:
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if len(cells) == width:
            upload.rows.append([c.strip() for c in cells])
            upload.lines.append(line)
        else:
            upload.bad_rows.append((line, cells))
            upload.problems.append(Problem(name, f"has {len(cells)} fields but the header has {width}", line))
    if not upload.rows and not upload.bad_rows:
        raise fail(name, "has a header but no answers", recs[-1][0])
    return _collapse(upload, options)


def _option_groups(first: list[str], second: list[str]) -> dict[str, list[int]]:
    """SurveyMonkey questions spread over one column per option: question -> positions of its columns."""
    groups: dict[str, list[int]] = {}
    question = ""
    for pos, (top, sub) in enumerate(zip(first, second, strict=False)):
        question = top.strip() or question
        if sub.strip() and sub.strip().lower() not in SUBHEADERS:
            groups.setdefault(question, []).append(pos)
    return {q: cols for q, cols in groups.items() if len(cols) > 1}


def _collapse(upload: Upload, groups: dict[str, list[int]]) -> Upload:
    """Check-box questions (each cell blank or its own option) become one ';'-separated multi-select column."""
    for question, cols in reversed(groups.items()):
        subs = [upload.columns[c].removeprefix(f"{question} - ") for c in cols]
        if not all(row[c] in ("", sub) for row in upload.rows for c, sub in zip(cols, subs, strict=True)):
            continue  # a grid of answers (one per row label), not check boxes
        for row in upload.rows:
            row[cols[0] : cols[-1] + 1] = [";".join(row[c] for c in cols if row[c])]
        upload.columns[cols[0] : cols[-1] + 1] = [question]
        upload.questions[cols[0] : cols[-1] + 1] = [question]
        upload.notes.append(f"The check boxes of '{question}' are read as one multi-select answer.")
    return upload
