"""The few formulas a plan's sheet holds, computed when the file keeps no result for them.

Excel saves the result of every formula with the file, and `tables.read_xlsx` reads that. A book written by a
program (openpyxl, XlsxWriter, a school system's export) keeps no result, or 0, and asks Excel to compute all
formulas when the book is opened (`fullCalcOnLoad`). Then the importer computes what a plan uses: numbering
(`=A5+1`, `=ROW()-3`, `=A5&".1"`, `=MAX($A$2:A5)+1`, `=COUNTA($B$2:B6)`, `=SUBTOTAL(3,$B$2:B6)`,
`=IF(B6="","",A5+1)`, LEN and ISBLANK in its condition), references to another cell, text joined with `&` or
CONCATENATE, and DATE. Any other formula keeps the value stored in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

Value = float | str | date | None
Argument = tuple[Value, tuple[int, int] | None, list[Value] | None]
"""A function's argument: its value, the cell it names when a bare reference, the values of a range («$B$2:B7»)."""
MAX_DEPTH = 40
MAX_RANGE_CELLS = 10_000
MAX_RANGE_TOTAL = 2_000_000
"""The cells the ranges of one sheet's formulas may read together («=MAX($A$2:A5)+1» filled down reads a growing
range in every row): past it, the values stored in the file stay."""
MAX_FORMULA_CHARS = 500
MAX_FORMULA_CELLS = 1_200_000  # the cells an uploaded book may hold (`tables.OFFICE_LIMITS`)

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<number>\d+(?:\.\d+)?)
    |"(?P<string>(?:[^"]|"")*)"
    |(?P<range>\$?[A-Za-z]{1,3}\$?\d{1,7}:\$?[A-Za-z]{1,3}\$?\d{1,7})
    |(?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})(?![A-Za-z0-9_(])
    |(?P<name>[A-Za-z_][A-Za-z0-9_.]*)\s*\(
    |(?P<op><>|<=|>=|[-+*/&(),<>=])
    )""",
    re.VERBOSE,
)


class FormulaError(Exception):
    """A formula the importer does not compute: the value stored in the file stays."""


def _tokens(formula: str) -> list[tuple[str, str]]:
    text, position, tokens = formula.strip().removeprefix("="), 0, []
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            if text[position:].strip():
                raise FormulaError(formula)
            break
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


@dataclass
class _Parser:
    tokens: list[tuple[str, str]]
    cell: Callable[[int, int], Value]
    row: int
    column: int
    spend: Callable[[int], None] = lambda cells: None
    at: int = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.at += 1
            return True
        return False

    def expression(self) -> Value:
        """A comparison («B5=""», 1 when true, 0 when not) or the text and numbers it compares."""
        value = self.joined()
        while self.peek()[0] == "op" and self.peek()[1] in _COMPARISONS:
            operator = self.tokens[self.at][1]
            self.at += 1
            value = 1.0 if _compare(value, self.joined(), operator) else 0.0
        return value

    def joined(self) -> Value:
        value = self.additive()
        while self.take("&"):
            value = _text(value) + _text(self.additive())
        return value

    def additive(self) -> Value:
        value = self.term()
        while self.peek() in {("op", "+"), ("op", "-")}:
            sign = 1 if self.tokens[self.at][1] == "+" else -1
            self.at += 1
            value = _add(value, self.term(), sign)
        return value

    def term(self) -> Value:
        value = self.unary()
        while self.peek() in {("op", "*"), ("op", "/")}:
            divide = self.tokens[self.at][1] == "/"
            self.at += 1
            right = _number(self.unary())
            if divide and not right:
                raise FormulaError("division by zero")
            value = _number(value) / right if divide else _number(value) * right
        return value

    def unary(self) -> Value:
        if self.take("-"):
            return -_number(self.unary())
        if self.take("+"):
            return _number(self.unary())
        return self.primary()

    def primary(self) -> Value:
        kind, text = self.peek()
        self.at += 1
        if kind == "number":
            return float(text)
        if kind == "string":
            return text.replace('""', '"')
        if kind == "ref":
            row, column = _address(text)
            return self.cell(row, column)
        if kind == "name":
            return self.function(text.upper(), self.arguments())
        if (kind, text) == ("op", "("):
            value = self.expression()
            if not self.take(")"):
                raise FormulaError("unbalanced brackets")
            return value
        raise FormulaError(text)

    def arguments(self) -> list[Argument]:
        """The arguments of a function call, each with the cell it names when it is a bare reference, or the values
        of the range it is."""
        found: list[Argument] = []
        if self.take(")"):
            return found
        while True:
            kind, text = self.peek()
            if kind == "range":
                self.at += 1
                found.append((None, None, self.range_values(text)))
            else:
                start = self.at
                value = self.expression()
                found.append((value, _address(text) if kind == "ref" and self.at == start + 1 else None, None))
            if self.take(")"):
                return found
            if not self.take(","):
                raise FormulaError("bad arguments")

    def range_values(self, text: str) -> list[Value]:
        (top, left), (bottom, right) = (_address(corner) for corner in text.split(":"))
        top, bottom, left, right = min(top, bottom), max(top, bottom), min(left, right), max(left, right)
        if (bottom - top + 1) * (right - left + 1) > MAX_RANGE_CELLS:
            raise FormulaError(text)
        self.spend((bottom - top + 1) * (right - left + 1))
        return [self.cell(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]

    def function(self, name: str, arguments: list[Argument]) -> Value:
        if any(values is not None for _, _, values in arguments):
            return _aggregate(name, arguments)
        values = [value for value, _, _ in arguments]
        if name == "IF" and len(values) in {2, 3}:
            return values[1] if _true(values[0]) else (values[2] if len(values) == 3 else 0.0)
        if name in {"MAX", "MIN", "SUM", "COUNT", "COUNTA"}:
            return _aggregate(name, arguments)
        if name in {"LEN", "ISBLANK"} and len(values) == 1:
            return float(len(_text(values[0]))) if name == "LEN" else float(values[0] is None)
        if name in {"ROW", "COLUMN"}:
            where = arguments[0][1] if arguments else (self.row, self.column)
            if where is None:
                raise FormulaError(name)
            return float(where[0] if name == "ROW" else where[1])
        if name in {"CONCATENATE", "CONCAT", "_XLFN.CONCAT"}:
            return "".join(_text(v) for v in values)
        if name == "DATE" and len(values) == 3:
            year, month, day = (int(_number(v)) for v in values)
            return date(year, month, 1) + timedelta(days=day - 1)
        raise FormulaError(name)


_COMPARISONS = {"=", "<>", "<", ">", "<=", ">="}
_SUBTOTALS = {2: "COUNT", 3: "COUNTA", 4: "MAX", 5: "MIN", 9: "SUM"}
"""SUBTOTAL's function numbers (and the same plus 100, leaving hidden rows out) the importer computes."""


def _aggregate(name: str, arguments: list[Argument]) -> Value:
    """MAX, MIN, SUM, COUNT, COUNTA over cells and ranges («=MAX($A$2:A6)+1», «=COUNTA($B$2:B6)», «=SUBTOTAL(3,
    $B$2:B6)»: the numbering of a plan's rows); text and empty cells of a range count for none but COUNTA."""
    if name == "SUBTOTAL" and arguments and arguments[0][2] is None:
        code = int(_number(arguments[0][0]))
        name, arguments = _SUBTOTALS.get(code % 100, ""), arguments[1:]
    values: list[Value] = []
    for value, _, listed in arguments:
        values.extend(listed if listed is not None else [value])
    if name == "COUNTA":
        return float(sum(1 for v in values if v is not None and v != ""))
    numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if name == "COUNT":
        return float(len(numbers))
    if name == "SUM":
        return float(sum(numbers))
    if name in {"MAX", "MIN"}:
        return (max if name == "MAX" else min)(numbers) if numbers else 0.0
    raise FormulaError(name)


def _true(value: Value) -> bool:
    if isinstance(value, str):
        raise FormulaError("text as a condition")
    return bool(value)


def _compare(left: Value, right: Value, operator: str) -> bool:
    """Excel's comparison of two values: an empty cell equals «""» and 0; text case-insensitively; a date as its
    serial number."""
    if isinstance(left, str) or isinstance(right, str):
        return _ordered(_text(left).lower(), _text(right).lower(), operator)
    return _ordered(_serial(left), _serial(right), operator)


def _ordered(a: Any, b: Any, operator: str) -> bool:
    outcomes = {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}
    return outcomes[operator]


def _serial(value: Value) -> float:
    return float(_text(value)) if isinstance(value, date) else _number(value)


def _address(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})", ref)
    if not match:
        raise FormulaError(ref)
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(match.group(2)), column


