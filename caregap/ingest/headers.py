"""What a column's header says it asks: a respondent field, or a contact field on a channel."""

from __future__ import annotations

import re

from caregap.ingest.values import LOOKUP, words

CHANNELS_USED = "channels_used"  # a multi-select column of the channels people used: one contact row each
HEADER_HEAD, HEADER_TAIL = 300, 100  # of a longer header only its start and its end ('... - Phone') are read
TOOL_COLUMNS = {  # words() of the columns survey tools add to an export, as named in its first or second header row
    *("startdate", "start date", "enddate", "end date", "recordeddate", "recorded date", "timestamp"),
    *("status", "response type", "progress", "duration in seconds", "finished", "score", "total score"),
    *("responseid", "response id", "respondent id", "collector id", "ipaddress", "ip address"),
    *("locationlatitude", "location latitude", "locationlongitude", "location longitude"),
    *("distributionchannel", "distribution channel", "userlanguage", "user language"),
}
HEADER_CHANNELS = {w: v for w, v in LOOKUP["channel"].items() if w != "store"}  # 'our online store' is not in person


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


def header_words(text: str) -> str:
    """words() of a header: of its first 300 characters and its last 100 ('... - Phone') when it is longer."""
    return words(text if len(text) <= HEADER_HEAD + HEADER_TAIL else f"{text[:HEADER_HEAD]} {text[-HEADER_TAIL:]}")


def tool_column(column: str, question: str) -> bool:
    """Whether a column is one the survey tool adds (Qualtrics' Progress, always 100), not a question."""
    return bool({header_words(column), header_words(question)} & TOOL_COLUMNS)


def _channel_in(text: str) -> str | None:
    """The one channel a header names ('... [Email]', 'Phone - ...'), if exactly one."""
    found = {value for word, value in HEADER_CHANNELS.items() if re.search(rf"\b{word}\b", text)}
    return found.pop() if len(found) == 1 else None


def respondent_field(column: str, question: str) -> str | None:
    """The respondent field a header names (the column name or its question text), if any."""
    texts = {header_words(column), header_words(question)}
    return next((n for n, p in RESPONDENT_PATTERNS.items() if any(re.search(p, t) for t in texts)), None)


def guess_contact(column: str, question: str) -> tuple[str | None, str | None]:
    """The channel a header names and the contact field it asks about (either None when not found)."""
    text = f"{header_words(column)} {header_words(question)}"
    return _channel_in(text), next((n for n, p in CONTACT_PATTERNS.items() if re.search(p, text)), None)
