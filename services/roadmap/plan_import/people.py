"""A responsible (or co-executors') cell read into the people and bodies it names, each as typed with its post.

    split_people("Иванова И.И., зам. директора по УВР; Петров П.П. – учитель математики")
        -> ["Иванова И.И., зам. директора по УВР", "Петров П.П. – учитель математики"]
    co_executors({"Соисполнители": "Петров П.П., ШМО"}) -> ["Петров П.П.", "ШМО"]

The cell splits at «;» and line breaks; at «/» between two people («Иванова И.И./Петров П.П.») or, with spaces around,
two whole roles; at «,» between two people («Фамилия И.О.», «И.О. Фамилия», a full name with a patronymic either side of
the given name) or before each whole role of a list opening with one («Директор, заместители директора по УВР, ВР»: a
part that is no role goes on with the one before). A post written after a name («Ф.И.О., должность», «Ф.И.О. –
должность»), also on the next line, stays with the name, but a group («руководители ШМО») or a body («ШМО»; not a school
after a name or its post, the person's workplace) is a party of its own, and so is a body before a person («МКУ «ЦРО»,
Иванова И.И.»: the body and the person; the workplace written after the name, «Иванова И.И., методист МКУ «ЦРО»», keeps
one party); a body («Администрация ОО», «ШМО учителей начальных классов») is never cut. One person's post alone on a
line over a name alone on the next («Зам. директора по УВР⏎Петров П.П.») is its holder, as on one line; «(по
согласованию)» alone on a line is the party's above it; «руководители ШМО, РМО» heads both; a body and a colon before
several names («МКУ «ЦРО»: Иванова И.И., Петров П.П.») is the workplace of each («Иванова И.И. (МКУ «ЦРО»)»), a
post before one of the names hers alone («Методист Иванова И.И. (МКУ «ЦРО»)»), a plural one before the first each
name's in the singular; a line to sign or stamp on («Подпись ____», «М.П.») names nobody. The same name twice in a
cell is kept once; a cell of more than
`MAX_PEOPLE` parts stays one. Nothing inside brackets or quotes is cut («Иванова И.И. (зам. директора, руководитель
ШМО)»); names run together without a comma («Бабкина Н.А. Зырянова М.А.», «Бабкина Н.А. Члены КС»: the lines of a Word
cell) are cut apart, and so is a group run together with one name («Руководители ОУ Яркова А.В.»); a group first
(«руководители ШМО, Петров П.П.») is nobody's post. A plural post before several names («Заместители директора Иванова
И.И., Петров П.П.», also «… и …», after a colon or on lines of their own) or after them with a dash («Иванова И.И.,
Петров П.П. – учителя математики») names the post's holders: each party gets it in the singular («Заместитель директора
Иванова И.И.»). Two names joined by «и» are two parties; «и др.» is no part of a party's name, nor is a label
«Ответственный:»; «по согласованию» however written stays, as «(по согласованию)»; a post or body in the dative or
genitive («Директору, заместителю директора по УВР», as an order assigns a task) is a role of its own, put back in the
nominative. The co-executors are the people of the extra columns named so («Соисполнители», «Исполнители» beside
«Ответственный», «Участники», «Социальные партнеры»), but for learners and parents; those a responsible cell names in
brackets or after a label «Соисполнители:» are found by `bracketed_co_executors` and `labelled_co_executors`.
"""

from __future__ import annotations

import itertools
import re

from services.roadmap.plan_import.recognise.aliases import names_co_executors
from services.roadmap.plan_import.recognise.contacts import without_contacts
from services.roadmap.plan_import.tables import cyrillic_lookalikes

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
    "региональный", "мау", "мбудо", "маудо", "мкудо", "мбоудо", "гапоу", "гбпоу", "цнппм", "цнппмпр", "комиссия",
    "ппк",
})  # fmt: skip
ROLE_HEADS = PERSON_HEADS | BODY_HEADS
"""The first words of a whole role or body: a «, »-separated part starting with one is a role of its own."""

