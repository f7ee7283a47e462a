"""How values read on screen: one label and one colour per channel, gender, age group and network."""

from __future__ import annotations

import html
from collections import Counter

from caregap.measures import MINUTE_BUCKETS, MINUTE_EDGES, WITHIN

LABELS: dict[str, str] = {
    "phone": "Phone",
    "email": "Email",
    "chat": "Chat",
    "social": "Social media",
    "sms": "SMS",
    "in_person": "In person",
    "facebook": "Facebook",
    "twitter": "Twitter",
    "instagram": "Instagram",
    "other": "Other",
    "female": "Female",
    "male": "Male",
    "nonbinary": "Non-binary",
    "undisclosed": "Undisclosed",
    "could_not_reach_rep_elsewhere": "Could not reach a rep elsewhere",
    "preferred_channel": "It is my preferred channel",
    "fastest": "It is the fastest",
    "urgent": "It was urgent",
    "public_complaint": "To complain publicly",
    "within_1_hour": "Within an hour",
    "same_day": "Same day",
    "within_a_week": "Within a week",
    "a_week_or_longer": "A week or longer",
    "always": "Always",
    "usually": "Usually",
    "sometimes": "Sometimes",
    "rarely": "Rarely",
    "never": "Never",
    "question": "Question",
    "negative": "Negative comment",
    "positive": "Positive comment",
    "indirect_mention": "Indirect mention",
    "true": "Yes",
    "false": "No",
    "none": "No response expected",
    "more": "More than a week",
    "All": "Everyone in the slice",
    "prefers_live_assistance": "Prefers live assistance",
    "expects_same_response_time_off_hours": "Expects the same response time at night and weekends",
    "used_more_than_one_channel": "Needed more than one channel to resolve",
    "rarely_or_never_answered": "Social contacts rarely or never answered",
    "has_twitter": "Has a Twitter account",
    "has_facebook": "Has a Facebook page",
    "followed_back": "Followed the testers back on Twitter",
}
# The bundled surveys' regions (the U.S. Census regions); an imported survey's regions show as entered.
REGIONS = {"northeast": "Northeast", "midwest": "Midwest", "south": "South", "west": "West"}
LABELS.update(REGIONS)
REGION_SEGMENT = "region:"  # a segment of the region split: this prefix and the region (see segments_of)


# The contract's fields as the Data page names them (the contract's own names, which problems cite, in the help).
FIELD_LABELS = {
    "respondent_id": "Respondent ID",
    "age_group": "Age group",
    "gender": "Gender",
    "region": "Region",
    "weight": "Weight",
    "preferred_channel": "Preferred channel",
    "fastest_channel": "Fastest channel",
    "urgent_channel": "Channel for urgent issues",
    "best_service_channel": "Channel with the best service",
    "prefers_live_assistance": "Prefers live assistance",
    "expects_same_response_time_off_hours": "Expects the same response time at night and weekends",
    "channels_used_to_resolve": "Channels used to resolve an issue",
    "social_answer_frequency": "How often social media contacts get an answer",
    "favorite_networks": "Favourite networks",
    "uses_facebook_for_deals": "Uses Facebook for deals",
    "posts_experiences_on_twitter": "Posts experiences with brands on Twitter",
    "channels_used": "Channels used",
    "network": "Social network",
    "reason": "Why this channel",
    "expected_response_minutes": "Expected response time (minutes)",
    "got_response": "Got a response",
    "response_minutes": "Response time (minutes)",
    "resolved": "Resolved",
    "resolution_time": "Time to resolution",
    "contacts_needed": "Contacts needed",
    "followed_up": "Followed up",
    "satisfaction": "Satisfaction (1-5)",
}


def field_label(field: str) -> str:
    """A contract field as people read it: 'Preferred channel' for preferred_channel."""
    return FIELD_LABELS.get(field, field)


def _minutes(edge: int) -> str:
    """An upper edge in minutes as people say it: 'Within 30 min', 'Within 4 hours', 'Within 2 days'."""
    if edge < 60:
        return f"Within {edge} min"
    if edge < 1440:
        hours = edge // 60
        return f"Within {hours} hour{'s' if hours > 1 else ''}"
    days = edge // 1440
    return "Within a week" if days == 7 else f"Within {days} day{'s' if days > 1 else ''}"


def _amount(minutes: int) -> tuple[int, str]:
    """Some minutes as a count and a unit: (30, 'min'), (4, 'hour'), (2, 'day'), (1, 'week')."""
    for size, unit in ((10080, "week"), (1440, "day"), (60, "hour")):
        if minutes >= size and minutes % size == 0:
            return minutes // size, unit
    return minutes, "min"


def _band(low: int, high: int) -> str:
    """A response-time band by its edges in minutes: 'Up to 5 min', '5–15 min', '30 min–1 hour', '2 days–1 week'."""
    (a, unit_a), (b, unit_b) = _amount(low), _amount(high)
    named = [f"{n} {u}{'s' if n > 1 and u != 'min' else ''}" for n, u in ((a, unit_a), (b, unit_b))]
    if not low:
        return f"Up to {named[1]}"
    return f"{a}–{named[1]}" if unit_a == unit_b else f"{named[0]}–{named[1]}"


# A bucket ('15min') is a band of the distribution; a 'within' key ('within_15min') counts every bucket up to it
LABELS.update(
    {
        b: _band(low, high)
        for low, high, b in zip((0, *MINUTE_EDGES[:-1]), MINUTE_EDGES, MINUTE_BUCKETS[:-1], strict=True)
    }
)
LABELS.update({within: _minutes(edge) for edge, within in zip(MINUTE_EDGES, WITHIN, strict=True)})


def listed(items: list[str], conjunction: str = "and") -> str:
    """Items as a sentence lists them: 'a', 'a and b', 'a, b and c' (or another conjunction)."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def counted(n: int, noun: str) -> str:
    """A count and its noun, singular or plural: '1 row', '3 rows', '1,200 lines'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def label(value: object) -> str:
    """The on-screen label of a value (itself when it has none); a region segment's is its region's."""
    text = str(value)
    if text.startswith(REGION_SEGMENT):
        region = text.removeprefix(REGION_SEGMENT)
        return REGIONS.get(region, region) or "No region given"
    return LABELS.get(text, text)


def plot_text(text: str) -> str:
    """Text for a Plotly chart, whose text takes markup: an imported region's '<b>' or '<a href>' shows as typed."""
    return html.escape(text, quote=False)


def chart_label(value: object) -> str:
    """The label of a value as a chart shows it (see plot_text)."""
    return plot_text(label(value))


def dataset_labels(titles: dict[str, str]) -> dict[str, str]:
    """Each dataset's label in lists and on charts: its title, with its id after it where two titles are the same
    (a list that showed the same label twice would not tell them apart)."""
    seen = Counter(titles.values())
    return {d: title if seen[title] == 1 else f"{title} ({d})" for d, title in titles.items()}
