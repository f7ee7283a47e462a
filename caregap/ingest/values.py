"""Answers as survey tools write them, to the contract's values: ages, genders, channels, yes/no, numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from caregap import contract
from caregap.ingest.numbers import minutes, number
from caregap.labels import label

WORD = re.compile(r"[^a-z0-9+]+")
OLDEST = 120  # an age above this is a typing error, not a respondent
RATING = re.compile(r"^([1-5]) ([a-z ]+)$")  # '1 very dissatisfied' (a point and its label, after words())
AGE = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)(?:\s*(?:-|–|to)\s*(\d+))?(.*)$")  # '34', '35.0', '18-29', '60+ ...'
YEARS = r"(?:(?:years?|yrs?)(?: old)?|y ?o|y)"  # the unit words an age may carry ('34 years old', '34 y.o.')
OPEN = r"\+|plus|(?:or|and) (?:older|over|more|above|up)"  # '60+', '65 or older': that age and above
AGE_TAIL = re.compile(rf"^{YEARS}? ?(?P<open>{OPEN})? ?{YEARS}?$")  # after words(): anything else is not read
TOP_CONTACTS = 5  # contacts needed from 5 on are one answer, 5+ (contact_codes in queries/load_macros.sql)
TIMES = r"(?: ?(?:times|contacts))?"  # '5 times or more', '10+ contacts'
AT_LEAST = re.compile(rf"(?P<low>\d+){TIMES} ?(?:{OPEN}){TIMES}|(?:more than|over) (?P<above>\d+){TIMES}")
# Words survey tools and people use for each contract value (compared after words(): lower case, no punctuation).
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "gender": {
        "female": ("f", "female", "woman", "women", "w", "girl", "feminine"),
        "male": ("m", "male", "man", "men", "boy", "masculine"),
        "nonbinary": ("nonbinary", "non binary", "nb", "enby", "genderqueer", "gender nonconforming", "agender"),
        "undisclosed": ("prefer not to say", "prefer not to answer", "rather not say", "decline to state", "n a"),
    },
    "channel": {
        "phone": ("phone", "telephone", "call", "phone call", "calling", "call center", "by phone"),
        "email": ("email", "e mail", "by email"),
        "chat": ("chat", "live chat", "web chat", "online chat", "chatbot", "messaging"),
        "social": ("social", "social media", "social network", "social networks", "facebook", "twitter"),
        "sms": ("sms", "text", "text message", "texting", "sms text", "sms text message"),
        "in_person": ("in person", "in store", "face to face", "store", "in branch"),
    },
    "network": {
        "facebook": ("facebook", "fb"),
        "twitter": ("twitter", "x", "x twitter", "twitter x"),
        "instagram": ("instagram", "ig", "insta"),
    },
    "boolean": {
        "true": ("yes", "y", "true", "1", "x", "checked", "yes i did", "ja", "oui"),
        "false": ("no", "n", "false", "0", "unchecked", "no i did not", "nein", "non"),
    },
    "resolution_time": {
        "within_1_hour": ("within an hour", "within 1 hour", "less than an hour"),
        "same_day": ("same day", "within a day", "the same day"),
        "a_week_or_longer": ("a week or more", "more than a week", "longer than a week"),
    },
    "reason": {"could_not_reach_rep_elsewhere": ("could not reach a rep elsewhere", "could not reach anyone else")},
    "satisfaction": {  # the usual 5-point satisfaction scales, lowest to highest
        "1": ("very dissatisfied", "extremely dissatisfied", "completely dissatisfied"),
        "2": ("dissatisfied", "somewhat dissatisfied", "fairly dissatisfied"),
        "3": ("neither satisfied nor dissatisfied", "neither", "neutral", "neither dissatisfied nor satisfied"),
        "4": ("satisfied", "somewhat satisfied", "fairly satisfied"),
        "5": ("very satisfied", "extremely satisfied", "completely satisfied"),
    },
}
LOOKUP = {kind: {w: value for value, ws in table.items() for w in ws} for kind, table in SYNONYMS.items()}


def words(value: str) -> str:
    """Lower case without accents, runs of punctuation and spaces as one space."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", value.lower()) if not unicodedata.combining(c))
    return WORD.sub(" ", bare).strip()


def age_group(value: str) -> str | None:
    """'34', '34 years', '30-44', '60+', '65 or older' -> the contract's age group; None if it does not fit one."""
    text = value.strip().lower()
    if text in contract.AGE_GROUPS:
        return text
    span = ages(text)
    if span is None or not 0 <= span[0] <= span[1] <= OLDEST:
        return None
    groups = [g for g in contract.AGE_GROUPS if _age_low(g) <= span[0] and span[1] <= _age_high(g)]
    return groups[0] if groups else None