_CONNECTOR_END = re.compile(r"[,–—:-]\s*$")
_BULLET = re.compile(r"^\s*(?:[-–—•·*]+|\d{1,2}[.)])\s+")
_LABEL = re.compile(
    r"^\s*(?:ответственн[а-яё]*(?:\s+исполнител[а-яё]*)?\s*:|отв\.(?:\s*исп(?:олнител[а-яё]*|\.))?(?:\s*:|(?!\s*за\b)))\s*",
    re.IGNORECASE,
)
"""A label before the people of a line, no party: «Ответственный: Иванова И.И.», «Отв.: директор, завуч», «отв.
Иванова И.И.» (the abbreviation says it is a label, a colon or not)."""
_TRIM = " \t,;:"
MAX_PEOPLE = 20
"""More parts than this in one cell are no list of people (a pasted text): the cell stays one, as typed."""


def split_people(text: str) -> list[str]:
    """The people and bodies a responsible cell names, each as typed (see the module); none for an empty cell."""
    out: list[str] = []
    seen: set[str] = set()
    agreed: set[str] = set()  # keys of the parties said «по согласованию», and of the names in them
    text = cyrillic_lookalikes(text)  # «Пeтров П.П.» typed with a Latin «e»: a name all the same
    text = without_contacts(text)  # «Иванова И.И. (тел. 8-900-…)», «…, e-mail: a@b.ru»: no party, no post
    for piece in (part for line in _pieces(text) for slashed in _at_slashes(line) for part in _at_name_gaps(slashed)):
        for bare, by_agreement in (_without_remarks(p) for p in _at_commas(piece)):
            person = _in_nominative(bare)
            key = _key(person)
            if person and by_agreement:
                agreed.update({key, *(_key(m.group(0)) for m in NAME_RE.finditer(person))})
            if person and key not in seen:
                seen.add(key)
                out.append(person)
    if len(out) > MAX_PEOPLE:
        return [re.sub(r"\s+", " ", text).strip(_TRIM)]
    return [_with_agreement(p, agreed) for p in _holders_after_names(_holders_of_group(out))]


_BY_AGREEMENT = re.compile(
    r"\s*\(\s*по\s+согл(?:асованию|\.)?\s*\)"  # «Директор (по согласованию)», «(по согл.)»
    r"|[\s,]*(?:[–—-]\s*)?\bпо\s+согласованию\s*$",  # «МКУ «ЦРО», по согласованию», «Петров П.П. – по согласованию»
    re.IGNORECASE,
)
_OTHERS = re.compile(r"[\s,]*\bи\s+(?:др|другие|пр|т\.\s?[дп])\.?\s*$", re.IGNORECASE)  # «Петров П.П. и др.»
BY_AGREEMENT = " (по согласованию)"


def _in_nominative(party: str) -> str:
    """A post or body without a name written in the dative or genitive, put back in the nominative, the rest as it is:
    «Заместителю директора по УВР» → «Заместитель директора по УВР», «Классным руководителям» → «Классные
    руководители», «Администрации ОО» → «Администрация ОО», «Всем классным руководителям» → «Классные
    руководители»: the same party as in a row writing it so. A party naming a person stays as written (a surname
    cannot be put back safely)."""
    if NAME_RE.search(party):
        return party
    words = party.split(" ")
    if len(words) > 1 and words[0].casefold() in _ALL_OBLIQUE:
        group = _in_nominative(" ".join(words[1:]))
        if group != " ".join(words[1:]):  # «Всем классным руководителям» → «Классные руководители»
            return _like(group[:1], words[0]) + group[1:]
    for index, word in enumerate(words):
        parts = word.split("-")
        nominative = [_nominative(part.casefold()) for part in parts]
        if not re.fullmatch(rf"[{_UPPER}{_LOWER}-]+", word) or nominative == [p.casefold() for p in parts]:
            break
        words[index] = "-".join(_like(n, p) for n, p in zip(nominative, parts, strict=True))
        if not re.search(r"(?:ый|ий|ой|ые|ое|ая|[^н]ие)$", nominative[-1]):
            break  # the head noun: what follows it is its complement («Совету родителей»)
    return " ".join(words)


