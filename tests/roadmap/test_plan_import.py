"""Reading existing plans: one file per column set seen in the seeds (000–004), pasted text, bad files."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.roadmap.plan_import import (
    ImportedActivity,
    ImportedPlan,
    PlanFileError,
    read_pasted,
    read_plan,
)
from tests.roadmap import plan_files as pf

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def codes(plan: ImportedPlan) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in plan.problems]


def activities(plan: ImportedPlan) -> list[ImportedActivity]:
    return [a for s in plan.sections for a in s.activities]


def by_number(plan: ImportedPlan, number: str) -> ImportedActivity:
    found = [a for a in activities(plan) if a.number == number]
    assert len(found) == 1, f"{number}: {found}"
    return found[0]


# ------------------------------------------------------------------------------------------------ 003


def test_tracks_003_docx_sections_planned_results_and_a_row_continued_on_the_next_page() -> None:
    plan = read_plan(pf.plan_003(), "Дорожная карта 2022-2023.docx")
    assert plan.column_set == "tracks_003"
    assert plan.columns == {
        "№": "number",
        "Мероприятия": "title",
        "Итоговый документ": "final_document",
        "Сроки": "deadline",
        "Ответственный": "responsible",
    }
    assert [(s.number, s.title) for s in plan.sections] == [
        ("1", "Трек 1 - Адресная поддержка школ с низкими образовательными результатами"),
        (
            "2",
            "Трек 2 - Организация работы со школами, функционирующими в зоне риска снижения образовательных "
            "результатов",
        ),
        ("3", "Трек 3 - Профилактика учебной неуспешности"),
    ]
    track1, track2, track3 = plan.sections
    assert track1.planned_results == [
        "выявлены школы, в которых не менее 30% обучающихся не преодолели минимальный порог",
        "организованы стажировки управленческих команд в ОУ, демонстрирующих высокие результаты",
    ]
    assert track2.planned_results == [
        "выявлены школы, находящиеся в зоне риска",
        "доля школ, в которых выявлены риски снижения образовательных результатов",
    ]
    assert track3.planned_results == [  # written under the last table; the signature after it is not taken
        "доля школ, в которых сформирована внутришкольная система профилактики учебной неуспешности",
        "доля обучающихся, для которых организовано ученическое наставничество",
    ]
    assert [a.number for a in track1.activities] == ["1", "2", "11", "14"]
    assert [a.number for a in track2.activities] == ["1", "3", "8", "9"]
    assert [a.number for a in track3.activities] == ["1", "2"]

    second = track1.activities[1]
    assert second.title == (
        "Выявление школ с низкими результатами обучения на основе анализа ВПР/ОГЭ/ЕГЭ и ВПР по математике и "
        "русскому языку"
    )
    assert second.final_document == "Информационно-аналитическая справка"  # the hyphen break is joined
    assert second.deadline == "Сентябрь – октябрь 2022 г."
    assert second.responsible == "Бабкина Н.А."
    first = track1.activities[0]
    assert (first.row, first.deadline, first.responsible) == (2, "Июнь – июль 2022 г.", "Руководители ОУ")
    assert track2.activities[1].deadline == "01.09.2022г."
    seminar = track2.activities[2]
    assert (seminar.title, seminar.deadline, seminar.responsible) == (
        "Семинар – совещание для школ, находящихся в зоне риска",
        "",
        "",
    )
    # rows count on across the three tables: 6 rows, then 5, then 3
    assert [a.row for a in activities(plan)] == [2, 3, 5, 6, 8, 9, 10, 11, 13, 14]
    # numbering restarts in each track: no repeated numbers; 12 and 13 are missing in track 1
    assert ("continued_row", 4) in codes(plan)
    assert not [p for p in plan.problems if p.code == "repeated_number"]
    skipped = [p for p in plan.problems if p.code == "skipped_number" and p.row == 6]
    assert skipped and "12, 13" in skipped[0].detail
    assert plan.errors == []


def test_tracks_003_pasted_from_word_with_headings_and_planned_results_as_lines() -> None:
    text = (
        "Трек 1 - Адресная поддержка школ с низкими образовательными результатами\n"
        "Задачи:\n"
        + pf.tsv(
            [
                pf.H003,
                ["1", "Анализ результатов ОГЭ и ЕГЭ", "Информационно-аналитическая справка", "Июнь – июль 2022 г.", ""],
                ["2", "Выявление школ с низкими результатами обучения", "Информационно-", "Сентябрь – октябрь", ""],
                ["", "на основе анализа ВПР/ОГЭ/ЕГЭ", "аналитическая справка", "2022 г.", ""],
            ]
        )
        + "Планируемый результат:\n- выявлены школы;\n- заключены соглашения.\n"
        + "Трек 2 - Организация работы со школами, функционирующими в зоне риска\n"
        + "Задача: повысить качество образования\n"
        + pf.tsv([pf.H003, ["1", "Выявление рисков", "Анализ работы ОУ", "Июнь – август 2022 г.", "Руководители ОУ"]])
    )
    plan = read_pasted(text)
    assert plan.column_set == "tracks_003"
    assert [(s.number, s.planned_results) for s in plan.sections] == [
        ("1", ["выявлены школы", "заключены соглашения"]),
        ("2", []),
    ]
    assert [(a.row, a.number, a.deadline) for a in activities(plan)] == [
        (4, "1", "Июнь – июль 2022 г."),
        (5, "2", "Сентябрь – октябрь 2022 г."),
        (13, "1", "Июнь – август 2022 г."),
    ]
    assert ("continued_row", 6) in codes(plan)


# ------------------------------------------------------------------------------------------------ 001


def test_content_001_xlsx_hierarchical_numbers_and_merged_section_rows() -> None:
    plan = read_plan(pf.plan_001(), "план действий.xlsx")
    assert plan.column_set == "content_001"
    assert plan.columns == {
        "№": "number",
        "Содержание деятельности": "title",
        "Исполнитель": "responsible",
        "Срок": "deadline",
        "Ожидаемые результаты": "expected_result",
    }
    assert [(s.number, s.title, [a.number for a in s.activities]) for s in plan.sections] == [
        (
            "1",
            "Организационно – нормативная деятельность образовательных организаций, показывающих низкие результаты",
            ["1.1", "1.2", "1.4"],
        ),
        ("2", "Мониторинг, диагностика и анализ образовательного процесса", ["2.3", "2.7", "2.8"]),
        (
            "5",
            "Совершенствование системы государственно-общественного управления в школах с низкими результатами",
            ["5"],
        ),
    ]
    # sheet rows; texts as in the cells (multi-line kept), a date cell written as the document would
    assert [a.row for a in activities(plan)] == [5, 6, 7, 9, 10, 11, 12]
    assert by_number(plan, "2.3").deadline == "Ежегодно\nмай, сентябрь"
    assert by_number(plan, "2.7").deadline == "Ежегодно, октябрь-март"
    assert by_number(plan, "2.8").deadline == "25.05.2020"
    assert by_number(plan, "1.4").responsible == "ОО, \nМБУ ГЦОКО"
    assert by_number(plan, "1.2").expected_result == (
        "Установлены факторы, определяющие неэффективный режим функционирования ОО\n"
        "Подготовлены рекомендации для школьных программ"
    )
    assert ("skipped_number", 7) in codes(plan)  # 1.3
    assert ("skipped_number", 10) in codes(plan)  # 2.4–2.6
    assert not [p for p in plan.problems if p.code in {"repeated_number", "missing_number", "continued_row"}]
    assert plan.errors == []


# ------------------------------------------------------------------------------------------------ 000


def test_measures_000_docx_six_sections_repeated_missing_numbers_and_page_breaks() -> None:
    plan = read_plan(pf.plan_000(), "Программа.docx")
    assert plan.column_set == "measures_000"
    assert plan.columns["Ответственный исполнитель, соисполнитель, участник"] == "responsible"
    assert plan.columns["Непосредственный результат реализации основного мероприятия (краткое описание)"] == (
        "expected_result"
    )
    assert [s.title[:40] for s in plan.sections] == [
        "Информационное, аналитическое и экспертн",
        "Создание условий для выравнивания возмож",
        "Развитие сетевого взаимодействия и партн",
        "Подготовка, переподготовка и повышение к",
        "Формирование в профессиональном педагоги",
        "Создание механизмов государственно-общес",
    ]
    assert all(s.number is None for s in plan.sections)
    assert [[a.number for a in s.activities] for s in plan.sections] == [
        ["1", "4", "17", "18"],
        ["17", "18", "19"],
        ["30"],
        ["32"],
        ["40", "41", None],
        ["43"],
    ]
    fourth = by_number(plan, "4")
    assert (
        fourth.title
        == "Представление управленческого проекта для устранения дефицитов низких образовательных результатов"
    )
    nineteen = by_number(plan, "19")
    assert nineteen.title.endswith(
        "работающих в сложных социальных условиях, демонстрирующих низкие образовательные результаты."
    )
    assert nineteen.responsible == "МКУ «Отдел образования», образовательные организации"
    assert nineteen.expected_result.endswith("за счет использования передового педагогического опыта")
    # the responsible cell merged down over 40 and 41
    assert by_number(plan, "41").responsible == pf.MKU
    # rows count on across the plan's four tables (the passport table before them is not the plan)
    assert [a.row for a in activities(plan)] == [3, 4, 6, 7, 9, 10, 11, 14, 16, 18, 19, 20, 21]
    problems = codes(plan)
    assert ("continued_row", 5) in problems  # «результатов» at the top of the next table
    assert ("continued_row", 12) in problems  # «социальных условиях, …» with its other cells
    assert ("repeated_number", 9) in problems and ("repeated_number", 10) in problems
    assert ("skipped_number", 16) in problems  # 31
    assert ("missing_number", 20) in problems
    repeated = next(p for p in plan.problems if p.code == "repeated_number")
    assert repeated.detail == "Строка 9: номер 17 уже был в строке 6"
    assert repeated.column == "№ п/п"
    assert plan.errors == []


# ------------------------------------------------------------------------------------------------ 004


def test_periods_004_pasted_year_blocks_and_column_index_rows() -> None:
    plan = read_pasted(pf.plan_004())
    assert plan.column_set == "periods_004"
    assert plan.columns["Период реализации отдельного действия"] == "period"
    assert plan.columns["Прогнозируемый результат (количественные характеристики результата)"] == "expected_result"
    assert [(s.title, [a.number for a in s.activities]) for s in plan.sections] == [
        ("2021 год", ["1.1", "1.4", "1.5"]),
        ("2022 год", ["2.1", "2.9"]),
        ("2023 год", ["3.1"]),
    ]
    staged = by_number(plan, "2.9")
    assert staged.period == "март 2022 г. (входной), сентябрь 2022 г. (промежуточный), ноябрь 2022 г. (итоговый)"
    assert staged.deadline == staged.period  # no «Сроки» column: the period is the deadline
    assert by_number(plan, "1.4").deadline == "февраль 2021 г. май 2021 г. сентябрь 2021г. октябрь 2021 г."
    assert by_number(plan, "1.1").expected_result == "Разработана 1 муниципальная концепция"
    assert [a.row for a in activities(plan)] == [5, 6, 8, 10, 11, 14]  # lines; the title line is line 1
    assert not [p for p in plan.problems if p.code != "skipped_number"]
    assert plan.errors == []


def test_periods_004_csv_in_cp1251_with_semicolons() -> None:
    rows = [
        ["№ п/п", "Период реализации", "Наименование мероприятия", "Прогнозируемый результат"],
        ["2021 год", "", "", ""],
        ["1.1", "январь – февраль 2021 г.", "Разработка муниципальной концепции; модели", "Разработана 1 концепция"],
    ]
    text = "\r\n".join(";".join(f'"{c}"' if ";" in c else c for c in r) for r in rows)
    plan = read_plan(text.encode("cp1251"), "plan.csv")
    assert plan.column_set == "periods_004"
    [section] = plan.sections
    assert section.title == "2021 год"
    [activity] = section.activities
    assert (activity.row, activity.title, activity.deadline) == (
        3,
        "Разработка муниципальной концепции; модели",
        "январь – февраль 2021 г.",
    )


# ------------------------------------------------------------------------------------------------ 002


def test_report_002_docx_unnamed_number_column_processes_and_split_rows() -> None:
    plan = read_plan(pf.plan_002(), "отчёт.docx")
    assert plan.column_set == "report_002"
    assert plan.columns == {
        "Столбец 1": "number",
        "Выполненные и реализуемые мероприятия": "title",
        "Конечный результат исполнения по мероприятиям": "expected_result",
    }
    assert [(s.number, s.title) for s in plan.sections] == [
        ("1", "Процесс 1: Повышение качества образования в школах с низкими образовательными результатами"),
        ("2", "Процесс 2: Развитие профессионального мастерства педагогического и управленческого персонала"),
    ]
    assert [[a.number for a in s.activities] for s in plan.sections] == [
        ["1.1", "1.2", "1.3"],
        ["2.2", ".3", "2.5", "2.6"],
    ]
    assert by_number(plan, "1.2").title.endswith(
        "управленческого и педагогического потенциала; - развитие современной образовательной среды."
    )
    split = by_number(plan, "2.5")  # the number came only on the part after the page break
    assert split.title == (
        "Разработка и реализация индивидуальных планов профессионального развития учителей школ, работающих в "
        "сложных социальных условиях"
    )
    assert split.expected_result == (
        "Реализация комплекса мероприятий по повышению квалификации педагогов по профилю их педагогической деятельности"
    )
    assert split.row == 11
    assert codes(plan) == [
        ("subheading_in_section", 2),  # «1. Информационное…» under «Процесс 1: …» keeps the process as the section
        ("continued_row", 6),
        ("unusual_number", 10),
        ("continued_row", 13),
    ]
    # «Таблица 4» (schools side by side) has the same width but is not part of the plan
    assert not any("МКОУ" in a.title for a in activities(plan))
    assert plan.errors == []


# --------------------------------------------------------------------------------------- other layouts


def test_generic_columns_extra_columns_and_a_section_free_plan() -> None:
    text = pf.tsv(
        [
            ["№", "Мероприятие", "Ответственный", "Дата", "Примечание"],
            ["1", "Совещание директоров", "Иванова И.И.", "25.05.2020", "в актовом зале"],
            ["2", "Мониторинг", "", "ежемесячно", ""],
        ]
    )
    plan = read_pasted(text)
    assert plan.column_set == "generic"
    assert plan.columns == {
        "№": "number",
        "Мероприятие": "title",
        "Ответственный": "responsible",
        "Дата": "deadline",
        "Примечание": "extra",
    }
    [section] = plan.sections
    assert section.title == "Мероприятия" and section.number is None
    first, second = section.activities
    assert first.extra == {"Примечание": "в актовом зале"}
    assert second.extra == {}
    assert (second.row, second.deadline) == (3, "ежемесячно")
    assert plan.problems == [] and plan.errors == []


def test_headers_match_case_and_punctuation_insensitively() -> None:
    text = pf.tsv(
        [
            [
                "N П/П",
                "НАИМЕНОВАНИЕ МЕРОПРИЯТИЯ:",
                "ответственный исполнитель",
                "Сроки проведения",
                "Итоговый документ.",
            ],
            ["1", "Семинар", "Бабкина Н.А.", "Август 2022 г.", "Приказ"],
        ]
    )
    plan = read_pasted(text)
    assert list(plan.columns.values()) == ["number", "title", "responsible", "deadline", "final_document"]
    assert plan.column_set == "tracks_003"
    assert activities(plan)[0].final_document == "Приказ"


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (
            ["№ п/п", "Планируемые мероприятия", "Сроки исполнения", "Ответственные за исполнение",
             "Показатели результативности", "Форма представления результата"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
        (
            ["№", "Меры", "Контрольный срок", "Исполнители", "Целевые показатели", "Подтверждающие документы"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
        (
            ["№", "Вид деятельности", "Срок", "Ответственный", "Ожидаемый эффект", "Форма контроля"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
        (
            ["№", "Действия", "Дата", "Ответственное лицо", "Индикаторы", "Отчетность"],
            ["number", "title", "deadline", "responsible", "expected_result", "final_document"],
        ),
    ],
)  # fmt: skip
def test_the_headers_of_other_orders_name_the_same_columns(headers: list[str], fields: list[str]) -> None:
    """Orders name the columns in their own words: «Показатели результативности» is the planned result,
    «Форма представления результата» the final document, «Меры» the activity."""
    text = pf.tsv([headers, ["1", "Анализ результатов ВПР", "до 1 октября", "Иванова И.И.", "справка", "приказ"]])
    plan = read_pasted(text)
    assert list(plan.columns.values()) == fields
    [activity] = activities(plan)
    assert (activity.title, activity.expected_result, activity.final_document) == (
        "Анализ результатов ВПР", "справка", "приказ",
    )  # fmt: skip


def test_a_deadline_split_into_start_and_end_columns_is_one_range() -> None:
    text = pf.tsv(
        [
            ["№", "Мероприятие", "Срок начала", "Срок окончания", "Ответственный"],
            ["1", "Семинар для учителей", "01.09.2024", "30.09.2024", "Иванова И.И."],
            ["2", "Мониторинг", "октябрь 2024", "декабрь 2024", "Петров П.П."],
            ["3", "Совещание", "", "15.11.2024", "Петров П.П."],
        ]
    )
    plan = read_pasted(text)
    assert list(plan.columns.values()) == ["number", "title", "deadline", "deadline_end", "responsible"]
    assert [a.deadline for a in activities(plan)] == [
        "01.09.2024 – 30.09.2024", "октябрь 2024 – декабрь 2024", "15.11.2024",
    ]  # fmt: skip
    assert all(a.extra == {} for a in activities(plan))


def test_a_deadline_header_merged_over_its_start_and_end_columns_is_one_range() -> None:
    """DOCX: «Сроки» merged over «начало | окончание»; a row whose dates are merged into one cell keeps one date."""
    table = pf.Table(
        rows=[
            pf.Merged("Сроки", first=2, last=3, cells={0: "№", 1: "Мероприятие", 4: "Ответственный"}),
            ["", "", "начало", "окончание", ""],
            ["1", "Семинар для учителей", "01.09.2024", "30.09.2024", "Иванова И.И."],
            pf.Merged("до 15.11.2024", first=2, last=3, cells={0: "2", 1: "Совещание", 4: "Петров П.П."}),
        ]
    )
    plan = read_plan(pf.docx_bytes([table]), "План.docx")
    assert list(plan.columns.values()) == ["number", "title", "deadline", "deadline_end", "responsible"]
    assert [a.deadline for a in activities(plan)] == ["01.09.2024 – 30.09.2024", "до 15.11.2024"]


def test_utf16_tab_text_from_excel_and_utf8_bom_csv() -> None:
    text = pf.tsv([["№", "Мероприятия", "Сроки"], ["1", "Анализ ВПР", "Сентябрь"]])
    for content in (b"\xff\xfe" + text.encode("utf-16-le"), text.replace("\t", ",").encode("utf-8-sig")):
        plan = read_plan(content, "plan.txt")
        assert [(a.number, a.title, a.deadline) for a in activities(plan)] == [("1", "Анализ ВПР", "Сентябрь")]


def test_docx_auto_numbered_number_cells_get_the_numbers_word_shows() -> None:
    content = pf.docx_bytes(
        [
            pf.Table(
                [
                    ["№", "Мероприятия", "Сроки"],
                    ["", "Анализ результатов", "Июнь"],
                    ["", "Семинар", "Август"],
                    ["", "Координационный совет", "В течение года"],
                ],
                autonumber=[1, 2, 3],
            )
        ]
    )
    assert pf.has_numbering_pr(content)
    plan = read_plan(content, "plan.docx")
    assert [(a.number, a.title) for a in activities(plan)] == [
        ("1", "Анализ результатов"),
        ("2", "Семинар"),
        ("3", "Координационный совет"),
    ]
    assert plan.problems == []


def test_planned_results_inside_the_table_one_cell_with_lines() -> None:
    text = pf.tsv(
        [
            ["№", "Мероприятия", "Сроки", "Ответственный"],
            ["Трек 1 - адресная поддержка ШНОР", "", "", ""],
            ["1", "Анализ результатов", "Июнь", "Руководители ОУ"],
            ["Планируемый результат:", "", "", ""],
            ["выявлены школы;", "", "", ""],
            ["заключены соглашения", "", "", ""],
            ["Раздел 2.", "", "", ""],
            ["1", "Семинар", "Август", ""],
        ]
    )
    plan = read_pasted(text)
    assert [(s.number, s.title, s.planned_results, len(s.activities)) for s in plan.sections] == [
        ("1", "Трек 1 - адресная поддержка ШНОР", ["выявлены школы", "заключены соглашения"], 1),
        ("2", "Раздел 2.", [], 1),
    ]
    merged_cell = pf.tsv(
        [
            ["№", "Мероприятия", "Сроки"],
            ["1", "Анализ", "Июнь"],
            ['"Планируемые результаты:\n- выявлены школы;\n- доля школ 100%."', "", ""],
        ]
    )
    [section] = read_pasted(merged_cell).sections
    assert section.planned_results == ["выявлены школы", "доля школ 100%"]


def test_a_header_without_activities_is_an_error_in_the_plan() -> None:
    plan = read_pasted(pf.tsv([["№", "Мероприятия", "Сроки"], ["", "", ""]]))
    assert [e.code for e in plan.errors] == ["no_activities"]


def test_an_activity_without_a_title_is_an_error_a_bare_number_is_skipped() -> None:
    rows = [["№", "Мероприятия", "Сроки"], ["1", "Анализ", "Июнь"], ["2", "", "Июль"], ["3", "", ""]]
    plan = read_pasted(pf.tsv(rows))
    assert [(e.code, e.row) for e in plan.errors] == [("empty_title", 3)]
    assert codes(plan) == [("empty_row", 4)]
    assert [a.number for a in activities(plan)] == ["1", "2"]


def test_of_several_plan_tables_the_biggest_is_taken() -> None:
    small = pf.Table(
        [
            ["п/п", "Основные мероприятия", "Сроки исполнения", "Ожидаемый результат"],
            ["1.1.", "Сбор информации о результатах деятельности ОО", "В конце каждого полугодия", "Справки"],
        ]
    )
    big = pf.Table(
        [
            pf.H000,
            ["1", "Проведение МСОКО", "МКУ «Отдел образования»", "Ежегодно", "Выявление ОО"],
            ["2", "Анкетирование педагогических работников", "ОО", "Ежегодно", "Сводная информация"],
        ]
    )
    plan = read_plan(pf.docx_bytes([small, "Дорожная карта", big]), "plan.docx")
    assert plan.column_set == "measures_000"
    assert [a.title for a in activities(plan)] == ["Проведение МСОКО", "Анкетирование педагогических работников"]
    assert codes(plan) == [("other_tables", None)]


# ------------------------------------------------------------------------------------------------ bad files


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"", "plan.docx", "empty_file"),
        (b"  \r\n\t ", "plan.csv", "empty_file"),
        (_zip({"readme.txt": b"hello"}), "plan.docx", "unreadable_file"),
        (pf.plan_003()[:300], "plan.docx", "unreadable_file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "plan.doc", "unreadable_file"),
        (b"%PDF-1.7\n...", "plan.pdf", "unreadable_file"),
        (b"{\\rtf1\\ansi plan}", "plan.rtf", "unreadable_file"),
        (b"\x00\x01\x02binary", "plan.bin", "unreadable_file"),
        (b"just some text", "plan.docx", "unreadable_file"),
        (pf.docx_bytes(["Только текст, без таблиц"]), "plan.docx", "no_table"),
        (pf.docx_bytes([pf.Table([["Показатель", "Значение"], ["ВПР", "74"]])]), "plan.docx", "header_not_found"),
        (pf.xlsx_bytes([]), "plan.xlsx", "no_table"),
        (pf.xlsx_bytes([["Школа", "Балл"], ["СОШ №1", 74]]), "plan.xlsx", "header_not_found"),
        ("Школа;Балл\nСОШ №1;74\n".encode(), "plan.csv", "header_not_found"),
    ],
)
def test_bad_files_raise_plan_file_error_with_a_russian_detail(content: bytes, name: str, code: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        read_plan(content, name)
    assert caught.value.code == code
    assert any("а" <= ch <= "я" for ch in caught.value.detail.lower())


def test_empty_paste_is_an_empty_file() -> None:
    with pytest.raises(PlanFileError) as caught:
        read_pasted(" \n ")
    assert caught.value.code == "empty_file"


GOOD_DOCX = pf.plan_003()
GOOD_XLSX = pf.plan_001()
POSITIONS = st.lists(st.integers(0, 10**6), min_size=1, max_size=5)


def _mutate(data: bytes, positions: list[int], value: int) -> bytes:
    out = bytearray(data)
    for p in positions:
        out[p % len(out)] = value
    return bytes(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda b: b"PK\x03\x04" + b, st.binary(max_size=500)),
        st.builds(
            _mutate, st.just(GOOD_DOCX), st.lists(st.integers(0, 10**6), min_size=1, max_size=5), st.integers(0, 255)
        ),
        st.builds(
            _mutate, st.just(GOOD_XLSX), st.lists(st.integers(0, 10**6), min_size=1, max_size=5), st.integers(0, 255)
        ),
    ),
    name=st.sampled_from(["plan.docx", "plan.xlsx", "plan.csv", "plan", "plan.txt", ""]),
)
def test_any_bytes_give_a_plan_or_a_plan_file_error(data: bytes, name: str) -> None:
    try:
        plan = read_plan(data, name)
    except PlanFileError as error:
        assert error.code in {"unreadable_file", "empty_file", "no_table", "header_not_found", "file_too_complex"}
    else:
        assert isinstance(plan, ImportedPlan)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=1000),
        st.lists(
            st.lists(
                st.one_of(
                    st.sampled_from(
                        ["№", "Мероприятия", "Сроки", "Ответственный", "1", "1.1", "", "Трек 1", "2021 год"]
                    ),
                    st.sampled_from(["Планируемый результат:", "продолжение", "и", "Информационно-", '"', "\n"]),
                    st.text(max_size=20),
                ),
                max_size=6,
            ),
            max_size=12,
        ).map(lambda rows: "\n".join("\t".join(r) for r in rows)),
    )
)
def test_any_pasted_text_gives_a_plan_or_a_plan_file_error(text: str) -> None:
    try:
        plan = read_pasted(text)
    except PlanFileError as error:
        assert error.code in {"unreadable_file", "empty_file", "no_table", "header_not_found"}
    else:
        for activity in activities(plan):
            assert activity.row >= 1


def test_a_deadline_excel_kept_as_a_number_is_the_date_it_counts() -> None:
    """A deadline cell formatted «Общий» holds Excel's day count (45200 is 01.10.2023); other numbers stay."""
    rows: list[list[object]] = [
        ["№", "Мероприятие", "Срок", "Ответственный"],
        ["1", "Мониторинг посещаемости", 45200, "Заместитель директора"],
        ["2", "Педагогический совет", "45444,0", "Директор"],
        ["3", "Отчёт", 2024, "Директор"],
    ]
    plan = read_plan(pf.xlsx_bytes(rows), "план.xlsx")
    assert [a.deadline for a in activities(plan)] == ["01.10.2023", "01.06.2024", "2024"]
