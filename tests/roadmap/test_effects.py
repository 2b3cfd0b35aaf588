"""«Что работает» through HTTP: approved lists of two years, programmes drafted from the first, some measures
completed, and the comparison read back and recomputed by hand from the outcomes identification answers."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from difflib import SequenceMatcher
from random import Random
from typing import Any

import docx
import pytest

from services.reports.documents.builders import BUILDERS
from services.reports.documents.model import Table
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources
from services.reports.rendering.render import render
from services.roadmap.effects.demo import seed_effects_story
from services.roadmap.effects.repository import SIMILARITY, TemplateMatcher, normalise
from services.shared.remote import RemoteService
from tests.conftest import Stack
from tests.support import render_report

RUNS = "/api/identification/runs"
EFFECTS = "/api/roadmap/effects"
YEAR = "2022-2023"


def _approve(stack: Stack, school_year: str) -> None:
    headers = stack.auth("regional_analyst")
    run = stack.gateway.post(RUNS, json={"school_year": school_year}, headers=headers)
    assert run.status_code == 201, run.text
    approved = stack.gateway.post(
        f"{RUNS}/{run.json()['id']}/approve", json={"order_number": "1-о", "order_date": "2024-06-01"}, headers=headers
    )
    assert approved.status_code == 200, approved.text


@pytest.fixture(scope="module")
def measures(stack: Stack) -> dict[str, Any]:
    """Both years approved, then the demo story: programmes for 2023-2024 drafted from the first list, and three
    measures planted — a known effect (done by the half whose share fell most), none (every other school in the
    order of the change), three schools only; one piece of evidence on the first."""
    _approve(stack, YEAR)
    _approve(stack, "2023-2024")
    story = seed_effects_story(stack.gateway, "demo")
    assert len(story.completed[1]) >= 6
    headers = stack.auth("regional_analyst")
    first = stack.gateway.get(f"/api/roadmap/plans/{story.plans[story.completed[0][0]]}", headers=headers).json()
    link = stack.gateway.post(
        f"/api/roadmap/activities/{first['sections'][0]['activities'][0]['id']}/evidence",
        data={"title": "Протокол", "url": "https://example.org/protocol"},
        headers=headers,
    )
    assert link.status_code == 201, link.text
    return {"done": story.completed, "titles": story.titles, "schools": sorted(story.plans)}


def _by_hand(outcomes: list[dict[str, Any]], done: set[str]) -> tuple[float, int, int]:
    """The stratified difference, computed here independently: strata by category and band of the share."""
    strata: dict[tuple[str, int], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for s in outcomes:
        if s["fail_share_before"] is None or s["fail_share_change"] is None:
            continue
        band = (s["fail_share_before"] >= 0.2) + (s["fail_share_before"] >= 0.4)
        strata[(s["categories_before"][0], band)][0 if s["school_code"] in done else 1].append(s["fail_share_change"])
    usable = [(d, o) for d, o in strata.values() if d and o]
    weight = sum(len(d) for d, _ in usable)
    effect = sum(len(d) * (sum(d) / len(d) - sum(o) / len(o)) for d, o in usable) / weight
    return effect, weight, sum(len(o) for _, o in usable)


def test_three_planted_measures_are_compared_as_computed_by_hand(stack: Stack, measures: dict[str, Any]) -> None:
    answer = stack.gateway.get(EFFECTS, params={"school_year": "2022/23"}, headers=stack.auth("regional_analyst"))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["school_year"] == YEAR and report["next_school_year"] == "2023-2024"
    assert "не доказательство" in report["method"] and "вызвал" not in report["method"]
    outcomes = stack.gateway.get(
        "/api/identification/outcomes", params={"school_year": YEAR}, headers=stack.auth("regional_analyst")
    ).json()
    rows = []
    for title, done in zip(measures["titles"], measures["done"], strict=True):
        row = next(m for m in report["measures"] if normalise(m["title"]) == normalise(title))
        rows.append(row)
        assert row["completed"] == len(done) and row["planned"] == len(measures["schools"])
        assert row["on_time"] + row["late"] == row["completed"]
        assert {s["school_code"] for s in row["schools"] if s["completed"]} == set(done)
        effect, completed, others = _by_hand(outcomes["schools"], set(done))
        assert row["effect"] == pytest.approx(effect, abs=1e-6)
        assert (row["compared_completed"], row["compared_others"]) == (completed, others)
        assert row["low"] <= row["effect"] <= row["high"]
    known, none, few = rows
    assert known["with_evidence"] == 1 and known["verdict"] == "lower" and known["high"] < 0
    assert none["low"] < 0 < none["high"] and none["verdict"] == "no_difference"
    assert abs(none["effect"]) < abs(known["effect"])
    assert few["completed"] == 3 and few["verdict"] == "too_few" and few["verdict_label"] == "мало школ для вывода"
    again = stack.gateway.get(EFFECTS, params={"school_year": YEAR}, headers=stack.auth("regional_analyst")).json()
    assert again == report  # a fixed seed


def test_a_coordinator_sees_its_municipality_only(stack: Stack, measures: dict[str, Any]) -> None:
    municipality = stack.territory["municipality"]["code"]
    local = stack.gateway.get(EFFECTS, params={"school_year": YEAR}, headers=stack.auth("municipal_coordinator"))
    assert local.status_code == 200, local.text
    schools = [s for m in local.json()["measures"] for s in m["schools"]]
    assert schools and {s["municipality_code"] for s in schools} == {municipality}
    regional = stack.gateway.get(
        EFFECTS, params={"school_year": YEAR, "municipality": municipality}, headers=stack.auth("regional_analyst")
    ).json()
    assert regional["outcomes"] == local.json()["outcomes"]


def test_only_the_listed_schools_activities_are_matched_to_the_library(
    stack: Stack, measures: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The titles of the activities of schools not on the list are never matched (over a region's 100,000
    activities that was most of the answer's time): a municipality's list matches fewer than the region's."""
    titles: list[str] = []
    matcher = TemplateMatcher.__call__

    def spied(self: TemplateMatcher, title: str) -> int | None:
        titles.append(title)
        return matcher(self, title)

    monkeypatch.setattr(TemplateMatcher, "__call__", spied)
    headers = stack.auth("regional_analyst")
    assert stack.gateway.get(EFFECTS, params={"school_year": YEAR}, headers=headers).status_code == 200
    region, titles[:] = len(titles), []
    municipality = stack.territory["municipality"]["code"]
    local = stack.gateway.get(EFFECTS, params={"school_year": YEAR, "municipality": municipality}, headers=headers)
    assert local.status_code == 200 and local.json()["measures"], local.text
    assert 0 < len(titles) < region, (len(titles), region)