def _without_remarks(person: str) -> tuple[str, bool]:
    """A party without the remarks on it, and whether one said «по согласованию» (however written: «(по согл.)»,
    «, по согласованию»). «и др.» is dropped (the others are unnamed, nobody to hold to a deadline); «по
    согласованию» comes back through `_with_agreement`. A part saying nothing else («По согласованию») names nobody."""
    bare = _BY_AGREEMENT.sub("", person)
    return _OTHERS.sub("", bare).strip(_TRIM), bare != person


def _with_agreement(party: str, agreed: set[str]) -> str:
    """«Директор (по согласованию)»: a body outside the authority's command takes part if it agrees, which the
    signed plan must still say, written once and the same way; also on a person the cell named so, whatever post the
    party gives the name («Петров П.П. (по согласованию) – учителя математики» → «Петров П.П. – учитель математики
    (по согласованию)»)."""
    named = NAME_RE.search(party)
    if _key(party) in agreed or (named and _key(named.group(0)) in agreed):
        return f"{party}{BY_AGREEMENT}"
    return party


def _key(name: str) -> str:
    return re.sub(r"[\s.]+", " ", name.casefold().replace("ё", "е")).strip()


def _pieces(text: str) -> list[str]:
    """The cell cut at «;» and line breaks, each without a label «Ответственный:»; a line continuing the one before (a
    post after «Ф.И.О.,» or «Ф.И.О. –», a word broken by a hyphen, a remark «(по согласованию)» alone on its line
    under the party it is said of) joins it."""
    pieces: list[str] = []
    for part in _outside_brackets(text, ";\n\r", "(", ")"):
        bare = _BULLET.sub("", part)
        labelled = _LABEL.match(bare) is not None
        line = re.sub(r"\s+", " ", _LABEL.sub("", bare)).strip(" \t")
        if NAME_RE.search(line):
            line = _SIGNED_AFTER.sub("", line).strip(" \t")  # «Петров П.П. ______ (подпись)»: the name signs
        if not line.strip(_TRIM) or _SIGN_MARK.fullmatch(line):
            continue  # «Подпись ____», «М.П.» under the party: a place to sign, nobody
        if pieces and not labelled and _continues(pieces[-1], line):
            broken = re.search(rf"[{_LOWER}]-$", pieces[-1]) is not None
            pieces[-1] = pieces[-1] + ("" if broken else " ") + line
        else:
            pieces.append(line)
    return [piece.strip(_TRIM) for piece in _members_of_bodies(pieces)]


_SIGN_MARK = re.compile(r"(?:_{2,}|\(\s*подпись\s*\)|\bподпись\b|\bм\.\s*п\.?|[\s./:])+", re.IGNORECASE)
"""A place to sign or stamp, no party: «Подпись ____», «_________ (подпись)», «М.П.» (a line of its own)."""
_SIGNED_AFTER = re.compile(r"(?:\s*_{3,})+\s*(?:\(\s*подпись\s*\))?\s*$|^\s*_{3,}\s*", re.IGNORECASE)
"""The line to sign on before or after a name: «Петров П.П. ________ (подпись)», «_______ Петров П.П.»."""
_BODY_AND_MEMBERS = re.compile(r"^(?P<body>[^:]+?)\s*(?::|\s[–—-])\s*(?P<rest>.*)$")


