"""An example survey export: a dataset written back as a survey tool writes one, one row per respondent.

The Data page offers it to try the import with; imported, it gives the dataset's own shares.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from caregap import contract
from caregap.labels import label

# One question per respondent field, worded so that the Data page recognises it.
QUESTIONS = {
    "respondent_id": "Respondent ID",
    "age_group": "Age group",
    "gender": "Gender",
    "region": "Region",
    "weight": "Weight",
    "preferred_channel": "Which channel do you prefer for customer service?",
    "fastest_channel": "Which channel is the fastest for resolving an issue?",
    "urgent_channel": "Which channel would you contact with an urgent issue?",
    "best_service_channel": "Which channel gives the best service?",
    "prefers_live_assistance": "Would you rather talk to a live person?",
    "expects_same_response_time_off_hours": "Do you expect the same response time at night and at weekends?",
    "channels_used_to_resolve": "How many channels did you use to resolve your last issue?",
    "social_answer_frequency": "How often do brands answer you on social media?",
    "favorite_networks": "Which are your favourite social networks?",
    "uses_facebook_for_deals": "Do you use Facebook for deals?",
    "posts_experiences_on_twitter": "Do you post about your experiences with brands on Twitter?",
}
CHANNELS_USED = "Which channels have you used to contact customer service?"
# One question per contact field, asked once per channel: 'Was your issue resolved? [Phone]'.
PER_CHANNEL = {
    "reason": "Why did you contact them this way?",
    "expected_response_minutes": "How many minutes did you expect to wait for a response?",
    "got_response": "Did you get a response?",
    "response_minutes": "How many minutes until the response?",
    "resolved": "Was your issue resolved?",
    "resolution_time": "How long did it take to resolve your issue?",
    "contacts_needed": "How many times did you have to get in touch?",
    "followed_up": "Did the company follow up?",
    "satisfaction": "How satisfied were you?",
}
NETWORK = "Which social network did you use?"  # asked of social media contacts only
KINDS = {f.name: f.kind for file in ("respondents.csv", "contacts.csv") for f in contract.FIELDS[file]}


def answer(field: str, value: str) -> str:
    """A contract value as a respondent's answer reads: 'Yes', 'Social media', 'Twitter, Facebook'; blank stays."""
    if value == "":
        return ""
    if KINDS[field] == "boolean":
        return "Yes" if value == "true" else "No"
    if KINDS[field] == "multi":
        return ", ".join(label(v) for v in value.split(";"))
    return label(value) if KINDS[field] == "enum" else value


def wide_export(respondents: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
    """A consumer survey's rows (text, as in its CSV files) as one wide export: a column per question, per-channel
    questions as 'Question [Channel]', answers worded; only the questions the dataset answers somewhere."""
    out = pd.DataFrame(index=respondents["respondent_id"])
    for field, question in QUESTIONS.items():
        if field in respondents and (respondents[field] != "").any():
            out[question] = [answer(field, v) for v in respondents[field]]
    ordered = contacts.assign(order=contacts["channel"].map(contract.CHANNELS.index)).sort_values("order")
    used = ordered.groupby("respondent_id", sort=False)["channel"].agg(lambda cs: ", ".join(map(label, cs)))
    out[CHANNELS_USED] = used.reindex(out.index).fillna("")
    for field, question in [("network", NETWORK), *PER_CHANNEL.items()]:
        for channel in ["social"] if field == "network" else contract.CHANNELS:
            mine = contacts[contacts["channel"] == channel].set_index("respondent_id")[field]
            if (mine != "").any():
                out[f"{question} [{label(channel)}]"] = [answer(field, v) for v in mine.reindex(out.index).fillna("")]
    return out.reset_index(drop=True)


def example_csv(folder: Path) -> bytes:
    """The wide export of a consumer survey's dataset folder, as the bytes of a CSV file."""
    rows = {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ("respondents", "contacts")
    }
    return wide_export(rows["respondents"], rows["contacts"]).to_csv(index=False).encode("utf-8")
