"""Phones and e-mails written in the responsible cell beside the person («Иванова И.И., тел. 2-15-40, ivanova@…»)."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.state import _State

CONTACT_LABEL = (
    r"(?:(?<![^\W\d_])(?:e-?mail|эл\.?\s*почта|почта|тел(?:ефон)?|сот(?:овый)?|моб(?:ильный)?|т)\s*[.:]{0,2}\s*)?"
)
PHONE_RE = re.compile(rf"{CONTACT_LABEL}(?<![\w.])\+?\d[\d\s()‒–-]{{4,}}\d(?![\w.])", re.IGNORECASE)
EMAIL_RE = re.compile(rf"{CONTACT_LABEL}[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
YEARS_RE = re.compile(r"^(?:19|20)\d\d\s*[‒–-]\s*(?:19|20)?\d\d$")
CUT = "\x00"
CONTACTS_FIELD = "Контакты"
MIN_PHONE_DIGITS = 5


def _contacts(text: str) -> tuple[str, list[str]]:
    """The text without its phones and e-mails, and those (as written, without «тел.»)."""
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        value = match.group(0)
        bare = re.sub(rf"^{CONTACT_LABEL}", "", value, flags=re.IGNORECASE).strip()
        if "@" not in value and (sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS or YEARS_RE.match(bare)):
            return value  # «2024-2025», «5–9»: no phone
        found.append(bare)
        return CUT

    rest = EMAIL_RE.sub(take, PHONE_RE.sub(take, text)).replace(f"({CUT})", CUT)
    lines = [" ".join(part.split()).strip(" ,;:–—-") for line in rest.split("\n") for part in line.split(CUT)]
    return ("\n" if "\n" in text else ", ").join(part for part in lines if part), found


def without_contacts(text: str) -> str:
    """A responsible cell without its phones and e-mails (`_contacts`), or as it is when it names nothing else."""
    rest, found = _contacts(text)
    return rest if found and rest else text


def _move_contacts(state: _State) -> None:
    """Phones and e-mails in the responsible cell are no responsible: they go to «Контакты» (the people stay), so that
    the responsible reads as a name or a position."""
    for section in state.sections:
        for activity in section.activities:
            rest, found = _contacts(activity.responsible)
            if found and rest:
                activity.responsible = rest
                before = activity.extra.get(CONTACTS_FIELD)
                activity.extra[CONTACTS_FIELD] = ", ".join(filter(None, [before, *found]))
