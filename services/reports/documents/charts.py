"""Charts of the reports as PNG bytes: matplotlib's Agg canvas, DejaVu Sans (it has Cyrillic), 150 dpi.

Figures are made with the object API (`Figure` + `FigureCanvasAgg`), never through `pyplot`: no global
figure state, so builders may run in threads. Every label a person reads is Russian.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from services.reports.documents.common import ru_number
from services.reports.documents.model import exact

matplotlib.use("Agg")  # no GUI; the figures below draw on their own Agg canvas anyway

DPI = 150
STYLE: Any = {  # typed loosely: matplotlib's stubs want literal keys
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# Colours per category (ШНОР, ШНСУ, зона риска, эффективный режим) and per execution state.
CATEGORY_COLOURS = {
    "low_results": "#c0392b",
    "unfavourable_social": "#e67e22",
    "risk_zone": "#f1c40f",
    "effective": "#27ae60",
}
STATE_COLOURS = {
    "done": "#27ae60",
    "in_progress": "#3498db",
    "overdue": "#c0392b",
    "planned": "#bdc3c7",
    "undated": "#9b59b6",
    "cancelled": "#5d6d7e",
}


def rounded_label(percent: float) -> str:
    """A point's label as the tables print the figure: «31,3» for 31,25 (half up, as Excel), never «31,2»."""
    return ru_number(percent, 1, keep_zeros=True)


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _png(figure: Figure) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _empty(title: str, message: str = "Нет данных для диаграммы") -> bytes:
    with rc_context(STYLE):
        figure = Figure(figsize=(6.5, 1.5))
        axes = figure.add_subplot()
        axes.set_axis_off()
        axes.set_title(title)
        axes.text(0.5, 0.4, message, ha="center", va="center")
        return _png(figure)


def categories_by_municipality(
    municipalities: Sequence[str],
    categories: Sequence[tuple[str, str]],
    counts: Sequence[Sequence[int]],
    title: str = "Категории школ по муниципалитетам",
) -> bytes:
    """Horizontal stacked bars: one bar per municipality, one segment per category.

    `categories` are (code, label) pairs; `counts[i][j]` is the number of schools of municipality i in category j.
    """
    if not municipalities or not any(any(row) for row in counts):
        return _empty(title)
    with rc_context(STYLE):
        height = max(2.2, 0.32 * len(municipalities) + 1.3)
        figure = Figure(figsize=(7.0, height))
        axes = figure.add_subplot()
        positions = list(range(len(municipalities)))
        left = [0] * len(municipalities)
        for j, (code, label) in enumerate(categories):
            values = [row[j] for row in counts]
            axes.barh(positions, values, left=left, label=label, color=CATEGORY_COLOURS.get(code), height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(positions, [_wrap(name, 34) for name in municipalities])
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("Число школ (школа может входить в несколько категорий)")
        axes.set_title(title, pad=22)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
        return _png(figure)


def share_trend(
    years: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    threshold: float | None = None,
    title: str = "Доля участников ниже минимального порога по годам",
) -> bytes:
    """Lines across school years; values are shares (0.3 is 30 %), None where a year has no figure."""
    if not years or not any(v is not None for _, values in series for v in values):
        return _empty(title)
    with rc_context(STYLE):
        figure = Figure(figsize=(6.5, 3.2))
        axes = figure.add_subplot()
        positions = list(range(len(years)))
        top = 0.0
        for n, (label, values) in enumerate(series):
            points = [(x, float(exact(v) * 100)) for x, v in zip(positions, values, strict=True) if v is not None]
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", label=label)
            for x, y in points:
                axes.annotate(
                    rounded_label(y),
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, 6 if n % 2 == 0 else -13),
                    ha="center",
                )
            top = max(top, *ys)
        if threshold is not None:
            axes.axhline(threshold * 100, color="#c0392b", linestyle="--", linewidth=1)
            axes.text(
                positions[-1],
                threshold * 100,
                f"порог {threshold * 100:g} %".replace(".", ","),
                va="bottom",
                ha="right",
            )
            top = max(top, threshold * 100)
        axes.set_xticks(positions, list(years))
        axes.set_ylim(0, max(10.0, top * 1.25))
        axes.set_ylabel("%")
        axes.set_title(title)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=1, frameon=False)
        return _png(figure)


def status_change_grid(
    statuses: Sequence[str],
    changes: Sequence[str],
    counts: Sequence[Sequence[int]],
    title: str = "Статус школы и его изменение за год",
) -> bytes:
    """A heatmap with the number of schools in each cell: statuses in rows, changes since last year in columns."""
    if not statuses or not changes:
        return _empty(title)
    with rc_context(STYLE):
        figure = Figure(figsize=(7.0, 0.45 * len(statuses) + 1.8))
        axes = figure.add_subplot()
        axes.imshow(counts, cmap="Oranges", aspect="auto", vmin=0, vmax=max(1, max(max(row) for row in counts)))
        peak = max(1, max(max(row) for row in counts))
        for i, row in enumerate(counts):
            for j, value in enumerate(row):
                colour = "white" if value > peak * 0.6 else "black"
                axes.text(j, i, str(value), ha="center", va="center", color=colour)
        axes.set_xticks(range(len(changes)), [_wrap(c, 14) for c in changes])
        axes.set_yticks(range(len(statuses)), [_wrap(s, 24) for s in statuses])
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        axes.set_title(title)
        return _png(figure)


def plan_progress(
    sections: Sequence[str],
    done: Sequence[int],
    in_progress: Sequence[int],
    overdue: Sequence[int],
    planned: Sequence[int],
    title: str = "Исполнение плана по разделам",
    undated: Sequence[int] = (),
    cancelled: Sequence[int] = (),
) -> bytes:
    """Horizontal stacked bars per section: done, in progress, overdue, planned, and — when any — activities with no
    deadline set and cancelled ones (counts of activities), so that each bar is as long as the row's «Всего»."""
    extra = [("undated", "срок не установлен", undated), ("cancelled", "отменено", cancelled)]
    parts = [
        ("done", "выполнено", done),
        ("in_progress", "выполняется", in_progress),
        ("overdue", "просрочено", overdue),
        ("planned", "срок не наступил", planned),
        *((key, label, values) for key, label, values in extra if any(values)),
    ]
    if not sections or not any(any(values) for _, _, values in parts):
        return _empty(title)
    with rc_context(STYLE):
        height = max(2.2, 0.4 * len(sections) + 1.4)
        figure = Figure(figsize=(7.0, height))
        axes = figure.add_subplot()
        positions = list(range(len(sections)))
        left = [0] * len(sections)
        for key, label, values in parts:
            axes.barh(positions, values, left=left, label=label, color=STATE_COLOURS[key], height=0.6)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(positions, [_wrap(name, 34) for name in sections])
        axes.invert_yaxis()
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("Число мероприятий (с учётом школ-участниц)")
        axes.set_title(title, pad=22 if len(parts) <= 4 else 34)
        axes.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=min(len(parts), 4) if len(parts) <= 4 else 3,
            frameon=False,
        )
        return _png(figure)
