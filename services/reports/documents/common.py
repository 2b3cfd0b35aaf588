"""What the report builders share: reading every page of a list, the territory and its education body,
the words for categories and trends, Russian formatting of numbers and dates."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from services.reports.documents.model import (
    MINUS,
    AppendixTo,
    Figure,
    Paragraph,
    Registration,
    Signature,
    bare_number,
    decimals_of,
    exact,
    group_thousands,
    printed_sign,
    rounded,
    with_sign,
)
from services.reports.documents.params import ReportParams
from services.shared.errors import OporaError
from services.shared.remote import RemoteService
from services.shared.school_year import parse_school_year
from services.shared.vocabulary import CATEGORY_SHORT, RISK_LEVELS, SUBJECTS, agrees_with_one, plural

PER_PAGE = 500  # the largest page the services answer
IDENTIFICATION = "/api/identification"
ROADMAP = "/api/roadmap"

CATEGORY_ORDER = ("low_results", "unfavourable_social", "risk_zone", "effective")
RISK_CATEGORIES = ("low_results", "unfavourable_social", "risk_zone")
TREND_ORDER = ("entered", "stayed", "left", "unchanged", "new")
STATUS_ORDER = (*CATEGORY_ORDER, "insufficient_data", "not_identified")
STATUS_LABELS = {**CATEGORY_SHORT, "insufficient_data": "Недостаточно данных", "not_identified": "Без категории"}
SUBJECT_LABELS = {code: label.lower() for code, label in SUBJECTS.items()}
RISK_LEVEL_LABELS = RISK_LEVELS
PLAN_STATUS_LABELS = {"draft": "черновик", "approved": "утверждён", "archived": "в архиве"}
ACTIVITY_STATUS_LABELS = {
    "planned": "запланировано",
    "in_progress": "выполняется",
    "done": "выполнено",
    "cancelled": "отменено",
    "overdue": "просрочено",
}


# --- formatting -------------------------------------------------------------------------------------


def ru_date(value: date | str | None) -> str:
    if value is None:
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def order_details(order_date: date | str | None, order_number: str | None) -> str:
    """« от 02.09.2024 № 01-04-57», as it follows «приказом» or «приказ»: what is not known is left out («приказом
    № 57», «приказом от 02.09.2024»), never «от  №»; a number typed with its own «№» is printed with one."""
    day = f" от {ru_date(order_date)}" if order_date else ""
    number = bare_number(order_number or "").strip("№ ")  # a number typed with its sign («№ 57», «N 57») reads one
    return day + (f" № {number}" if number else "")


def date_range(start: date | str | None, end: date | str | None) -> str:
    """«01.09.2024 – 31.08.2026»: a period between two dates with the en dash, spaced, as the mentor pairs and
    roadmap's messages write it; an open end «с 01.09.2024», no dates at all a dash."""
    if not start:
        return f"до {ru_date(end)}" if end else "—"
    if not end:
        return f"с {ru_date(start)}"
    return f"{ru_date(start)} – {ru_date(end)}"


def missing(value: float | Decimal | None) -> bool:
    """No figure to print: None, or a NaN or an infinity a computation upstream left (JSON carries them)."""
    return value is None or not exact(value).is_finite()


HOLIDAYS = {(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)}
"""Non-working public holidays of the Russian Federation (ТК РФ, ст. 112) as (month, day)."""


def working_day(day: date) -> date:
    """`day`, or the first working day after it when it falls on a weekend or a public holiday: a deadline
    «до 01.01.2025» moves to 09.01.2025, as ГК РФ, ст. 193 ends a term on a day off."""
    while day.weekday() >= 5 or (day.month, day.day) in HOLIDAYS:
        day += timedelta(days=1)
    return day


def ru_number(value: float | Decimal, digits: int = 1, *, keep_zeros: bool = False) -> str:
    """«45,2», «−2,15», «3», «12 345» (thousands apart from five digits on, as the renderers write a cell):
    rounded half up (31,25 → 31,3, as Excel shows it), trailing zeros dropped unless
    `keep_zeros` («25,0»), never «−0» for a small negative number that rounds to zero; the sign as `with_sign`
    writes it. No number (NaN) is a dash."""
    if missing(value):
        return "—"
    number = rounded(value, digits)
    text = f"{abs(number):.{digits}f}"
    if digits and not keep_zeros:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    return with_sign(number, group_thousands(whole) + ("," + fraction if fraction else ""))


