"""The neutral document every report is built into and every format is rendered from.

Builders (`services.reports.documents.<type>`) turn data read from the other services into a `Document`;
renderers (`services.reports.rendering`) write a `Document` as DOCX, XLSX, HTML or PDF. Neither knows the
other, so a new report type needs no renderer change and a new format no builder change.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

ColumnKind = Literal["text", "int", "float", "percent", "date"]


class Column(BaseModel):
    key: str
    label: str
    kind: ColumnKind = "text"
    width: float | None = Field(default=None, description="relative width; None — equal share")


class Table(BaseModel):
    """A table whose header row repeats on every page; `percent` values are shares (0.25 is 25 %)."""

    block: Literal["table"] = "table"
    title: str | None = None
    columns: list[Column]
    rows: list[dict[str, Any]]
    total: dict[str, Any] | None = Field(default=None, description="a closing row in bold")
    sheet: str | None = Field(default=None, description="XLSX sheet name; None — the section's title")


class Paragraph(BaseModel):
    block: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["normal", "heading", "note", "list"] = "normal"


class Chart(BaseModel):
    block: Literal["chart"] = "chart"
    title: str
    png: bytes = Field(description="the chart as PNG (matplotlib, 150 dpi)")
    width_cm: float = 16.0


Block = Annotated[Table | Paragraph | Chart, Field(discriminator="block")]


class Section(BaseModel):
    title: str
    blocks: list[Block] = Field(default_factory=list)


class ApprovalBlock(BaseModel):
    """«УТВЕРЖДЕНО приказом … от … № …» in the upper right corner of an approved plan."""

    order_number: str
    order_date: date
    authority: str


class Document(BaseModel):
    report_type: str
    authority: str = Field(description="the issuing authority: a municipality's or region's education body")
    title: str
    subtitle: str | None = None
    issued: date
    landscape: bool = False
    approval: ApprovalBlock | None = None
    sections: list[Section]
