"""A responsible (or co-executors') cell read into the people and bodies it names, each as typed with its post.

    split_people("Иванова И.И., зам. директора по УВР; Петров П.П. – учитель математики")
        -> ["Иванова И.И., зам. директора по УВР", "Петров П.П. – учитель математики"]
    co_executors({"Соисполнители": "Петров П.П., ШМО"}) -> ["Петров П.П.", "ШМО"]

The cell splits at «;» and line breaks; at «/» between two people («Иванова И.И./Петров П.П.») or, with spaces around,
two whole roles; at «,» between two people («Фамилия И.О.», «И.О. Фамилия», a full name with a patronymic either
side of the given name) or before each whole role of a list opening with one («Директор, заместители директора по
УВР, ВР»: a part that is no role goes on with the one before). A post written after a name («Ф.И.О., должность»,
«Ф.И.О. – должность»), also on the next line, stays with the name, but a group («руководители ШМО») or a body
(«ШМО», a school after a person whose post is written) is a party of its own; a body («Администрация ОО», «ШМО
учителей начальных классов») is never cut. The same name twice in a cell is kept once; a cell of more than
`MAX_PEOPLE` parts stays one. Nothing inside brackets or quotes is cut («Иванова И.И. (зам. директора, руководитель
ШМО)»); names run together without a comma («Бабкина Н.А. Зырянова М.А.», «Бабкина Н.А. Члены КС»: the lines of a
Word cell) are cut apart, and so is a group run together with one name («Руководители ОУ Яркова А.В.»); a group first
(«руководители ШМО, Петров П.П.») is nobody's post. The co-executors are
the people of the extra columns named so («Соисполнители», «Исполнители» beside «Ответственный», «Участники»,
«Социальные партнеры»), but for learners and parents; those a responsible cell names in brackets or after a label
«Соисполнители:» are found by `bracketed_co_executors` and `labelled_co_executors`.
"""

from __future__ import annotations

import itertools
import re

from services.roadmap.plan_import.recognise.aliases import names_co_executors

_UPPER, _LOWER = "А-ЯЁ", "а-яё"
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?(?:[{_UPPER}]\.)?"
_PATRONYMIC = rf"[{_UPPER}][{_LOWER}]+(?:вна|вич|чна|ична|ич)\b"
NAME_RE = re.compile(
    rf"(?<![{_UPPER}{_LOWER}]){_SURNAME}\s+{_INITIALS}"  # Иванова И.И.
    rf"|(?<![{_UPPER}{_LOWER}]){_INITIALS}\s?{_SURNAME}"  # И.И. Иванова
    rf"|(?<![{_UPPER}{_LOWER}]){_SURNAME}\s+{_SURNAME}\s+{_PATRONYMIC}"
    rf"|(?<![{_UPPER}{_LOWER}])[{_UPPER}][{_LOWER}]+\s+{_PATRONYMIC}\s+{_SURNAME}"
)
"""A person's name: «Иванова И.И.», «И.И. Иванова», «Иванова Ирина Ивановна», «Ирина Ивановна Иванова»."""