def test_a_bad_year_and_an_anonymous_call(stack: Stack) -> None:
    assert (
        stack.gateway.get(EFFECTS, params={"school_year": "2022"}, headers=stack.auth("regional_analyst")).status_code
        == 422
    )
    assert stack.gateway.get(EFFECTS, params={"school_year": YEAR}).status_code == 401


def test_an_imported_title_matches_its_template_by_similarity() -> None:
    templates = {
        1: normalise("Проведение диагностики профессиональных дефицитов педагогов"),
        2: normalise("Мониторинг"),
    }
    template_of = TemplateMatcher(templates)
    assert template_of("Проведение диагностики профессиональных дефицитов педагогов.") == 1
    assert template_of("Проведение диагностики проф. дефицитов педагогов") == 1
    assert template_of("Летний лагерь") is None


def _every_ratio(title: str, templates: dict[int, str]) -> int | None:
    """The matching as it was written first: every template's full ratio, the best at SIMILARITY or above."""
    text = normalise(title)
    best, score = None, SIMILARITY
    for template_id, template_title in templates.items():
        ratio = 1.0 if text == template_title else SequenceMatcher(None, text, template_title).ratio()
        if ratio >= score:
            best, score = template_id, ratio
            if ratio == 1.0:
                break
    return best


LIBRARY = (
    "Проведение диагностики профессиональных дефицитов педагогов",
    "Диагностика профессиональных дефицитов педагогов",
    "Разработка индивидуальных образовательных маршрутов педагогов",
    "Организация наставничества для молодых педагогов",
    "Организация наставничества «педагог — педагог»",
    "Мониторинг посещаемости и успеваемости обучающихся",
    "Мониторинг",
    "Анализ результатов ВПР по математике",
    "Анализ результатов ВПР по русскому языку",
    "Курсы повышения квалификации учителей математики",
    "Курсы повышения квалификации учителей русского языка",
    "Родительское собрание по итогам четверти",
    "Формирование программы антирисковых мер",
)


def test_the_matcher_answers_what_every_full_ratio_answers() -> None:
    """Titles as plans write them (the template's, shortened, with words dropped, swapped or changed, or another
    measure): the matcher with its shortcuts picks the template that computing every ratio picks, ties included."""
    random = Random(14)
    templates = {number: normalise(title) for number, title in enumerate(LIBRARY, start=1)}
    templates[len(LIBRARY) + 1] = templates[2]  # two templates with one title: the first is the match
    titles = [*LIBRARY, "Летний лагерь", "", "Мониторинг!", "мониторинг посещаемости", "abc", "2024", "—"]
    for _ in range(1500):
        words = random.choice(LIBRARY).split()
        change = random.randrange(4)
        if change == 0 and len(words) > 1:
            del words[random.randrange(len(words))]
        elif change == 1 and len(words) > 1:
            i = random.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif change == 2:
            i = random.randrange(len(words))
            words[i] = words[i][: max(1, len(words[i]) - random.randrange(1, 6))] + "."
        else:
            words.append(random.choice(("в 2024 году", "(по плану)", "школы", "")))
        titles.append(" ".join(words))
    template_of = TemplateMatcher(templates)
    answers = [template_of(title) for title in titles]
    assert answers == [_every_ratio(title, templates) for title in titles]
    assert len({answer for answer in answers if answer is not None}) > len(LIBRARY) // 2, "the cases reach many"
    assert None in answers
    assert TemplateMatcher({})("Мониторинг") is None, "an empty library matches nothing"