def _members_of_bodies(pieces: list[str]) -> list[str]:
    """A body, a colon (or a dash) and several people of it («МКУ «ЦРО»: Иванова И.И., Петров П.П.», the names also
    on lines of their own under «МКУ «ЦРО»:»): each person with the body as the workplace, «Иванова И.И. (МКУ
    «ЦРО»)», as a name with its workplace in brackets; one person after it stays as typed («МКУ «ЦРО»: Иванова
    И.И.»: already one party naming both). A line only to sign or stamp on names nobody."""
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        index += 1
        if _SIGN_MARK.fullmatch(piece):
            continue
        found = _BODY_AND_MEMBERS.match(piece)
        body = _BY_AGREEMENT.sub("", found["body"]).strip(_TRIM) if found else ""
        if not found or NAME_RE.search(body) or not _names_a_body(body) or _outside_brackets(body)[1:]:
            out.append(piece)
            continue
        names = _bare_names(found["rest"]) if found["rest"].strip(_TRIM) else []
        lines = 0
        if names is not None and not names and piece.rstrip().endswith(":"):
            while index + lines < len(pieces) and (more := _bare_names(pieces[index + lines])):
                names.extend(more)
                lines += 1
        if lines == 1 and names and len(names) == 1:
            out.append(f"{piece.rstrip()} {pieces[index]}")  # «МКУ «ЦРО»:⏎Иванова И.И.»: as on one line
            index += 1
            continue
        index += lines
        if names is None or len(names) < 2:
            out.append(piece)
            continue
        agreed = BY_AGREEMENT if body != found["body"].strip(_TRIM) else ""
        out.extend(_posted_members(names, body, agreed))
    return out


def _bare_names(text: str) -> list[str] | None:
    """The names a line lists and nothing else («Иванова И.И., Петров П.П. и Сидорова А.А.», a remark «(по
    согласованию)» on one kept), one person's post written before a name («методист Иванова И.И., Петров П.П.»: the
    post is hers alone), or None."""
    parts = [p.strip(_TRIM) for p in _outside_brackets(text) for p in re.split(r"\s+и\s+", p)]
    parts = [p for p in parts if p]
    bare = [_BY_AGREEMENT.sub("", p).strip(_TRIM) for p in parts]
    if not parts or not all(_name_with_post(p, first=i == 0) for i, p in enumerate(bare)):
        return None
    return parts


def _name_with_post(part: str, *, first: bool) -> bool:
    """A name alone, or after one person's post («методист Иванова И.И.», «зам. директора по УВР Петров П.П.»), or
    first after a plural post («методисты Иванова И.И., …»: `_posted_members` gives it to each)."""
    if NAME_RE.fullmatch(part):
        return True
    found = _post_and_name(part)
    if found is None:
        return False
    plural = first and _first_word(found[0]).split("-")[0] in GROUP_HEADS and _singular(found[0]) is not None
    return _one_holders_post(found[0]) or plural


def _posted_members(names: list[str], body: str, agreed: str) -> list[str]:
    """Each person after a body and a colon, the body as the workplace: «Иванова И.И. (МКУ «ЦРО»)»; a post before a
    name stays that person's («Методист Иванова И.И. (МКУ «ЦРО»)», capitalised as a party of its own), a plural one
    before the first name is each name's in the singular («методисты Иванова И.И., Петров П.П.»)."""
    out: list[str] = []
    shared = ""
    for index, name in enumerate(names):
        found = _post_and_name(_BY_AGREEMENT.sub("", name).strip(_TRIM))
        remark = BY_AGREEMENT if _BY_AGREEMENT.search(name) else ""
        post, person = found if found else ("", _BY_AGREEMENT.sub("", name).strip(_TRIM))
        if index == 0 and post and _first_word(post).split("-")[0] in GROUP_HEADS:
            post = shared = _singular(post) or post
        post = post or shared
        party = f"{post[:1].upper()}{post[1:]} {person}" if post else person
        out.append(f"{party} ({body}){remark or agreed}")
    return out


def _continues(before: str, line: str) -> bool:
    """Whether `line` goes on from `before`: a word broken by a hyphen; a post without a name after a name (a
    line ending in «,» or «–» before it, or any line but a body under a name alone); the rest of a role or body
    in lower case («ШМО учителей / начальных классов»)."""
    if re.search(rf"[{_LOWER}]-$", before) and line[:1].islower():
        return True
    if not _BY_AGREEMENT.sub("", line).strip(_TRIM + " ()"):
        return True  # «Руководители ОО⏎(по согласованию)»: the remark is the line's before it
    if NAME_RE.fullmatch(_BY_AGREEMENT.sub("", line).strip(_TRIM)) and _one_holders_post(before.strip(_TRIM)):
        return True  # «Зам. директора по УВР⏎Петров П.П.»: the post's holder, as on one line
    if NAME_RE.search(line) or line.split(" ", 1)[0].casefold() in _ALL:
        return False  # «все педагоги» on a line of its own: the group, nobody's post
    if NAME_RE.search(before):
        alone = NAME_RE.fullmatch(before.strip(_TRIM)) is not None
        return _CONNECTOR_END.search(before) is not None or (alone and _first_word(line) not in BODY_HEADS)
    return line[:1].islower() and _first_word(line) not in ROLE_HEADS


