"""A responsible cell read into the people and bodies it names, each as typed with its post.

    split_people("Иванова И.И., зам. директора по УВР; Петров П.П. – учитель математики")
        -> ["Иванова И.И., зам. директора по УВР", "Петров П.П. – учитель математики"]

The cell splits at «;» and line breaks; at «,» only between two people («Фамилия И.О.», «И.О. Фамилия», a full
name with a patronymic) or inside a list of roles each of which is a whole role («зам. директора по УВР,
руководители ШМО»). A post written after a name («Ф.И.О., должность», «Ф.И.О. – должность»), also on the next
line, stays with the name; a body («Администрация ОО», «ШМО учителей начальных классов») is never cut. The same
name twice in a cell is kept once; a cell of more than `MAX_PEOPLE` parts stays one.
"""

from __future__ import annotations

import re

_UPPER, _LOWER = "А-ЯЁ", "а-яё"
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?(?:[{_UPPER}]\.)?"
NAME_RE = re.compile(
    rf"(?<![{_UPPER}{_LOWER}]){_SURNAME}\s+{_INITIALS}"  # Иванова И.И.
    rf"|(?<![{_UPPER}{_LOWER}]){_INITIALS}\s?{_SURNAME}"  # И.И. Иванова
    rf"|(?<![{_UPPER}{_LOWER}]){_SURNAME}\s+{_SURNAME}\s+[{_UPPER}][{_LOWER}]+(?:вна|вич|чна|ична|ич)\b"
)
"""A person's name: «Иванова И.И.», «И.И. Иванова», «Иванова Ирина Ивановна»."""

PERSON_HEADS = frozenset({
    "директор", "заместитель", "зам", "замдиректора", "завуч", "руководитель", "руководители", "рук", "учитель",
    "учителя", "педагог", "педагоги", "педагог-психолог", "педагоги-психологи", "психолог", "психологи",
    "социальный", "логопед", "логопеды", "дефектолог", "тьютор", "тьюторы", "методист", "методисты", "советник",
    "библиотекарь", "воспитатель", "воспитатели", "классные", "классный", "кл", "председатель", "члены",
    "специалист", "специалисты", "главный", "ведущий", "начальник", "заместители", "администратор",
})  # fmt: skip
BODY_HEADS = frozenset({
    "администрация", "шмо", "ммо", "рмо", "мо", "гмо", "рабочая", "творческая", "управление", "отдел", "комитет",
    "министерство", "совет", "родительский", "управляющий", "педагогический", "методический", "методическое",
    "школьная", "муниципальный", "муниципальная", "мбоу", "маоу", "мкоу", "моу", "гбоу", "гоу", "мку", "мбу", "имц",
    "ипк", "ипкро", "иро",
})  # fmt: skip
ROLE_HEADS = PERSON_HEADS | BODY_HEADS
"""The first words of a whole role or body: a «, »-separated part starting with one is a role of its own."""

_CONNECTOR_END = re.compile(r"[,–—:-]\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•·*]+|\d{1,2}[.)])\s+")
_TRIM = " \t,;:"
MAX_PEOPLE = 20
"""More parts than this in one cell are no list of people (a pasted text): the cell stays one, as typed."""


def split_people(text: str) -> list[str]:
    """The people and bodies a responsible cell names, each as typed (see the module); none for an empty cell."""
    out: list[str] = []
    seen: set[str] = set()
    for piece in _pieces(text):
        for person in _at_commas(piece):
            key = _key(person)
            if person and key not in seen:
                seen.add(key)
                out.append(person)
    if len(out) > MAX_PEOPLE:
        return [re.sub(r"\s+", " ", text).strip(_TRIM)]
    return out


def _key(name: str) -> str:
    return re.sub(r"[\s.]+", " ", name.casefold().replace("ё", "е")).strip()


def _pieces(text: str) -> list[str]:
    """The cell cut at «;» and line breaks; a line continuing the one before (a post after «Ф.И.О.,» or «Ф.И.О.
    –», a word broken by a hyphen) joins it."""
    pieces: list[str] = []
    for part in re.split(r"[;\n\r]+", text):
        line = re.sub(r"\s+", " ", _BULLET.sub("", part)).strip(" \t")
        if not line.strip(_TRIM):
            continue
        if pieces and _continues(pieces[-1], line):
            broken = re.search(rf"[{_LOWER}]-$", pieces[-1]) is not None
            pieces[-1] = pieces[-1] + ("" if broken else " ") + line
        else:
            pieces.append(line)
    return [piece.strip(_TRIM) for piece in pieces]


def _continues(before: str, line: str) -> bool:
    """Whether `line` goes on from `before`: a word broken by a hyphen; a post without a name after a name (a
    line ending in «,» or «–» before it, or any line but a body under a name alone); the rest of a role or body
    in lower case («ШМО учителей / начальных классов»)."""
    if re.search(rf"[{_LOWER}]-$", before) and line[:1].islower():
        return True
    if NAME_RE.search(line):
        return False
    if NAME_RE.search(before):
        alone = NAME_RE.fullmatch(before.strip(_TRIM)) is not None
        return _CONNECTOR_END.search(before) is not None or (alone and _first_word(line) not in BODY_HEADS)
    return line[:1].islower() and _first_word(line) not in ROLE_HEADS


def _first_word(text: str) -> str:
    words = text.split()
    return words[0].strip(".«»\"'()").casefold() if words else ""


def _at_commas(piece: str) -> list[str]:
    """A piece cut at «,» between people (a post after a name stays with it), or into roles when each part is a
    whole role; otherwise whole."""
    parts = [p.strip(_TRIM) for p in piece.split(",")]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return [piece]
    if not any(NAME_RE.search(p) for p in parts):
        return parts if all(_whole_role(p) for p in parts) else [piece]
    return _by_name(parts)


def _by_name(parts: list[str]) -> list[str]:
    """The parts grouped by person: each name starts a person; parts without a name are the post of the person
    before them (or of the first, when they come before any name)."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for part in parts:
        if NAME_RE.search(part):
            groups.append([*pending, part])
            pending = []
        elif groups:
            groups[-1].append(part)
        else:
            pending.append(part)
    return [", ".join(group) for group in groups]


def _whole_role(part: str) -> bool:
    return _first_word(part) in ROLE_HEADS
