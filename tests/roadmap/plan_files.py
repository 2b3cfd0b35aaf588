"""Builds plan files in memory for the import tests: DOCX (python-docx), XLSX (openpyxl), TSV text.

The rows are copied from the municipal orders in the seeds (000–004), shortened where long.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import docx
import openpyxl
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from services.roadmap.plan_import import ImportedActivity, ImportedPlan


@dataclass
class Merged:
    """A cell spanning columns `first`..`last` (inclusive) of its row; the other cells are filled by `cells`."""

    text: str
    first: int = 0
    last: int = -1
    cells: dict[int, str] = field(default_factory=dict)


@dataclass
class Table:
    rows: list[list[str] | Merged]
    vmerge: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first row, last row)
    autonumber: list[int] = field(default_factory=list)  # rows whose first cell is an empty numbered paragraph


Block = str | Table

AUTONUMBER_ID = 99


def _add_autonumber_definition(document: Any) -> None:
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f"<w:abstractNum {nsdecls('w')} w:abstractNumId='{AUTONUMBER_ID}'>"
            "<w:lvl w:ilvl='0'><w:start w:val='1'/><w:numFmt w:val='decimal'/><w:lvlText w:val='%1.'/></w:lvl>"
            "</w:abstractNum>"
        )
    )
    numbering.append(
        parse_xml(f"<w:num {nsdecls('w')} w:numId='{AUTONUMBER_ID}'><w:abstractNumId w:val='{AUTONUMBER_ID}'/></w:num>")
    )


def _number_paragraph(paragraph: Any) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f"<w:numPr {nsdecls('w')}><w:ilvl w:val='0'/><w:numId w:val='{AUTONUMBER_ID}'/></w:numPr>"))


def docx_bytes(blocks: list[Block], width: int | None = None) -> bytes:
    """Paragraphs and tables in order. Each table gets its own grid (`width` columns, default: the widest
    row); `Merged` rows use `cell.merge`, `vmerge` merges a column over rows."""
    document = docx.Document()
    if any(isinstance(b, Table) and b.autonumber for b in blocks):
        _add_autonumber_definition(document)
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        columns = width or max(len(r) if isinstance(r, list) else 1 for r in block.rows)
        table = document.add_table(rows=len(block.rows), cols=columns)
        for r, spec in enumerate(block.rows):
            cells = table.rows[r].cells
            if isinstance(spec, Merged):
                last = spec.last if spec.last >= 0 else columns - 1
                for c, text in spec.cells.items():
                    cells[c].text = text
                merged = cells[spec.first].merge(cells[last])
                merged.text = spec.text
            else:
                for c, text in enumerate(spec):
                    cells[c].text = text
        for column, first, last in block.vmerge:
            top = table.cell(first, column)
            text = top.text
            merged = top.merge(table.cell(last, column))
            merged.text = text
        for r in block.autonumber:
            cell = table.cell(r, 0)
            cell.text = ""
            _number_paragraph(cell.paragraphs[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: list[list[Any]], merges: list[str] | None = None, title: str = "План") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value not in (None, ""):
                sheet.cell(r, c, value)
    for cells in merges or []:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edited_book(rows: list[list[Any]], edit: Any = None, merges: tuple[str, ...] = ()) -> bytes:
    """A one-sheet book of `rows` appended as they are, its merged ranges, then `edit(sheet)` (what a methodist's
    Excel leaves: hidden columns, panes, filters, number formats, formulas, rich text)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    for cells in merges:
        sheet.merge_cells(cells)
    if edit is not None:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_sheets(sheets: dict[str, list[list[Any]]], merges: dict[str, list[str]] | None = None) -> bytes:
    """A book of several sheets in order (an empty list gives an empty sheet), with merges by sheet."""
    book = openpyxl.Workbook()
    for blank in book.worksheets:
        book.remove(blank)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                if value not in (None, ""):
                    sheet.cell(r, c, value)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], encoding: str = "cp1251", delimiter: str = ";") -> bytes:
    """CSV as Excel saves it in a Russian locale: `;`, quotes where needed, CRLF, cp1251."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def tsv(rows: list[list[str]]) -> str:
    return "\n".join("\t".join(r) for r in rows) + "\n"


def has_numbering_pr(content: bytes) -> bool:
    """Whether a DOCX carries auto-numbered paragraphs (guards the auto-number test against a no-op)."""
    document = docx.Document(io.BytesIO(content))
    return bool(document.element.body.findall(".//" + qn("w:numPr")))


# ------------------------------------------------------------------------------------------------ 003

H003 = ["№", "Мероприятия", "Итоговый документ", "Сроки", "Ответственный"]


def plan_003() -> bytes:
    """Three tracks, each a table under a «Трек N - …» heading with «Задачи», followed by its planned results.
    Row 2 continues on the next page (lower-case title, «Информационно-» broken with a hyphen); 12 and 13
    are missing."""
    return docx_bytes(
        [
            "ПРИКАЗ",
            "1. Утвердить план мероприятий по реализации муниципальной программы (приложение 1).",
            "Трек 1 - Адресная поддержка школ с низкими образовательными результатами",
            "Задачи:",
            "1. Определить школы, нуждающиеся в адресном наставничестве и сопровождении.",
            Table(
                [
                    H003,
                    [
                        "1",
                        "Анализ результатов ОГЭ и ЕГЭ по математике и русскому языку",
                        "Информационно-аналитическая справка",
                        "Июнь – июль 2022 г.",
                        "Руководители ОУ",
                    ],
                    [
                        "2",
                        "Выявление школ с низкими результатами обучения",
                        "Информационно-",
                        "Сентябрь – октябрь",
                        "Бабкина Н.А.",
                    ],
                    [
                        "",
                        "на основе анализа ВПР/ОГЭ/ЕГЭ и ВПР по математике и русскому языку",
                        "аналитическая справка",
                        "2022 г.",
                        "",
                    ],
                    [
                        "11",
                        "Организация стажировок управленческих команд ШНОР в ОУ, демонстрирующих высокие результаты",
                        "Перечень рассматриваемых вопросов",
                        "В течение года",
                        "Отдел общего образования. Руководители ОУ",
                    ],
                    [
                        "14",
                        "Составление антирисковых планов (программ)",
                        "Разработаны и утверждены антирисковые планы (программы)",
                        "Сентябрь – октябрь 2022г.",
                        "Руководители ОУ",
                    ],
                ]
            ),
            "Планируемый результат:",
            "- выявлены школы, в которых не менее 30% обучающихся не преодолели минимальный порог;",
            "- организованы стажировки управленческих команд в ОУ, демонстрирующих высокие результаты.",
            "",
            "Трек 2 - Организация работы со школами, функционирующими в зоне риска снижения образовательных "
            "результатов",
            "Задача: повысить качество образования в ОУ за счет выявления и устранения факторов риска",
            Table(
                [
                    H003,
                    [
                        "1",
                        "Выявление рисков, факторов, негативно влияющих на результат",
                        "Анализ работы ОУ",
                        "Июнь – август 2022 г.",
                        "Руководители ОУ",
                    ],
                    [
                        "3",
                        "Создание центра образования «Точка роста» на базе МБОУ Погодаевская СОШ № 18",
                        "План деятельности центра образования «Точка роста»",
                        "01.09.2022г.",
                        "Соколова О.И.",
                    ],
                    ["8", "Семинар – совещание для школ, находящихся в зоне риска", "", "", ""],
                    ["9", "Координационный совет", "Решение КС", "В течение года", "Бабкина Н.А. Члены КС"],
                ]
            ),
            "Планируемый результат:",
            "выявлены школы, находящиеся в зоне риска.",
            "доля школ, в которых выявлены риски снижения образовательных результатов;",
            "Трек 3 - Профилактика учебной неуспешности",
            "Задача: создание условий для успешного освоения образовательных программ",
            Table(
                [
                    H003,
                    [
                        "1",
                        "Семинар для управленческих команд по пониманию термина «учебная неуспешность»",
                        "Оргпроект мероприятия",
                        "Июнь – август 2022г.",
                        "Отдел общего образования Руководители ОУ",
                    ],
                    [
                        "2",
                        "Составление списка слабоуспевающих и неуспевающих учащихся",
                        "Список",
                        "По итогам четверти",
                        "Руководители ОУ",
                    ],
                ]
            ),
            "",
            "Планируемый результат:",
            "- доля школ, в которых сформирована внутришкольная система профилактики учебной неуспешности;",
            "- доля обучающихся, для которых организовано ученическое наставничество.",
            "",
            "Руководитель",
            "Е.К. Бурбукина",
        ]
    )


# ------------------------------------------------------------------------------------------------ 001


def plan_001() -> bytes:
    """XLSX: a title merged over the columns, the header on row 3, sections «1.» with the title merged over
    B:E, hierarchical numbers «1.1.», multi-line cells, and «5.» — a full row without sub-items."""
    rows: list[list[Any]] = [
        ["План действий по повышению качества образования в муниципальных общеобразовательных организациях"],
        [],
        ["№ ", "Содержание деятельности ", "Исполнитель ", "Срок ", "Ожидаемые результаты "],
        ["1.", "Организационно – нормативная деятельность образовательных организаций, показывающих низкие результаты"],
        [
            "1.1.",
            "Формирование списка образовательных организаций, показавших низкие результаты обучения",
            "Управление образования",
            "Апрель",
            "Сформирован список образовательных организаций",
        ],
        [
            "1.2.",
            "Подготовка и заполнение карт самообследования ОО с низкими результатами обучения",
            "ОО, Управление образования",
            "Апрель - май",
            "Установлены факторы, определяющие неэффективный режим функционирования ОО\n"
            "Подготовлены рекомендации для школьных программ",
        ],
        [
            "1.4.",
            "Разработка и утверждение школьных программ перевода в эффективный режим функционирования",
            "ОО, \nМБУ ГЦОКО",
            "Июнь ",
            "Составлены школьные программы перевода в эффективный режим функционирования",
        ],
        ["2.", "Мониторинг, диагностика и анализ образовательного процесса"],
        [
            "2.3.",
            "Анализ кадрового обеспечения образовательного процесса",
            "ОО, МБУ ГЦОКО, Управление образования",
            "Ежегодно\nмай, сентябрь",
            "Определен уровень обеспеченности системы образования кадрами",
        ],
        [
            "2.7.",
            "Комплексный анализ деятельности учителей начальных классов и учителей-предметников",
            "ОО, МБУ ГЦОКО",
            "Ежегодно, октябрь-март",
            "Определены факторы, обуславливающие высокое (низкое) качество образовательных результатов",
        ],
        [
            "2.8.",
            "Внутренняя оценка качества образовательных результатов и анализ ее итогов",
            "ОО",
            datetime(2020, 5, 25),
            "Определено качество и уровень освоения учащимися образовательных программ",
        ],
        [
            "5.",
            "Совершенствование системы государственно-общественного управления в школах с низкими результатами",
            "ОО",
            "В течение всего периода",
            "Обеспечено повышение социального статуса органов государственно-общественного управления",
        ],
    ]
    return xlsx_bytes(rows, merges=["A1:E1", "B4:E4", "B8:E8"])


# ------------------------------------------------------------------------------------------------ 000

H000 = [
    "№ п/п",
    "Основные мероприятия",
    "Ответственный исполнитель, соисполнитель, участник",
    "Срок реализации",
    "Непосредственный результат реализации основного мероприятия (краткое описание)",
]
MKU = "МКУ «Отдел образования», образовательные организации"


def plan_000() -> bytes:
    """A passport table first; then the plan split over three tables by page breaks: six sections (five
    merged rows, one left as a paragraph between tables), 17 and 18 repeated, 31 missing, rows continued
    on the next page with an empty number, an activity without a number, a responsible cell merged
    vertically over two rows, and a section row at the top of a continued table."""
    return docx_bytes(
        [
            "ПАСПОРТ ПРОГРАММЫ",
            Table(
                [
                    ["Наименование Программы", "Муниципальная программа повышения качества образования"],
                    ["Нормативные основания для разработки Программы", "1. Федеральный Закон «Об образовании»"],
                ]
            ),
            "Раздел IV. Комплекс мероприятий по реализации Программы.",
            "Дорожная карта (план мероприятий)",
            Table(
                [
                    H000,
                    Merged(
                        "Информационное, аналитическое и экспертное обеспечение проведение мониторингов (на основе "
                        "кластерного анализа) по вопросам качества образования"
                    ),
                    [
                        "1",
                        "Проведение МСОКО в соответствии с приказом МКУ «Отдел образования»",
                        "МКУ «отдел образования»",
                        "Ежегодно",
                        "Выявление общеобразовательных учреждений с низкими результатами обучения",
                    ],
                    [
                        "4",
                        "Представление управленческого проекта для устранения дефицитов низких образовательных",
                        "Директора ОО",
                        "Ежегодно",
                        "Проект /план мероприятий по повышению качества образования",
                    ],
                ],
            ),
            Table(
                [
                    ["", "результатов", "", "", ""],
                    [
                        "17",
                        "Мониторинг направленности ПК в ОО в соответствии с актуальными направлениями образования.",
                        "МКУ «Отдел образования» образовательные организации",
                        "В соответствии с запросом",
                        "Анализ состояния педагогических дефицитов в муниципалитете",
                    ],
                    [
                        "18",
                        "Анализ соответствия систематического ПК в соответствии с профилем педагогической деятельности",
                        "МКУ «Отдел образования», ОО",
                        "По полугодиям",
                        "Определение выполнения закона «Об образовании РФ»",
                    ],
                    Merged(
                        "Создание условий для выравнивания возможностей доступа обучающихся к современным условиям "
                        "обучения и образовательным ресурсам в соответствии с ФГОС ОО"
                    ),
                    [
                        "17",
                        "Организация супервизии по направлению формирования функциональной грамотности обучающихся и "
                        "педагогов.",
                        "МКУ «Отдел образования» и ОО",
                        "По полугодиям",
                        "Повышение квалификации педагогов",
                    ],
                    [
                        "18",
                        "Обеспечение участия педагогов и руководителей в новой форме аттестации.",
                        "МКУ «Отдел образования» и ОО",
                        "В соответствии с нормативными документами и МОКК",
                        "Прохождение аттестации в новой форме",
                    ],
                    [
                        "19",
                        "Разработка адресных мероприятий по поддержке образовательных организаций (программ повышения "
                        "качества образовательных результатов), работающих в сложных",
                        "МКУ «Отдел образования», образовательные",
                        "Ежегодно",
                        "Формирование инструментов и ресурсов поддержки школ с низкими результатами обучения, за счет",
                    ],
                ]
            ),
            Table(
                [
                    [
                        "",
                        "социальных условиях, демонстрирующих низкие образовательные результаты.",
                        "организации",
                        "",
                        "использования передового педагогического опыта",
                    ],
                    Merged("Развитие сетевого взаимодействия и партнерства"),
                    [
                        "30",
                        "Поддержка проектов взаимодействия школ с низкими образовательными результатами с "
                        "учреждениями дополнительного образования",
                        "МКУ «Отдел образования» ЦВР, ДШИ, ДСШ",
                        "Ежегодно",
                        "Повышение качества образования за счет сокращения разрывов в образовательных результатах",
                    ],
                    Merged(
                        "Подготовка, переподготовка и повышение квалификации педагогических и руководящих работников"
                    ),
                    [
                        "32",
                        "Подготовка педагогических кадров в соответствии с запросами района (реализация целевого "
                        "приема)",
                        "МКУ «Отдел образования», ОО",
                        "Ежегодно",
                        "Укомплектованность образовательных организаций педагогическими кадрами.",
                    ],
                    Merged(
                        "Формирование в профессиональном педагогическом сообществе культуры лидерства и высоких "
                        "достижений"
                    ),
                    [
                        "40",
                        "Внедрение в практику управления общеобразовательным учреждением методов управления "
                        "результатами",
                        MKU,
                        "Ежегодно",
                        "Разработка и реализация мероприятий (программ) по повышению профессионального уровня",
                    ],
                    [
                        "41",
                        "Включенность педагогов в деятельность педагогических сообществ на муниципальном уровне",
                        "",
                        "Ежегодно",
                        "Повышение профессиональных компетенций педагогических работников района",
                    ],
                    [
                        "",
                        "Организация проведения рейтинговой оценки работы муниципальных образовательных учреждений",
                        "МКУ «Отдел образования», ОО",
                        "Ежегодно",
                        "Оценка качества деятельности образовательных учреждений",
                    ],
                ],
                vmerge=[(2, 6, 7)],
            ),
            "",
            "Создание механизмов государственно-общественного управления, создание системы независимой оценки "
            "работы учреждений и участников образовательного процесса",
            "",
            Table(
                [
                    [
                        "43",
                        "Проведение независимой оценки качества образовательной деятельности.",
                        "МКУ «Отдел образования», ОО общественный совет",
                        "1 раз в три года",
                        "Повышение качества предоставляемых образовательных услуг",
                    ],
                ]
            ),
            "Заключение. Реализация Программы позволит …",
        ]
    )


# ------------------------------------------------------------------------------------------------ 004

H004 = [
    "№ п/п",
    "Период реализации отдельного действия",
    "Наименование мероприятия",
    "Прогнозируемый результат (количественные характеристики результата)",
]


def plan_004() -> str:
    """Pasted text: the header, the «1 2 3 4» column-index row repeated after each page break, year blocks
    «2021 год» with 1.x, 2.x, 3.x."""
    return "ПЛАН-ГРАФИК ВЫПОЛНЕНИЯ РАБОТ (2021-2023гг.)\n" + tsv(
        [
            H004,
            ["1", "2", "3", "4"],
            ["2021 год", "", "", ""],
            [
                "1.1",
                "январь – февраль 2021 г.",
                "Разработка муниципальной концепции (модели) поддержки школ с низкими результатами обучения",
                "Разработана 1 муниципальная концепция",
            ],
            [
                "1.4",
                "февраль 2021 г. май 2021 г. сентябрь 2021г. октябрь 2021 г.",
                "Проведение муниципальных мероприятий (не менее 4-х в год в течение 2021 г.) по обмену опытом",
                "Проведено не менее 4 мероприятий по обмену опытом",
            ],
            ["1", "2", "3", "4"],
            [
                "1.5",
                "март 2021 г. – декабрь 2021 г.",
                "Реализация разработанной муниципальной концепции поддержки школ с низкими результатами обучения",
                "Реализована 1 муниципальная концепция",
            ],
            ["2022 год"],
            [
                "2.1",
                "Январь 2022 г.",
                "Совершенствование (доработка, обновление) муниципальной концепции поддержки школ",
                "Доработана 1 муниципальная концепция",
            ],
            [
                "2.9",
                "март 2022 г. (входной), сентябрь 2022 г. (промежуточный), ноябрь 2022 г. (итоговый)",
                "Проведение входного, промежуточного, итогового мониторингов реализации муниципальных программ",
                "Разработаны 3 аналитические справки",
            ],
            ["2023 год", "", "", ""],
            ["1", "2", "3", "4"],
            [
                "3.1",
                "Январь 2023 г.",
                "Совершенствование (доработка, обновление) муниципальной концепции поддержки школ",
                "Доработана 1 муниципальная концепция",
            ],
        ]
    )


# ------------------------------------------------------------------------------------------------ 002

H002 = ["", "Выполненные и реализуемые мероприятия", "Конечный результат исполнения по мероприятиям"]


def plan_002() -> bytes:
    """A progress report: the «№» header cell is empty, «1. Информационное…» is merged across, tables are
    repeated with their header after each page break, «Процесс N: …» headings between tables, a number
    written «.3.», a row whose number comes only on its part after the page break, and an unrelated table
    of the same width after the plan."""
    return docx_bytes(
        [
            "Процесс 1: Повышение качества образования в школах с низкими образовательными результатами",
            "Таблица 1",
            Table(
                [
                    H002,
                    Merged("1. Информационное, аналитическое обеспечение реализации программы/проекта"),
                    [
                        "1.1.",
                        "Прошли собеседования с администрацией школ с низкими образовательными результатами",
                        "Выявлены проблемные зоны школ",
                    ],
                    [
                        "1.2.",
                        "Проведены мониторинговые исследования на муниципальном и школьном уровнях, направленных на: "
                        "- комплексную оценку условий деятельности управленческого и педагогического",
                        "Организация мероприятий по проблемным зонам школ с низкими образовательными результатами",
                    ],
                ]
            ),
            Table(
                [
                    H002,
                    [
                        "",
                        "потенциала; - развитие современной образовательной среды.",
                        "",
                    ],
                    [
                        "1.3.",
                        "Участие во Всероссийских проверочных работах, диагностических работах (10 класс)",
                        "Анализ результатов независимой оценки качества образования",
                    ],
                ]
            ),
            "Процесс 2: Развитие профессионального мастерства педагогического и управленческого персонала",
            "Таблица 2",
            Table(
                [
                    H002,
                    [
                        "2.2.",
                        "Проведены инструктивно-методические совещания с руководителями общеобразовательных "
                        "организаций",
                        "Определение основных направлений деятельности по управлению качеством образования",
                    ],
                    [
                        ".3.",
                        "Анализ и корректировка планов работы районных методических объединений",
                        "Реализация комплекса мероприятий по повышению квалификации педагогов",
                    ],
                    ["", "Разработка и реализация индивидуальных", "Реализация комплекса мероприятий по"],
                ]
            ),
            Table(
                [
                    H002,
                    [
                        "2.5.",
                        "планов профессионального развития учителей школ, работающих в сложных социальных условиях",
                        "повышению квалификации педагогов по профилю их педагогической деятельности",
                    ],
                    [
                        "2.6.",
                        "Поддержка проектов партнерства школ с низкими образовательными результатами с ведущими "
                        "школами",
                        "Обеспечение взаимодействия с целью развития профессионального мастерства",
                    ],
                ]
            ),
            "Таблица 4",
            Table(
                [
                    Merged(
                        "АДРЕСНАЯ ПОМОЩЬ ШКОЛАМ С НИЗКИМИ ОБРАЗОВАТЕЛЬНЫМИ РЕЗУЛЬТАТАМИ ПО ИНДИВИДУАЛЬНЫМ ПОТРЕБНОСТЯМ"
                    ),
                    ["МКОУ «Уньюганская СОШ №1»", "МКОУ «Шеркальская СОШ»", "МКОУ «Чемашинская СОШ»"],
                ]
            ),
        ]
    )


def activities(plan: ImportedPlan) -> list[ImportedActivity]:
    """Every activity of an imported plan, section after section."""
    return [a for s in plan.sections for a in s.activities]


def summary(plan: ImportedPlan) -> list[tuple[str | None, str, str, str, str]]:
    """Each activity's number, title, deadline, responsible and expected result."""
    return [(a.number, a.title, a.deadline, a.responsible, a.expected_result) for a in activities(plan)]


