"""Contact rows from an upload: one per respondent and channel used, named in a multi-select column of channels or
answered about in per-channel question columns (wide); in the order of the rows, then of the channels."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from caregap import contract
from caregap.csvread import LINE_COLUMN
from caregap.ingest.cells import NO_CONTACT, Cells
from caregap.ingest.columns import Columns, Encoded
from caregap.ingest.mapping import CHANNELS_USED, CONTACTS, NAMED, Mapping
from caregap.ingest.table import Upload
from caregap.ingest.values import items
from caregap.labels import label, listed

ANSWERS = tuple(n for n in CONTACTS if n not in ("respondent_id", "channel"))  # what per-channel columns hold
Column = Callable[[str], Encoded]  # a column's cells, by the column's name


class Contacts(NamedTuple):
    """Each contact's row and channel, and the channel's position in the channels named."""

    at: np.ndarray
    channels: pa.Array
    codes: np.ndarray
    named: list[str]
    single: np.ndarray  # whether the contact is its row's only one


def _named(cells: Encoded, named: Cells) -> list[tuple[str, ...]]:
    """The channels each distinct multi-select answer names ('Phone; Email'), in the order of cells.uniques;
    unknown names counted per occurrence."""
    parts = [[named.translate(part) for part in items(raw)] for raw in cells.uniques]
    for found, times in zip(parts, cells.counts(), strict=True):
        for unknown in chain.from_iterable(unknowns for _, unknowns in found):
            named.unknown[unknown] += times
    return [tuple(value for value, _ in found if value) for found in parts]


def _answered(fields: dict[str, str], mapping: Mapping, column: Column) -> np.ndarray:
    """Per row, whether any of a channel's columns holds an answer other than one mapped to 'no contact'."""
    said = np.zeros(0, dtype=bool)
    for name, col in fields.items():
        no = {raw for raw, value in mapping.values.get(name, {}).items() if value == NO_CONTACT}
        cells = column(col)
        flags = np.array([bool(raw) and raw not in no for raw in cells.uniques], dtype=bool)[cells.codes]
        said = flags if not said.size else said | flags
    return said


def _alike(rows: int, mapping: Mapping, named_cells: Cells, column: Column) -> tuple[list[list[str]], np.ndarray]:
    """The lists of channels rows have (those named first, then those answered about, each once), and each row's
    list: rows alike in the channels they name and answer about share one list, made once."""
    used = mapping.columns.get(CHANNELS_USED)
    if used:
        named = column(used)
        names, said = _named(named, named_cells), named.codes
    else:
        names, said = [()], np.zeros(rows, dtype=np.int32)
    wide = [ch for ch in contract.CHANNELS if mapping.contacts.get(ch)]
    keys = said.astype(np.int64) << len(wide)  # the row's answer naming channels, then bit k: answered the k-th
    for bit, ch in enumerate(wide):
        keys |= _answered(mapping.contacts[ch], mapping, column).astype(np.int64) << bit
    alike, kinds = np.unique(keys, return_inverse=True)
    answered = [[ch for bit, ch in enumerate(wide) if key >> bit & 1] for key in alike.tolist()]
    return [_picked(names[key >> len(wide)], chs) for key, chs in zip(alike.tolist(), answered, strict=True)], kinds


