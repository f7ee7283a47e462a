"""Modelled (unpublished) targets: plausible shares and rates for every field no study published.

Keys are contract field names; each maps a sub-key (None for respondent questions, a channel, a network as
"social:<network>", an age group or a gender) to a distribution {answer: share} or a rate (share true).
"""

from __future__ import annotations

from typing import Any

Targets = dict[str, dict[Any, Any]]

MODELLED: Targets = {
    "preferred_channel": {
        None: {"phone": 0.47, "email": 0.20, "chat": 0.16, "social": 0.04, "sms": 0.05, "in_person": 0.08}
    },
    "fastest_channel": {
        None: {"phone": 0.60, "email": 0.11, "chat": 0.17, "social": 0.04, "sms": 0.04, "in_person": 0.04}
    },
    "urgent_channel": {
        None: {"phone": 0.72, "email": 0.05, "chat": 0.09, "social": 0.03, "sms": 0.03, "in_person": 0.08}
    },
    "best_service_channel": {
        None: {"phone": 0.56, "email": 0.22, "chat": 0.10, "social": 0.03, "sms": 0.02, "in_person": 0.07}
    },
    "prefers_live_assistance": {None: 0.52},
    "expects_same_response_time_off_hours": {None: 0.60},
    # answered: share naming any favourite network; networks: shares among those who answered
    "favorite_networks": {None: 0.92, "facebook": 0.80, "twitter": 0.28, "instagram": 0.30, "other": 0.07},
    "uses_facebook_for_deals": {"18-29": 0.55, "30-44": 0.62, "45-59": 0.68, "60+": 0.74},
    "posts_experiences_on_twitter": {"female": 0.17, "male": 0.25, "nonbinary": 0.22, "undisclosed": 0.20},
    "channels_used_to_resolve": {None: {1: 0.45, 2: 0.32, 3: 0.16, 4: 0.07}},
    "social_answer_frequency": {
        None: {"always": 0.12, "usually": 0.25, "sometimes": 0.30, "rarely": 0.20, "never": 0.13}
    },
    "channels_per_respondent": {None: {1: 0.30, 2: 0.37, 3: 0.22, 4: 0.11}},
    "network": {"social": {"facebook": 0.55, "twitter": 0.27, "instagram": 0.11, "other": 0.07}},
    "reason": {
        channel: dict(
            zip(
                (
                    "could_not_reach_rep_elsewhere",
                    "preferred_channel",
                    "fastest",
                    "urgent",
                    "public_complaint",
                    "other",
                ),
                shares,
                strict=True,
            )
        )
        for channel, shares in {
            "phone": (0.06, 0.28, 0.18, 0.34, 0.01, 0.13),
            "email": (0.14, 0.36, 0.08, 0.04, 0.02, 0.36),
            "chat": (0.12, 0.30, 0.34, 0.06, 0.01, 0.17),
            "social": (0.24, 0.15, 0.13, 0.09, 0.22, 0.17),
            "sms": (0.10, 0.30, 0.30, 0.12, 0.01, 0.17),
            "in_person": (0.15, 0.30, 0.08, 0.25, 0.02, 0.20),
        }.items()
    },
    # minutes -> share; None = no response expected (blank)
    "expected_response_minutes": {
        "phone": {0: 0.35, 1: 0.15, 2: 0.15, 5: 0.20, 10: 0.10, 15: 0.04, None: 0.01},
        "email": {
            15: 0.03,
            30: 0.05,
            60: 0.12,
            120: 0.15,
            240: 0.20,
            480: 0.15,
            1440: 0.20,
            2880: 0.05,
            None: 0.05,
        },
        "chat": {1: 0.25, 2: 0.25, 5: 0.30, 10: 0.12, 15: 0.05, 30: 0.02, None: 0.01},
        "social": {
            5: 0.05,
            10: 0.06,
            15: 0.08,
            30: 0.12,
            60: 0.12,
            120: 0.10,
            240: 0.08,
            480: 0.05,
            1440: 0.08,
            2880: 0.04,
            None: 0.22,
        },
        "sms": {5: 0.15, 15: 0.25, 30: 0.25, 60: 0.20, 120: 0.10, None: 0.05},
        "in_person": {0: 0.50, 5: 0.25, 10: 0.15, 15: 0.06, 30: 0.02, None: 0.02},
    },
    # share of social contacts on each network expecting no response at all
    "expected_blank_by_network": {"facebook": 0.20, "twitter": 0.28, "instagram": 0.22, "other": 0.26},
    "got_response": {
        "phone": 0.96,
        "email": 0.84,
        "chat": 0.91,
        "social": 0.60,
        "sms": 0.82,
        "in_person": 0.98,
        "social:facebook": 0.64,
        "social:twitter": 0.48,
        "social:instagram": 0.60,
        "social:other": 0.55,
    },
    # response_minutes: (median, log-normal sigma) of the time to the brand's answer
    "response_minutes": {
        "phone": (6, 0.9),
        "email": (360, 1.0),
        "chat": (3, 0.9),
        "social": (300, 1.3),
        "sms": (45, 1.0),
        "in_person": (4, 0.8),
    },
    # shares of all contacts on the channel (true only where the brand answered)
    "resolved": {"phone": 0.74, "email": 0.52, "chat": 0.64, "social": 0.17, "sms": 0.46, "in_person": 0.80},
    "followed_up": {
        "phone": 0.24,
        "email": 0.22,
        "chat": 0.18,
        "social": 0.12,
        "sms": 0.15,
        "in_person": 0.20,
    },
    # share needing two or more contacts; the spread of 2..6 is fixed below
    "contacts_needed": {
        "phone": 0.42,
        "email": 0.55,
        "chat": 0.40,
        "social": 0.60,
        "sms": 0.45,
        "in_person": 0.30,
    },
    "contacts_needed_2_plus_spread": {None: {2: 0.48, 3: 0.27, 4: 0.13, 5: 0.07, 6: 0.05}},
    "resolution_time": {
        channel: dict(zip(("within_1_hour", "same_day", "within_a_week", "a_week_or_longer"), s, strict=True))
        for channel, s in {
            "phone": (0.55, 0.30, 0.12, 0.03),
            "email": (0.10, 0.38, 0.40, 0.12),
            "chat": (0.50, 0.32, 0.14, 0.04),
            "social": (0.10, 0.25, 0.35, 0.30),
            "sms": (0.30, 0.40, 0.22, 0.08),
            "in_person": (0.65, 0.25, 0.08, 0.02),
        }.items()
    },
    # satisfaction 1..5 by what happened: no answer, answered but not resolved, resolved
    "satisfaction": {
        "no_response": {1: 0.50, 2: 0.30, 3: 0.14, 4: 0.05, 5: 0.01},
        "unresolved": {1: 0.20, 2: 0.30, 3: 0.30, 4: 0.15, 5: 0.05},
        "resolved": {1: 0.02, 2: 0.06, 3: 0.17, 4: 0.40, 5: 0.35},
    },
}

# Modelled choices that differ by dataset (still not published).
MODELLED_BY_DATASET: dict[str, Targets] = {
    "accent_2014": {"uses_facebook_for_deals": {"30-44": 0.66, "45-59": 0.73}},
}
