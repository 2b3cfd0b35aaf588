"""The fields a letterhead (an authority's own DOCX template) may use, and the ones it must: declared apart
from `templates.py`, so the reports process answers them without loading python-docx and docxtpl."""

from __future__ import annotations

TEMPLATE_FIELDS: dict[str, str] = {
    "authority": "наименование органа управления образованием, выпустившего документ",
    "title": "заголовок документа",
    "subtitle": "подзаголовок (может быть пустым)",
    "issued": "дата формирования документа, ДД.ММ.ГГГГ",
    "show_issued": "признак печати даты формирования: {% if show_issued %} … {% endif %}; на подписываемых "
    "документах (приложение к приказу, справка) он ложен",
    "report_type": "код вида отчёта",
    "approval": "признак утверждения: используйте {% if approval %} … {% endif %} вокруг блока «УТВЕРЖДЕНО»",
    "approval_authority": "орган, утвердивший документ, в родительном падеже («Управления образования …»)",
    "order_number": "номер приказа об утверждении",
    "order_date": "дата приказа об утверждении, ДД.ММ.ГГГГ",
    "appendix_to": "строка «Приложение к приказу … от … № …» для приложения к приказу (пустая, если документ — "
    "не приложение); используйте {% if appendix_to %} … {% endif %}",
    "registration": "признак исходящей регистрации: {% if registration %} от {{ registration_date }} "
    "№ {{ registration_number }} {% endif %}",
    "registration_number": "исходящий регистрационный номер (пропуск для заполнения от руки, если не присвоен)",
    "registration_date": "дата регистрации, ДД.ММ.ГГГГ (пропуск для заполнения от руки, если не присвоена)",
    "signature_post": "должность подписывающего руководителя; если бланк содержит поля подписи, в тексте "
    "документа подпись не повторяется",
    "signature_name": "инициалы и фамилия подписывающего руководителя («И.И. Иванов»)",
    "executor": "исполнитель: фамилия, инициалы и телефон (может быть пустым)",
    "body": "содержание отчёта: разделы, таблицы, диаграммы; ставится отдельным абзацем как {{p body }}",
}
REQUIRED_FIELDS: set[str] = {"title", "body"}
