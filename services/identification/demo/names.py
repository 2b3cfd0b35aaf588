"""Invented place and school names for the demo region.

Every name is composed from generic Russian stems: the region, its towns and its schools are fictional.
Generic village names (Ключи, Берёзовка) exist all over the country, which is the point — nothing here
identifies a real school.
"""

from __future__ import annotations

import numpy as np

from services.identification.registry.models import normalize_name

REGION_NAMES = (
    "Приозёрная область",
    "Северо-Кедровская область",
    "Верхнеборская область",
    "Тихореченская область",
    "Заозёрская область",
)

# Adjectives naming a municipal district ("… муниципальный район"); prefixes multiply them.
DISTRICT_STEMS = (
    "Заречный", "Кедровский", "Ключевской", "Сосновский", "Каменский", "Боровской", "Луговской",
    "Родниковский", "Таёжный", "Лесной", "Туманский", "Ручейский", "Яровской", "Ольховский",
    "Рябиновский", "Калиновский", "Осиновский", "Липовский", "Вишнёвский", "Черёмуховский", "Брусничный",
    "Клюквенский", "Медвежинский", "Лосинский", "Соболевский", "Журавлёвский", "Лебяжинский",
    "Глухаринский", "Тетеревский", "Голубицкий", "Светлоярский", "Тихореченский", "Быстринский",
    "Студёновский", "Ледянский", "Зорянский", "Подгорный", "Загорский", "Приозёрный", "Приречный",
    "Прибрежный", "Полянский", "Долинский", "Увальский", "Яружский", "Белоключевской", "Сухореченский",
    "Кедроборский", "Озёрновский", "Ельниковский", "Пихтовский", "Хвойнинский", "Мшанский", "Болотнинский",
    "Гривенский", "Камышинский", "Тальниковский", "Ивнянский", "Берестовский", "Дубравинский",
)  # fmt: skip
DISTRICT_PREFIXES = (
    "Верхне", "Нижне", "Ново", "Старо", "Северо-", "Южно-", "Западно-", "Восточно-", "Средне", "Мало",
    "Больше", "Красно", "Бело", "Тихо", "Светло", "Дальне", "Сухо", "Черно", "Ясно", "Усть-",
)  # fmt: skip

TOWN_NAMES = (
    "Северогорск", "Кедрогорск", "Тихореченск", "Озёрнинск", "Ключегорск", "Сосногорье", "Бореченск",
    "Ледогорск", "Яроозёрск", "Светлоборск", "Каменноборск", "Нижнекедровск", "Верхнеключинск",
    "Староборск", "Новоозёрнинск", "Заречинск", "Ольхоборск", "Рябинск-Северный", "Туманогорск",
    "Лосегорск", "Родниковск", "Журавлинск", "Пихтогорск", "Студёноборск",
)  # fmt: skip
TOWN_PREFIXES = (
    "Северо", "Южно", "Ново", "Старо", "Верхне", "Нижне", "Кедро", "Сосно", "Ледо", "Тумано", "Ольхо",
    "Рябино", "Камыше", "Ельно", "Пихто", "Ясно",
)  # fmt: skip
TOWN_ROOTS = ("горск", "реченск", "озёрск", "дольск", "борск", "польск", "бережск", "ключинск", "ярск", "лесск")
# Combinations that happen to name real towns are left out.
REAL_TOWNS = frozenset({"Североморск", "Новоозёрск", "Ясногорск", "Нижнеудинск", "Новоборск", "Сосногорск"})