RAW_DECIMAL = re.compile(r"(?<![\d.,])\d+\.\d{3,}(?!\.?\d)")
"""A computed number as a program prints it, «0.3333333»: a point and three digits and more, not a date
(«02.09.2024») nor a number («1.1») a person typed."""


def readable_reason(text: str) -> str:
    """A reason of the identification as a signed document prints it: a raw computed number written as the
    documents write numbers («0.3333333» → «0,33»), never with a point and seven digits."""
    return RAW_DECIMAL.sub(lambda m: ru_number(float(m.group()), 2), text)


def cell_reason(text: str) -> str:
    """A reason as a cell of a signed table prints it: from a capital, as every cell of a Russian official table
    starts, whether identification wrote it as a sentence («Высокая безработица …») or as a clause to follow a
    label («не выполняется: …» → «Не выполняется: …»); a raw number as `readable_reason` writes it; none — a dash,
    never a blank cell."""
    text = readable_reason(text.strip())
    return text[:1].upper() + text[1:] if text else "—"


def ru_percent(share: float | None, digits: int = 1, *, keep_zeros: bool = False) -> str:
    if share is None or missing(share):
        return "—"
    return f"{ru_number(exact(share) * 100, digits, keep_zeros=keep_zeros)}\u00a0%"  # «%» never starts a line


def number_figure(
    value: float | None, digits: int = 1, suffix: str = "", signed: bool = False, *, keep_zeros: bool = False
) -> Figure | str:
    """A number as a table cell whose unit is its own: printed as `ru_number` writes it (with `suffix`, «+» when
    `signed`), a number in XLSX; a dash when missing."""
    if value is None or missing(value):
        return "—"
    text = ru_number(value, digits, keep_zeros=keep_zeros)
    magnitude = text.lstrip(MINUS)
    printed = with_sign(printed_sign(value, magnitude), magnitude, plus=signed)
    return Figure(
        value=float(value), text=f"{printed}{suffix}", decimals=decimals_of(text), suffix=suffix, signed=signed
    )


def shares_of_whole(parts: list[int | None], digits: int = 1) -> list[float | None]:
    """The shares of `parts` in their sum, rounded to `digits` after the comma of a percent so that the printed
    shares add up to exactly 100 % (the largest-remainder method: each share rounded down, the units left given to
    the largest remainders, on a tie to the larger part, then the first): 1, 1, 1 → 33,4 %, 33,3 %, 33,3 %, never
    99,9 %. A missing part is a dash (None) and counts as none; no whole (a zero sum) is all dashes."""
    counts = [part or 0 for part in parts]
    total = sum(counts)
    if total <= 0:
        return [None] * len(parts)
    units = 100 * 10**digits  # the whole in the smallest printed step: 1000 steps of 0,1 %
    exact_units = [Decimal(count * units) / total for count in counts]
    floors = [int(value) for value in exact_units]
    left = units - sum(floors)
    order = sorted(range(len(counts)), key=lambda i: (-(exact_units[i] - floors[i]), -counts[i], i))
    for index in order[:left]:
        floors[index] += 1
    return [None if part is None else floors[i] / units for i, part in enumerate(parts)]


def percent_figure(share: float | None, digits: int = 1, *, keep_zeros: bool = False) -> Figure | str:
    """A share as a table cell: «25,5 %» printed, 0.255 in XLSX formatted as a percent; a dash when missing."""
    if share is None or missing(share):
        return "—"
    text = ru_percent(share, digits, keep_zeros=keep_zeros)
    return Figure(value=float(share), text=text, kind="percent", decimals=decimals_of(text))


_DIGITS = re.compile(r"(\d+)")
_QUOTES = re.compile("[«»„“”\"']")
_NUMBER_SIGN = re.compile(r"№\s*")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """How people order names with numbers: «СОШ № 2» before «СОШ № 10» (a plain sort puts «10» first), letters
    without regard to case, «ё» with «е»; quotes and spaces as if not there, as a reader skips them: МБОУ «Гимназия
    № 2», МБОУ ООШ с. Берёзовка, МБОУ «СОШ № 2», МБОУ СОШ № 3 — never every quoted name before the others (the
    quote's code point is below the letters'), «СОШ №5» beside «СОШ № 5»."""
    plain = _NUMBER_SIGN.sub("№ ", _QUOTES.sub("", text.casefold().replace("ё", "е")))
    parts = _DIGITS.split(" ".join(plain.split()))
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in parts if part)


_ONE_LEVEL_DOWN = str.maketrans({"«": "„", "»": "“", "„": "«", "“": "»"})


