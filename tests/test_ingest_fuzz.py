"""Damaged survey exports and mappings made at random (seeded, so every run tries the same cases): reading and
checking them ends in a report or a DatasetError, never another exception, and the report accounts for every row."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest

from caregap import contract
from caregap.errors import DatasetError
from caregap.ingest.cells import NO_CONTACT
from caregap.ingest.mapping import CHANNELS_USED, CONTACTS, NAMED, RESPONDENTS, WIDE_FIELDS, Mapping, answers, suggest
from caregap.ingest.read import read_upload
from caregap.ingest.table import Upload
from caregap.ingest.validate import check_upload

UPLOADS = sorted((Path(__file__).parent / "fixtures" / "uploads").glob("*.csv"))
CASES = 60
ODD = [  # answers a damaged or careless export holds
    *("", "NA", "-1", "1e309", "nan", "=1+1", "\x00", "日本", "x" * 300, "60+", "17", "Female;Male", "NB", "1,5"),
    *('"', "\r", "Phone;Email", "Did not use", "0", "999999999999999999999", "<b>x</b>", "\u200b", "Within 1 hour"),
]


def _bytes_op(data: bytes, rng: random.Random) -> bytes:
    """One damage to the bytes: a byte changed, the end cut off, a run deleted or repeated."""
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.randint(1, 300))
    return rng.choice(
        [data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :], data[:i], data[:i] + data[j:], data[:j] + data[i:]]
    )


def _lines_op(data: bytes, rng: random.Random) -> bytes:
    """One damage to the lines: a line dropped or repeated, a cell replaced, every row from one of the first lines
    on losing its last fields."""
    lines = data.decode("utf-8", "replace").split("\n")
    k = rng.randrange(len(lines))
    op = rng.randrange(4)
    if op == 0:
        del lines[k]
    elif op == 1:
        lines.insert(rng.randrange(len(lines) + 1), lines[k])
    elif op == 2:
        cells = lines[k].split(",")
        cells[rng.randrange(len(cells))] = rng.choice(ODD)
        lines[k] = ",".join(cells)
    else:
        k = rng.randrange(min(4, len(lines)))  # from the header or a row near it: most rows, or all, ragged
        lines = lines[:k] + [line.rsplit(",", 2)[0] for line in lines[k:]]
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def damaged(data: bytes, rng: random.Random) -> bytes:
    """A survey export with one to four damages, perhaps then in other separators or another encoding."""
    for _ in range(rng.randint(1, 4)):
        data = (_bytes_op if rng.random() < 0.4 else _lines_op)(data, rng) if data else data
    recode = rng.randrange(5)
    if recode == 0:
        return data.replace(b",", b";")
    if recode == 1:
        return data.decode("utf-8", "replace").encode("utf-16")
    return data


def any_mapping(upload: Upload, rng: random.Random) -> Mapping:
    """A mapping the Data page's widgets could make: any column for any field, per-channel columns on any channel
    (or the row's), answers mapped by hand to any contract value, blank or 'no contact'."""
    mapping = suggest(upload) if rng.random() < 0.5 else Mapping()
    for field in rng.sample([*RESPONDENTS, CHANNELS_USED], rng.randint(0, 5)):
        mapping.columns[field] = rng.choice(upload.columns)
    for _ in range(rng.randint(0, 5)):
        channel = rng.choice([*contract.CHANNELS, NAMED])
        mapping.contacts.setdefault(channel, {}).setdefault(rng.choice(WIDE_FIELDS), rng.choice(upload.columns))
    for field in rng.sample([*RESPONDENTS, *CONTACTS], rng.randint(0, 3)):
        spec = RESPONDENTS.get(field) or CONTACTS[field]
        choices = [*answers(spec), *([] if spec.required else [""]), *([NO_CONTACT] if field in WIDE_FIELDS else [])]
        if choices:
            mapping.values.setdefault(field, {})[rng.choice(ODD)] = rng.choice(choices)
    return mapping


def accounted(upload: Upload, mapping: Mapping) -> None:
    """Check the upload under the mapping: a report whose rejected rows are rows of the file, each once in the
    rejected rows' file with the rows too ragged to read; or a DatasetError."""
    try:
        report = check_upload(upload, mapping)
    except DatasetError:
        return
    assert set(report.rejected) <= set(upload.lines)
    assert report.valid()["respondents.csv"].num_rows <= len(upload.rows)
    rows = list(csv.reader(io.StringIO(report.rejected_csv().decode("utf-8-sig"))))
    assert rows[0] == ["line", "problem", *upload.columns]
    assert len(rows) - 1 == len(set(report.rejected)) + len(upload.bad_rows)


@pytest.mark.parametrize("seed", range(CASES))
def test_a_damaged_export_gets_a_report_or_a_plain_refusal(seed):
    rng = random.Random(seed)
    path = UPLOADS[seed % len(UPLOADS)]
    data = damaged(path.read_bytes(), rng)
    try:
        upload = read_upload(path.name, data)
    except DatasetError as err:
        assert err.problems and all(p.file == path.name for p in err.problems)
        return
    for mapping in (suggest(upload), any_mapping(upload, rng), any_mapping(upload, rng)):
        accounted(upload, mapping)
