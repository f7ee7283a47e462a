"""Apply a mapping to an upload: contract-shaped respondents and contacts, each row on its original line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa

from caregap import contract
from caregap.csvread import LINE_COLUMN
from caregap.ingest.mapping import CHANNELS_USED, CONTACTS, RESPONDENTS, Mapping
from caregap.ingest.numbers import agreed, decimal_mark
from caregap.ingest.table import Upload
from caregap.ingest.values import items, normalize

NO_CONTACT = "(no contact on this channel)"  # an answer mapped to this ('Did not use') says there was no contact
NUMERIC = ("integer", "number")
Decimals = dict[str, str | None]  # a numeric field's decimal separator, where the upload shows it


@dataclass
class Converted:
    """The upload in contract form, and the answers that matched no contract value (by field)."""

    respondents: pa.Table
    contacts: pa.Table
    unknown: dict[str, Counter] = field(default_factory=dict)


class _Cells:
    """Raw answers to contract values for one field, remembering the ones that matched nothing.

    Each distinct answer is converted once (a survey repeats a few answers over many rows); an unknown one is
    counted at every occurrence.
    """

    def __init__(self, spec: contract.Field, overrides: dict[str, str], unknown: Counter, decimal: str | None = None):
        self.spec, self.overrides, self.unknown, self.decimal = spec, overrides, unknown, decimal
        self.seen: dict[str, tuple[str | None, tuple[str, ...]]] = {}

    def __call__(self, raw: str) -> str | None:
        """The contract value; an unrecognised answer is kept as it is, for the checks to report."""
        if not raw:
            return None
        if raw not in self.seen:
            self.seen[raw] = self._convert(raw)
        value, unknown = self.seen[raw]
        for part in unknown:
            self.unknown[part] += 1
        return value

    def column(self, raws: list[str]) -> list[str | None]:
        """Every cell of a column at once: each distinct answer converted once, an unknown one counted as often as
        it occurs."""
        values: dict[str, str | None] = {}
        for raw, times in Counter(raws).items():
            values[raw], unknown = self._convert(raw) if raw else (None, ())
            for part in unknown:
                self.unknown[part] += times
        return list(map(values.__getitem__, raws))

    def _convert(self, raw: str) -> tuple[str | None, tuple[str, ...]]:
        """The contract value of an answer (itself where a part is unknown), and its unknown parts."""
        parts = items(raw) if self.spec.kind == "multi" else [raw]
        found = [self._one(part) for part in parts]
        unknown = tuple(part for part, value in zip(parts, found, strict=True) if value is None)
        if unknown:
            return raw, unknown
        return ";".join(dict.fromkeys(value for value in found if value)) or None, ()

    def _one(self, raw: str) -> str | None:
        """One answer (each item of a multi-select): mapped by hand ('' = blank) or recognised; None if neither."""
        if raw in self.overrides:
            return "" if self.overrides[raw] == NO_CONTACT else self.overrides[raw]
        return normalize(self.spec, raw, self.decimal)


def _numeric_columns(mapping: Mapping) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The columns mapped to each numeric field of the respondents, and of the contacts (one column per channel)."""
    respondents = {n: [c] for n, c in mapping.columns.items() if n in RESPONDENTS and RESPONDENTS[n].kind in NUMERIC}
    contacts: dict[str, list[str]] = {}
    for fields in mapping.contacts.values():
        for name, column in fields.items():
            if CONTACTS[name].kind in NUMERIC:
                contacts.setdefault(name, []).append(column)
    return respondents, contacts


def _decimals(upload: Upload, mapping: Mapping) -> list[Decimals]:
    """The decimal separator of each numeric field of the respondents, and of the contacts: the one its columns show;
    else a comma, if the file is separated by semicolons and its numeric columns show decimal commas."""
    index = {c: i for i, c in enumerate(upload.columns)}
    tables = _numeric_columns(mapping)
    shown = {c: decimal_mark(row[index[c]] for row in upload.rows) for t in tables for cs in t.values() for c in cs}
    default = "," if upload.delimiter == ";" and agreed(shown.values()) == "," else None
    fields = [{name: agreed(shown[c] for c in columns) for name, columns in t.items()} for t in tables]
    return [{name: default if mark is None else mark for name, mark in t.items()} for t in fields]