def quoted(text: str) -> str:
    """`text` in «ёлочках», the quotes inside it as „лапки“, as Russian typography nests them: План «Дорожная
    карта МБОУ „СОШ № 1“», never «Дорожная карта МБОУ «СОШ № 1»» with the closing quotes run together. Quotes
    that are „лапки“ inside its own «ёлочки» go one level down too, to «ёлочки» (the levels alternate): «Семинар на
    базе МБОУ „СОШ «Гимназия»“», never «… „СОШ „Гимназия““» with two pairs of лапки that read as one."""
    inner = str(text).strip()
    if "«" in inner and "„" in inner and inner.count("„") == inner.count("“"):  # two levels inside already
        return "«" + inner.translate(_ONE_LEVEL_DOWN) + "»"
    return "«" + inner.replace("«", "„").replace("»", "“") + "»"


def school_label(name: str | None, code: str | None) -> str:
    """A school as a document names it: by its name, or by its code when the data gives no name (never an empty
    place, «…; ; …» or «: выполнено»); nothing when neither is known."""
    named = " ".join(str(name or "").split())
    code_text = str(code or "").strip()
    return named or (f"школа с кодом {code_text}" if code_text else "")


def schools(count: int) -> str:
    return plural(count, "школа", "школы", "школ")


def of_schools(count: int) -> str:
    """The genitive after «из»: «из 1 школы», «из 21 школы», «из 103 школ»."""
    return plural(count, "школы", "школ", "школ")


def by_schools(count: int) -> str:
    """The dative after «по»: «по 1 школе», «по 21 школе», «по 5 школам»."""
    return plural(count, "школе", "школам", "школам")


def verb(count: int, singular: str, plural_form: str) -> str:
    """The verb agreeing with «N школ»: «работает 21 школа», «работают 5 школ»."""
    return singular if agrees_with_one(count) else plural_form


def counted(count: int, participle: str) -> str:
    """A short participle agreeing with «N школ»: «отнесена 51 школа», «отнесено 55 школ» (`participle` is the
    stem, «отнесен»)."""
    return f"{participle}{'а' if agrees_with_one(count) else 'о'} {schools(count)}"


def subject_label(code: str) -> str:
    return SUBJECT_LABELS.get(code, code)


