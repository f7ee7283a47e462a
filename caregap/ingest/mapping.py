"""Which column of an upload is which contract field, and which raw answers mean which contract values."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from caregap import contract
from caregap.errors import fail
from caregap.ingest.table import Upload
from caregap.ingest.values import LOOKUP, normalize, words

RESPONDENTS = {f.name: f for f in contract.FIELDS["respondents.csv"]}
CONTACTS = {f.name: f for f in contract.FIELDS["contacts.csv"]}
CHANNELS_USED = "channels_used"  # a multi-select column of the channels people used: one contact row each
NAMED = "named"  # Mapping.contacts' key for columns about a row's one contact, on the channel the row names
NAMED_LABEL = "the row's channel"  # NAMED as the Data page and its problems name it
HEADER_HEAD, HEADER_TAIL = 300, 100  # of a longer header only its start and its end ('... - Phone') are read
TOOL_COLUMNS = {  # words() of the columns survey tools add to an export, as named in its first or second header row
    *("startdate", "start date", "enddate", "end date", "recordeddate", "recorded date", "timestamp"),
    *("status", "response type", "progress", "duration in seconds", "finished", "score", "total score"),
    *("responseid", "response id", "respondent id", "collector id", "ipaddress", "ip address"),
    *("locationlatitude", "location latitude", "locationlongitude", "location longitude"),
    *("distributionchannel", "distribution channel", "userlanguage", "user language"),
}


def _both(first: str, second: str) -> str:
    """A pattern matching a text holding both patterns, in either order (and in time linear in the text's length)."""
    return rf"^(?=.*(?:{first}))(?=.*(?:{second}))"


# Header patterns (on words() of the header), most specific first: a column goes to the first field it matches.
RESPONDENT_PATTERNS = {
    "respondent_id": r"^(respondent|response|record) ?id$|^id$|^responseid$",
    "age_group": r"\bage\b|how old (are|were) you|age group",
    "gender": r"\bgender\b|\bsex\b",
    "region": r"\b(region|country|state|location|where do you live)\b",
    "weight": r"^((survey|sample|sampling|design|final|case) )?(weight|weights|weighting|wt|wgt)( factor)?$",
    "prefers_live_assistance": _both(
        r"\b(rather|prefer\w*|want|like)\b", r"\blive (person|agent|assistance)|real person|\bhuman\b"
    ),
    "expects_same_response_time_off_hours": r"\bnight|weekend|off hours|after hours",
    "uses_facebook_for_deals": _both("facebook", "deal|offer|coupon"),
    "posts_experiences_on_twitter": _both(r"\b(post|tweet)", "twitter") + "|" + _both("twitter", "experience"),
    "social_answer_frequency": _both("how often", "social"),
    "favorite_networks": r"^(?!.*\bchannels?\b)(?:"  # not 'Which channel do you prefer (phone, social networks)?'
    + _both(r"\b(networks?|platforms?)\b", r"favou?rite|\bprefer")
    + "|"
    + _both(r"\b(networks|platforms)\b", r"\b(like|love|enjoy|follow)\b")
    + ")",
    "channels_used_to_resolve": r"how many channels|channels used to resolve",
    "fastest_channel": r"\bfastest|quickest",
    "urgent_channel": r"\burgent",
    "best_service_channel": r"\bbest (service|level)|highest level",
    "preferred_channel": r"\bprefer",
    CHANNELS_USED: _both(r"\bchannels?\b", r"\b(used|did you use|contacted|reached)\b")  # having used, not 'would use'
    + r"|^((contact|support|service|interaction) )?channel( of contact)?$",  # a survey after each contact
}
CONTACT_PATTERNS = {  # satisfaction first: 'How satisfied were you with the response time?' asks for a rating
    "satisfaction": r"satisf|\brate\b",
    "expected_response_minutes": r"\bexpect",
    "resolution_time": _both(r"how (long|quickly)", "resolv") + "|resolution time",
    "response_minutes": r"how long|minutes|response time",
    "contacts_needed": r"how many (times|contacts|interactions|attempts)",
    "followed_up": r"\bfollow",
    "reason": r"\bwhy\b|\breason",
    "network": r"^(?!.*\b(do|are) you\b).*\b(network|platform)",  # 'Which networks do you use?' is no contact
    "resolved": r"resolv|solved|\bfixed\b",
    "got_response": r"respon|answer|repl|hear back",
}
WIDE_FIELDS = tuple(n for n in CONTACTS if n not in ("respondent_id", "channel"))  # what a per-channel column holds
HEADER_CHANNELS = {w: v for w, v in LOOKUP["channel"].items() if w != "store"}  # 'our online store' is not in person


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


def _channel_in(text: str) -> str | None:
    """The one channel a header names ('... [Email]', 'Phone - ...'), if exactly one."""
    found = {value for word, value in HEADER_CHANNELS.items() if re.search(rf"\b{word}\b", text)}
    return found.pop() if len(found) == 1 else None


def _answers_of(upload: Upload, pos: int) -> list[str]:
    """The first 200 non-blank answers of a column, what the content rules judge it by."""
    return [row[pos] for row in upload.rows[:200] if row[pos]]


def _several_per_answer(upload: Upload, pos: int) -> bool:
    """Whether answers of a column often name several values ('Facebook;Twitter'): a multi-select question."""
    sample = _answers_of(upload, pos)
    return bool(sample) and sum(";" in v or "," in v for v in sample) >= 0.1 * len(sample)


def _header_words(text: str) -> str:
    """words() of a header: of its first 300 characters and its last 100 ('... - Phone') when it is longer."""
    return words(text if len(text) <= HEADER_HEAD + HEADER_TAIL else f"{text[:HEADER_HEAD]} {text[-HEADER_TAIL:]}")


def _tool_column(column: str, question: str) -> bool:
    """Whether a column is one the survey tool adds (Qualtrics' Progress, always 100), not a question."""
    return bool({_header_words(column), _header_words(question)} & TOOL_COLUMNS)


def _readable(upload: Upload, pos: int, name: str) -> int:
    """How many distinct answers of a column read as values of this field, if most of its answers do (else 0)."""
    sample = _answers_of(upload, pos)
    read = [v for v in sample if normalize(RESPONDENTS[name], v) is not None]
    return len(set(read)) if read and len(read) >= 0.8 * len(sample) else 0


def _by_content(upload: Upload, unmatched: list[int], name: str) -> int | None:
    """The column whose answers read as age groups or genders, with the most distinct ones (one value is no answer)."""
    asked = (pos for pos in unmatched if not _tool_column(upload.columns[pos], upload.questions[pos]))
    counts = {pos: _readable(upload, pos, name) for pos in asked}
    best = max(counts, key=counts.__getitem__, default=None)
    return best if best is not None and counts[best] > 1 else None


def _by_name(column: str, question: str) -> str | None:
    """The respondent field a header names (the column name or its question text), if any."""
    texts = {_header_words(column), _header_words(question)}
    return next((n for n, p in RESPONDENT_PATTERNS.items() if any(re.search(p, t) for t in texts)), None)


def guess_contact(column: str, question: str) -> tuple[str | None, str | None]:
    """The channel a header names and the contact field it asks about (either None when not found)."""
    text = f"{_header_words(column)} {_header_words(question)}"
    return _channel_in(text), next((n for n, p in CONTACT_PATTERNS.items() if re.search(p, text)), None)


def answers(spec: contract.Field) -> tuple[str, ...]:
    """The contract values an unrecognised answer can be mapped to by hand (none for numbers and text)."""
    return ("true", "false") if spec.kind == "boolean" else spec.allowed if spec.kind in ("enum", "multi") else ()


def suggest(upload: Upload) -> Mapping:
    """A first mapping from the headers, then, for age and gender still unmapped, from the answers."""
    mapping = Mapping()
    unmatched = []
    for pos, (column, question) in enumerate(zip(upload.columns, upload.questions, strict=True)):
        name = _by_name(column, question)
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