def test_the_library_is_ranked_by_the_evidence_saying_on_what(stack: Stack, measures: dict[str, Any]) -> None:
    answer = stack.gateway.get(
        f"{EFFECTS}/ranking", params={"school_year": YEAR, "risk_factors": [8]}, headers=stack.auth("regional_analyst")
    )
    assert answer.status_code == 200, answer.text
    ranked = answer.json()["measures"]
    assert [m["rank"] for m in ranked] == list(range(1, len(ranked) + 1))
    assert {m["risk_factor"] for m in ranked} == {8}
    known, none, few = (normalise(t) for t in measures["titles"])
    order = [normalise(m["title"]) for m in ranked]
    assert order[0] == known and order.index(none) < order.index(few)
    assert "разность" in ranked[0]["basis"] and "интервал" in ranked[0]["basis"]
    assert "мало школ для вывода" in ranked[order.index(few)]["basis"]
    unused = [m for m in ranked if m["verdict"] == "not_applied"]
    assert all("сведений нет" in m["basis"] for m in unused)
    assert all(order.index(normalise(m["title"])) > order.index(few) for m in unused)
    assert all("вызвал" not in m["basis"] for m in ranked)
    bad = stack.gateway.get(
        f"{EFFECTS}/ranking", params={"school_year": YEAR, "category": "нет"}, headers=stack.auth("regional_analyst")
    )
    assert bad.status_code == 422


def test_the_regional_note_has_the_section_rendered_in_docx(stack: Stack, measures: dict[str, Any]) -> None:
    token = stack.token("regional_analyst")
    sources = Sources(
        identification=RemoteService(stack.gateway, token, "идентификация"),
        roadmap=RemoteService(stack.gateway, token, "дорожные карты"),
    )
    note = BUILDERS["identification_note"](ReportParams(school_year="2023-2024"), sources, date.today())
    section = next(s for s in note.sections if s.title.startswith("Что работает"))
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = {normalise(r["title"]): r for r in table.rows}
    known, _, few = (normalise(t) for t in measures["titles"])
    assert rows[few]["verdict"] == "мало школ для вывода" and rows[few]["completed"] == 3
    word = docx.Document(io.BytesIO(render(note, "docx")))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = {c.text for t in word.tables for r in t.rows for c in r.cells}
    assert "Что работает: выполненные меры и изменение результатов школ" in text
    assert "не доказательство" in text and "вызвал" not in text
    assert rows[known]["effect"] in cells and "мало школ для вывода" in cells


def _draft(stack: Stack, school_year: str, plan_year: str) -> dict[str, Any]:
    """One school's programme for risk factor 8 drafted from the year's agreed list, read back."""
    headers = stack.auth("regional_analyst")
    agreed = stack.gateway.get(
        "/api/identification/agreed-list", params={"school_year": school_year}, headers=headers
    ).json()
    school = next(s["school_code"] for s in agreed["items"] if s["categories"])
    drafts = stack.gateway.post(
        "/api/roadmap/plans/from-identification",
        json={
            "school_year": school_year,
            "plan_year": plan_year,
            "risk_factors": [8],
            "by_category": False,
            "school_codes": [school],
        },
        headers=headers,
    )
    assert drafts.status_code == 201, drafts.text
    (created,) = drafts.json()["created"]
    plan = stack.gateway.get(f"/api/roadmap/plans/{created['id']}", headers=headers)
    assert plan.status_code == 200, plan.text
    return dict(plan.json())


@pytest.fixture
def known_last(stack: Stack, measures: dict[str, Any]) -> Iterator[None]:
    """The measure with the favourable effect moved to the end of the library's factor-8 list, then put back."""
    headers = stack.auth("regional_analyst")
    library = stack.gateway.get("/api/roadmap/library/measures", params={"risk_factor": 8}, headers=headers).json()
    known = next(m for m in library if m["title"] == measures["titles"][0])
    body = {k: v for k, v in known.items() if k != "id"}
    url = f"/api/roadmap/library/measures/{known['id']}"
    moved = stack.gateway.put(
        url, json=body | {"position": max(m["position"] for m in library) + 1}, headers=headers | {"If-Match": "*"}
    )
    assert moved.status_code == 200, moved.text
    yield
    assert stack.gateway.put(url, json=body, headers=headers | {"If-Match": "*"}).status_code == 200


