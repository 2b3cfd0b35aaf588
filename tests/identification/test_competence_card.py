"""The «5К» card's arithmetic by hand: levels at the boundaries, a missing rater, a blank criterion."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pydantic import ValidationError

from services.identification.competence.card import (
    FIVE_K,
    SELF,
    CardDefinition,
    Competence,
    Criterion,
    others_mean,
    percent,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

K1 = ["K1.1", "K1.2", "K1.3", "K1.4", "K1.5"]


def test_the_card_of_seed_002() -> None:
    assert [c.code for c in FIVE_K.competences] == ["K1", "K2", "K3", "K4", "K5"]
    assert len(FIVE_K.criterion_codes()) == 16
    assert [r.title for r in FIVE_K.raters] == ["Самооценка", "Руководитель ШМО", "Заместитель директора по УВР"]
    assert FIVE_K.maximum == 2


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, "critical"),
        (69, "critical"),
        (Fraction(6999, 100), "critical"),
        (70, "sufficient"),
        (79, "sufficient"),
        (Fraction(7999, 100), "sufficient"),
        (80, "optimal"),
        (100, "optimal"),
    ],
)
def test_levels_at_the_boundaries(value: int | Fraction, level: str) -> None:
    assert FIVE_K.level(Fraction(value)).code == level


def test_percent_of_a_fifty_criteria_card_at_69_70_79_80() -> None:
    card = FIVE_K.model_copy(
        update={
            "competences": [
                Competence(code="A", title="Всё", criteria=[Criterion(code=f"c{i}", title=f"к{i}") for i in range(50)])
            ]
        }
    )
    codes = card.criterion_codes()
    for total, level in ((69, "critical"), (70, "sufficient"), (79, "sufficient"), (80, "optimal")):
        given = {code: 2 for code in codes[: total // 2]} | ({codes[total // 2]: 1} if total % 2 else {})
        given |= {code: 0 for code in codes if code not in given}
        value = percent({SELF: given}, codes, card.maximum)
        assert value == total and card.level(value).code == level


def test_a_missing_rater_counts_neither_score_nor_maximum() -> None:
    scores = {SELF: dict.fromkeys(K1, 2), "shmo_head": dict(zip(K1, [2, 2, 1, 1, 1], strict=True))}
    assert percent(scores, K1, 2) == Fraction(17 * 100, 20)  # 85 %, the deputy absent
    assert percent(scores, K1, 2, ["shmo_head"]) == 70
    assert percent(scores, K1, 2, ["deputy"]) is None
    assert others_mean(scores, K1, 2) == 70  # self 100 % against the others' 70 %: +30 points
    blank = {"shmo_head": {"K1.1": 2, "K1.2": 2, "K1.3": 2, "K1.4": 1}}
    assert percent(blank, K1, 2) == Fraction(700, 8)  # 87.5 %: the blank criterion is left out


def test_a_card_with_repeated_codes_or_no_zero_level_is_refused() -> None:
    data = FIVE_K.model_dump()
    data["competences"][1]["criteria"][0]["code"] = "K1.1"
    with pytest.raises(ValidationError, match="критериев"):
        CardDefinition(**data)
    data = FIVE_K.model_dump()
    data["levels"] = [{"code": "ok", "label": "норма", "from_percent": 50}]
    with pytest.raises(ValidationError, match="0 %"):
        CardDefinition(**data)
