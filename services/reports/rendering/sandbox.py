"""The sandbox an uploaded letterhead is rendered in (with its limits), and the error a template fails with.

Shared by the validation at upload (`templates.py`), the render (`docx.py`) and the child process that renders
an uploaded letterhead (`isolated.py`, `isolated_child.py`); it imports none of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment


class TemplateError(Exception):
    """An uploaded template the service cannot use; `detail` is for the user (Russian)."""

    def __init__(self, code: str, detail: str, fields: list[str] | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.fields = fields or []


MAX_TEXT = 100_000  # characters one expression of a letterhead may produce: far more than any letterhead needs
MAX_RANGE = 1_000
MAX_EXPONENT = 64


class TemplateLimit(SecurityError):
    """A letterhead that would produce too much (the message is Russian, for the user)."""


def _length(value: Any) -> int | None:
    return len(value) if isinstance(value, str | list | tuple) else None


class LimitedSandbox(SandboxedEnvironment):
    """The jinja sandbox (no attribute tricks) that also caps what one expression may produce: repeating or
    joining text, `range`, powers and filters with huge arguments are refused before they run. Time is limited
    by rendering an uploaded letterhead in a child process (`isolated.py`)."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, finalize=self._finalize)
        self.globals["range"] = self._range
        self.filters = {name: self._limited(function) for name, function in self.filters.items()}

    @staticmethod
    def _too_long(size: int) -> TemplateLimit:
        return TemplateLimit(
            f"выражение шаблона порождает слишком длинный текст (более {MAX_TEXT:,} знаков)".replace(",", " ")
        )

    def _finalize(self, value: Any) -> Any:
        size = _length(value)
        if size is not None and size > MAX_TEXT:
            raise self._too_long(size)
        return value

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimit(f"в шаблоне слишком длинный цикл: range() не более чем на {MAX_RANGE} шагов")
        return numbers

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
            raise TemplateLimit(f"в шаблоне слишком большая степень (показатель не более {MAX_EXPONENT})")
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                size = _length(sequence)
                if size is not None and isinstance(times, int) and size * times > MAX_TEXT:
                    raise self._too_long(size * times)
        if operator == "+":
            sizes = (_length(left), _length(right))
            if sizes[0] is not None and sizes[1] is not None and sizes[0] + sizes[1] > MAX_TEXT:
                raise self._too_long(sizes[0] + sizes[1])
        return super().call_binop(context, operator, left, right)

    def _limited(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter that refuses huge numeric arguments (center(10**8), indent(10**8), …) and huge results."""

        @functools.wraps(function)  # keeps jinja's pass_environment / pass_context marks
        def limited(*args: Any, **kwargs: Any) -> Any:
            numbers = [a for a in [*args, *kwargs.values()] if isinstance(a, int | float) and not isinstance(a, bool)]
            if any(abs(n) > MAX_TEXT for n in numbers):
                raise self._too_long(MAX_TEXT)
            return self._finalize(function(*args, **kwargs))

        return limited


def sandbox() -> SandboxedEnvironment:
    """An uploaded template is code: render it sandboxed and limited, XML-escaping every value."""
    return LimitedSandbox()


def jinja_message(exc: Exception) -> str:
    return str(getattr(exc, "message", None) or exc).rstrip(".")
