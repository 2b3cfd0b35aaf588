"""DOCX templates: the default frame and an authority's own letterhead, validated on upload."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from services.reports.rendering import templates
from services.reports.rendering.render import (
    REQUIRED_FIELDS,
    TEMPLATE_FIELDS,
    TemplateError,
    render,
    validate_template,
)
from services.reports.rendering.templates import default_template
from tests.reports.sample import (
    AUTHORITY,
    EXECUTOR,
    SIGNATURE_NAME,
    SIGNATURE_POST,
    TITLE,
    chart_png,
    document,
    official_document,
    school_name,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

LETTERHEAD = "МУНИЦИПАЛЬНОЕ КАЗЁННОЕ УЧРЕЖДЕНИЕ «ОТДЕЛ ОБРАЗОВАНИЯ» КЕДРОВСКОГО РАЙОНА"


def letterhead(
    *lines: str, header: str | None = None, setup: Callable[[docx.document.Document], None] | None = None
) -> bytes:
    word = docx.Document()
    section = word.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if header is not None:
        section.header.paragraphs[0].text = header
    for line in lines:
        word.add_paragraph(line)
    if setup:
        setup(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _error(content: bytes) -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        validate_template(content)
    return caught.value


def _text(content: bytes) -> str:
    word = docx.Document(io.BytesIO(content))
    return "\n".join(p.text for p in word.paragraphs)


def test_the_default_template_passes_its_own_validation() -> None:
    fields = validate_template(default_template())
    assert REQUIRED_FIELDS <= set(fields) <= set(TEMPLATE_FIELDS)
    assert {"authority", "title", "approval", "order_number", "order_date", "approval_authority"} <= set(fields)
    assert default_template() is default_template()  # generated once
    landscape = docx.Document(io.BytesIO(default_template(landscape=True))).sections[0]
    assert landscape.orientation == WD_ORIENT.LANDSCAPE
    portrait = docx.Document(io.BytesIO(default_template())).sections[0]
    assert round(portrait.left_margin.cm, 1) == 2.0 and round(portrait.right_margin.cm, 1) == 1.5  # type: ignore[union-attr]
    normal = docx.Document(io.BytesIO(default_template())).styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 12


def test_field_descriptions_are_russian() -> None:
    assert all(any("а" <= ch <= "я" for ch in text) for text in TEMPLATE_FIELDS.values())
    assert TEMPLATE_FIELDS.keys() >= REQUIRED_FIELDS


def test_an_authoritys_letterhead_renders_with_its_own_text() -> None:
    content = letterhead(
        LETTERHEAD,
        "{{ authority }}",
        "{% if approval %}Утверждено приказом от {{ order_date }} № {{ order_number }}{% endif %}",
        "{{ title }}",
        "{{p body }}",
        "Исполнитель: Бабкина Н.А., тел. 8 (39195) 2-14-31",
        header="Бланк {{ authority }}",
    )
    assert validate_template(content) == ["approval", "authority", "body", "order_date", "order_number", "title"]

    rendered = render(document(), "docx", template=content)
    word = docx.Document(io.BytesIO(rendered))
    text = _text(rendered)
    assert LETTERHEAD in text and AUTHORITY in text and TITLE in text and "Бабкина Н.А." in text
    assert "Утверждено приказом от 30.08.2024 № 123-од" in text
    assert "Дата формирования" not in text  # the default frame is not used
    assert word.sections[0].header.paragraphs[0].text == f"Бланк {AUTHORITY}"
    (table,) = word.tables
    assert table.rows[1].cells[1].text == school_name(0).replace("№ ", "№\u00a0") and len(table.rows) == 62
    assert len(word.inline_shapes) == 1
    # the body sits where {{p body }} was: after the title, before the closing line
    assert text.index(TITLE) < text.index("1. Методика идентификации") < text.index("Исполнитель:")

    unapproved = _text(render(document(approved=False), "docx", template=content))
    assert "Утверждено" not in unapproved and LETTERHEAD in unapproved


def test_a_letterhead_turns_landscape_for_a_landscape_document() -> None:
    content = letterhead("{{ title }}", "{{p body }}")
    section = docx.Document(io.BytesIO(render(document(landscape=True), "docx", template=content))).sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.cm, 1) == 29.7 and round(section.page_height.cm, 1) == 21.0  # type: ignore[union-attr]


def test_a_field_split_into_runs_by_word_still_works() -> None:
    def split(word: docx.document.Document) -> None:
        paragraph = word.add_paragraph()
        for part in ("{{ ti", "tle", " }}"):
            paragraph.add_run(part).bold = part == "tle"

    content = letterhead("{{p body }}", setup=split)
    assert validate_template(content) == ["body", "title"]
    assert TITLE in _text(render(document(), "docx", template=content))


def test_fields_inside_a_letterhead_table() -> None:
    def table(word: docx.document.Document) -> None:
        grid = word.add_table(rows=1, cols=2)
        grid.cell(0, 0).text = LETTERHEAD
        grid.cell(0, 1).text = "{{ authority }}"

    content = letterhead("{{ title }}", "{{p body }}", setup=table)
    word = docx.Document(io.BytesIO(render(document(), "docx", template=content)))
    assert word.tables[-1].cell(0, 1).text == AUTHORITY and word.tables[-1].cell(0, 0).text == LETTERHEAD


def test_an_unknown_field_is_named() -> None:
    error = _error(letterhead("{{ adress }}", "{{ title }}", "{{p body }}"))
    assert error.code == "unknown_template_fields" and error.fields == ["adress"]
    assert "{{ adress }}" in error.detail and "Неизвестные поля шаблона" in error.detail
    assert "{{ authority }}" in error.detail  # the allowed ones are listed


def test_a_template_without_the_body() -> None:
    error = _error(letterhead(LETTERHEAD, "{{ title }}"))
    assert error.code == "missing_template_fields" and error.fields == ["body"] and "{{p body }}" in error.detail
    missing_both = _error(letterhead(LETTERHEAD))
    assert missing_both.fields == ["body", "title"]
    inline = _error(letterhead("{{ title }}", "Содержание: {{ body }}"))
    assert (
        inline.code == "missing_template_fields" and inline.fields == ["body"] and "отдельным абзацем" in inline.detail
    )


def _zip(**files: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name.replace("__", "/"), data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"random bytes \x00\x01\x02",
        b"",
        chart_png(),  # a PNG named .docx
        _zip(xl__workbook__xml=b"<workbook/>"),  # a zip, not Word
        _zip(word__document__xml=b"<not-xml"),  # Word's name, no package
    ],
    ids=["random", "empty", "png", "zip", "broken-package"],
)
def test_not_a_docx(content: bytes) -> None:
    error = _error(content)
    assert error.code == "invalid_template" and error.detail and error.fields == []


@pytest.mark.parametrize(
    "lines",
    [
        ("{{ title ", "{{p body }}"),
        ("{{ title }} }}", "{{p body }}"),
        ("{% if approval %}Утверждено", "{{ title }}", "{{p body }}"),  # never closed
        ("{{ title|no_such_filter }}", "{{p body }}"),
        ("{{ title + }}", "{{p body }}"),
    ],
    ids=["open-tag", "extra-close", "open-block", "unknown-filter", "bad-expression"],
)
def test_broken_jinja(lines: tuple[str, ...]) -> None:
    error = _error(letterhead(*lines))
    assert error.code == "invalid_template" and "шаблон" in error.detail.lower()


def test_a_template_cannot_reach_python() -> None:
    content = letterhead("{{ title.__class__.__mro__ }}", "{{p body }}")
    assert _error(content).code == "invalid_template"
    with pytest.raises(TemplateError):
        render(document(), "docx", template=content)


def test_values_are_escaped_in_a_letterhead() -> None:
    doc = document().model_copy(update={"authority": "«<Школа> & Co» </w:t>"})
    content = letterhead("{{ authority }}", "{{ title }}", "{{p body }}", header="{{ authority }}")
    rendered = render(doc, "docx", template=content)
    assert "«<Школа> & Co» </w:t>" in _text(rendered)
    assert docx.Document(io.BytesIO(rendered)).sections[0].header.paragraphs[0].text == "«<Школа> & Co» </w:t>"


def test_an_oversized_package_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "MAX_TEMPLATE_BYTES", 1000)
    error = _error(letterhead("{{ title }}", "{{p body }}"))
    assert error.code == "invalid_template" and "слишком велик" in error.detail


def test_a_letterhead_with_signature_and_registration_fields() -> None:
    """The authority's letterhead lays out the registration and the signature itself; the body then carries
    no second signature."""
    content = letterhead(
        LETTERHEAD,
        "{%p if registration %}",
        "Исх. от {{ registration_date }} № {{ registration_number }}",
        "{%p endif %}",
        "{%p if appendix_to %}",
        "{{ appendix_to }}",
        "{%p endif %}",
        "{{ title }}",
        "{{p body }}",
        "{{ signature_post }} ____________ {{ signature_name }}",
        "{{ executor }}",
    )
    assert {"registration_number", "signature_post", "executor", "appendix_to"} <= set(validate_template(content))
    word = docx.Document(io.BytesIO(render(official_document(), "docx", content)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Исх. от 03.09.2024 № 01-12/345" in text
    assert text.count(SIGNATURE_NAME) == 1 and f"{SIGNATURE_POST} ____________ {SIGNATURE_NAME}" in text
    assert EXECUTOR in text and "Приложение 2 к приказу Управления образования Кедровского района" in text
    assert all(SIGNATURE_NAME not in c.text for t in word.tables for r in t.rows for c in r.cells)


NESTED = "".join("{% for x" + str(i) + " in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] %}" for i in range(9)) + "{% endfor %}" * 9


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("{{ title * 3000000 }}", "template_too_large"),
        ("{{ title * 300000000 }}", "template_too_large"),
        ("{% for i in range(10**6) %}{{ i }}{% endfor %}", "template_too_large"),
        ("{{ title|center(10**9) }}", "template_too_large"),
        ("{{ 9 ** 999999999 }}", "template_too_large"),
    ],
)
def test_a_letterhead_that_would_render_too_much_is_refused(line: str, code: str) -> None:
    error = _error(letterhead("{{ title }}", line, "{{p body }}"))
    assert error.code == code and "Шаблон отклонён" in error.detail


def test_a_letterhead_that_renders_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A billion empty iterations pass every cap of the sandbox; the child process is killed at the limit
    (the limit is cut to 3 s so the test is short: the loops would run for minutes on any machine)."""
    monkeypatch.setattr(templates, "TRIAL_SECONDS", 3.0)
    error = _error(letterhead("{{ title }}", NESTED, "{{p body }}"))
    assert error.code == "template_too_slow" and "не удалось заполнить за 3 с" in error.detail


def test_a_stored_letterhead_that_turns_heavy_with_real_data_fails_cleanly() -> None:
    """A bomb that the upload's sample does not set off still cannot produce a huge document at render time."""
    content = letterhead("{{ title }}", "{% if title|length > 50 %}{{ title * 100000 }}{% endif %}", "{{p body }}")
    validate_template(content)  # «Проверка шаблона» is short
    with pytest.raises(TemplateError) as caught:
        render(document(), "docx", content)
    assert caught.value.code == "template_too_large"
