"""The survey data contract: files, fields, types and enumerations (see docs/data-contract.md)."""

from __future__ import annotations

from dataclasses import dataclass

AGE_GROUPS = ("18-29", "30-44", "45-59", "60+")
GENDERS = ("female", "male", "nonbinary", "undisclosed")
CHANNELS = ("phone", "email", "chat", "social", "sms", "in_person")
NETWORKS = ("facebook", "twitter", "instagram", "other")
REASONS = (
    "could_not_reach_rep_elsewhere",
    "preferred_channel",
    "fastest",
    "urgent",
    "public_complaint",
    "other",
)
RESOLUTION_TIMES = ("within_1_hour", "same_day", "within_a_week", "a_week_or_longer")
ANSWER_FREQUENCIES = ("always", "usually", "sometimes", "rarely", "never")
AUDIT_NETWORKS = ("twitter", "facebook")
PROBE_TYPES = ("question", "negative", "positive", "indirect_mention")

# DuckDB ENUM types created from these lists (type name -> values).
ENUMS: dict[str, tuple[str, ...]] = {
    "age_group_t": AGE_GROUPS,
    "gender_t": GENDERS,
    "channel_t": CHANNELS,
    "network_t": NETWORKS,
    "reason_t": REASONS,
    "resolution_time_t": RESOLUTION_TIMES,
    "answer_frequency_t": ANSWER_FREQUENCIES,
    "probe_type_t": PROBE_TYPES,
}

KINDS = ("consumer_survey", "brand_audit")
FILES_BY_KIND: dict[str, tuple[str, ...]] = {
    "consumer_survey": ("respondents.csv", "contacts.csv"),
    "brand_audit": ("brands.csv", "probes.csv"),
}


@dataclass(frozen=True)
class Field:
    """One column of a contract file and the rule its cells must follow."""

    name: str
    kind: str  # text | enum | multi | boolean | integer | number | timestamp
    required: bool = False
    allowed: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    exclusive_min: bool = False
    unique: bool = False
    references: str | None = None  # parent file whose key this field must match


def _enum(name: str, values: tuple[str, ...], required: bool = False) -> Field:
    """A field whose value is one of values."""
    return Field(name, "enum", required=required, allowed=values)


def _bool(name: str) -> Field:
    """An optional true/false field."""
    return Field(name, "boolean")


def _int(name: str, low: float, high: float | None = None) -> Field:
    """An optional whole-number field from low (to high, when given)."""
    return Field(name, "integer", min_value=low, max_value=high)


FIELDS: dict[str, tuple[Field, ...]] = {
    "respondents.csv": (
        Field("respondent_id", "text", required=True, unique=True),
        _enum("age_group", AGE_GROUPS, required=True),
        _enum("gender", GENDERS, required=True),
        Field("region", "text"),
        Field("weight", "number", min_value=0, exclusive_min=True, max_value=1e9),  # its square stays finite
        _enum("preferred_channel", CHANNELS),
        _enum("fastest_channel", CHANNELS),
        _enum("urgent_channel", CHANNELS),
        _enum("best_service_channel", CHANNELS),
        _bool("prefers_live_assistance"),
        _bool("expects_same_response_time_off_hours"),
        _int("channels_used_to_resolve", 1),
        _enum("social_answer_frequency", ANSWER_FREQUENCIES),
        Field("favorite_networks", "multi", allowed=NETWORKS),
        _bool("uses_facebook_for_deals"),
        _bool("posts_experiences_on_twitter"),
    ),
    "contacts.csv": (
        Field("respondent_id", "text", required=True, references="respondents.csv"),
        _enum("channel", CHANNELS, required=True),
        _enum("network", NETWORKS),
        _enum("reason", REASONS),
        _int("expected_response_minutes", 0),
        _bool("got_response"),
        _int("response_minutes", 0),
        _bool("resolved"),
        _enum("resolution_time", RESOLUTION_TIMES),
        _int("contacts_needed", 1),
        _bool("followed_up"),
        _int("satisfaction", 1, 5),
    ),
    "brands.csv": (
        Field("brand", "text", required=True, unique=True),
        Field("country", "text"),
        Field("sector", "text"),
        _bool("has_twitter"),
        _bool("has_facebook"),
        _bool("followed_back"),
    ),
    "probes.csv": (
        Field("probe_id", "text", required=True, unique=True),
        Field("brand", "text", required=True, references="brands.csv"),
        _enum("network", AUDIT_NETWORKS, required=True),
        _enum("probe_type", PROBE_TYPES, required=True),
        Field("sent_at", "timestamp"),
        _bool("responded"),
        _int("response_minutes", 0),
    ),
}

GRAINS: dict[str, tuple[str, ...]] = {"contacts.csv": ("respondent_id", "channel")}  # fields naming one row


def field_names(file: str) -> tuple[str, ...]:
    """Column names of a contract file, in contract order."""
    return tuple(f.name for f in FIELDS[file])
