"""Contact rows from an upload: one per respondent and channel used, named in a multi-select column of channels or
answered about in per-channel question columns (wide); in the order of the rows, then of the channels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from itertools import chain
from typing import NamedTuple

import numpy as np
import pyarrow as pa

from caregap import contract
from caregap.csvread import LINE_COLUMN
from caregap.ingest.cells import NO_CONTACT, Cells
from caregap.ingest.mapping import CHANNELS_USED, CONTACTS, NAMED, Mapping
from caregap.ingest.table import Upload
from caregap.ingest.values import items
from caregap.labels import label, listed

ANSWERS = tuple(n for n in CONTACTS if n not in ("respondent_id", "channel"))  # what per-channel columns hold
Column = Callable[[str], list[str]]  # a column's cells, by the column's name


class Contacts(NamedTuple):
    """Each contact's row and channel, and the channel's position in the channels named."""

    at: np.ndarray
    channels: list[str]
    codes: np.ndarray
    named: list[str]
    single: np.ndarray  # whether the contact is its row's only one


def _named(raws: list[str], cells: Cells) -> list[tuple[str, ...]]:
    """Per row, the channels its multi-select answer names ('Phone; Email'); unknown names counted per occurrence."""
    parts = {raw: [cells.translate(part) for part in items(raw)] for raw in dict.fromkeys(raws)}
    for raw, times in Counter(raws).items():
        for unknown in chain.from_iterable(found for _, found in parts[raw]):
            cells.unknown[unknown] += times
    channels = {raw: tuple(value for value, _ in found if value) for raw, found in parts.items()}
    return list(map(channels.__getitem__, raws))


def _answered(fields: dict[str, str], mapping: Mapping, column: Column) -> np.ndarray:
    """Per row, whether any of a channel's columns holds an answer other than one mapped to 'no contact'."""
    said = np.zeros(0, dtype=bool)
    for name, col in fields.items():
        no = {raw for raw, value in mapping.values.get(name, {}).items() if value == NO_CONTACT}
        raws = column(col)
        tells = {raw: bool(raw) and raw not in no for raw in dict.fromkeys(raws)}
        flags = np.fromiter(map(tells.__getitem__, raws), bool, len(raws))
        said = flags if not said.size else said | flags
    return said


def _order(rows: int, mapping: Mapping, named_cells: Cells, column: Column) -> Contacts:
    """The contacts: each one's row and channel (those named first, then those answered about, each once).

    Rows alike in the channels they name and answer about share one list of channels, made once.
    """
    used = mapping.columns.get(CHANNELS_USED)
    named = _named(column(used), named_cells) if used else [()] * rows
    wide = [ch for ch in contract.CHANNELS if mapping.contacts.get(ch)]
    masks = np.zeros(rows, dtype=np.int64)  # bit k: answered about the k-th channel of wide
    for bit, ch in enumerate(wide):
        masks |= _answered(mapping.contacts[ch], mapping, column).astype(np.int64) << bit
    alike: dict[tuple, int] = {}
    kinds = [alike.setdefault(key, len(alike)) for key in zip(named, masks.tolist(), strict=True)]
    lists = [_picked(names, [ch for bit, ch in enumerate(wide) if mask >> bit & 1]) for names, mask in alike]
    sizes = np.array([len(chs) for chs in lists], dtype=np.int64)[np.array(kinds, dtype=np.int64)]
    channels = list(chain.from_iterable(map(lists.__getitem__, kinds)))
    distinct = list(dict.fromkeys(channels))
    code = {ch: pos for pos, ch in enumerate(distinct)}
    codes = np.fromiter(map(code.__getitem__, channels), np.int64, len(channels))
    at = np.repeat(np.arange(rows, dtype=np.int64), sizes)
    return Contacts(at, channels, codes, distinct, np.repeat(sizes == 1, sizes))


def _picked(named: tuple[str, ...], answered: list[str]) -> list[str]:
    """A row's channels: those it names, then those it answered about, each once."""
    return list(dict.fromkeys([*named, *answered]))