def _lower_word(label: str) -> str:
    """«Зона риска» → «зона риска» inside a sentence or a list; an abbreviation («ШНОР») stays as it is."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def in_list_order(codes: list[str]) -> list[str]:
    """A school's categories in the order of the lists and tables (ШНОР, ШНСУ, зона риска, эффективный режим),
    each once, whatever order the data gave: the appendix and the card never read «Зона риска, ШНСУ»."""
    order = {code: index for index, code in enumerate(CATEGORY_ORDER)}
    return sorted(dict.fromkeys(codes), key=lambda code: order.get(code, len(order)))


def categories_text(codes: list[str], *, in_sentence: bool = False) -> str:
    """«ШНОР, зона риска»: the categories' short names, a name after the first written with a small letter as in any
    Russian list (never «ШНОР, Зона риска»), the first too `in_sentence` (after a colon); none, a dash."""
    labels = [CATEGORY_SHORT.get(c, c) for c in codes]
    written = [label if not i and not in_sentence else _lower_word(label) for i, label in enumerate(labels)]
    return ", ".join(written) or "—"


# --- territories and their education bodies ---------------------------------------------------------

_NOUNS = {
    "район": "района",
    "округ": "округа",
    "область": "области",
    "край": "края",
    "республика": "республики",
    "город": "города",
    "поселение": "поселения",
    "образование": "образования",  # «муниципальное образование «Город Кедровск»», «… районное муниципальное …»
    "автономный": "автономного",
}
_HUSHING = set("жшчщкгх")
_ADJECTIVE_ENDINGS = ("ий", "ый", "ой", "ая", "яя", "ое")


@dataclass(frozen=True)
class _Case:
    """What one grammatical case declines a territory's name with: the kinds' nouns, an adjective's endings (its
    «-ий» after a hushing consonant or «к», «г», «х» apart from the others), a region's one-word second name's
    endings («Югра», «Кузбасс») and the federal cities said after «город»."""

    nouns: dict[str, str]
    adjectives: dict[str, str]  # ending → ending, «ий» apart
    soft_adjective: tuple[str, str]  # «-ий» after a hushing consonant, after another
    proper: tuple[tuple[str, str, str], ...]  # a second name's ending → (after a hushing consonant, after another)
    consonant: str  # added to a second name ending in a hard consonant
    cities: dict[str, str]


_GENITIVE = _Case(
    nouns=_NOUNS,
    adjectives={"ый": "ого", "ой": "ого", "ое": "ого", "ая": "ой", "яя": "ей"},
    soft_adjective=("ого", "его"),
    proper=(("ия", "ии", "ии"), ("я", "и", "и"), ("а", "и", "ы")),
    consonant="а",
    cities={"москва": "Москвы", "санкт-петербург": "Санкт-Петербурга", "севастополь": "Севастополя"},
)
_DATIVE = _Case(
    nouns={
        "район": "району",
        "округ": "округу",
        "область": "области",
        "край": "краю",
        "республика": "республике",
        "город": "городу",
        "поселение": "поселению",
        "образование": "образованию",
        "автономный": "автономному",
    },
    adjectives={"ый": "ому", "ой": "ому", "ое": "ому", "ая": "ой", "яя": "ей"},
    soft_adjective=("ому", "ему"),
    proper=(("ия", "ии", "ии"), ("я", "е", "е"), ("а", "е", "е")),
    consonant="у",
    cities={"москва": "Москве", "санкт-петербург": "Санкт-Петербургу", "севастополь": "Севастополю"},
)


def _declined_word(word: str, case: _Case) -> str:
    """One word of a territory name in `case`, for the patterns territory names use: a kind's noun, an adjective
    (of a hyphenated one, «Северо-Кедровская», the last part); another word as it is."""
    lower = word.lower()
    if lower in case.nouns:
        inflected = case.nouns[lower]
        return inflected[0].upper() + inflected[1:] if word[:1].isupper() else inflected
    if "-" in word:
        head, _, tail = word.rpartition("-")
        return f"{head}-{_declined_word(tail, case)}"
    if lower.endswith("ий"):
        return word[:-2] + case.soft_adjective[0 if len(lower) > 2 and lower[-3] in _HUSHING else 1]
    ending = case.adjectives.get(lower[-2:])
    return word[:-2] + ending if ending else word


def _declined_proper(word: str, case: _Case) -> str:
    """The one-word second name of a region in `case` («Югра» → «Югры», «Югре»; «Кузбасс» → «Кузбасса»,
    «Кузбассу»; «Чувашия» → «Чувашии»); a word of another ending is left as it is."""
    lower = word.lower()
    for ending, after_hushing, otherwise in case.proper:
        if lower.endswith(ending):
            hushing = lower[-len(ending) - 1 : -len(ending)] in _HUSHING
            return word[: -len(ending)] + (after_hushing if hushing else otherwise)
    if lower[-1:].isalpha() and lower[-1] not in "аеёиоуыэюяйь":
        return word + case.consonant
    return word


_DOUBLE_NAME = re.compile(r"\s+[—–-]\s+")
_KINDS = ("район", "округ", "поселение", "образование")


def _kind_before_tail(words: list[str]) -> int:
    """How many words of a municipality's name decline when its kind («район», «округ») is followed by the region
    it lies in, in the genitive already («… муниципальный округ Красноярского края»): the adjectives and the kind;
    0 when the name is of another pattern."""
    for index, word in enumerate(words[:-1]):
        if word.lower() in _KINDS:
            before = words[:index]
            adjectives = before and all(w.lower().endswith(_ADJECTIVE_ENDINGS) for w in before)
            tail = words[-1].lower() in _NOUNS.values() and words[-1].lower() not in _NOUNS  # «края», «области»
            return index + 1 if adjectives and tail else 0
    return 0


def _city(words: list[str], case: _Case) -> list[str]:
    """The name after «город»: a federal city declined as official style writes it («города Москвы», «городу
    Санкт-Петербургу»), another kept as written («города Кедровск»)."""
    federal = case.cities.get(" ".join(words).lower().replace("ё", "е"))
    return [federal] if federal else words


def _declined(name: str, case: _Case) -> str:
    """The walk `genitive` and `dative` share: a region of two names, both; a city after «город», the federal
    ones declined; a municipality whose kind is followed by its region, up to the kind; «городской округ город …»,
    the kind; a name ending in its kind, every word; a republic, the word «Республика» alone. Names of another
    pattern are left as they are."""
    double = _DOUBLE_NAME.search(name)
    if double and name.split()[0].lower() != "республика" and len(name[double.end() :].split()) == 1:
        head, tail = name[: double.start()], name[double.end() :].strip()
        return f"{_declined(head, case)}{double.group()}{_declined_proper(tail, case)}"
    words = name.split()
    if not words:
        return name
    if words[0].lower() in ("город", "г.") and len(words) > 1:
        return " ".join([case.nouns["город"], *_city(words[1:], case)])
    if len(words) == 1 and words != _city(words, case):  # «Москва» named without «город»
        return _city(words, case)[0]
    declined = _kind_before_tail(words)
    if declined:  # «Северо-Енисейский муниципальный округ Красноярского края»: the tail is a genitive already
        return " ".join([*(_declined_word(w, case) for w in words[:declined]), *words[declined:]])
    kind_first = len(words) > 2 and words[1].lower() in _KINDS
    if kind_first and words[0].lower().endswith(("ой", "ый", "ий", "ое")) and words[-1].lower() not in _NOUNS:
        # «городской округ город Кедровск», «сельское поселение Ключи»: the kind declines, the name after it not
        return " ".join([_declined_word(words[0].lower(), case), _declined_word(words[1].lower(), case), *words[2:]])
    if words[-1].lower() not in _NOUNS and words[0].lower() != "республика":
        return name
    if words[0].lower() == "республика":
        return " ".join([case.nouns["республика"].capitalize(), *words[1:]])
    return " ".join(_declined_word(w, case) for w in words)


def genitive(name: str) -> str:
    """«Таёжный муниципальный район» → «Таёжного муниципального района»; «город Кедровск» → «города
    Кедровск» (a proper noun after «город» stays as written), but a federal city as official style declines it,
    «город Москва» → «города Москвы»; a region of two names, both («Ханты-Мансийский автономный округ — Югра» →
    «Ханты-Мансийского автономного округа — Югры»), but a republic's name after «Республики» as it is written.
    Names of another pattern are left as they are."""
    return _declined(name, _GENITIVE)


def dative(name: str) -> str:
    """The dative after «по», as `genitive` declines the genitive: «по Красноярскому краю», «по Кедровской области»,
    «по Республике Татарстан», «по Ханты-Мансийскому автономному округу — Югре», «по городу Москве», never «по
    Красноярского края»; names of another pattern are left as they are."""
    return _declined(name, _DATIVE)


def municipality_authority(name: str) -> str:
    return f"Управление образования администрации {genitive(name)}"


def region_authority(name: str) -> str:
    return f"Министерство образования {genitive(name)}"


def authority_genitive(kind: str, name: str) -> str:
    """The education body in the genitive, as «Приложение к приказу …» and «приказом …» read it."""
    if kind == "municipality":
        return f"Управления образования администрации {genitive(name)}"
    return f"Министерства образования {genitive(name)}"


def head_post(kind: str, name: str) -> str:
    """The post of the head who signs for the education body of a territory."""
    if kind == "municipality":
        return f"Начальник Управления образования администрации {genitive(name)}"
    return f"Министр образования {genitive(name)}"


@dataclass
class Territory:
    """The territory a report covers, as the caller's scope shows it."""

    kind: str  # region, municipality, all
    code: str | None
    name: str
    region_code: str | None
    region_name: str | None
    municipalities: dict[str, str] = field(default_factory=dict)  # code → name, inside the territory

    @property
    def authority(self) -> str:
        if self.kind == "municipality":
            return municipality_authority(self.name)
        if self.kind == "region":
            return region_authority(self.name)
        return "Органы управления образованием"