def _number(value: Value) -> float:
    if value is None or value == "":
        return 0.0
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            raise FormulaError(value) from None
    raise FormulaError("a date in arithmetic")


def _add(left: Value, right: Value, sign: int) -> Value:
    if isinstance(left, date):
        return left + timedelta(days=sign * _number(right))
    return _number(left) + sign * _number(right)


def _text(value: Value) -> str:
    """A value as `&` joins it: a whole number without «.0», a date as its Excel serial number."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, date):
        day = value.date() if isinstance(value, datetime) else value
        return str((day - date(1899, 12, 30)).days)
    return str(value)


def _peek(sheet: Any, row: int, column: int) -> Any:
    """A cell's value without creating the cell (`sheet.cell` would add it, and grow the sheet to a far
    reference)."""
    cell = sheet._cells.get((row, column))
    return None if cell is None else cell.value


@dataclass
class SheetFormulas:
    """Computes the formulas of one sheet: `formulas` holds the sheet as written (formulas as text), `stored`
    the values the file keeps."""

    formulas: Any
    stored: Any
    cells: set[tuple[int, int]] = field(default_factory=set)  # (row, column) of every formula
    _done: dict[tuple[int, int], Value] = field(default_factory=dict)
    _open: set[tuple[int, int]] = field(default_factory=set)
    _ranged: int = 0  # the cells read by ranges so far

    def __post_init__(self) -> None:
        for (row, column), cell in list(self.formulas._cells.items())[:MAX_FORMULA_CELLS]:
            if cell.data_type == "f" and isinstance(cell.value, str):
                self.cells.add((row, column))

    def _spend(self, cells: int) -> None:
        self._ranged += cells
        if self._ranged > MAX_RANGE_TOTAL:
            raise FormulaError("too many cells in ranges")

    def value(self, row: int, column: int) -> Any:
        """The cell's value: a formula's result when the importer computes it, else the value stored."""
        try:
            return self._value(row, column)
        except (FormulaError, ArithmeticError, ValueError, OverflowError, RecursionError):
            return _peek(self.stored, row, column)

    def _value(self, row: int, column: int) -> Value:
        key = (row, column)
        if key in self._done:
            return self._done[key]
        if key not in self.cells:
            stored: Value = _peek(self.stored, row, column)
            return stored
        written = str(_peek(self.formulas, row, column))
        if key in self._open or len(self._open) >= MAX_DEPTH or len(written) > MAX_FORMULA_CHARS:
            raise FormulaError("circular or too deep")
        self._open.add(key)
        try:
            parser = _Parser(_tokens(written), self._value, row, column, self._spend)
            result = parser.expression()
            if parser.at != len(parser.tokens):
                raise FormulaError(written)
        finally:
            self._open.discard(key)
        if isinstance(result, float):
            result = round(result, 9)  # «=A5+0.1» gives 1.2, not 1.2000000000000002
        self._done[key] = result
        return result
