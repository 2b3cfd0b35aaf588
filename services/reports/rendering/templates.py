"""DOCX templates: the default frame (generated with python-docx, cached) and an authority's own letterhead.

A template is the frame of a document: page setup, the letterhead, the title block, the approval block and the
footer. The report itself arrives as `{{p body }}`, a docxtpl subdocument built from the `Document`'s sections.
An uploaded template is checked by `validate_template` before it is stored: it must be a DOCX, its jinja must
parse and render, and it may use only the fields in `TEMPLATE_FIELDS`, the required ones among them.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import cache
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaError

from services.reports.documents.model import (
    AppendixTo,
    ApprovalBlock,
    Document,
    Paragraph,
    Registration,
    Section,
    Signature,
)
from services.reports.rendering.fields import REQUIRED_FIELDS, TEMPLATE_FIELDS
from services.reports.rendering.isolated import render_letterhead
from services.reports.rendering.sandbox import TemplateError, jinja_message, sandbox

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024  # uncompressed: a letterhead with a logo is far smaller
_BODY_TAG = re.compile(r"\{\{p\s+body\s*\}\}")


def _tag(field: str) -> str:
    return "{{p body }}" if field == "body" else "{{ " + field + " }}"


# ---------------------------------------------------------------- default template


def _page_field(paragraph: DocxParagraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a placeholder result Word and LibreOffice recompute."""
    for kind, text in (("begin", None), ("instr", f" {instruction} "), ("separate", None), ("result", "1")):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "result":
            run.text = text or ""
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def add_page_number_footer(section: Any) -> None:
    """«Страница N из M» at the right of the footer."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Страница ")
    _page_field(paragraph, "PAGE")
    paragraph.add_run(" из ")
    _page_field(paragraph, "NUMPAGES")
    for run in paragraph.runs:
        run.font.size = Pt(9)


def add_page_number_header(section: Any) -> None:
    """The page's number alone at the top centre of the page from page 2 on, none on page 1, as ГОСТ Р 7.0.97-2016
    (п. 6.1) numbers a signed document's pages: a first page header of its own, left empty, and the PAGE field
    centred in the header of every other page."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.first_page_footer.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph, "PAGE")


def _set_fonts(style: Any, name: str, size: float) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _paragraph(doc: Any, text: str, *, align: Any = None, bold: bool = False, size: float | None = None) -> Any:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)  # one run, so docxtpl sees each tag whole
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    return paragraph


def build_default_template(landscape: bool = False, signed: bool = False) -> bytes:
    """The default frame: A4, Times New Roman 12 pt, margins 2 cm (right 1.5 cm); page numbers «Страница N из M» in
    the footer, or, on a document people sign (`signed`: an order's appendix, a note), at the top centre from page 2
    on (`add_page_number_header`)."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
        section.orientation = WD_ORIENT.LANDSCAPE
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin = Cm(2.0)
    section.right_margin = Cm(1.5)
    section.footer_distance = Cm(1.0)
    section.header_distance = Cm(1.0)

    _set_fonts(doc.styles["Normal"], "Times New Roman", 12)
    doc.core_properties.author = "Опора"
    doc.core_properties.title = ""

    # the approval block, upper right: rendered only for an approved document
    _paragraph(doc, "{%p if approval %}")
    for line in (
        "{{ approved }}",
        "приказом {{ approval_authority }}",
        "от {{ order_date }} №\u00a0{{ order_number }}",
    ):
        p = _paragraph(doc, line)
        p.paragraph_format.left_indent = Emu(int(section.page_width * 0.55) - section.left_margin)
    spacer = _paragraph(doc, "")
    spacer.paragraph_format.space_after = Pt(6)
    _paragraph(doc, "{%p endif %}")

    # «Приложение к приказу … от … № …», upper right: only on an order's appendix
    _paragraph(doc, "{%p if appendix_to %}")
    p = _paragraph(doc, "{{ appendix_to }}")
    p.paragraph_format.left_indent = Emu(int(section.page_width * 0.55) - section.left_margin)
    spacer = _paragraph(doc, "")
    spacer.paragraph_format.space_after = Pt(6)
    _paragraph(doc, "{%p endif %}")

    _paragraph(doc, "{{ authority }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    # the outgoing registration under the letterhead: «от 02.09.2024 № 01-12/345», blanks when not yet assigned
    _paragraph(doc, "{%p if registration %}")
    p = _paragraph(doc, "от {{ registration_date }} №\u00a0{{ registration_number }}")
    p.paragraph_format.space_before = Pt(6)
    _paragraph(doc, "{%p endif %}")
    p = _paragraph(doc, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.space_after = Pt(6)
    _paragraph(doc, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14)
    _paragraph(doc, "{%p if subtitle %}")
    _paragraph(doc, "{{ subtitle }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{%p if show_issued %}")
    p = _paragraph(doc, "Дата формирования: {{ issued }}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=10)
    p.paragraph_format.space_before = Pt(6)
    _paragraph(doc, "{%p endif %}")
    p = _paragraph(doc, "")
    p.paragraph_format.space_after = Pt(6)
    _paragraph(doc, "{{p body }}")

    if signed:
        add_page_number_header(section)
    else:
        add_page_number_footer(section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@cache
def default_template(landscape: bool = False, signed: bool = False) -> bytes:
    """Generated once per process, orientation and numbering; the bytes are immutable, so sharing them is safe."""
    return build_default_template(landscape, signed)


# ---------------------------------------------------------------- validation


TRIAL_SECONDS = 30.0  # the sample render at upload: a letterhead fills in milliseconds, the child starts in ~1 s


def open_template(content: bytes) -> DocxTemplate:
    """A docxtpl template from bytes, or TemplateError(invalid_template) for anything that is not a DOCX."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise TemplateError("invalid_template", "Файл не является документом DOCX.") from exc
    if "word/document.xml" not in names:
        raise TemplateError("invalid_template", "Файл не является документом Word (DOCX).")
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(
            "invalid_template",
            f"Шаблон слишком велик: {size // (1024 * 1024)} МБ после распаковки, допустимо не более "
            f"{MAX_TEMPLATE_BYTES // (1024 * 1024)} МБ.",
        )
    template = DocxTemplate(io.BytesIO(content))
    try:
        template.init_docx()
    except Exception as exc:  # python-docx: wrong content type, broken XML, missing parts
        raise TemplateError("invalid_template", f"Не удалось открыть шаблон DOCX: {exc}") from exc
    return template