def territories(identification: RemoteService) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = identification.get(f"{IDENTIFICATION}/territories")
    return found


def resolve_territory(identification: RemoteService, code: str | None) -> Territory:
    """The territory of a code (a region or municipality visible to the caller); without a code, the
    caller's whole scope: one municipality, one region, or everything it sees."""
    regions = territories(identification)
    if code is None:
        if len(regions) == 1:
            region = regions[0]
            names = {m["code"]: m["name"] for m in region["municipalities"]}
            if len(names) == 1:
                (m_code, m_name) = next(iter(names.items()))
                return Territory("municipality", m_code, m_name, region["code"], region["name"], names)
            return Territory("region", region["code"], region["name"], region["code"], region["name"], names)
        names = {m["code"]: m["name"] for r in regions for m in r["municipalities"]}
        return Territory("all", None, "Все территории", None, None, names)
    for region in regions:
        names = {m["code"]: m["name"] for m in region["municipalities"]}
        if region["code"] == code:
            return Territory("region", region["code"], region["name"], region["code"], region["name"], names)
        if code in names:
            return Territory("municipality", code, names[code], region["code"], region["name"], {code: names[code]})
    raise OporaError(
        f"Территория с кодом «{code}» не найдена в пределах вашего доступа", code="out_of_scope", status_code=403
    )


def municipality_names(identification: RemoteService) -> dict[str, str]:
    return {m["code"]: m["name"] for r in territories(identification) for m in r["municipalities"]}