def _one_holders_post(text: str) -> bool:
    """Whether a line is the post of one person without a name («Директор», «Зам. директора по УВР»,
    «Педагог-психолог»): not a group («Руководители ОУ», «Классные руководители»: a name under it is another party,
    round 18), not a body, nor learners."""
    if NAME_RE.search(text):
        return False
    first = _first_word(text)
    words = [word.casefold() for part in text.split() for word in part.split("-")]
    return (
        first in PERSON_HEADS
        and first not in GROUP_HEADS | LEARNERS | {"директора"}
        and not any(word in SINGULAR for word in words)
    )


def _first_word(text: str) -> str:
    """The first word of a part in lower case, a post or body in the dative or genitive as its head word
    («Заместителю директора» → «заместитель», «руководителям ШМО» → «руководители»)."""
    words = text.split()
    if len(words) > 1 and words[0].casefold() in _ALL:
        words = words[1:]  # «все педагоги», «всем классным руководителям»: the group itself
    return _nominative(words[0].strip(".«»\"'()").casefold()) if words else ""


_ALL = frozenset({"все", "всем", "всех", "весь", "вся"})
"""«Все педагоги», «весь педагогический коллектив»: a word before a group or body naming all of it."""
_ALL_OBLIQUE = frozenset({"всем", "всех"})
"""«Всем классным руководителям», «всех педагогов»: all of a group in the dative or genitive, which a cell writes
after a verb left out («(поручить) всем …»): the group itself, in the nominative, as a row naming it writes it."""


_OBLIQUE = (
    ("ями", ("и", "я")), ("ами", ("ы", "и", "а")), ("ям", ("и", "я")), ("ам", ("ы", "и", "а")), ("ей", ("и", "я")),
    ("ов", ("ы", "и")), ("ым", ("ые", "ый")), ("ому", ("ый",)), ("ого", ("ый",)), ("ию", ("ие",)),
    ("ии", ("ия", "ие")), ("ю", ("ь", "я")), ("у", ("", "а")), ("е", ("а", "")), ("я", ("ь",)), ("а", ("",)),
    ("и", ("ь", "а")),
)  # fmt: skip
"""Case endings of a post or body written in the dative or genitive and what replaces them in the nominative,
plural ones first («учителям» → «учителя», «заместителю» → «заместитель», «администрации» → «администрация»)."""
_MIN_STEM = 3


def _nominative(word: str) -> str:
    """The head word a post or body in an oblique case stands for (`_OBLIQUE`), or the word as it is."""
    if word in _HEAD_WORDS:
        return word
    for ending, tails in _OBLIQUE:
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= _MIN_STEM:
            for tail in tails:
                if stem + tail in _HEAD_WORDS:
                    return stem + tail
    return word


def _whole_role(part: str) -> bool:
    """A part naming a role or body: its first word one of `ROLE_HEADS`, or its head before a hyphen
    («учителя-предметники», «педагоги-организаторы»)."""
    word = _first_word(part)
    return word in ROLE_HEADS or _nominative(word.split("-")[0]) in ROLE_HEADS


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
    """A piece cut where one person's name ends and another's starts with nothing but «и» between them, or a group of
    people written with a capital («Члены КС») follows a name: the lines of a Word cell run together («Бабкина Н.А.
    Зырянова М.А. Вагин И.В.», «Бабкина Н.А. Члены КС»). A post between two names («Иванова И.И. зам. директора Петров
    П.П.») cuts nothing: whose it is, only the writer knows."""
    names = list(NAME_RE.finditer(piece))
    cuts: list[int] = []
    for index, name in enumerate(names):
        after = names[index + 1].start() if index + 1 < len(names) else len(piece)
        if index + 1 < len(names) and piece[name.end() : after].strip() in ("", "и"):
            cuts.append(after)
        elif (group := _GROUP_AFTER_NAME.match(piece, name.end())) and group[1].casefold() in GROUP_HEADS:
            cuts.append(group.start(1))
    if not cuts and (cut := _group_before_one_name(piece, names)) is not None:
        cuts.append(cut)
    bounds = [0, *cuts, len(piece)]
    return [re.sub(r"\s+и$", "", piece[start:end].strip()) for start, end in itertools.pairwise(bounds)]


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


