"""Charts of the reports as PNG bytes: matplotlib's Agg canvas, DejaVu Sans (it has Cyrillic), 150 dpi.

Figures are made with the object API (`Figure` + `FigureCanvasAgg`), never through `pyplot`: no global
figure state, so builders may run in threads. Every label a person reads is Russian.
"""

from __future__ import annotations

import functools
import io
import textwrap
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import matplotlib
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from services.reports.documents.common import ru_number
from services.reports.documents.model import exact

P = ParamSpec("P")

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


DRAWN_KEPT = 64
"""How many drawn charts a process keeps: a few MB of PNG."""
_drawn: OrderedDict[str, bytes] = OrderedDict()
_drawn_lock = threading.Lock()


def remembered(draw: Callable[P, bytes]) -> Callable[P, bytes]:
    """A chart drawn again from the same figures is the PNG drawn before, byte for byte (the last `DRAWN_KEPT` are
    kept). A chart is a function of its arguments alone, and drawing one is most of a note's build (≈ 0.2 CPU-s for
    the trend): a worker asked for the same note as DOCX, then as PDF, draws its charts once. The key is the
    arguments' `repr` (figures, names, tuples: all printed whole)."""

    @functools.wraps(draw)
    def cached(*args: P.args, **kwargs: P.kwargs) -> bytes:
        key = repr((draw.__name__, args, sorted(kwargs.items())))
        with _drawn_lock:
            if (png := _drawn.get(key)) is not None:
                _drawn.move_to_end(key)
                return png
        png = draw(*args, **kwargs)
        with _drawn_lock:
            _drawn[key] = png
            while len(_drawn) > DRAWN_KEPT:
                _drawn.popitem(last=False)
        return png

    return cached


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


BARS_PER_FIGURE = 20
"""Municipalities on one figure of `categories_by_municipality_parts`: at a bar each, the figure stays within the
height of an A4 page's text, printed at its own size, so its labels read at 9 pt (never shrunk to 6 pt)."""
FIGURE_WIDTH_IN = 6.0
"""A figure's width as drawn (15,2 cm; 16 cm or so with its margin as saved): within the text of an A4 page."""
LABEL_PT = 9
LABELS = {f"{key}": LABEL_PT for key in ("ytick.labelsize", "xtick.labelsize", "legend.fontsize", "axes.labelsize")}


def width_cm(png: bytes) -> float:
    """The width of a PNG of this module at its own size (150 dpi), in centimetres: a chart printed at it keeps its
    labels at the size they were drawn in."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return 16.0
    return round(int.from_bytes(png[16:20], "big") / DPI * 2.54, 2)


def _parts(count: int, per_figure: int) -> list[range]:
    """`count` bars split into as few figures of at most `per_figure` as there must be, of near equal size:
    44 → 15, 15, 14 (never 20, 20, 4)."""
    figures = max(1, -(-count // per_figure))
    size, extra = divmod(count, figures)
    parts, start = [], 0
    for index in range(figures):
        end = start + size + (1 if index < extra else 0)
        parts.append(range(start, end))
        start = end
    return parts


@remembered
def categories_by_municipality(
    municipalities: Sequence[str],
    categories: Sequence[tuple[str, str]],
    counts: Sequence[Sequence[int]],
    title: str = "Категории школ по муниципалитетам",
    top: int | None = None,
) -> bytes:
    """Horizontal stacked bars: one bar per municipality, one segment per category; the height grows with the
    municipalities, the width is `FIGURE_WIDTH_IN` whatever their names, so printed at its own width
    (`width_cm`) every label reads at `LABEL_PT`. `top`: the scale's end (figures of one region's parts alike).

    `categories` are (code, label) pairs; `counts[i][j]` is the number of schools of municipality i in category j.
    """
    if not municipalities or (top is None and not any(any(row) for row in counts)):
        return _empty(title)
    with rc_context(STYLE | LABELS):
        height = max(2.2, 0.34 * len(municipalities) + 1.4)
        figure = Figure(figsize=(FIGURE_WIDTH_IN, height), layout="constrained")
        axes = figure.add_subplot()
        positions = list(range(len(municipalities)))
        left = [0] * len(municipalities)
        for j, (code, label) in enumerate(categories):
            values = [row[j] for row in counts]
            axes.barh(positions, values, left=left, label=label, color=CATEGORY_COLOURS.get(code), height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(positions, [_wrap(name, 30) for name in municipalities])
        axes.set_ylim(len(municipalities) - 0.5, -0.5)  # the first on top, as the table lists them
        if top is not None:
            axes.set_xlim(0, max(1, top) * 1.05)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("Число школ (школа может входить в несколько категорий)")
        axes.set_title(_wrap(title, 55))
        figure.legend(loc="outside upper center", ncol=min(4, len(categories)), frameon=False)
        return _png(figure)


def categories_by_municipality_parts(
    municipalities: Sequence[str],
    categories: Sequence[tuple[str, str]],
    counts: Sequence[Sequence[int]],
    title: str = "Категории школ по муниципалитетам",
    per_figure: int = BARS_PER_FIGURE,
) -> list[tuple[str, bytes]]:
    """`categories_by_municipality` of a region of many municipalities split over as many figures as keep each
    within a page at its own size: (title, PNG) each, «…, часть 1 из 3 (муниципалитеты 1–15 из 44)», one scale
    for all parts so their bars compare. One figure, titled as it was, for up to `per_figure` municipalities."""
    parts = _parts(len(municipalities), per_figure)
    if len(parts) == 1:
        return [(title, categories_by_municipality(municipalities, categories, counts, title))]
    top = max((sum(row) for row in counts), default=0)
    drawn = []
    for number, part in enumerate(parts, 1):
        named = (
            f"{title}, часть {number} из {len(parts)} (муниципалитеты {part.start + 1}–{part.stop} "
            f"из {len(municipalities)})"
        )
        drawn.append(
            (
                named,
                categories_by_municipality(
                    [municipalities[i] for i in part], categories, [counts[i] for i in part], named, top=top
                ),
            )
        )
    return drawn


def threshold_label(threshold: float) -> str:
    """The threshold's line as the criteria and the table of years write the parameter: «порог 30 %», «порог
    33,33 %» (two decimals at most, never «33,3333 %» of a third, nor «33.3»)."""
    return f"порог {ru_number(exact(threshold) * 100, 2)}\u00a0%"


@remembered
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
                threshold_label(threshold),
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


@remembered
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


@remembered
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
