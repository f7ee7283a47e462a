"""Check a mapped upload with the loader's own checks: problems by line and field, and the rows to reject."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from caregap.checks import check
from caregap.csvread import LINE_COLUMN
from caregap.database import new_database
from caregap.db import fetch
from caregap.errors import SHOWN_LINES, Problem
from caregap.export.tables import escape_cell
from caregap.ingest.convert import Converted, convert
from caregap.ingest.mapping import CONTACTS, NAMED, NAMED_LABEL, RESPONDENTS, Mapping, column_field
from caregap.ingest.scales import scale_problems
from caregap.ingest.table import Upload
from caregap.labels import field_label, label

ALLOWED = re.compile(r"must be (one of|values from): ([^()]+?)(?= \(|$)")  # cell_problem's list of values


@dataclass
class Report:
    """What a mapped upload would import: its tables, its problems and the lines that would be left out."""

    upload: Upload
    converted: Converted
    problems: list[Problem]
    rejected: list[int]
    reasons: dict[int, str]  # a rejected line -> what is wrong with it, each cell by its column

    def valid(self) -> dict[str, pa.Table]:
        """The contract tables without the rejected lines."""
        out = {}
        for file, table in (("respondents.csv", self.converted.respondents), ("contacts.csv", self.converted.contacts)):
            keep = pc.invert(pc.is_in(table[LINE_COLUMN], pa.array(self.rejected, pa.int64())))
            out[file] = table.filter(keep)
        return out

    def unmapped(self) -> list[Problem]:
        """The problems of the mapping (a required field without a column, a column on another rating scale), which
        no row can fix."""
        return [p for p in self.problems if p.line is None]

    def rejected_csv(self) -> bytes:
        """The user's rejected rows with their line numbers and what is wrong with each, as CSV (cells that look
        like formulas neutralised)."""
        wanted = set(self.rejected)
        rows = [
            (line, cells) for line, cells in zip(self.upload.lines, self.upload.rows, strict=True) if line in wanted
        ]
        rows = sorted(rows + self.upload.bad_rows)
        said = {p.line: p.message for p in self.upload.problems if p.line is not None}  # a ragged row's, say
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["line", "problem", *self.upload.columns])
        for line, cells in rows:
            why = self.reasons.get(line) or said.get(line, "")
            writer.writerow([line, safe_cell(why), *(safe_cell(c) for c in cells)])
        return out.getvalue().encode("utf-8-sig")


def safe_cell(value: str) -> str:
    """A text cell a spreadsheet will not run as a formula (escaped as exports are); a signed number stays as it is."""
    try:
        float(value)
    except ValueError:
        return str(escape_cell(value))
    return value


def _channels(converted: Converted, mapping: Mapping, problem: Problem) -> list[str]:
    """The keys of mapping.contacts (channels, or NAMED) whose column for a contact field can hold the problem (the
    one whose cell it quotes, if found)."""
    channels = [ch for ch, fields in mapping.contacts.items() if problem.field in fields]
    table = converted.contacts.filter(pc.equal(converted.contacts[LINE_COLUMN], problem.line or 0))
    quoted = [
        ch if ch in channels else NAMED
        for ch, v in zip(table["channel"].to_pylist(), table[problem.field].to_pylist(), strict=True)
        if v is not None and problem.message.startswith(repr(v))
    ]
    return [ch for ch in dict.fromkeys(quoted) if ch in channels] or channels


def _where(converted: Converted, mapping: Mapping, problem: Problem) -> str | None:
    """A contract field named together with the user's column it comes from (and its channel, for contacts)."""
    field = problem.field
    if problem.file == "respondents.csv" or field not in CONTACTS or field in ("respondent_id", "channel"):
        return _sourced(mapping, field or "")
    found = [
        f"column '{mapping.contacts[ch][field]}', " + (NAMED_LABEL if ch == NAMED else f"channel {ch}")
        for ch in _channels(converted, mapping, problem)
    ]
    return f"{field} ({'; or '.join(found)})" if found else field