def brief(plan: ImportedPlan) -> list[tuple[str | None, str, str, str]]:
    """Each activity's number, title, deadline and responsible."""
    return [(a.number, a.title, a.deadline, a.responsible) for a in activities(plan)]


def sections(plan: ImportedPlan) -> list[tuple[str | None, str, list[str | None]]]:
    """Each section's number, title and the numbers of its activities."""
    return [(s.number, s.title, [a.number for a in s.activities]) for s in plan.sections]


def codes(plan: ImportedPlan) -> list[str]:
    """The codes of the plan's problems, in order."""
    return [p.code for p in plan.problems]


def docx_with_embedded_book(blocks: list[Block], book: bytes) -> bytes:
    """A Word document keeping an Excel book as an embedded object (`word/embeddings/…xlsx`), as Word does for a
    table pasted as a «Лист Microsoft Excel»."""
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx_bytes(blocks))) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", book)
    return out.getvalue()


def docx_paragraph_cells(blocks: list[Block]) -> bytes:
    """Like `docx_bytes`, but each line of a cell («Семинар⏎для учителей») is a paragraph of its own (Enter typed in
    the cell), not a soft line break (Shift+Enter) as `docx_bytes` writes it."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        columns = max(len(r) if isinstance(r, list) else 1 for r in block.rows)
        table = document.add_table(rows=len(block.rows), cols=columns)
        for r, spec in enumerate(block.rows):
            cells = table.rows[r].cells
            if isinstance(spec, Merged):
                last = spec.last if spec.last >= 0 else columns - 1
                merged = cells[spec.first].merge(cells[last])
                _paragraphs(merged, spec.text)
                continue
            for c, text in enumerate(spec):
                _paragraphs(cells[c], text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(cell: Any, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)
