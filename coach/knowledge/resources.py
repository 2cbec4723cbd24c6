"""Resources: crisis lines by country and the fixed crisis reply.

The reply is fixed text (never model output). ``COACH_COUNTRY`` picks the
lines; unknown countries get the international fallback. Numbers are data here,
kept in one table so they can be reviewed and updated in one place.
"""

from __future__ import annotations

from coach.respond import prompts

RESOURCES: dict[str, dict[str, str]] = {
    "US": {
        "emergency": "911",
        "violence": "National Domestic Violence Hotline: call 1-800-799-7233 or text START to 88788",
        "suicide": "988 Suicide & Crisis Lifeline: call or text 988",
    },
    "GB": {
        "emergency": "999",
        "violence": "National Domestic Abuse Helpline (Refuge): 0808 2000 247, free, 24 hours",
        "suicide": "Samaritans: call 116 123",
    },
    "CA": {
        "emergency": "911",
        "violence": "a local shelter via sheltersafe.ca, or Talk4Healing (1-855-554-4325)",
        "suicide": "9-8-8 Suicide Crisis Helpline: call or text 988",
    },
    "AU": {
        "emergency": "000",
        "violence": "1800RESPECT: 1800 737 732",
        "suicide": "Lifeline: 13 11 14",
    },
    "IE": {
        "emergency": "112 or 999",
        "violence": "Women's Aid: 1800 341 900 (Men's Aid: 01 554 3811)",
        "suicide": "Samaritans: 116 123",
    },
}
RESOURCES["UK"] = RESOURCES["GB"]
FALLBACK = {
    "emergency": "your local emergency number",
    "violence": "a domestic violence hotline in your country (findahelpline.com lists them)",
    "suicide": "a suicide and crisis line in your country (findahelpline.com lists them)",
}


def lines(country: str) -> dict[str, str]:
    return RESOURCES.get(country.upper(), FALLBACK)


def crisis_reply(country: str = "US") -> str:
    r = lines(country)
    return prompts.CRISIS_REPLY.format(emergency=r["emergency"], violence=r["violence"], suicide=r["suicide"])