_UNITS = frozenset({"мо", "шмо", "рмо", "ммо", "гмо", "оо", "оу", "доу", "доо", "удо"})
"""Associations and kinds of school a post heads («руководители ШМО, РМО»: of both, one party as «по УВР, ВР»)."""


def _another_unit(role: str, part: str) -> bool:
    """Whether `part` is a second unit of the post before it: «руководители ШМО, РМО», «Руководители ДОУ, ОО»; a
    body after a body («ШМО, РМО», «МКУ «ЦРО», ОО») or after a post of another kind stays a party of its own."""
    words = role.split()
    return (
        part.casefold() in _UNITS
        and _first_word(role) in PERSON_HEADS
        and len(words) > 1
        and words[-1].casefold() in _UNITS
    )


def _by_role(parts: list[str]) -> list[str]:
    roles: list[str] = []
    for part in parts:
        if roles and (not _whole_role(part) or _another_unit(roles[-1], part)):
            roles[-1] = f"{roles[-1]}, {part}"
        else:
            roles.append(part)
    return roles


def _by_name(parts: list[str]) -> list[str]:
    """The parts grouped by person: each name starts a person; parts without a name are the post of the person
    before them (or of the first, when they come before any name: «Заместитель директора по УВР, Иванова И.И.»), but
    for a body or a group of people after a person («Петров П.П., ШМО», «Зам. директора по УВР Иванова И.И.,
    руководители ШМО») or opening the cell («МКУ «ЦРО», Иванова И.И.»: the body and the person named beside it; the
    person's workplace is written after the name, «Иванова И.И., методист МКУ «ЦРО»»): a party of its own."""
    groups: list[list[str]] = []
    pending: list[str] = []
    for part in parts:
        if NAME_RE.search(part):
            groups.append([*pending, part])
            pending = []
        elif groups and _party_of_its_own(part, groups[-1]) and not _another_unit(groups[-1][-1], part):
            groups.append([part])
        elif groups:
            groups[-1].append(part)
        elif _first_word(part).split("-")[0] in GROUP_HEADS:
            groups.append([part])  # «Руководители ШМО, Петров П.П.»: a group first is nobody's post
        elif not pending and _names_a_body(part):
            groups.append([part])  # «МКУ «ЦРО», Иванова И.И.»: the body and the person, two parties
        else:
            pending.append(part)
    return [", ".join(group) for group in groups]


GROUP_HEADS = frozenset({
    "руководители", "учителя", "педагоги", "специалисты", "члены", "заместители", "классные", "психологи",
    "методисты", "тьюторы", "воспитатели", "логопеды", "эксперты", "наставники", "кураторы", "организаторы",
    "преподаватели", "сотрудники", "работники", "педагоги-психологи",
})  # fmt: skip
"""The first words of a group of people («руководители ШМО», «классные руководители»): never one person's post."""


_PERSON_NOUNS = PERSON_HEADS | GROUP_HEADS | {"координатор", "координаторы", "представитель", "представители"}


def _names_a_body(part: str) -> bool:
    """Whether a part without a name is a body («МКУ «ЦРО»», «Управление образования», «Педагогический совет»), not a
    post whose first word may open a body's name too («Муниципальный координатор», «Региональный эксперт»)."""
    words, first = part.split(), _first_word(part)
    if first not in BODY_HEADS:
        return False
    if len(words) < 2 or not re.search(r"(?:ый|ий|ой|ая|ое|ые)$", first):
        return True  # «ШМО учителей математики»: the complement of a body names no post
    return _nominative(words[1].strip(".«»\"'()").casefold()) not in _PERSON_NOUNS