# --- reading ----------------------------------------------------------------------------------------


def pages(service: RemoteService, path: str, params: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
    """Every item of a paginated list, page by page (`per_page` = 500)."""
    page = 1
    while True:
        answer = service.get(path, {**(params or {}), "page": page, "per_page": PER_PAGE})
        items = answer["items"]
        yield from items
        if not items or page * PER_PAGE >= answer["total"]:
            return
        page += 1


def fetch_all(service: RemoteService, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return list(pages(service, path, params))


def party_names(parties: list[dict[str, Any]]) -> str:
    """«Бабкина Н.А., Руководители ОУ»: each name once (a person picked from the directory and typed again, spaced
    another way, is one person), as first written (a post on its own line stays there), in the plan's order."""
    names: dict[str, str] = {}
    for party in parties:
        name = str(party.get("name") or "").strip()
        if name:
            names.setdefault(" ".join(name.split()), name)
    return ", ".join(names.values())


def distinct_texts(texts: list[str]) -> list[str]:
    """Each text once, in its first spelling: «Рост доли» and «рост  доли.» typed twice into a plan (a planned
    result repeated by an import) are one sentence, never printed one after the other; blank texts left out."""
    seen: dict[str, str] = {}
    for text in texts:
        spaced = " ".join(str(text or "").split())
        if spaced:
            seen.setdefault(spaced.rstrip(".;").casefold().replace("ё", "е"), spaced)
    return list(seen.values())


# --- plans --------------------------------------------------------------------------------------------


def plan_authority(plan: dict[str, Any]) -> str:
    """Who issues and approves a plan: the school itself, or the education body of its territory."""
    if plan["owner_kind"] == "school":
        return str(plan["owner_label"])
    if plan.get("municipality_code"):
        return municipality_authority(plan["owner_label"])
    return region_authority(plan["owner_label"])


def _plan_territory_kind(plan: dict[str, Any]) -> str:
    return "municipality" if plan.get("municipality_code") else "region"


def plan_approver(plan: dict[str, Any]) -> str:
    """Who approves a plan, in the genitive, as «УТВЕРЖДЕНО приказом …» and «Приложение к приказу …» read."""
    if plan["owner_kind"] == "school":
        return str(plan["owner_label"])  # «МБОУ «СОШ № 1»»: a school's name does not decline
    return authority_genitive(_plan_territory_kind(plan), plan["owner_label"])


def plan_head_post(plan: dict[str, Any]) -> str:
    """Who signs a note on a plan by default: the school's director or the head of the territory's body."""
    if plan["owner_kind"] == "school":
        return f"Директор {plan['owner_label']}"
    return head_post(_plan_territory_kind(plan), plan["owner_label"])


# --- signed documents ----------------------------------------------------------------------------------

BLANK_SIGNATORY = "____________________"


def signature(params: ReportParams, default_post: str) -> Signature:
    """The signature from the report's parameters: the post (default: the head of the body), the name (default:
    a line to sign over) and «Исп.: name, тел. …» when given."""
    executor_parts = [params.executor_name, f"тел. {params.executor_phone}" if params.executor_phone else None]
    executor = ", ".join(part for part in executor_parts if part)
    return Signature(
        post=params.signatory_post or default_post,
        name=params.signatory_name or BLANK_SIGNATORY,
        executor=f"Исп.: {executor}" if executor else None,
    )


def registration_or_appendix(params: ReportParams, authority: str) -> tuple[AppendixTo | None, Registration | None]:
    """«Приложение к приказу <authority, genitive> от … № …» when the note is an order's appendix, else the note's
    own registration «от … № …»; what is not given is left blank to fill in by hand."""
    if params.as_order_appendix:
        return AppendixTo(authority=authority, order_number=params.order_number, order_date=params.order_date), None
    return None, Registration(number=params.registration_number, registered_on=params.registration_date)


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def ru_dates_in(text: str) -> str:
    """Free text with every ISO date («2023-09-04») written as people read it («04.09.2023»)."""
    return ISO_DATE.sub(lambda m: f"{m[3]}.{m[2]}.{m[1]}", text)


_TYPED_SCHOOL_YEAR = re.compile(r"(?<![\d/.–-])(?<!№)(?<!№ )((?:19|20)\d\d)\s*[/–]\s*((?:19|20)?\d\d)(?![\d/.–-])")


def school_years_in(text: str) -> str:
    """Free text with a school year typed another way («2024/2025», «2024–25») written as every school year of the
    document, «2024-2025»; a pair of numbers that is no school year («2024/2026», «№ 2024/2025») is left as typed."""
    return _TYPED_SCHOOL_YEAR.sub(lambda m: parse_school_year(f"{m[1]}-{m[2]}") or m[0], text)


_SHORT_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.,]?\d)")