PERSON_HEADS = frozenset({
    "директор", "заместитель", "зам", "замдиректора", "завуч", "руководитель", "руководители", "рук", "учитель",
    "учителя", "педагог", "педагоги", "педагог-психолог", "педагоги-психологи", "психолог", "психологи",
    "социальный", "логопед", "логопеды", "дефектолог", "тьютор", "тьюторы", "методист", "методисты", "советник",
    "библиотекарь", "воспитатель", "воспитатели", "классные", "классный", "кл", "председатель", "члены",
    "специалист", "специалисты", "главный", "ведущий", "начальник", "заместители", "администратор",
    "обучающиеся", "учащиеся", "выпускники", "родители", "эксперты", "наставники", "наставник", "директора",
    "преподаватель", "преподаватели", "сотрудники", "работники", "куратор", "кураторы", "вожатый", "медсестра",
    "инспектор", "старший", "организатор", "организаторы", "ответственный", "ответственные", "тренер", "тренеры",
    "здувр", "здвр", "здур", "зувр", "звр", "техник", "технический", "системный", "секретарь",
})  # fmt: skip
BODY_HEADS = frozenset({
    "администрация", "шмо", "ммо", "рмо", "мо", "гмо", "рабочая", "творческая", "управление", "отдел", "комитет",
    "министерство", "совет", "родительский", "управляющий", "педагогический", "методический", "методическое",
    "школьная", "муниципальный", "муниципальная", "мбоу", "маоу", "мкоу", "моу", "гбоу", "гоу", "мку", "мбу", "имц",
    "ипк", "ипкро", "иро", "оо", "оу", "ресурсный", "центр", "цмо", "тпмпк", "пмпк", "мадоу", "мбдоу",
    "мдоу", "гбу", "гау", "гаоу", "ано", "цро", "руо", "уо", "цоко", "гцоко", "рцоко", "образовательные",
    "общеобразовательные", "школы", "школа", "коллектив", "служба", "профсоюзный", "муниципальное", "областной",
    "региональный",
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
    for piece in (part for line in _pieces(text) for slashed in _at_slashes(line) for part in _at_name_gaps(slashed)):
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
    for part in _outside_brackets(text, ";\n\r", "(", ")"):
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


def _whole_role(part: str) -> bool:
    """A part naming a role or body: its first word one of `ROLE_HEADS`, or its head before a hyphen
    («учителя-предметники», «педагоги-организаторы»)."""
    word = _first_word(part)
    return word in ROLE_HEADS or word.split("-")[0] in ROLE_HEADS


def _at_slashes(piece: str) -> list[str]:
    """A piece cut at «/» between people («Иванова И.И./Петров П.П.») or, written with spaces around, between whole
    roles («Зам. директора по УВР / руководители ШМО»); «по УВР/ВР», «ШМО/ММО» stay whole."""
    for separator, allowed in ((r"\s+/\s+", _names_or_role), (r"/", _names_a_person)):
        parts = [p.strip(_TRIM) for p in re.split(separator, piece)]
        if len(parts) > 1 and all(p and allowed(p) for p in parts):
            return parts
    return [piece]


_GROUP_AFTER_NAME = re.compile(rf"\s+([{_UPPER}][{_LOWER}]+(?:-[{_LOWER}]+)?)\b")


def _at_name_gaps(piece: str) -> list[str]:
    """A piece cut where one person's name ends and another's starts with nothing between them, or a group of people
    written with a capital («Члены КС») follows a name: the lines of a Word cell run together («Бабкина Н.А. Зырянова
    М.А. Вагин И.В.», «Бабкина Н.А. Члены КС»). A post between two names («Иванова И.И. зам. директора Петров
    П.П.») cuts nothing: whose it is, only the writer knows."""
    names = list(NAME_RE.finditer(piece))
    cuts: list[int] = []
    for index, name in enumerate(names):
        after = names[index + 1].start() if index + 1 < len(names) else len(piece)
        if index + 1 < len(names) and not piece[name.end() : after].strip():
            cuts.append(after)
        elif (group := _GROUP_AFTER_NAME.match(piece, name.end())) and group[1].casefold() in GROUP_HEADS:
            cuts.append(group.start(1))
    if not cuts and (cut := _group_before_one_name(piece, names)) is not None:
        cuts.append(cut)
    bounds = [0, *cuts, len(piece)]
    return [piece[start:end].strip() for start, end in itertools.pairwise(bounds)]


def _group_before_one_name(piece: str, names: list[re.Match[str]]) -> int | None:
    """Where a piece opening with a group of people («Руководители ОУ», «классные руководители») goes on, without a
    comma, to one person's name: the lines of a Word cell run together («Руководители ОУ Яркова А.В.»). A group
    names several people, so the one name after it is no holder of the group's post but another party (the
    methodist in charge); «Директор Иванова И.И.» (one post) and a group over several names stay whole."""
    if len(names) != 1 or _first_word(piece).split("-")[0] not in GROUP_HEADS:
        return None
    start = names[0].start()
    before = piece[:start]
    if not before.strip() or re.search(r"[,:–—(«]|\s-\s", before) or piece[names[0].end() :].strip(_TRIM):
        return None
    return start


def _names_a_person(part: str) -> bool:
    return NAME_RE.search(part) is not None


def _names_or_role(part: str) -> bool:
    return _names_a_person(part) or _whole_role(part)


def _at_commas(piece: str) -> list[str]:
    """A piece cut at «,» between people (a post after a name stays with it), or before each whole role when the
    first part is one (a part that is none goes on with the role before it: «заместители директора по УВР, ВР»);
    otherwise whole."""
    parts = [p.strip(_TRIM) for p in _outside_brackets(piece)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return [piece]
    if not any(NAME_RE.search(p) for p in parts):
        return _by_role(parts) if _whole_role(parts[0]) else [piece]
    return _by_name(parts)


def _outside_brackets(piece: str, separators: str = ",", openers: str = "(«", closers: str = ")»") -> list[str]:
    """A piece cut at its separators outside brackets (and quotes): «Иванова И.И. (Петров П.П., Сидорова А.А.)»,
    «МБОУ «СОШ № 5, корпус 2»» are not cut inside them. A bracket left open (a typo) protects nothing: the piece is
    then cut at every separator."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(piece):
        if char in openers:
            depth += 1
        elif char in closers and depth:
            depth -= 1
        elif char in separators and not depth:
            parts.append(piece[start:index])
            start = index + 1
    if depth:
        return re.split(f"[{re.escape(separators)}]", piece)
    return [*parts, piece[start:]]


def _by_role(parts: list[str]) -> list[str]:
    roles: list[str] = []
    for part in parts:
        if roles and not _whole_role(part):
            roles[-1] = f"{roles[-1]}, {part}"
        else:
            roles.append(part)
    return roles


def _by_name(parts: list[str]) -> list[str]:
    """The parts grouped by person: each name starts a person; parts without a name are the post of the person
    before them (or of the first, when they come before any name), but for a body or a group of people after a person
    («Петров П.П., ШМО», «Зам. директора по УВР Иванова И.И., руководители ШМО»): a party of its own."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for part in parts:
        if NAME_RE.search(part):
            groups.append([*pending, part])
            pending = []
        elif groups and _party_of_its_own(part, _has_post(groups[-1])):
            groups.append([part])
        elif groups:
            groups[-1].append(part)
        elif _first_word(part).split("-")[0] in GROUP_HEADS:
            groups.append([part])  # «Руководители ШМО, Петров П.П.»: a group first is nobody's post
        else:
            pending.append(part)
    return [", ".join(group) for group in groups]


GROUP_HEADS = frozenset({
    "руководители", "учителя", "педагоги", "специалисты", "члены", "заместители", "классные", "психологи",
    "методисты", "тьюторы", "воспитатели", "логопеды", "эксперты", "наставники", "кураторы", "организаторы",
    "преподаватели", "сотрудники", "работники", "педагоги-психологи",
})  # fmt: skip
"""The first words of a group of people («руководители ШМО», «классные руководители»): never one person's post."""


def _has_post(group: list[str]) -> bool:
    """Whether a person's parts write a post besides the name («Иванова И.И., завуч», «Завуч Иванова И.И.»)."""
    return len(group) > 1 or bool(NAME_RE.sub("", group[0]).strip(_TRIM + " -–—()"))


INSTITUTIONS = frozenset({
    "мбоу", "маоу", "мкоу", "моу", "гбоу", "гоу", "мку", "мбу", "мадоу", "мбдоу", "мдоу", "гбу", "гау", "гаоу", "ано",
    "школа", "школы", "муниципальное", "областной", "региональный",
})  # fmt: skip
"""Bodies that after a name without a post may be the person's workplace («Иванова И.И., МБОУ «СОШ № 5»»)."""


def _party_of_its_own(part: str, after_post: bool) -> bool:
    """Whether a part without a name after a person is another party: a group of people, a body (a school after a
    person whose post is written: it may be the workplace of one without)."""
    first = _first_word(part)
    return first in GROUP_HEADS or (first in BODY_HEADS and (after_post or first not in INSTITUTIONS))


def co_executor_columns(extra: dict[str, str]) -> list[str]:
    """The extra columns of an activity naming its co-executors, by their headers as in the file."""
    return [header for header in extra if names_co_executors(header)]


LEARNERS = frozenset({"обучающиеся", "учащиеся", "выпускники", "воспитанники", "дети", "школьники", "студенты",
                      "родители", "законные"})  # fmt: skip
"""Who takes part in an activity without carrying it out («Участники: обучающиеся 9-х классов, родители»): no
co-executor (the column stays in the extra values as typed)."""


def co_executors(extra: dict[str, str]) -> list[str]:
    """The co-executors the extra columns name, each apart like the responsible people (`split_people`), once; the
    learners and parents a «Участники» column names are no co-executors."""
    out: list[str] = []
    seen: set[str] = set()
    for header in co_executor_columns(extra):
        for person in split_people(extra[header]):
            if _first_word(person) not in LEARNERS and _key(person) not in seen:
                seen.add(_key(person))
                out.append(person)
    return out


_BRACKETS = re.compile(r"\s*\(([^()]+)\)")


def bracketed_co_executors(text: str) -> tuple[str, str] | None:
    """A responsible cell under «Ответственные (соисполнители)» read as its header says: the people in brackets after
    the responsible are the co-executors. «Иванова И.И. (Петров П.П., Сидорова А.А.)» → («Иванова И.И.», «Петров П.П.,
    Сидорова А.А.»). A bracket naming no people («(по согласованию)») stays, and so does a post in brackets after a
    name («Иванова И.И. (зам. директора по УВР)»), and so does the one person holding a role or heading a body written
    before the bracket («Директор (Петров П.П.)», «МБУ «ГЦОКО» (С.Е. Исмагилова)»), or one unit of the body before it
    («Управление образования (отдел общего образования)»); None when no bracket names co-executors, or nothing is left
    before them."""
    found: list[str] = []

    def take(match: re.Match[str]) -> str:
        inside = " ".join(match.group(1).split())
        before = text[: match.start()].rsplit("\n", 1)[-1].rsplit(";", 1)[-1]
        if not _names_parties(inside) or any(rule(before, inside) for rule in _NO_CO_EXECUTORS):
            return match.group(0)
        found.append(inside)
        return ""

    rest = _BRACKETS.sub(take, text)
    if not found or not rest.strip(_TRIM + "\n"):
        return None
    lines = [line.rstrip(" \t,") for line in rest.split("\n")]
    return "\n".join(lines).strip(), "; ".join(found)


def _names_parties(inside: str) -> bool:
    """Whether a bracket's text names people or bodies only: each of its parts a name or a whole role."""
    parts = split_people(inside)
    return bool(parts) and all(NAME_RE.search(part) or _whole_role(part) for part in parts)


def _holder_of_role(before: str, inside: str) -> bool:
    """Whether a bracket after a role or a body names the one person holding it: «Заместитель директора по УВР
    (Иванова И.И.)», «МБУ «ГЦОКО» (С.Е. Исмагилова)», as orders write the head of a body."""
    people = split_people(inside)
    return not NAME_RE.search(before) and len(people) == 1 and NAME_RE.search(people[0]) is not None


def _unit_of_body(before: str, inside: str) -> bool:
    """Whether a bracket after a body names one unit or post of it, no name: «Управление образования (отдел общего
    образования)», «МКУ «ЦРО» (ИМЦ)», «Администрация ОО (директор)»."""
    parties = split_people(before)
    if not parties or NAME_RE.search(inside) or len(split_people(inside)) != 1:
        return False
    return _first_word(parties[-1]) in BODY_HEADS


def _post_of_name(before: str, inside: str) -> bool:
    """Whether a bracket after a name written alone gives that person's post: one person's role, no name, no group,
    no body («Иванова И.И. (заместитель директора)»)."""
    name = before.strip(_TRIM)
    if not NAME_RE.fullmatch(name) or NAME_RE.search(inside) or len(split_people(inside)) > 1:
        return False
    first = _first_word(inside)
    return first in PERSON_HEADS and first not in GROUP_HEADS


_LABELLED = re.compile(
    r"(?:^|(?<=[\n;.,]))[ \t]*(?:со-?\s?исполнител|соучастник|участник|привлекаем)[а-яё]*[ \t]*[:–—-][ \t]*(\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_RESPONSIBLE_LABEL = re.compile(r"^\s*ответственн[а-яё]*(?:\s+исполнител[а-яё]*)?\s*[:–—-]\s*", re.IGNORECASE)


def labelled_co_executors(text: str) -> tuple[str, str] | None:
    """A responsible cell naming its co-executors after a label of their own, on a line or after «;»:
    «Иванова И.И.⏎Соисполнители: Петров П.П., Сидорова А.А.» → («Иванова И.И.», «Петров П.П., Сидорова А.А.»);
    a label «Ответственный:» before the responsible goes. Opora prints its plans so («Петрова А.А.; соисполнители:
    руководители ШМО», «соисполнители: МБУ ГЦОКО» when nobody is responsible). None without such a label."""
    found = _LABELLED.search(text)
    if found is None:
        return None
    rest = _RESPONSIBLE_LABEL.sub("", text[: found.start()]).strip(_TRIM + "\n")
    rest = re.sub(rf"(?<=[{_LOWER}]{{2}})\.$", "", rest)  # «Директор. Участники: …» (not «Иванова И.И.»)
    co = found.group(1).strip(_TRIM + "\n")
    return (rest, co) if co else None


_NO_CO_EXECUTORS = (_post_of_name, _holder_of_role, _unit_of_body)
"""What a bracket naming people after the responsible says besides the co-executors (`bracketed_co_executors`)."""