INSTITUTIONS = frozenset({
    "мбоу", "маоу", "мкоу", "моу", "гбоу", "гоу", "мку", "мбу", "мадоу", "мбдоу", "мдоу", "гбу", "гау", "гаоу", "ано",
    "школа", "школы", "муниципальное", "областной", "региональный", "мау", "мбудо", "маудо", "мкудо", "мбоудо",
    "гапоу", "гбпоу",
})  # fmt: skip
"""Bodies that after a name without a post may be the person's workplace («Иванова И.И., МБОУ «СОШ № 5»»)."""


def _party_of_its_own(part: str, person: list[str]) -> bool:
    """Whether a part without a name after a person's parts is another party: a group of people, a body, but for a
    school or an institution after the name or after the post written with it: the person's workplace («Иванова
    И.И., МБОУ «СОШ № 5»», «Иванова И.И., руководитель РМО учителей математики, МБОУ «СОШ № 3»», as a methodist
    writes where the person works); a second one after it is a party of its own."""
    first = _first_word(part)
    if first in GROUP_HEADS or first not in BODY_HEADS:
        return first in GROUP_HEADS
    return first not in INSTITUTIONS or any(_first_word(p) in INSTITUTIONS for p in person[1:])


def co_executor_columns(extra: dict[str, str]) -> list[str]:
    """The extra columns of an activity naming its co-executors, by their headers as in the file."""
    return [header for header in extra if names_co_executors(header)]


LEARNERS = frozenset({"обучающиеся", "учащиеся", "выпускники", "воспитанники", "дети", "школьники", "студенты",
                      "родители", "законные"})  # fmt: skip
"""Who takes part in an activity without carrying it out («Участники: обучающиеся 9-х классов, родители»): no
co-executor (the column stays in the extra values as typed)."""

SINGULAR = {
    "заместители": "заместитель", "руководители": "руководитель", "учителя": "учитель", "педагоги": "педагог",
    "специалисты": "специалист", "члены": "член", "психологи": "психолог", "методисты": "методист",
    "тьюторы": "тьютор", "воспитатели": "воспитатель", "логопеды": "логопед", "эксперты": "эксперт",
    "наставники": "наставник", "кураторы": "куратор", "организаторы": "организатор", "преподаватели": "преподаватель",
    "сотрудники": "сотрудник", "работники": "работник", "классные": "классный", "предметники": "предметник",
}  # fmt: skip
"""The plural of a post a group names and its singular: what each of the post's holders is."""
_HEAD_WORDS = ROLE_HEADS | GROUP_HEADS | LEARNERS | SINGULAR.keys() | set(SINGULAR.values())


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


def _singular(post: str) -> str | None:
    """The post of one holder of a plural one: «Заместители директора по УВР» → «Заместитель директора по УВР»,
    «Классные руководители 9-х классов» → «Классный руководитель 9-х классов», «Учителя-предметники» →
    «Учитель-предметник»; None for no plural post."""
    words = post.split(" ")
    changed = 0
    for index, word in enumerate(words):
        parts = word.split("-")
        if not all(part.casefold() in SINGULAR for part in parts):
            break
        words[index] = "-".join(_like(SINGULAR[part.casefold()], part) for part in parts)
        changed += 1
    return " ".join(words) if changed else None


def _like(word: str, model: str) -> str:
    return word.capitalize() if model[:1].isupper() else word


