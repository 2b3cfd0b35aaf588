"""HTML: one standalone page (CSS inline, charts as data: URIs) — the preview in the browser.

The template and the CSS live here rather than in asset files so an installed (non-editable) package carries
them. jinja's autoescape is on: a school called «<Школа> & Co» stays text. Tables put their header in
`<thead>`, which browsers repeat on every printed page; the total row is the last body row, not a `<tfoot>`
(which would repeat too). The same serif face as the DOCX and the PDF.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from services.reports.documents.model import (
    SECTION_ROW,
    Chart,
    Column,
    Document,
    Paragraph,
    Section,
    Signature,
    Table,
    number_sign_bound,
)
from services.reports.rendering.values import (
    A4_TEXT_HEIGHT_CM,
    BODY_PT,
    CAPTION_ROOM_CM,
    HEADING_PT,
    SMALL_PT,
    appendix_to_text,
    approval_lines,
    cell_text,
    chart_width_cm,
    clean,
    column_decimals,
    format_date,
    header_groups,
    is_numeric,
    is_section_row,
    registration_text,
    relative_widths,
    section_headings,
    table_font_size,
    with_grouping,
)

CSS = """
@page {
  margin: 2cm 1.5cm 2cm 2cm;
  @bottom-right {
    content: "Страница " counter(page) " из " counter(pages);
    font-family: "Times New Roman", "Liberation Serif", "PT Serif", serif; font-size: 8pt; color: #444;
  }
}
html {
  font-family: "Times New Roman", "Liberation Serif", "PT Serif", serif;
  font-size: {body}pt; line-height: 1.35; color: #111;
}
body { margin: 0; }
@media screen {
  body { max-width: 26cm; margin: 1cm auto; padding: 0 1cm; background: #fff; }
  body.landscape { max-width: 36cm; }
}
.approval, .appendix-to { margin: 0 0 1em 58%; }
.approval p { margin: 0; }
.authority { text-align: center; font-weight: bold; margin: 0 0 .6em; }
h1 { text-align: center; font-size: {heading}pt; margin: .2em 0 .3em; }
.subtitle { text-align: center; margin: 0 0 .3em; }
.issued { text-align: right; font-size: {small}pt; color: #444; margin: 0 0 1em; }
.registration { margin: 0 0 1em; }
section.appendix { page-break-before: always; break-before: page; }
.appendix-label { text-align: right; margin: 0 0 .5em; }
section.appendix h2 { text-align: center; }
td, th, p { white-space: pre-line; }
tr.section td { font-weight: bold; background: #ededed; }
table.signature, table.signature td { border: none; padding: 0; }
table.signature { margin: 1.5em 0 0; page-break-inside: avoid; break-inside: avoid; }
table.signature td.name { text-align: right; vertical-align: bottom; }
.executor { font-size: {small}pt; margin: 2em 0 0; }
h2 { font-size: {heading}pt; margin: 1.2em 0 .5em; page-break-after: avoid; break-after: avoid; }
h3 { font-size: {body}pt; margin: 1em 0 .3em; page-break-after: avoid; break-after: avoid; }
p.normal { text-align: justify; text-indent: 1.25cm; margin: 0 0 .4em; }
p.note { font-size: {small}pt; font-style: italic; margin: 0 0 .4em; }
ul.list { margin: 0 0 .4em 1.25cm; padding-left: 1em; }
.table-title { font-weight: bold; margin: .8em 0 .3em; page-break-after: avoid; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 1em; }
thead { display: table-header-group; }
th, td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; overflow-wrap: break-word; }
th { hyphens: auto; }
th { background: #d9d9d9; text-align: center; vertical-align: middle; font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
td.date { text-align: center; white-space: nowrap; }
td.empty { text-align: center; color: #555; }
tr { page-break-inside: avoid; break-inside: avoid; }
tr.total td { font-weight: bold; background: #f2f2f2; }
figure { margin: .8em 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }
figure img { max-width: 100%; }
figcaption { font-size: {small}pt; font-style: italic; margin-top: .3em; }
"""
# the sizes of the DOCX: the body, the headings, the small print, so the preview reads as the signed document
CSS = CSS.replace("{body}", f"{BODY_PT:g}").replace("{heading}", f"{HEADING_PT:g}").replace("{small}", f"{SMALL_PT:g}")

SIGNED_PAGES = """
@page {
  @bottom-right { content: none; }
  @top-center { content: counter(page); font-family: "Times New Roman", "Liberation Serif", "PT Serif", serif; }
}
@page :first { @top-center { content: none; } }"""
"""A signed document's pages numbered as its DOCX (ГОСТ Р 7.0.97-2016, п. 6.1): at the top centre from page 2 on."""

TEMPLATE = """<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ css }}
@page { size: A4 {{ "landscape" if landscape else "portrait" }}; }</style>
</head>
<body class="{{ 'landscape' if landscape else 'portrait' }}">
<header>
{%- if approval %}
<div class="approval">{% for line in approval %}<p>{{ line }}</p>{% endfor %}</div>
{%- endif %}
{%- if appendix_to %}<p class="appendix-to">{{ appendix_to }}</p>{% endif %}
<p class="authority">{{ authority }}</p>
{%- if registration %}<p class="registration">{{ registration }}</p>{% endif %}
<h1>{{ title }}</h1>
{%- if subtitle %}<p class="subtitle">{{ subtitle }}</p>{% endif %}
{%- if issued %}<p class="issued">Дата формирования: {{ issued }}</p>{% endif %}
</header>
{%- for section in sections %}
<section{% if section.above %} class="appendix"{% endif %}>
{%- if section.above %}<p class="appendix-label">{{ section.above }}</p>{% endif %}
<h2>{{ section.title }}</h2>
{%- for block in section.blocks %}
{%- if block.kind == "paragraph" %}
{%- if block.style == "heading" %}<h3>{{ block.text }}</h3>
{%- elif block.style == "list" %}<ul class="list">{% for item in block.items %}<li>{{ item }}</li>{% endfor %}</ul>
{%- else %}<p class="{{ block.style }}">{{ block.text }}</p>{% endif %}
{%- elif block.kind == "table" %}
{%- if block.title %}<p class="table-title">{{ block.title }}</p>{% endif %}
<table style="font-size: {{ block.font_pt }}pt">
<colgroup>{% for width in block.widths %}<col style="width: {{ width }}%">{% endfor %}</colgroup>
<thead>
{%- for header_row in block.header %}
<tr>{% for label, colspan, rowspan in header_row %}<th
{%- if colspan > 1 %} colspan="{{ colspan }}"{% endif %}{% if rowspan > 1 %} rowspan="{{ rowspan }}"{% endif %}>
{{- label }}</th>{% endfor %}</tr>
{%- endfor %}
</thead>
<tbody>
{%- for row in block.rows %}
{%- if row is string %}
<tr class="section"><td colspan="{{ block.widths|length }}">{{ row }}</td></tr>
{%- else %}
<tr>{% for text, cls in row %}<td{% if cls %} class="{{ cls }}"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{%- endif %}
{%- else %}
<tr><td class="empty" colspan="{{ block.widths|length }}">Нет данных</td></tr>
{%- endfor %}
{%- if block.total %}
<tr class="total">
{%- for text, cls in block.total %}<td{% if cls %} class="{{ cls }}"{% endif %}>{{ text }}</td>{% endfor -%}
</tr>
{%- endif %}
</tbody>
</table>
{%- elif block.kind == "signature" %}
<table class="signature"><colgroup><col style="width: 62%"><col style="width: 38%"></colgroup>
<tr><td>{{ block.title }}</td><td class="name">{{ block.text }}</td></tr></table>
{%- if block.style %}<p class="executor">{{ block.style }}</p>{% endif %}
{%- elif block.kind == "chart" %}
<figure>
{%- if block.src %}<img src="{{ block.src }}" alt="{{ block.title }}" style="width: {{ block.width_cm }}cm">
{%- else %}<p class="note">[диаграмма недоступна]</p>{% endif %}
<figcaption>{{ block.title }}</figcaption>
</figure>
{%- endif %}
{%- endfor %}
</section>
{%- endfor %}
</body>
</html>
"""

_environment = Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
_template = _environment.from_string(TEMPLATE)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass
class _Block:
    kind: str
    text: str = ""
    style: str = ""
    title: str = ""
    widths: list[float] | None = None
    header: list[list[tuple[str, int, int]]] | None = None
    rows: list[list[tuple[str, str]] | str] | None = None
    total: list[tuple[str, str]] | None = None
    src: str = ""
    width_cm: float = 0.0
    items: list[str] | None = None
    font_pt: str = ""


def _cell_class(kind: str) -> str:
    if kind == "date":
        return "date"
    return "num" if kind in ("int", "float", "percent") else ""


def _header(columns: list[Column]) -> list[list[tuple[str, int, int]]]:
    """Header rows as (label, colspan, rowspan): one row, or two when columns are grouped."""
    groups = header_groups(columns)
    if not groups:
        return [[(clean(c.label), 1, 1) for c in columns]]
    upper: list[tuple[str, int, int]] = []
    lower: list[tuple[str, int, int]] = []
    start = 0
    for label, span in groups:
        if label is None:
            upper.append((clean(columns[start].label), 1, 2))
        else:
            upper.append((clean(label), span, 1))
            lower.extend((clean(c.label), 1, 1) for c in columns[start : start + span])
        start += span
    return [upper, lower]


def _table(table: Table) -> _Block:
    columns = with_grouping(table.columns, [*table.rows, *([table.total] if table.total else [])])
    data = [row for row in table.rows if not is_section_row(row)]
    decimals = column_decimals(columns, [*data, *([table.total] if table.total else [])])
    classes = [_cell_class(c.kind) if is_numeric(c) else "" for c in columns]

    def cells(row: dict[str, Any], total: bool = False) -> list[tuple[str, str]]:
        return [
            (cell_text(row, c, decimals.get(c.key, 1), total=total), cls)
            for c, cls in zip(columns, classes, strict=True)
        ]

    def row_cells(row: dict[str, Any]) -> list[tuple[str, str]] | str:
        return clean(row[SECTION_ROW]) if is_section_row(row) else cells(row)

    return _Block(
        kind="table",
        title=clean(table.title or ""),
        widths=[round(share * 100, 2) for share in relative_widths(columns)],
        header=_header(columns),
        rows=[row_cells(row) for row in table.rows],
        total=cells(table.total, total=True) if table.total else None,
        font_pt=f"{table_font_size(columns):g}",
    )


def _chart(chart: Chart, landscape: bool) -> _Block:
    """The chart at the width the DOCX sets it: narrower when at its width it would be taller than the page."""
    src = ""
    if chart.png.startswith(PNG_SIGNATURE):
        src = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
    width = chart_width_cm(chart.png, chart.width_cm, A4_TEXT_HEIGHT_CM[landscape] - CAPTION_ROOM_CM)
    return _Block(kind="chart", title=clean(chart.title), src=src, width_cm=round(width, 2))


def _blocks(section: Section, landscape: bool = False) -> list[_Block]:
    """The blocks of one section as the template shows them; consecutive list items make one list."""
    blocks: list[_Block] = []
    for block in section.blocks:
        if isinstance(block, Paragraph) and block.style == "list":
            previous = blocks[-1] if blocks else None
            if previous is not None and previous.style == "list" and previous.items is not None:
                previous.items.append(clean(block.text))  # consecutive items make one list
            else:
                blocks.append(_Block(kind="paragraph", style="list", items=[clean(block.text)]))
        else:
            blocks.extend(_block(block, landscape))
    return blocks


def _block(block: Table | Paragraph | Chart | Signature, landscape: bool = False) -> list[_Block]:
    """A paragraph (not a list item), table, chart or signature as the block the template shows."""
    if isinstance(block, Paragraph):
        return [_Block(kind="paragraph", text=clean(block.text), style=block.style)]
    if isinstance(block, Table):
        return [_table(block)]
    if isinstance(block, Chart):
        return [_chart(block, landscape)]
    if isinstance(block, Signature):
        return [
            _Block(kind="signature", title=clean(block.post), text=clean(block.name), style=clean(block.executor or ""))
        ]
    return []


def render_html(document: Document) -> str:
    sections = []
    for section, heading, above in section_headings(document):
        blocks = _blocks(section, document.landscape)
        sections.append({"title": heading, "above": above, "blocks": blocks})
    page = _template.render(
        css=Markup(CSS + ("" if document.show_issued else SIGNED_PAGES)),  # our constants: never entity-escaped
        landscape=document.landscape,
        title=clean(document.title),
        authority=clean(document.authority),
        subtitle=clean(document.subtitle or ""),
        issued=format_date(document.issued) if document.show_issued else "",
        approval=approval_lines(document),
        appendix_to=appendix_to_text(document),
        registration=registration_text(document),
        sections=sections,
    )
    return number_sign_bound(page)  # «№» never ends a line: bound to its number as DOCX binds it (`values.printed`)
