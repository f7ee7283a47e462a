"""Apply a mapping to an upload: contract-shaped respondents and contacts, each row on its original line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from caregap.csvread import LINE_COLUMN
from caregap.ingest.cells import Cells
from caregap.ingest.columns import Columns
from caregap.ingest.mapping import CONTACTS, RESPONDENTS, Mapping
from caregap.ingest.numbers import agreed, decimal_mark
from caregap.ingest.table import Upload
from caregap.ingest.wide import contact_rows

NUMERIC = ("integer", "number")
Decimals = dict[str, str | None]  # a numeric field's decimal separator, where the upload shows it


@dataclass
class Converted:
    """The upload in contract form, and the answers that matched no contract value (by field)."""

    respondents: pa.Table
    contacts: pa.Table
    unknown: dict[str, Counter] = field(default_factory=dict)
    unplaced: dict[int, str] = field(default_factory=dict)  # line -> why its answers fit no one contact


def _numeric_columns(mapping: Mapping) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The columns mapped to each numeric field of the respondents, and of the contacts (one column per channel)."""
    respondents = {n: [c] for n, c in mapping.columns.items() if n in RESPONDENTS and RESPONDENTS[n].kind in NUMERIC}
    contacts: dict[str, list[str]] = {}
    for fields in mapping.contacts.values():
        for name, column in fields.items():
            if CONTACTS[name].kind in NUMERIC:
                contacts.setdefault(name, []).append(column)
    return respondents, contacts


def _decimals(upload: Upload, mapping: Mapping, columns: Columns) -> list[Decimals]:
    """The decimal separator of each numeric field of the respondents, and of the contacts: the one its columns show;
    else a comma, if the file is separated by semicolons and its numeric columns show decimal commas."""
    tables = _numeric_columns(mapping)
    shown = {c: decimal_mark(columns(c).uniques) for t in tables for cs in t.values() for c in cs}
    default = "," if upload.delimiter == ";" and agreed(shown.values()) == "," else None
    fields = [{name: agreed(shown[c] for c in columns) for name, columns in t.items()} for t in tables]
    return [{name: default if mark is None else mark for name, mark in t.items()} for t in fields]


def _respondents(
    upload: Upload, mapping: Mapping, unknown: dict[str, Counter], decimals: Decimals, columns: Columns
) -> pa.Table:
    """One row per data row; an unmapped respondent_id becomes the row's line number ('line 7')."""
    lines = pa.array(upload.lines, pa.int64())
    out = {LINE_COLUMN: lines}
    for name, spec in RESPONDENTS.items():
        column = mapping.columns.get(name)
        if column is not None:
            cell = Cells(spec, mapping.values.get(name, {}), unknown.setdefault(name, Counter()), decimals.get(name))
            out[name] = cell.column(columns(column))
        elif name == "respondent_id":
            out[name] = pc.binary_join_element_wise("line ", lines.cast(pa.string()), "")
        else:
            out[name] = pa.nulls(len(lines), pa.string())
    return pa.table(out)


def _contacts(
    upload: Upload, mapping: Mapping, respondents: pa.Table, unknown: dict, decimals: Decimals, columns: Columns
) -> tuple[pa.Table, dict[int, str]]:
    """One contact row per respondent and channel they used (named in the channels column, or answered about), and
    the lines whose answers about the row's contact fit no one contact."""
    cells = {
        n: Cells(s, mapping.values.get(n, {}), unknown.setdefault(n, Counter()), decimals.get(n))
        for n, s in CONTACTS.items()
    }
    return contact_rows(upload, mapping, respondents["respondent_id"], cells, columns)


def convert(upload: Upload, mapping: Mapping) -> Converted:
    """The upload as contract tables (line_no = the line of the user's file each row comes from)."""
    unknown: dict[str, Counter] = {}
    columns = Columns(upload)
    decimals = _decimals(upload, mapping, columns)
    respondents = _respondents(upload, mapping, unknown, decimals[0], columns)
    contacts, unplaced = _contacts(upload, mapping, respondents, unknown, decimals[1], columns)
    return Converted(respondents, contacts, {k: v for k, v in unknown.items() if v}, unplaced)
