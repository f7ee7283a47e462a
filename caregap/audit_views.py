"""Brand audit tables: response rates per network and message type, and the brands' accounts, with statistics."""

from __future__ import annotations

import pandas as pd

from caregap import contract
from caregap.labels import label, listed
from caregap.measures import Runner
from caregap.views import in_order, with_stats


def probe_table(run: Runner, dataset: str) -> pd.DataFrame:
    """Audit response rates per network (as segment) and message type (as answer), with statistics."""
    rates = run("probe_rates", dataset=dataset)
    rates = rates[rates["network"] != "all"].rename(columns={"network": "segment", "probe_type": "answer"})
    rates["answer"] = pd.Categorical(rates["answer"], categories=list(contract.PROBE_TYPES), ordered=True)
    return in_order(with_stats(rates, "none"))


def unsent(rates: pd.DataFrame) -> str:
    """Which message types no brand was sent on a network of a probe table, said plainly ('' when none)."""
    parts = []
    for network in dict.fromkeys(rates["segment"]):
        sent = set(rates.loc[rates["segment"] == network, "answer"].astype(str))
        missing = [label(t).lower() for t in contract.PROBE_TYPES if t not in sent]
        if missing:
            parts.append(f"no {listed(missing, 'or')} was sent on {label(network)}")
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}." if parts else ""


def account_table(run: Runner, dataset: str) -> pd.DataFrame:
    """Audited brands on Twitter and on Facebook, and brands on Twitter that followed back, with statistics."""
    rates = run("brand_accounts", dataset=dataset).assign(segment="All")
    order = {"has_twitter": 0, "has_facebook": 1, "followed_back": 2}
    return with_stats(rates.sort_values("measure", key=lambda m: m.map(order)).reset_index(drop=True), "none")