def _order(rows: int, mapping: Mapping, named_cells: Cells, column: Column) -> Contacts:
    """The contacts: each one's row and channel, rows in order, each row's channels in the order of its list."""
    lists, kinds = _alike(rows, mapping, named_cells, column)
    distinct = list(dict.fromkeys(chain.from_iterable(lists)))
    code = {ch: pos for pos, ch in enumerate(distinct)}
    width = max(map(len, lists), default=0)  # no rows: every one ragged, say
    table = np.array([[code[ch] for ch in chs] + [0] * (width - len(chs)) for chs in lists], np.int64)
    sizes = np.array([len(chs) for chs in lists], dtype=np.int64)[kinds]
    at = np.repeat(np.arange(rows, dtype=np.int64), sizes)
    nth = np.arange(len(at), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # its place in its row
    codes = table[kinds[at], nth] if len(at) else np.zeros(0, np.int64)
    channels = pa.array(distinct, pa.string()).take(pa.array(codes))
    return Contacts(at, channels, codes, distinct, np.repeat(sizes == 1, sizes))


def _picked(named: tuple[str, ...], answered: list[str]) -> list[str]:
    """A row's channels: those it names, then those it answered about, each once."""
    return list(dict.fromkeys([*named, *answered]))


def _count_unknown(cells: Cells, mapped: dict[str, Encoded], bad: dict, where: np.ndarray, contacts: Contacts) -> None:
    """Count the unknown answers each contact was given, in the order of the contacts they first appear at."""
    firsts = []
    for pos, (ch, encoded) in enumerate(mapped.items()):
        if bad[ch]:
            given = np.flatnonzero(where == pos)
            found, first, times = np.unique(encoded.codes[contacts.at[given]], return_index=True, return_counts=True)
            for code, at, n in zip(found.tolist(), given[first].tolist(), times.tolist(), strict=True):
                firsts += [(at, part, n) for part in bad[ch].get(encoded.uniques[code], ())]
    for _, part, n in sorted(firsts, key=lambda first: first[0]):
        cells.unknown[part] += n


def _field(name: str, cells: Cells, mapping: Mapping, column: Column, contacts: Contacts) -> pa.Array:
    """One answer field of every contact, from its channel's column, else from the column about the row's contact
    when the row has only this one (null where neither); unknown answers counted per contact, in their order."""
    mapped = {ch: column(fields[name]) for ch, fields in mapping.contacts.items() if name in fields}
    if not mapped:
        return pa.nulls(len(contacts.at), pa.string())
    tables = {ch: cells.table(encoded.uniques) for ch, encoded in mapped.items()}
    block = {ch: pos for pos, ch in enumerate(mapped)}  # each column's block of rows in every
    place = np.array([block.get(ch, block.get(NAMED, -1)) for ch in contacts.named], dtype=np.int64)
    where = place[contacts.codes] if len(place) else contacts.codes
    if NAMED in block:  # a row's answer about its contact is no one contact's where it has several
        where = np.where((where == block[NAMED]) & ~contacts.single, -1, where)
    bad = {ch: {raw: found for raw, (_, found) in t.items() if found} for ch, t in tables.items()}
    if any(bad.values()):
        _count_unknown(cells, mapped, bad, where, contacts)
    values = [value for t in tables.values() for value, _ in t.values()]  # every column's answers, one block each
    starts = np.cumsum([0, *map(len, tables.values())])[:-1]
    blocks = zip(mapped.values(), starts, strict=True)
    codes = np.concatenate([encoded.codes.astype(np.int64) + start for encoded, start in blocks])
    rows = len(next(iter(mapped.values())).codes)
    index = codes[np.maximum(where, 0) * rows + contacts.at]
    return pa.array(values, pa.string()).take(pa.array(index, mask=where < 0))


def _unplaced(upload: Upload, mapping: Mapping, column: Column, contacts: Contacts) -> dict[int, str]:
    """Line -> why its answers about the row's contact fit no one contact: the row names no channel, or several."""
    named = mapping.contacts.get(NAMED, {})
    if not named:
        return {}
    said = {col: _answered({name: col}, mapping, column) for name, col in named.items()}
    counts = np.bincount(contacts.at, minlength=len(upload.rows))
    rows = np.flatnonzero(np.logical_or.reduce(list(said.values())) & (counts != 1)).tolist()
    channels: dict[int, list[str]] = {row: [] for row in rows}
    theirs = np.isin(contacts.at, rows)
    for row, channel in zip(contacts.at[theirs].tolist(), contacts.channels.filter(theirs).to_pylist(), strict=True):
        channels[row].append(label(channel))
    out = {}
    for row in rows:
        answered = listed([f"'{col}'" for col, flags in said.items() if flags[row]])
        names = f"{len(channels[row])} channels ({', '.join(channels[row])})" if channels[row] else "no channel"
        about = f"its answers in {answered} are about one contact, on its channel"
        out[upload.lines[row]] = f"the row names {names}, but {about}"
    return out


def contact_rows(
    upload: Upload, mapping: Mapping, respondent_ids: pa.ChunkedArray, cells: dict[str, Cells], column: Columns
) -> tuple[pa.Table, dict[int, str]]:
    """The contacts table (line_no and the contract's contact fields, as text), and the lines whose answers about
    the row's contact fit no one contact, with why (see _unplaced)."""
    contacts = _order(len(upload.rows), mapping, cells["channel"], column)
    at = pa.array(contacts.at)
    table = {
        LINE_COLUMN: pa.array(upload.lines, pa.int64()).take(at),
        "respondent_id": respondent_ids.take(at),
        "channel": contacts.channels,
    }
    table |= {name: _field(name, cells[name], mapping, column, contacts) for name in ANSWERS}
    table = pa.table({LINE_COLUMN: table[LINE_COLUMN], **{name: table[name] for name in CONTACTS}})
    return table, _unplaced(upload, mapping, column, contacts)