# Village names with their grammatical gender: f, n, pl (settled names), m (посёлки).
VILLAGE_BASES: dict[str, tuple[str, ...]] = {
    "f": (
        "Берёзовка", "Сосновка", "Каменка", "Ольховка", "Липовка", "Калиновка", "Рябиновка", "Осиновка",
        "Малиновка", "Ивановка", "Петровка", "Михайловка", "Александровка", "Знаменка", "Покровка",
        "Вязовка", "Дубровка", "Луговка", "Полянка", "Кедровка", "Травянка", "Ключевка", "Журавлёвка",
        "Лебедёвка", "Соколовка", "Усть-Каменка", "Усть-Ольховка", "Усть-Вязовка", "Кельмушка", "Тымсарка",
    ),
    "n": (
        "Заозёрье", "Приречье", "Залесье", "Подгорье", "Займище", "Никольское", "Покровское", "Троицкое",
        "Успенское", "Раздольное", "Привольное", "Луговое", "Озёрное", "Кедровое", "Ильинское", "Спасское",
        "Петровское", "Юрьевское",
    ),
    "pl": (
        "Ключи", "Выселки", "Дворики", "Пески", "Горки", "Полянки", "Ручьи", "Броды", "Мосты", "Лужки",
        "Бугры", "Холмы", "Елани", "Кочёвки",
    ),
    "m": (
        "Лесной", "Таёжный", "Кедровый", "Рудничный", "Заречный", "Светлый", "Северный", "Приозёрный",
        "Солнечный", "Первомайский", "Октябрьский", "Сосновый", "Речной", "Горный", "Снежный", "Ключевой",
        "Кечеул", "Арсыгай", "Тунгусбай", "Эльгешский", "Беркет-Ключевской", "Уньюганский",
    ),
}  # fmt: skip
GENDER_PREFIXES: dict[str, tuple[str, ...]] = {
    "f": ("Новая", "Старая", "Верхняя", "Нижняя", "Малая", "Большая", "Красная"),
    "n": ("Новое", "Старое", "Верхнее", "Нижнее", "Малое", "Большое", "Красное"),
    "pl": ("Новые", "Старые", "Верхние", "Нижние", "Малые", "Большие", "Красные"),
    "m": ("Новый", "Старый", "Верхний", "Нижний", "Малый", "Большой", "Красный"),
}

SETTLEMENT_ABBREVIATIONS = {"город": "г.", "посёлок": "п.", "село": "с.", "деревня": "д."}
SETTLEMENT_GENITIVES = {"город": "города", "посёлок": "посёлка", "село": "села", "деревня": "деревни"}
LEGAL_FORMS_FULL = {
    "МБОУ": "Муниципальное бюджетное общеобразовательное учреждение",
    "МКОУ": "Муниципальное казённое общеобразовательное учреждение",
    "МАОУ": "Муниципальное автономное общеобразовательное учреждение",
}
SCHOOL_KINDS_FULL = {
    "СОШ": "Средняя общеобразовательная школа",
    "ООШ": "Основная общеобразовательная школа",
    "НОШ": "Начальная общеобразовательная школа",
    "лицей": "Лицей",
    "гимназия": "Гимназия",
    "ОШИ": "Общеобразовательная школа-интернат",
}


def region_name(rng: np.random.Generator) -> str:
    return str(REGION_NAMES[int(rng.integers(len(REGION_NAMES)))])


def _numbered(pool: list[str], count: int, sep: str) -> list[str]:
    """The pool, then the pool again with a number, until `count` unique names exist (benchmark sizes)."""
    pool = list(dict.fromkeys(pool))  # prefix + stem can rebuild another stem (Бело + ключевской)
    names = list(pool)
    round_ = 2
    while len(names) < count:
        names += [f"{name}{sep}{round_}" for name in pool]
        round_ += 1
    return names[:count]


def district_names(rng: np.random.Generator, count: int) -> list[str]:
    """Unique district adjectives: plain stems first (a small region reads naturally), then prefixed."""
    plain = [DISTRICT_STEMS[i] for i in rng.permutation(len(DISTRICT_STEMS))]
    prefixed = [
        prefix + (stem if prefix.endswith("-") else stem.lower())
        for prefix in DISTRICT_PREFIXES
        for stem in DISTRICT_STEMS
    ]
    prefixed = [prefixed[i] for i in rng.permutation(len(prefixed))]
    return _numbered(plain + prefixed, count, "-")


def town_names(rng: np.random.Generator, count: int) -> list[str]:
    """Unique invented town names."""
    plain = [TOWN_NAMES[i] for i in rng.permutation(len(TOWN_NAMES))]
    composed = [p + r for p in TOWN_PREFIXES for r in TOWN_ROOTS if p + r not in REAL_TOWNS]
    composed = [n for n in composed if n not in TOWN_NAMES]
    composed = [composed[i] for i in rng.permutation(len(composed))]
    return _numbered(plain + composed, count, "-")


def _village_pool() -> tuple[list[str], list[str], np.ndarray]:
    names: list[str] = []
    genders: list[str] = []
    weights: list[float] = []
    for gender, bases in VILLAGE_BASES.items():
        for base in bases:
            names.append(base)
            genders.append(gender)
            weights.append(6.0)
            for prefix in GENDER_PREFIXES[gender]:
                if "-" not in base:
                    names.append(f"{prefix} {base}")
                    genders.append(gender)
                    weights.append(1.0)
    weight_array = np.asarray(weights)
    return names, genders, weight_array / weight_array.sum()


