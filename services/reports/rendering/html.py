"""HTML: one standalone page (CSS inline, charts as data: URIs) — the preview and the source of the PDF.

The template and the CSS live here rather than in asset files so an installed (non-editable) package carries
them. jinja's autoescape is on: a school called «<Школа> & Co» stays text. Tables put their header in
`<thead>`, which WeasyPrint repeats on every page; the total row is the last body row, not a `<tfoot>`
(which would repeat too).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from services.reports.documents.model import Chart, Document, Paragraph, Table
from services.reports.rendering.values import (
    approval_lines,
    clean,
    column_decimals,
    format_date,
    format_value,
    is_numeric,
    relative_widths,
)

CSS = """
@page {
  margin: 1.6cm 1.5cm 1.8cm 2cm;
  @bottom-right {
    content: "Страница " counter(page) " из " counter(pages);
    font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 8pt; color: #444;
  }
}
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10pt; line-height: 1.35; color: #111; }
body { margin: 0; }
@media screen {
  body { max-width: 26cm; margin: 1cm auto; padding: 0 1cm; background: #fff; }
  body.landscape { max-width: 36cm; }
}
.approval { margin: 0 0 1em 58%; font-size: 9.5pt; }
.approval p { margin: 0; }
.authority { text-align: center; font-weight: bold; margin: 0 0 .6em; }
h1 { text-align: center; font-size: 14pt; margin: .2em 0 .3em; }
.subtitle { text-align: center; margin: 0 0 .3em; }
.issued { text-align: right; font-size: 9pt; color: #444; margin: 0 0 1em; }
h2 { font-size: 12pt; margin: 1.2em 0 .5em; page-break-after: avoid; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 1em 0 .3em; page-break-after: avoid; break-after: avoid; }
p.normal { text-align: justify; text-indent: 1.25cm; margin: 0 0 .4em; }
p.note { font-size: 9pt; font-style: italic; margin: 0 0 .4em; }
ul.list { margin: 0 0 .4em 1.25cm; padding-left: 1em; }
.table-title { font-weight: bold; margin: .8em 0 .3em; page-break-after: avoid; break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 1em; font-size: 8.5pt; }
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
figcaption { font-size: 9pt; font-style: italic; margin-top: .3em; }
"""

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
<p class="authority">{{ authority }}</p>
<h1>{{ title }}</h1>
{%- if subtitle %}<p class="subtitle">{{ subtitle }}</p>{% endif %}
<p class="issued">Дата формирования: {{ issued }}</p>
</header>
{%- for section in sections %}
<section>
<h2>{{ section.title }}</h2>
{%- for block in section.blocks %}
{%- if block.kind == "paragraph" %}
{%- if block.style == "heading" %}<h3>{{ block.text }}</h3>
{%- elif block.style == "list" %}<ul class="list">{% for item in block.items %}<li>{{ item }}</li>{% endfor %}</ul>
{%- else %}<p class="{{ block.style }}">{{ block.text }}</p>{% endif %}
{%- elif block.kind == "table" %}
{%- if block.title %}<p class="table-title">{{ block.title }}</p>{% endif %}
<table>
<colgroup>{% for width in block.widths %}<col style="width: {{ width }}%">{% endfor %}</colgroup>
<thead><tr>{% for label in block.header %}<th>{{ label }}</th>{% endfor %}</tr></thead>
<tbody>
{%- for row in block.rows %}
<tr>{% for text, cls in row %}<td{% if cls %} class="{{ cls }}"{% endif %}>{{ text }}</td>{% endfor %}</tr>
{%- else %}
<tr><td class="empty" colspan="{{ block.header|length }}">Нет данных</td></tr>
{%- endfor %}
{%- if block.total %}
<tr class="total">
{%- for text, cls in block.total %}<td{% if cls %} class="{{ cls }}"{% endif %}>{{ text }}</td>{% endfor -%}
</tr>
{%- endif %}
</tbody>
</table>
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
    header: list[str] | None = None
    rows: list[list[tuple[str, str]]] | None = None
    total: list[tuple[str, str]] | None = None
    src: str = ""
    width_cm: float = 0.0
    items: list[str] | None = None


def _cell_class(kind: str) -> str:
    if kind == "date":
        return "date"
    return "num" if kind in ("int", "float", "percent") else ""


def _table(table: Table) -> _Block:
    columns = table.columns
    decimals = column_decimals(columns, [*table.rows, *([table.total] if table.total else [])])
    classes = [_cell_class(c.kind) if is_numeric(c) else "" for c in columns]

    def cells(row: dict[str, Any], empty: str = "—") -> list[tuple[str, str]]:
        return [
            (format_value(row.get(c.key), c, decimals.get(c.key, 1), empty), cls)
            for c, cls in zip(columns, classes, strict=True)
        ]

    return _Block(
        kind="table",
        title=clean(table.title or ""),
        widths=[round(share * 100, 2) for share in relative_widths(columns)],
        header=[clean(c.label) for c in columns],
        rows=[cells(row) for row in table.rows],
        total=cells(table.total, empty="") if table.total else None,
    )


def _chart(chart: Chart) -> _Block:
    src = ""
    if chart.png.startswith(PNG_SIGNATURE):
        src = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
    return _Block(kind="chart", title=clean(chart.title), src=src, width_cm=round(chart.width_cm, 2))


def render_html(document: Document) -> str:
    sections = []
    for section in document.sections:
        blocks: list[_Block] = []
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.style == "list":
                previous = blocks[-1] if blocks else None
                if previous is not None and previous.style == "list" and previous.items is not None:
                    previous.items.append(clean(block.text))  # consecutive items make one list
                else:
                    blocks.append(_Block(kind="paragraph", style="list", items=[clean(block.text)]))
            elif isinstance(block, Paragraph):
                blocks.append(_Block(kind="paragraph", text=clean(block.text), style=block.style))
            elif isinstance(block, Table):
                blocks.append(_table(block))
            elif isinstance(block, Chart):
                blocks.append(_chart(block))
        sections.append({"title": clean(section.title), "blocks": blocks})
    return _template.render(
        css=Markup(CSS),  # our own constant: CSS inside <style> must not be entity-escaped
        landscape=document.landscape,
        title=clean(document.title),
        authority=clean(document.authority),
        subtitle=clean(document.subtitle or ""),
        issued=format_date(document.issued),
        approval=approval_lines(document),
        sections=sections,
    )
