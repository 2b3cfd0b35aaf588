"""Russian words for numbers: the one helper every service's sentences use."""

from __future__ import annotations

import pytest

from services.reports.documents.common import by_schools, counted, of_schools, schools
from services.shared.vocabulary import plural

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (0, "0 школ"), (1, "1 школа"), (2, "2 школы"), (4, "4 школы"), (5, "5 школ"), (11, "11 школ"),
        (12, "12 школ"), (14, "14 школ"), (21, "21 школа"), (22, "22 школы"), (101, "101 школа"), (111, "111 школ"),
        (112, "112 школ"), (1000, "1000 школ"),
    ],
)  # fmt: skip
def test_a_number_takes_the_form_its_last_digits_ask_for(count: int, words: str) -> None:
    assert plural(count, "школа", "школы", "школ") == words


def test_after_a_preposition_the_forms_are_the_genitive_ones() -> None:
    """«из 1 строки», «из 3 строк», «из 21 строки»: the caller passes the case the sentence needs."""
    assert [plural(n, "строки", "строк", "строк") for n in (1, 3, 21)] == ["1 строки", "3 строк", "21 строки"]


@pytest.mark.parametrize(
    ("count", "nominative", "genitive", "dative", "participle"),
    [
        (1, "1 школа", "1 школы", "1 школе", "отнесена 1 школа"),
        (3, "3 школы", "3 школ", "3 школам", "отнесено 3 школы"),
        (11, "11 школ", "11 школ", "11 школам", "отнесено 11 школ"),
        (51, "51 школа", "51 школы", "51 школе", "отнесена 51 школа"),
        (103, "103 школы", "103 школ", "103 школам", "отнесено 103 школы"),
        (111, "111 школ", "111 школ", "111 школам", "отнесено 111 школ"),
    ],
)
def test_the_documents_count_schools_in_every_case(
    count: int, nominative: str, genitive: str, dative: str, participle: str
) -> None:
    """«К ШНОР отнесена 51 школа», «из 103 школ списка», «по 21 школе»: the note's sentences agree with the count."""
    assert (schools(count), of_schools(count), by_schools(count)) == (nominative, genitive, dative)
    assert counted(count, "отнесен") == participle