def full_dates_in(text: str) -> str:
    """Free text with a date typed without its leading zeros («1.09.2025», «5.3.2025») written as every date of the
    document («01.09.2025»); a pair of numbers that is no date («31.2.2025») is left as typed."""

    def padded(found: re.Match[str]) -> str:
        day, month, year = (int(part) for part in found.groups())
        try:
            return date(year, month, day).strftime("%d.%m.%Y")
        except ValueError:
            return found[0]

    return _SHORT_DATE.sub(padded, text)


def as_document_writes(text: str) -> str:
    """Text a person typed into a plan (an activity, its deadline, its result): an ISO date («2024-09-01») written
    as every date of the document («01.09.2024»), a school year typed another way («2024/2025», «2024–25») as every
    school year of it («2024-2025»), so «в течение 2024/2025 учебного года» never stands under a subtitle that
    says «2024-2025 учебный год»; a date typed without its zeros («1.09.2025») with them («01.09.2025»); straight
    quotes as the document's («ёлочки», „лапки“ inside them: `guillemets`)."""
    return guillemets(school_years_in(full_dates_in(ru_dates_in(text))))


_OPENS_AFTER = " \t\n([{«„—–-/"


def guillemets(text: str) -> str:
    """Straight double quotes as Russian typography writes them: МБОУ "СОШ № 1" → МБОУ «СОШ № 1», a quote inside
    a quote as „лапки“ (план "Школа "Успех"" → план «Школа „Успех“»), inside «ёлочки» typed as such too (МБОУ «СОШ
    "Гимназия"» → МБОУ «СОШ „Гимназия“»). A quote is an opening one at the start or after a space or a bracket, a
    closing one elsewhere; text whose straight quotes do not pair so (an inch: 5") is kept."""
    if '"' not in text:
        return text
    out: list[str] = []
    open_quotes: list[str] = []  # the quotes open at this point: «ёлочки» typed («), straight ones (")
    for index, char in enumerate(text):
        if char == "«":
            open_quotes.append(char)
        elif char == "»" and open_quotes:
            if open_quotes.pop() != "«":
                return text  # «…"…» : a straight quote left open inside
        elif char == '"' and (index == 0 or text[index - 1] in _OPENS_AFTER):
            out.append("„" if open_quotes else "«")
            open_quotes.append(char)
            continue
        elif char == '"':
            if not open_quotes or open_quotes.pop() != '"':
                return text
            out.append("“" if open_quotes else "»")
            continue
        out.append(char)
    return "".join(out) if '"' not in open_quotes else text


def methodist_paragraphs(text: str | None) -> list[Paragraph]:
    """Text the methodist adds (`preamble`, `extra_text`): a paragraph per blank-line-separated part, an ISO date
    typed into it («2024-09-01») written as every date of the document («01.09.2024»), a school year «2024/2025» as
    every school year of it («2024-2025»)."""
    parts = [part.strip() for part in (text or "").split("\n\n") if part.strip()]
    return [Paragraph(text=as_document_writes(part)) for part in parts]


def school_year_text(value: Any) -> str:
    """A school year as every document writes it, «2024-2025», whichever way the data spelt it («2024/2025»,
    «2024–25»); text that is no school year is kept as it is."""
    text = str(value or "").strip()
    return parse_school_year(text) or text


def plan_period(plan: dict[str, Any]) -> str:
    """«2024-2025 учебный год»; a plan of whole calendar years «2025 год», «2025–2027 годы» (as a programme's title
    names them, not «01.01.2025 – 31.12.2025»); any other period its dates."""
    if plan.get("school_year"):
        return f"{school_year_text(plan['school_year'])} учебный год"
    start, end = plan["period_start"], plan["period_end"]
    if start and end:
        first, last = (date.fromisoformat(v[:10]) if isinstance(v, str) else v for v in (start, end))
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year <= last.year:
            return f"{first.year} год" if first.year == last.year else f"{first.year}–{last.year} годы"
    return date_range(start, end)


GENERIC_PLAN_KINDS = {"другой план"}
"""Kinds that are the catalogue's «anything else» rather than the name of a document: the subtitle leaves them out."""