def _respondents(upload: Upload, mapping: Mapping, unknown: dict[str, Counter], decimals: Decimals) -> pa.Table:
    """One row per data row; an unmapped respondent_id becomes the row's line number."""
    index = {c: i for i, c in enumerate(upload.columns)}
    columns = {LINE_COLUMN: pa.array(upload.lines, pa.int64())}
    for name, spec in RESPONDENTS.items():
        column = mapping.columns.get(name)
        if column is None:
            cells = [f"line {n}" for n in upload.lines] if name == "respondent_id" else [None] * len(upload.lines)
        else:
            cell = _Cells(spec, mapping.values.get(name, {}), unknown.setdefault(name, Counter()), decimals.get(name))
            cells = cell.column([row[index[column]] for row in upload.rows])
        columns[name] = pa.array(cells, pa.string())
    return pa.table(columns)


def _channels(raw: str, cell: _Cells) -> list[str]:
    """The channels named in a multi-select answer ('Phone; Email' or 'Phone, Email')."""
    return [value for part in items(raw) if (value := cell(part))]


def _no_contact(mapping: Mapping, per_channel: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[int, set]]]:
    """Per channel answered about: each column, and the answers in it mapped by hand to 'no contact on this channel'
    (any other answer says the respondent contacted the channel)."""
    said = {name: {raw for raw, v in values.items() if v == NO_CONTACT} for name, values in mapping.values.items()}
    return {ch: [(i, said.get(name, set())) for name, i in fields] for ch, fields in per_channel.items()}


def _contact_columns(upload: Upload, mapping: Mapping) -> dict[str, list[tuple[str, int]]]:
    """Per channel answered about: each contact field and the index of its column."""
    index = {c: i for i, c in enumerate(upload.columns)}
    return {ch: [(name, index[c]) for name, c in fields.items()] for ch, fields in mapping.contacts.items()}


def _contacts(
    upload: Upload, mapping: Mapping, respondent_ids: list[str], unknown: dict, decimals: Decimals
) -> pa.Table:
    """One contact row per respondent and channel they used (named in the channels column, or answered about)."""
    cells = {
        n: _Cells(s, mapping.values.get(n, {}), unknown.setdefault(n, Counter()), decimals.get(n))
        for n, s in CONTACTS.items()
    }
    used = upload.columns.index(mapping.columns[CHANNELS_USED]) if CHANNELS_USED in mapping.columns else None
    per_channel = _contact_columns(upload, mapping)
    told = _no_contact(mapping, per_channel)
    answers = [n for n in CONTACTS if n not in ("respondent_id", "channel")]
    rows: dict[str, list] = {name: [] for name in (LINE_COLUMN, *CONTACTS)}
    for row, line, rid in zip(upload.rows, upload.lines, respondent_ids, strict=True):
        named = _channels(row[used], cells["channel"]) if used is not None else []
        answered = {ch for ch, said in told.items() if any(row[i] and row[i] not in no for i, no in said)}
        for channel in dict.fromkeys([*named, *(ch for ch in contract.CHANNELS if ch in answered)]):
            filled = {name: cells[name](row[i]) for name, i in per_channel.get(channel, ())}
            rows[LINE_COLUMN].append(line)
            rows["respondent_id"].append(rid)
            rows["channel"].append(channel)
            for name in answers:
                rows[name].append(filled.get(name))
    table = {LINE_COLUMN: pa.array(rows[LINE_COLUMN], pa.int64())}
    return pa.table({**table, **{n: pa.array(rows[n], pa.string()) for n in CONTACTS}})


def convert(upload: Upload, mapping: Mapping) -> Converted:
    """The upload as contract tables (line_no = the line of the user's file each row comes from)."""
    unknown: dict[str, Counter] = {}
    decimals = _decimals(upload, mapping)
    respondents = _respondents(upload, mapping, unknown, decimals[0])
    contacts = _contacts(upload, mapping, respondents["respondent_id"].to_pylist(), unknown, decimals[1])
    return Converted(respondents, contacts, {k: v for k, v in unknown.items() if v})