def _field(name: str, cells: Cells, mapping: Mapping, column: Column, contacts: Contacts) -> pa.Array:
    """One answer field of every contact, from its channel's column, else from the column about the row's contact
    when the row has only this one (null where neither); unknown answers counted per contact, in their order."""
    mapped = {ch: column(fields[name]) for ch, fields in mapping.contacts.items() if name in fields}
    if not mapped:
        return pa.nulls(len(contacts.channels), pa.string())
    tables = {ch: cells.table(raws) for ch, raws in mapped.items()}
    block = {ch: pos for pos, ch in enumerate(mapped)}  # each column's block of rows in every
    place = np.array([block.get(ch, block.get(NAMED, -1)) for ch in contacts.named], dtype=np.int64)
    where = place[contacts.codes] if len(place) else contacts.codes
    if NAMED in block:  # a row's answer about its contact is no one contact's where it has several
        where = np.where((where == block[NAMED]) & ~contacts.single, -1, where)
    bad = {ch: {raw: found for raw, (_, found) in t.items() if found} for ch, t in tables.items()}
    if any(bad.values()):
        keys = list(mapped)
        for row, pos in zip(contacts.at.tolist(), where.tolist(), strict=True):
            for part in bad[keys[pos]].get(mapped[keys[pos]][row], ()) if pos >= 0 else ():
                cells.unknown[part] += 1
    rows = len(next(iter(mapped.values())))
    values = {ch: {raw: value for raw, (value, _) in t.items()} for ch, t in tables.items()}
    every = chain.from_iterable(map(values[ch].__getitem__, raws) for ch, raws in mapped.items())
    index = pa.array(where * rows + contacts.at, mask=where < 0)
    return pa.array(every, pa.string(), size=len(mapped) * rows).take(index)


def _unplaced(upload: Upload, mapping: Mapping, column: Column, contacts: Contacts) -> dict[int, str]:
    """Line -> why its answers about the row's contact fit no one contact: the row names no channel, or several."""
    named = mapping.contacts.get(NAMED, {})
    if not named:
        return {}
    said = {col: _answered({name: col}, mapping, column) for name, col in named.items()}
    counts = np.bincount(contacts.at, minlength=len(upload.rows))
    rows = np.flatnonzero(np.logical_or.reduce(list(said.values())) & (counts != 1)).tolist()
    channels: dict[int, list[str]] = {row: [] for row in rows}
    for row, channel in zip(contacts.at.tolist(), contacts.channels, strict=True):
        if row in channels:
            channels[row].append(label(channel))
    out = {}
    for row in rows:
        answered = listed([f"'{col}'" for col, flags in said.items() if flags[row]])
        names = f"{len(channels[row])} channels ({', '.join(channels[row])})" if channels[row] else "no channel"
        about = f"its answers in {answered} are about one contact, on its channel"
        out[upload.lines[row]] = f"the row names {names}, but {about}"
    return out


def contact_rows(
    upload: Upload, mapping: Mapping, respondent_ids: list[str | None], cells: dict[str, Cells]
) -> tuple[pa.Table, dict[int, str]]:
    """The contacts table (line_no and the contract's contact fields, as text), and the lines whose answers about
    the row's contact fit no one contact, with why (see _unplaced)."""
    index = {c: i for i, c in enumerate(upload.columns)}

    @cache
    def column(name: str) -> list[str]:
        return [row[index[name]] for row in upload.rows]

    contacts = _order(len(upload.rows), mapping, cells["channel"], column)
    table = {
        LINE_COLUMN: pa.array(upload.lines, pa.int64()).take(contacts.at),
        "respondent_id": pa.array(respondent_ids, pa.string()).take(contacts.at),
        "channel": pa.array(contacts.channels, pa.string()),
    }
    table |= {name: _field(name, cells[name], mapping, column, contacts) for name in ANSWERS}
    table = pa.table({LINE_COLUMN: table[LINE_COLUMN], **{name: table[name] for name in CONTACTS}})
    return table, _unplaced(upload, mapping, column, contacts)
