"""Which column of an upload is which contract field, and which raw answers mean which contract values."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from caregap import contract
from caregap.errors import fail
from caregap.ingest.headers import CHANNELS_USED, guess_contact, respondent_field, tool_column
from caregap.ingest.table import Upload
from caregap.ingest.values import normalize

RESPONDENTS = {f.name: f for f in contract.FIELDS["respondents.csv"]}
CONTACTS = {f.name: f for f in contract.FIELDS["contacts.csv"]}
NAMED = "named"  # Mapping.contacts' key for columns about a row's one contact, on the channel the row names
NAMED_LABEL = "the row's channel"  # NAMED as the Data page and its problems name it


WIDE_FIELDS = tuple(n for n in CONTACTS if n not in ("respondent_id", "channel"))  # what a per-channel column holds


@dataclass
class Mapping:
    """Columns for respondent fields, per-channel columns for contact fields (under NAMED: columns about the row's
    one contact, on whichever channel it names), and raw-value overrides."""

    columns: dict[str, str] = field(default_factory=dict)
    contacts: dict[str, dict[str, str]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self, name: str = "") -> str:
        """The mapping as JSON, to keep for the next wave of the same survey (with the name it is kept under)."""
        kept = {**asdict(self), **({"name": name} if name else {})}
        return json.dumps(kept, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def source(self, name: str) -> str:
        """Where a contract field's cells come from: "column 'Age'", or its columns (one per channel); '' if none."""
        columns = [self.columns.get(column_field(name))]
        columns += [fields[name] for fields in self.contacts.values() if name in fields]
        named = [f"'{c}'" for c in dict.fromkeys(filter(None, columns))]
        return f"column {' or '.join(named)}" if named else ""

    @classmethod
    def from_json(cls, text: str, upload: Upload, name: str = "mapping") -> Mapping:
        """A saved mapping, keeping only the columns this upload has; a damaged one is refused plainly."""
        try:
            raw = json.loads(text)
        except ValueError as err:
            line = getattr(err, "lineno", None)
            raise fail(f"{name}.json", "is damaged: it is not valid JSON", line) from None
        try:
            has = set(upload.columns)
            columns = {k: v for k, v in raw.get("columns", {}).items() if v in has}
            contacts = {ch: {k: v for k, v in fs.items() if v in has} for ch, fs in raw.get("contacts", {}).items()}
            values = {f: {str(k): str(v) for k, v in vs.items()} for f, vs in raw.get("values", {}).items()}
        except (AttributeError, TypeError):
            raise fail(f"{name}.json", "is damaged: it does not hold columns, contacts and values") from None
        return cls(columns, {ch: fs for ch, fs in contacts.items() if fs}, values)


def column_field(name: str) -> str:
    """The mapping's field for a contract field's column: a contact's channel comes from the channels used."""
    return CHANNELS_USED if name == "channel" else name


def absent_columns(text: str, upload: Upload) -> list[str]:
    """The columns a saved mapping (read by Mapping.from_json) names that this upload has not, in saved order."""
    raw = json.loads(text)
    named = [*raw.get("columns", {}).values(), *(c for fs in raw.get("contacts", {}).values() for c in fs.values())]
    has = set(upload.columns)
    return [column for column in dict.fromkeys(named) if column not in has]


def _answers_of(upload: Upload, pos: int) -> list[str]:
    """The first 200 non-blank answers of a column, what the content rules judge it by."""
    return [row[pos] for row in upload.rows[:200] if row[pos]]


def _several_per_answer(upload: Upload, pos: int) -> bool:
    """Whether answers of a column often name several values ('Facebook;Twitter'): a multi-select question."""
    sample = _answers_of(upload, pos)
    return bool(sample) and sum(";" in v or "," in v for v in sample) >= 0.1 * len(sample)


def _readable(upload: Upload, pos: int, name: str) -> int:
    """How many distinct answers of a column read as values of this field, if most of its answers do (else 0)."""
    sample = _answers_of(upload, pos)
    read = [v for v in sample if normalize(RESPONDENTS[name], v) is not None]
    return len(set(read)) if read and len(read) >= 0.8 * len(sample) else 0


def _by_content(upload: Upload, unmatched: list[int], name: str) -> int | None:
    """The column whose answers read as age groups or genders, with the most distinct ones (one value is no answer)."""
    asked = (pos for pos in unmatched if not tool_column(upload.columns[pos], upload.questions[pos]))
    counts = {pos: _readable(upload, pos, name) for pos in asked}
    best = max(counts, key=counts.__getitem__, default=None)
    return best if best is not None and counts[best] > 1 else None


def answers(spec: contract.Field) -> tuple[str, ...]:
    """The contract values an unrecognised answer can be mapped to by hand (none for numbers and text)."""
    return ("true", "false") if spec.kind == "boolean" else spec.allowed if spec.kind in ("enum", "multi") else ()


def suggest(upload: Upload) -> Mapping:
    """A first mapping from the headers, then, for age and gender still unmapped, from the answers."""
    mapping = Mapping()
    unmatched = []
    for pos, (column, question) in enumerate(zip(upload.columns, upload.questions, strict=True)):
        name = respondent_field(column, question)
        channel, contact = guess_contact(column, question) if name is None else (None, None)
        if contact == "network" and _several_per_answer(upload, pos):  # one contact is on one network
            name, channel, contact = "favorite_networks", None, None
        if channel and contact and contact not in mapping.contacts.get(channel, {}):
            mapping.contacts.setdefault(channel, {})[contact] = column
        elif name and name not in mapping.columns:
            mapping.columns[name] = column
        else:
            unmatched.append(pos)
    for name in ("gender", "age_group"):
        if name not in mapping.columns and (pos := _by_content(upload, unmatched, name)) is not None:
            mapping.columns[name] = upload.columns[pos]
            unmatched.remove(pos)
    if (used := mapping.columns.get(CHANNELS_USED)) and not _several_per_answer(upload, upload.columns.index(used)):
        _suggest_named(upload, unmatched, mapping)
    return mapping


def _suggest_named(upload: Upload, unmatched: list[int], mapping: Mapping) -> None:
    """Where each row names one channel (a survey after each contact), the contact questions that name no channel
    are about the row's contact."""
    for pos in unmatched:
        channel, contact = guess_contact(upload.columns[pos], upload.questions[pos])
        if channel is None and contact and contact not in mapping.contacts.get(NAMED, {}):
            mapping.contacts.setdefault(NAMED, {})[contact] = upload.columns[pos]