def _syntax_error(exc: Exception) -> TemplateError:
    message = jinja_message(exc)
    return TemplateError(
        "invalid_template",
        f"Ошибка в разметке полей шаблона: {message}. Проверьте, что каждое поле записано целиком, "
        "например {{ title }}, а условия закрыты ({% if approval %} … {% endif %}).",
    )


def _paragraph_texts(template: DocxTemplate) -> list[str]:
    """The text of every paragraph of the body, the headers and the footers (where docxtpl renders jinja)."""
    document = template.get_docx()
    roots = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            roots.append(parse_xml(rel.target_part.blob))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for root in roots for p in root.iter(qn("w:p"))]


_DELIMITER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSING = {"{{": "}}", "{%": "%}", "{#": "#}"}


def _unbalanced(text: str) -> bool:
    """A tag left open or closed twice within one paragraph (a tag cannot span paragraphs in docxtpl)."""
    opened: str | None = None
    for match in _DELIMITER.finditer(text):
        token = match.group()
        if token in _CLOSING:
            if opened is not None and opened != "{#":
                return True
            opened = opened or token
        elif opened is not None and _CLOSING[opened] == token:
            opened = None
        elif opened is None or opened != "{#":
            return True
    return opened is not None


def _check_delimiters(template: DocxTemplate) -> None:
    for text in _paragraph_texts(template):
        if _unbalanced(text):
            snippet = text if len(text) <= 80 else text[:77] + "…"
            raise TemplateError(
                "invalid_template",
                f"Ошибка в разметке полей шаблона: поле записано не полностью в абзаце «{snippet}»; "
                "каждое поле открывается и закрывается в одном абзаце, например {{ title }} или {% if approval %}.",
            )


_SIGNATURE_FIELD = re.compile(r"\b(signature_post|signature_name)\b")


def uses_signature_fields(template: DocxTemplate) -> bool:
    """Whether the letterhead lays out the head's signature itself (then the body carries none)."""
    return any(_SIGNATURE_FIELD.search(text) for text in _paragraph_texts(template))


def template_fields(template: DocxTemplate) -> set[str]:
    try:
        return set(template.get_undeclared_template_variables(jinja_env=sandbox()))
    except JinjaError as exc:
        raise _syntax_error(exc) from exc


def validate_template(content: bytes) -> list[str]:
    """The fields the template uses (sorted); raises TemplateError when it cannot be used."""
    template = open_template(content)
    _check_delimiters(template)
    fields = template_fields(template)

    unknown = sorted(fields - TEMPLATE_FIELDS.keys())
    if unknown:
        raise TemplateError(
            "unknown_template_fields",
            "Неизвестные поля шаблона: "
            + ", ".join(_tag(f) for f in unknown)
            + "; допустимы: "
            + ", ".join(_tag(f) for f in TEMPLATE_FIELDS)
            + ".",
            unknown,
        )
    missing = sorted(REQUIRED_FIELDS - fields)
    body_inline = "body" in fields and not any(_BODY_TAG.search(text) for text in _paragraph_texts(template))
    if body_inline and "body" not in missing:
        missing.append("body")
    if missing:
        detail = "В шаблоне нет обязательных полей: " + ", ".join(_tag(f) for f in missing) + "."
        if body_inline:
            detail += " Содержание отчёта вставляется отдельным абзацем, в котором нет ничего, кроме {{p body }}."
        raise TemplateError("missing_template_fields", detail, missing)

    trial_render(content)
    return sorted(fields)


def trial_render(content: bytes) -> None:
    """Render a small sample with the template: catches what parsing cannot (unknown filters, sandbox)."""
    sample = Document(
        report_type="sample",
        authority="Управление образования",
        title="Проверка шаблона",
        subtitle="Подзаголовок",
        issued=date(2024, 9, 2),
        approval=ApprovalBlock(order_number="1", order_date=date(2024, 9, 1), authority="Управления образования"),
        appendix_to=AppendixTo(number="1", authority="Управления образования", order_date=date(2024, 9, 1)),
        registration=Registration(number="01-12/1", registered_on=date(2024, 9, 2)),
        sections=[
            Section(
                title="Раздел",
                blocks=[
                    Paragraph(text="Текст."),
                    Signature(post="Начальник", name="И.И. Иванов", executor="Исп.: Петрова А.А."),
                ],
            )
        ],
    )
    render_letterhead(sample, content, TRIAL_SECONDS)