_QUOTED = re.compile(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»")
"""A name in quotes, one level of quotes inside it: «МКУ «ЦРО»», «МБОУ «СОШ № 5, корпус 2»»."""


def _post_and_name(party: str) -> tuple[str, str] | None:
    """A party written as a post, then one name at its end («Заместители директора: Иванова И.И.», «Методисты МКУ
    «ЦРО» Иванова И.И.»): the post (without the colon or dash between) and the name; None otherwise (a post with a
    bracket or a comma outside quotes)."""
    names = list(NAME_RE.finditer(party))
    if len(names) != 1 or party[names[0].end() :].strip(_TRIM):
        return None
    post = party[: names[0].start()].strip(_TRIM + " –—-")
    return (post, names[0].group(0)) if post and not re.search(r"[(),«»]", _QUOTED.sub("", post)) else None


def _holders_of_group(parties: list[str]) -> list[str]:
    """A plural post written before several names, each a party («Заместители директора Иванова И.И., Петров П.П.»,
    the names on lines of their own or joined by «и»): the post's holders, each with it in the singular
    («Заместитель директора Иванова И.И.», «Заместитель директора Петров П.П.»); a name after it with its own part
    of the post («…, по ВР Петров П.П.») keeps that part. One name after a group («Руководители ОУ Яркова А.В.»)
    is no holder of the plural post but a party beside the group (round 18)."""
    out: list[str] = []
    index = 0
    while index < len(parties):
        post, holders = _group_and_holders(parties, index)
        if post is None or len(holders) < 2:
            out.append(parties[index])
            index += 1
            continue
        out.extend(_holder(post, name) for name in holders)
        index += len(holders) + (0 if _post_and_name(parties[index]) else 1)
    return out


def _group_and_holders(parties: list[str], index: int) -> tuple[str | None, list[str]]:
    """The singular post of the group at `index` and the names written after it (its own first, if any)."""
    first = _post_and_name(parties[index])
    post, names = (first[0], [first[1]]) if first else (parties[index], [])
    singular = _singular(post) if _first_word(post).split("-")[0] in GROUP_HEADS else None
    if singular is None:
        return None, []
    for party in parties[index + 1 :]:
        if not (NAME_RE.fullmatch(party) or _own_part_of_post(party)):
            break
        names.append(party)
    return singular, names


def _own_part_of_post(party: str) -> bool:
    """«по ВР Петров П.П.» after «Заместители директора по УВР Иванова И.И.»: a holder naming his part of the post."""
    own = _post_and_name(party)
    return own is not None and own[0].startswith("по ")


def _holder(post: str, name: str) -> str:
    """«Заместитель директора по УВР» holding «по ВР Петров П.П.» → «Заместитель директора по ВР Петров П.П.»."""
    own = _post_and_name(name)
    if own is None:
        return f"{post} {name}"
    stem = post[: post.index(" по ")] if " по " in post else post
    return f"{stem} {own[0]} {own[1]}"


_NAME_THEN_POST = re.compile(rf"^(?P<name>{NAME_RE.pattern})(?:\s*[–—-]\s+|\s*,\s*)(?P<post>[^,()]+)$")


def _holders_after_names(parties: list[str]) -> list[str]:
    """Names each a party, the last followed by a plural post after a dash («Иванова И.И., Петров П.П. – заместители
    директора») or after a comma («…, Петров П.П., заместители директора»: the post of the names before it, as the
    dash's, when no name follows it): the post is every one's, in the singular («Иванова И.И. – заместитель
    директора», …), written as after a dash whichever was typed."""
    out: list[str] = []
    for index, party in enumerate(parties):
        found = _NAME_THEN_POST.match(party)
        singular = _singular(found["post"]) if found else _post_of_names(parties, index)
        bare = 0
        while bare < len(out) and NAME_RE.fullmatch(out[len(out) - 1 - bare]):
            bare += 1
        if singular is None or not bare or (found is None and bare < 2):
            out.append(party)
            continue
        out[len(out) - bare :] = [f"{name} – {singular}" for name in out[len(out) - bare :]]
        if found:
            out.append(f"{found['name']} – {singular}")
    return out


def _post_of_names(parties: list[str], index: int) -> str | None:
    """The singular of a plural post without a name («заместители директора») at `index`, when no bare name follows
    it (then it would be the group of the names after it: «…, руководители ШМО, Сидорова А.А.»)."""
    party = parties[index]
    if NAME_RE.search(party) or _first_word(party).split("-")[0] not in GROUP_HEADS:
        return None
    if index + 1 < len(parties) and NAME_RE.fullmatch(parties[index + 1]):
        return None
    return _singular(party)