def plan_subtitle(plan: dict[str, Any]) -> str:
    """«Муниципальная дорожная карта; Таёжный муниципальный район; 2024-2025 учебный год», but a plan of the kind
    «Другой план» — the catalogue's word for the rest, no name of a document — without it: an order's appendix
    headed «Другой план; …» reads as a form left half filled."""
    kind = " ".join(str(plan.get("kind_label") or "").split())
    parts = [kind] if kind and kind.casefold() not in GENERIC_PLAN_KINDS else []
    return "; ".join([*parts, str(plan["owner_label"]), plan_period(plan)])


def plan_title(plan: dict[str, Any]) -> str:
    """The plan's name as its documents print it: a school year or a date typed into it written as the subtitle
    under it writes them («… на 2024-2025 учебный год» over «…; 2024-2025 учебный год», never «2024/2025» over
    «2024-2025»)."""
    return as_document_writes(" ".join(str(plan["title"]).split()))


_PLAN_NOUNS = {"план": "", "программа": "а", "карта": "а"}  # the ending «утверждён» takes after the kind's noun


def plan_status_label(plan: dict[str, Any]) -> str:
    """The plan's state beside its kind, the participle agreeing with the kind's noun: «утверждена» of a
    «Антирисковая программа» or a «Муниципальная дорожная карта», «утверждён» of a «План наставничества»."""
    status = str(plan.get("status") or "")
    if status != "approved":
        return PLAN_STATUS_LABELS.get(status, status)
    words = re.findall(r"[^\W\d_]+", str(plan.get("kind_label") or "").casefold())
    ending = next((_PLAN_NOUNS[w] for w in words if w in _PLAN_NOUNS), "")
    return f"утвержден{ending}" if ending else PLAN_STATUS_LABELS[status]


def plan_basis(plan: dict[str, Any]) -> str:
    """«утверждён приказом Управления образования … от 02.09.2024 № 57-од» or the plan's state."""
    if plan.get("order_number") and plan.get("order_date"):
        text = f"утверждён приказом {plan_approver(plan)}{order_details(plan['order_date'], plan['order_number'])}"
        return text + (" (версия в архиве)" if plan["status"] == "archived" else "")
    return "не утверждён (черновик)" if plan["status"] == "draft" else PLAN_STATUS_LABELS.get(plan["status"], "")


_OWN_NUMBER_WORDS = "раздел|направление|трек|блок|этап|модуль|задача|глава|часть"


def _names_its_number(title: str, number: str) -> bool:
    """A title that carries its section's number itself: «Трек 1 - …», «Раздел 2. …», «Блок 3 Методическая
    помощь», or one opening with a figure («2021 год», «3. Мониторинг»); a number inside the words («Мониторинг
    1-4 классов», «Мониторинг 1 раз в месяц») is no number of the section."""
    if title[:1].isdigit():
        return True
    n = re.escape(number)
    own = rf"^(?:{_OWN_NUMBER_WORDS})\s+№?\s*{n}(?!\d)|^[^\W\d_]+\s+№?\s*{n}(?:\s*[.:)]|\s+[-–—]|$)"
    return re.match(own, title, re.IGNORECASE) is not None


def section_number(section: dict[str, Any]) -> str:
    """The section's number as printed, «1» whether typed «1», «1.» or «1)»."""
    return str(section.get("number") or "").strip().rstrip(".)").strip()


def _number_of_activities(section: dict[str, Any]) -> str:
    """The number all the section's activities are numbered under («3» of «3.1», «3.2»), or nothing."""
    numbers = [str(a.get("number") or "").strip() for a in section.get("activities") or []]
    heads = {n.split(".", 1)[0] for n in numbers if re.fullmatch(r"\d+\.\d+(\.\d+)*\.?", n)}
    return heads.pop() if len(heads) == 1 and all(numbers) else ""


def numbered_sections(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan's sections, one the plan gives no number numbered as its activities are («3.1», «3.2»: section 3)
    when no other section has that number: the heading reads as the activities under it."""
    typed = [section_number(s) for s in sections]
    guessed = [number or _number_of_activities(s) for number, s in zip(typed, sections, strict=True)]
    seen = Counter(guessed)
    return [
        s | {"number": g} if not t and g and seen[g] == 1 else s
        for s, t, g in zip(sections, typed, guessed, strict=True)
    ]


def section_heading(section: dict[str, Any]) -> str:
    """«2. Методическое сопровождение»; a title that names its number itself («Трек 1 - …», «2021 год» of
    section 1) is printed as written (`_names_its_number`)."""
    number, title = section_number(section), " ".join(str(section["title"]).split())
    if not number or _names_its_number(title, number):
        return title
    return f"{number}. {title}"