def _sourced(mapping: Mapping, field: str) -> str:
    """A contract field with the user's column it comes from ('channel (column 'Channel')'), or alone if none."""
    source = mapping.source(field)  # a contact's channel: the column of channels used
    return f"{field} ({source})" if source else field


def _unplaced(name: str, mapping: Mapping, unplaced: dict[int, str]) -> list[Problem]:
    """The first lines whose answers about the row's contact fit no one contact, each with how many in all."""
    field = _sourced(mapping, "channel")
    lines = sorted(unplaced)
    return [Problem(name, unplaced[line], line, field, len(lines)) for line in lines[:SHOWN_LINES]]


def _readable(message: str) -> str:
    """A problem in the words the mapping step uses: the values a field allows by their labels ('Social media',
    not 'social'), which are what the answers can be mapped to."""
    found = ALLOWED.search(message)
    if not found:
        return message
    values = ", ".join(label(v) for v in found.group(2).split(", "))
    return message[: found.start(2)] + values + message[found.end(2) :]


def _column(mapping: Mapping, field: str) -> str:
    """A contract field by the user's column (or columns, one per channel) it comes from, and its own name."""
    shown, source = field_label(column_field(field)).lower(), mapping.source(field)
    return f"{source} ({shown})" if source else shown


def _named(field: str) -> str:
    """A contract field as the mapping step names it, with the contract's name where that differs."""
    shown = field_label(field).lower()
    return shown if shown == field else f"{shown} ({field})"


def _unmapped(upload: Upload, mapping: Mapping, found: list[Problem]) -> tuple[list[Problem], list[Problem]]:
    """One problem per required field with no column (instead of one per row), and the other problems."""
    missing = [n for n, f in RESPONDENTS.items() if f.required and n != "respondent_id" and n not in mapping.columns]
    said = [Problem(upload.name, f"No column is mapped to {_named(name)}: it is required") for name in missing]
    rest = [p for p in found if not (p.file == "respondents.csv" and p.field in missing)]
    return said, rest


def check_upload(upload: Upload, mapping: Mapping) -> Report:
    """Convert with the mapping and run the loader's checks; problems are on the lines of the user's file."""
    converted = convert(upload, mapping)
    con = new_database()
    try:
        found = check(con, "respondents.csv", converted.respondents, None)
        # a wide upload's contacts repeat a respondent and channel only where its id repeats, reported already
        found += check(con, "contacts.csv", converted.contacts, converted.respondents, grain=False)
        reasons: dict[int, list[str]] = {}
        columns: dict[str, str] = {}  # each field's column, named once (a bad mapping rejects every line)
        for file, table in (("respondents.csv", converted.respondents), ("contacts.csv", converted.contacts)):
            if not any(p.file == file for p in found):
                continue  # a file without problems has no line to reject
            con.register("raw_upload", table)
            for line, field, value, problem in fetch(con, "ingest_rejected_lines", file=file).itertuples(index=False):
                cell = "" if value is None else f"{value!r} "
                column = columns.get(field) or columns.setdefault(field, _column(mapping, field))
                reasons.setdefault(int(line), []).append(f"{column}: {cell}{_readable(problem)}")
            con.unregister("raw_upload")
    finally:
        con.close()
    channels = _column(mapping, "channel") if converted.unplaced else ""
    for line, why in converted.unplaced.items():
        reasons.setdefault(line, []).append(f"{channels}: {why}")
    unmapped, found = _unmapped(upload, mapping, found)
    problems = [
        Problem(upload.name, _readable(p.message), p.line, _where(converted, mapping, p), p.count) for p in found
    ] + _unplaced(upload.name, mapping, converted.unplaced)
    by_line = sorted(upload.problems + problems, key=lambda p: (p.line or 0, p.field or ""))
    problems = unmapped + scale_problems(upload.name, converted, mapping) + by_line
    said = {line: "; ".join(dict.fromkeys(why)) for line, why in reasons.items()}
    return Report(upload, converted, problems, sorted(reasons), said)