VILLAGE_POOL, VILLAGE_GENDERS, VILLAGE_WEIGHTS = _village_pool()
MASCULINE = np.flatnonzero(np.asarray(VILLAGE_GENDERS) == "m")


def village_names(rng: np.random.Generator, count: int, centre_posyolok: bool) -> list[tuple[str, str]]:
    """`count` distinct (name, gender) of one municipality; the first is masculine when it names a посёлок."""
    taken: list[int] = []
    if centre_posyolok:
        weights = VILLAGE_WEIGHTS[MASCULINE] / VILLAGE_WEIGHTS[MASCULINE].sum()
        taken.append(int(rng.choice(MASCULINE, p=weights)))
    rest = count - len(taken)
    if rest > 0:
        weights = VILLAGE_WEIGHTS.copy()
        weights[taken] = 0.0
        size = min(rest, int(np.count_nonzero(weights)))
        taken += [int(i) for i in rng.choice(len(VILLAGE_POOL), size=size, replace=False, p=weights / weights.sum())]
    pairs = [(VILLAGE_POOL[i], VILLAGE_GENDERS[i]) for i in taken]
    return _numbered_pairs(pairs, count)


def _numbered_pairs(pairs: list[tuple[str, str]], count: int) -> list[tuple[str, str]]:
    """Huge municipalities run out of distinct names: repeat them with a number (Ключи 2)."""
    names = [name for name, _ in pairs]
    genders = [gender for _, gender in pairs]
    numbered = _numbered(names, count, " ")
    return [(name, genders[i % len(genders)]) for i, name in enumerate(numbered)]


def settlement_label(kind: str, name: str) -> str:
    """`с. Ключи`, `г. Северогорск`."""
    return f"{SETTLEMENT_ABBREVIATIONS[kind]} {name}"


def school_short_name(legal_form: str, kind: str, number: int, settlement_kind: str, settlement: str) -> str:
    """`МБОУ СОШ № 2 с. Ключи`; no number when the school is the only one of its settlement."""
    numbered = f"{kind} № {number}" if number else kind
    return f"{legal_form} {numbered} {settlement_label(settlement_kind, settlement)}"


def school_full_name(legal_form: str, kind: str, number: int, settlement_kind: str, settlement: str) -> str:
    """`Муниципальное бюджетное общеобразовательное учреждение "Средняя общеобразовательная школа № 2 с. Ключи"`."""
    title = SCHOOL_KINDS_FULL[kind] + (f" № {number}" if number else "")
    return f'{LEGAL_FORMS_FULL[legal_form]} "{title} {settlement_label(settlement_kind, settlement)}"'


def _drop_letter(word: str, position: float) -> str:
    """Уньюганский → Уньганский: one inner letter lost, as in real exports."""
    inner = [i for i, ch in enumerate(word) if 0 < i < len(word) - 1 and ch.isalpha()]
    if len(word) < 5 or not inner:
        return word
    i = inner[int(position * len(inner))]
    return word[:i] + word[i + 1 :]


def alias_variants(
    short_name: str, legal_form: str, settlement_kind: str, settlement: str, draws: np.ndarray
) -> list[str]:
    """Spelling variants of a school's short name that stay distinct once compared (see `normalize_name`).

    `draws` holds three uniform numbers: which variants to make and where a letter drops.
    """
    label = settlement_label(settlement_kind, settlement)
    candidates: list[str] = []
    if draws[0] < 0.6:
        candidates.append(short_name.replace(settlement, _drop_letter(settlement, float(draws[2]))))
    if "-" in settlement:
        joined = settlement.split("-")[0] + settlement.split("-", 1)[1].lower()
        candidates.append(short_name.replace(settlement, joined))
    if draws[1] < 0.4:
        candidates.append(short_name.replace(label, f"{SETTLEMENT_GENITIVES[settlement_kind]} {settlement}"))
    elif draws[1] < 0.7:
        candidates.append("МОУ" + short_name[len(legal_form) :])
    seen = {normalize_name(short_name)}
    variants = []
    for candidate in candidates:
        key = normalize_name(candidate)
        if key not in seen:
            seen.add(key)
            variants.append(candidate)
    return variants