def test_the_generator_puts_the_measure_with_a_favourable_effect_first_saying_why(
    stack: Stack, measures: dict[str, Any], known_last: None
) -> None:
    headers = stack.auth("regional_analyst")
    library = stack.gateway.get("/api/roadmap/library/measures", params={"risk_factor": 8}, headers=headers).json()
    known, none, few = measures["titles"]
    assert library[-1]["title"] == known  # last in the library's own order
    plan = _draft(stack, "2023-2024", "2025-2026")  # ranked by 2022-2023's list and its 2023-2024 plans
    titles = [a["title"] for a in plan["sections"][0]["activities"]]
    assert titles[0] == known and titles.index(none) < titles.index(few)
    assert sorted(titles) == sorted(m["title"] for m in library)
    lines = plan["description"].splitlines()
    said = [line for line in lines if line.startswith(f"— «{known}»")]
    assert len(said) == 1 and "2022-2023 → 2023-2024" in said[0] and "интервал" in said[0]
    assert any(line.startswith(f"— «{none}»") for line in lines)
    assert not any(f"«{few}»" in line for line in lines)  # too few schools: nothing is claimed
    assert "вызвал" not in plan["description"]
    answer = render_report(
        stack.gateway, headers, report_type="plan", format="docx", parameters={"plan_id": plan["id"]}
    )
    assert answer.status_code == 200, answer.text
    # the document keeps «п. п.» and its number together with no-break spaces
    printed = [p.text.replace("\u00a0", " ") for p in docx.Document(io.BytesIO(answer.content)).paragraphs]
    assert said[0].replace("\u00a0", " ") in printed


def test_without_evidence_the_library_order_stays_and_nothing_is_claimed(
    stack: Stack, measures: dict[str, Any]
) -> None:
    plan = _draft(stack, YEAR, "2026-2027")  # no list in 2021-2022: nothing to compare
    library = stack.gateway.get(
        "/api/roadmap/library/measures", params={"risk_factor": 8}, headers=stack.auth("regional_analyst")
    ).json()
    assert [a["title"] for a in plan["sections"][0]["activities"]] == [m["title"] for m in library]
    assert "опыт школ" not in plan["description"]


def test_the_share_below_the_minimum_by_procedure_and_subject(stack: Stack, measures: dict[str, Any]) -> None:
    """Beside the measures: per procedure and subject, the listed schools with results in both years, their
    pooled share of each year and the mean change, as computed here from identification's outcomes."""
    headers = stack.auth("regional_analyst")
    report = stack.gateway.get(EFFECTS, params={"school_year": YEAR}, headers=headers).json()
    outcomes = stack.gateway.get("/api/identification/outcomes", params={"school_year": YEAR}, headers=headers).json()
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for school in outcomes["schools"]:
        for change in school["subjects"]:
            if change["change"] is not None:
                groups[(change["procedure"], change["subject"])].append(change)
    assert groups and {(s["procedure"], s["subject"]) for s in report["subjects"]} == set(groups)
    for summary in report["subjects"]:
        changes = groups[(summary["procedure"], summary["subject"])]
        assert summary["schools"] == len(changes)
        assert summary["change"] == pytest.approx(sum(c["change"] for c in changes) / len(changes), abs=1e-5)
        before = sum(c["share_before"] * c["participants_before"] for c in changes)
        assert summary["share_before"] == pytest.approx(
            before / sum(c["participants_before"] for c in changes), abs=1e-5
        )
    assert {s["procedure"] for s in report["subjects"]} >= {"ВПР"}
    assert all(m["schools"] for m in report["measures"])  # the existing fields stay


def test_the_note_shows_the_change_by_procedure_and_subject(stack: Stack, measures: dict[str, Any]) -> None:
    answer = render_report(
        stack.gateway,
        stack.auth("regional_analyst"),
        report_type="identification_note",
        format="docx",
        parameters={"school_year": "2023-2024"},
    )
    assert answer.status_code == 200, answer.text
    word = docx.Document(io.BytesIO(answer.content))
    text = "\n".join(p.text for p in word.paragraphs)
    cells = [c.text for t in word.tables for r in t.rows for c in r.cells]
    title = "Доля обучающихся ниже минимального порога у школ списка по процедурам и предметам, 2022-2023 → 2023-2024"
    assert title in text
    # subjects in lower case, as the rest of the note writes them («русский язык»); procedures keep their capitals
    assert "русский язык" in cells and "математика" in cells and "ВПР" in cells, cells
