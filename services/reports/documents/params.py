"""What a report is built for: the school year, the territory, the school, the plan — and how a signed
document is set: its registration or the order it is attached to, the basis, text the methodist adds, the
signature and the executor.

Every report type needs some of them (`builders.REPORT_TYPES[...].required`); `require` answers a missing one
with a 422 `missing_parameter` naming it in Russian, before anything is read from the other services.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.shared.errors import InvalidValue
from services.shared.ids import Code, Id
from services.shared.school_year import CalendarDate, SchoolYear

PARAMETER_LABELS = {
    "school_year": "учебный год",
    "territory": "территория (код региона или муниципалитета)",
    "school_code": "код школы",
    "plan_id": "номер плана",
    "registration_number": "регистрационный номер документа",
    "registration_date": "дата регистрации документа",
    "as_order_appendix": "оформить приложением к приказу",
    "order_number": "номер приказа",
    "order_date": "дата приказа",
    "basis": "основание («В соответствии с …»)",
    "preamble": "текст после вводной части",
    "extra_text": "текст в конце выводов",
    "signatory_post": "должность подписывающего",
    "signatory_name": "инициалы и фамилия подписывающего",
    "executor_name": "исполнитель",
    "executor_phone": "телефон исполнителя",
    "as_of": "дата, на которую оценивается исполнение",
}
SIGNED_DOCUMENT = (
    "registration_number", "registration_date", "as_order_appendix", "order_number", "order_date", "basis",
    "preamble", "extra_text", "signatory_post", "signatory_name", "executor_name", "executor_phone",
)  # fmt: skip
"""The parameters of how a signed document is set, common to the documents an official signs."""


class ReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_year: SchoolYear | None = None
    territory: Code | None = Field(
        default=None, description="код региона или муниципалитета; по умолчанию вся территория доступа"
    )
    school_code: Code | None = Field(default=None, description="код школы")
    plan_id: Id | None = Field(default=None, description="номер плана")
    registration_number: str | None = Field(default=None, max_length=50, description="исходящий номер; пусто — «№ ___»")
    registration_date: CalendarDate | None = Field(default=None, description="дата регистрации; пусто — «от ________»")
    as_order_appendix: bool = Field(
        default=False, description="«Приложение к приказу … от … №» вместо регистрационного номера справки"
    )
    order_number: str | None = Field(default=None, max_length=50, description="номер приказа; пусто — «№ ___»")
    order_date: CalendarDate | None = Field(default=None, description="дата приказа; пусто — «от ________»")
    basis: str | None = Field(
        default=None, max_length=1000, description="основание: «приказом … от … № …» (после «В соответствии с»)"
    )
    preamble: str | None = Field(default=None, max_length=10000, description="текст методиста после вводной части")
    extra_text: str | None = Field(default=None, max_length=10000, description="текст методиста в конце выводов")
    signatory_post: str | None = Field(default=None, max_length=300, description="по умолчанию — руководитель органа")
    signatory_name: str | None = Field(default=None, max_length=100, description="«И.И. Иванов»; пусто — линия")
    executor_name: str | None = Field(default=None, max_length=100, description="исполнитель: «Петрова А.А.»")
    executor_phone: str | None = Field(default=None, max_length=50, description="телефон исполнителя")
    as_of: CalendarDate | None = Field(
        default=None, description="справка о выполнении плана: на какую дату (ГГГГ-ММ-ДД); по умолчанию сегодня"
    )

    @field_validator("territory", "school_code", mode="before")
    @classmethod
    def _blank_code(cls, value: object) -> object:
        """A blank code means none; any other value is checked against the shared code pattern."""
        return (value.strip() or None) if isinstance(value, str) else value

    @field_validator(
        "registration_number", "order_number", "basis", "preamble", "extra_text",
        "signatory_post", "signatory_name", "executor_name", "executor_phone",
    )  # fmt: skip
    @classmethod
    def _text(cls, value: object) -> object:
        """Blank text means none."""
        return (value.strip() or None) if isinstance(value, str) else value


def require(params: ReportParams, *names: str) -> None:
    """A 422 `missing_parameter` for the first parameter of `names` that is not given."""
    for name in names:
        if getattr(params, name) is None:
            detail = f"Не указан параметр отчёта: {PARAMETER_LABELS.get(name, name)}"
            raise InvalidValue(detail, code="missing_parameter", loc=["parameters", name])