def ages(value: str) -> tuple[int, int] | None:
    """The youngest and oldest age an answer gives in years ('34 years', '18-29', '60 or older'), if it reads as one.

    Words other than units and 'or older' are not guessed at: '44 or younger' and '34 (approx)' give None.
    """
    found = AGE.match(value)
    tail = AGE_TAIL.match(words(found[3])) if found else None
    if found is None or tail is None or (found[2] and tail["open"]):
        return None
    low = int(float(found[1].replace(",", ".")))
    high = int(found[2]) if found[2] else OLDEST if tail["open"] else low
    return low, high


def in_years(value: str) -> bool:
    """Whether an answer gives an age in years ('16', '130 years', '10-17'): grouped by rule, never by hand."""
    return ages(value) is not None


def _age_low(group: str) -> int:
    """The youngest age of a contract age group."""
    return int(re.split(r"[-+]", group)[0])


def _age_high(group: str) -> int:
    """The oldest age of a contract age group (OLDEST for an open group such as 60+)."""
    return int(group.split("-")[1]) if "-" in group else OLDEST


def choice(kind: str, value: str, allowed: tuple[str, ...]) -> str | None:
    """A single choice: the contract value itself, a known synonym, Care Gap's own label for it ('It was urgent',
    as its tables and data exports write it), or its words joined by '_'; failing those, the same without what
    it says in brackets ('Social media (Facebook, Twitter, etc.)' is Social media)."""
    text = words(value)
    if value.strip().lower() in allowed:
        return value.strip().lower()
    found = LOOKUP.get(kind, {}).get(text) or _labelled(allowed).get(text) or text.replace(" ", "_")
    if found in allowed:
        return found
    bare = BRACKETED.sub(" ", value)
    return choice(kind, bare, allowed) if bare != value and bare.strip() else None


@cache
def _labelled(allowed: tuple[str, ...]) -> dict[str, str]:
    """The words of the label Care Gap shows for each of these values, to the value."""
    return {words(label(v)): v for v in allowed}


BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # '(Facebook, Twitter, etc.)' of an answer's words
SEPARATOR = re.compile(r"[;,|](?![^()\[\]]*[)\]])")  # one not inside brackets: 'Social media (Facebook, Twitter)'


def items(value: str) -> list[str]:
    """The answers of a multi-select cell ('Facebook; Instagram', 'Facebook, Instagram' or 'Facebook|Instagram'); an
    answer whose own words hold a comma in brackets stays whole, as Google Forms writes 'Social media (Facebook,
    Twitter, etc.), Phone'."""
    return [part.strip() for part in SEPARATOR.split(value) if part.strip()]


def multi(value: str, allowed: tuple[str, ...]) -> str | None:
    """'Facebook; Instagram' or 'Facebook, Instagram' -> 'facebook;instagram'; None if a part is unknown."""
    mapped = [choice("network", p, allowed) for p in items(value)]
    if not mapped or None in mapped:
        return None
    return ";".join(dict.fromkeys(m for m in mapped if m))


def rating(value: str) -> str | None:
    """A satisfaction rating: '4', 'Very satisfied', or a labelled point such as '1 - Very dissatisfied'."""
    text = words(value)
    labelled = RATING.match(text)
    if labelled and LOOKUP["satisfaction"].get(labelled[2], labelled[1]) == labelled[1]:
        return labelled[1]
    return LOOKUP["satisfaction"].get(text) or number(value, True)


def _synonyms_of(field: contract.Field) -> str:
    """Which synonym table a field uses: channels and networks share theirs."""
    return {contract.CHANNELS: "channel", contract.NETWORKS: "network"}.get(field.allowed, field.name)


def _top_contacts(value: str) -> str | None:
    """'5 or more', '5+', 'more than 4' contacts -> '5', where that is the top answer (5+) anyway; '3 or more'
    (3, 4 or 5+?) and anything else -> None."""
    found = AT_LEAST.fullmatch(words(value))
    low = None if not found else int(found["low"]) if found["low"] else int(found["above"]) + 1
    return str(low) if low is not None and low >= TOP_CONTACTS else None


def normalize(field: contract.Field, value: str, decimal: str | None = None) -> str | None:
    """A raw answer as the contract writes it for this field (numbers with this decimal separator, if known); None if
    it cannot be recognised."""
    if field.kind == "enum":
        return age_group(value) if field.name == "age_group" else choice(_synonyms_of(field), value, field.allowed)
    if field.kind == "multi":
        return multi(value, field.allowed)
    if field.kind == "boolean":
        return choice("boolean", value, ("true", "false"))
    if field.kind == "integer" and field.name.endswith("_minutes"):
        return minutes(value, decimal)
    if field.name == "contacts_needed":
        return number(value, True, decimal) or _top_contacts(value)
    if field.name == "satisfaction":
        return rating(value)
    if field.kind in ("integer", "number"):
        return number(value, field.kind == "integer", decimal)
    return value
