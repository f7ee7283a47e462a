"""Published targets: each study's figures, as calibration targets on that study's dataset only.

Same keys as modelled.MODELLED. A rate is a float; a distribution target is a list of (answers, share)
groups, each group's answers together taking that share (the other answers are rescaled, in proportion,
to fill the rest). Figure ids (published_figures.csv) are noted beside each target.
"""

from __future__ import annotations

from caregap.generate.modelled import Targets

UP_TO_30 = frozenset({5, 10, 15, 30})

PUBLISHED: dict[str, Targets] = {
    "northridge_2015": {
        "got_response": {"social": 0.67},  # NG01
        "reason": {"social": [({"could_not_reach_rep_elsewhere"}, 0.26)]},  # NG02
        "fastest_channel": {  # NG03, NG09, NG10, NG11
            None: [({"social"}, 0.03), ({"phone"}, 0.66), ({"chat"}, 0.15), ({"email"}, 0.10)]
        },
        "preferred_channel": {None: [({"social"}, 0.02)]},  # NG04
        "contacts_needed": {"social": 0.63},  # NG05
        "expected_response_minutes": {"social": [(UP_TO_30 | {60}, 0.42)]},  # NG06
        "resolution_time": {"social": [({"a_week_or_longer"}, 0.39)]},  # NG07
        "urgent_channel": {None: [({"phone"}, 0.77)]},  # NG08
        "resolved": {"social": 0.13},  # NG12
        "followed_up": {"social": 0.10},  # NG13
        "channels_used_to_resolve": {None: [({2, 3, 4}, 0.61)]},  # NG14
    },
    "amex_2014": {
        "prefers_live_assistance": {None: 0.48},  # AX01
        "preferred_channel": {None: [({"social"}, 0.03)]},  # AX02
        "expected_response_minutes": {"social": [(UP_TO_30, 0.32), ({60}, 0.10)]},  # AX03, AX04
        "expects_same_response_time_off_hours": {None: 0.57},  # AX05
        "social_answer_frequency": {None: [({"rarely", "never"}, 0.35)]},  # AX06
        "got_response": {"social:twitter": 0.44},  # AX07
    },
    "accent_2014": {
        "best_service_channel": {  # AC01, AC02, AC03
            None: [({"phone"}, 0.63), ({"email"}, 0.28), ({"social"}, 0.07)]
        },
        "got_response": {"social:twitter": 0.30},  # AC04
        "favorite_networks": {"facebook": 0.82, "twitter": 0.30},  # AC05, AC06
        "expected_response_minutes": {  # AC07, AC08
            "social:facebook": [({None}, 0.28)],
            "social:twitter": [({None}, 0.50)],
        },
        "uses_facebook_for_deals": {"18-29": 0.59, "60+": 0.80},  # AC09, AC10
        "posts_experiences_on_twitter": {"male": 0.29, "female": 0.19},  # AC11, AC12
    },
}
