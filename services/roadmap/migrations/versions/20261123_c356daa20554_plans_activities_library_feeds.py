"""plans, activities, library, feeds

Revision ID: c356daa20554
Revises: 31497fdf9ef0
Create Date: 2026-11-23 22:14:38.779336
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c356daa20554"
down_revision: str | None = "31497fdf9ef0"
branch_labels: str | Sequence[str] | None = None
# The default library of typical measures: (factor or None, category or None, title, responsible, deadline,
# expected result, final document). Reference data: users edit it through the API.
_SCHOOL = "Директор школы"
_DEPUTY = "Заместитель директора по УВР"
MEASURES = (
    (
        1,
        None,
        "Анализ оснащённости школы и составление перечня необходимого оборудования",
        _SCHOOL,
        "Сентябрь",
        "Перечень оборудования с приоритетами закупки",
        "Справка",
    ),
    (
        1,
        None,
        "Включение закупок оборудования в план финансово-хозяйственной деятельности",
        _SCHOOL,
        "Октябрь – ноябрь",
        "Не менее 1 заявки на оснащение",
        "План ФХД",
    ),
    (
        1,
        None,
        "Использование ресурсов центров «Точка роста» и опорных школ для практических работ",
        _DEPUTY,
        "В течение года",
        "Не менее 4 выездных занятий",
        "График занятий",
    ),
    (
        2,
        None,
        "Анализ кадрового состава и прогноз потребности в педагогах",
        _SCHOOL,
        "Сентябрь",
        "Прогноз потребности на 3 года",
        "Справка",
    ),
    (
        2,
        None,
        "Привлечение молодых специалистов и студентов-целевиков",
        _SCHOOL,
        "В течение года",
        "Не менее 1 принятого педагога",
        "Приказ",
    ),
    (
        2,
        None,
        "Организация наставничества для молодых педагогов",
        _DEPUTY,
        "Сентябрь",
        "100% молодых педагогов с наставником",
        "Приказ о наставничестве",
    ),
    (
        3,
        None,
        "Диагностика предметных и методических компетенций педагогов",
        _DEPUTY,
        "Октябрь",
        "100% педагогов прошли диагностику",
        "Аналитическая справка",
    ),
    (
        3,
        None,
        "Курсы повышения квалификации по выявленным дефицитам",
        _DEPUTY,
        "По отдельному графику",
        "Не менее 50% педагогов прошли курсы",
        "Удостоверения",
    ),
    (
        3,
        None,
        "Взаимопосещение уроков и открытые уроки в школьных методических объединениях",
        "Руководители ШМО",
        "По полугодиям",
        "Не менее 2 открытых уроков от ШМО",
        "Протоколы ШМО",
    ),
    (
        4,
        None,
        "Разработка индивидуальных образовательных маршрутов для обучающихся с трудностями в обучении",
        _DEPUTY,
        "Сентябрь – октябрь",
        "100% обучающихся группы риска с маршрутом",
        "Индивидуальные маршруты",
    ),
    (
        4,
        None,
        "Введение дифференцированных заданий на уроках и дополнительных занятий",
        "Учителя-предметники",
        "В течение года",
        "Не менее 2 занятий в неделю",
        "Расписание занятий",
    ),
    (
        4,
        None,
        "Мониторинг учебных достижений (входной, промежуточный, итоговый)",
        _DEPUTY,
        "Сентябрь (входной), декабрь (промежуточный), май (итоговый)",
        "Три среза в год",
        "Аналитическая справка",
    ),
    (
        5,
        None,
        "Разработка плана внутришкольного повышения квалификации",
        _DEPUTY,
        "Сентябрь",
        "План на учебный год",
        "План",
    ),
    (
        5,
        None,
        "Проведение методических семинаров по результатам оценочных процедур",
        _DEPUTY,
        "Ежегодно, октябрь, март",
        "Не менее 2 семинаров",
        "Протоколы",
    ),
    (
        5,
        None,
        "Участие педагогов в муниципальных методических объединениях",
        "Руководители ШМО",
        "В течение года",
        "100% педагогов в РМО",
        "Справка",
    ),
    (
        6,
        None,
        "Диагностика владения русским языком обучающихся, для которых он не родной",
        _DEPUTY,
        "Сентябрь",
        "Перечень обучающихся с языковыми трудностями",
        "Справка",
    ),
    (
        6,
        None,
        "Дополнительные занятия по русскому языку как неродному",
        "Учителя русского языка",
        "В течение года",
        "Не менее 1 занятия в неделю",
        "Журнал занятий",
    ),
    (
        6,
        None,
        "Мероприятия по социокультурной адаптации обучающихся и семей",
        "Социальный педагог",
        "По полугодиям",
        "Не менее 2 мероприятий",
        "Отчёт",
    ),
    (
        7,
        None,
        "Самообследование школьной образовательной и воспитательной среды",
        _SCHOOL,
        "Октябрь",
        "Карта состояния среды",
        "Справка",
    ),
    (
        7,
        None,
        "Обновление программы воспитания и плана воспитательной работы",
        "Заместитель директора по ВР",
        "Август",
        "Утверждённая программа",
        "Приказ",
    ),
    (
        7,
        None,
        "Развитие ученического самоуправления и школьных объединений",
        "Заместитель директора по ВР",
        "В течение года",
        "Не менее 2 действующих объединений",
        "План работы",
    ),
    (
        8,
        None,
        "Выявление обучающихся с рисками учебной неуспешности",
        _DEPUTY,
        "Сентябрь",
        "Список обучающихся группы риска",
        "Справка",
    ),
    (
        8,
        None,
        "Консультации и дополнительные занятия для обучающихся группы риска",
        "Учителя-предметники",
        "В течение года",
        "Не менее 90% обучающихся группы риска посещают занятия",
        "Журнал занятий",
    ),
    (
        8,
        None,
        "Психолого-педагогическое сопровождение обучающихся группы риска",
        "Педагог-психолог",
        "По полугодиям",
        "100% обучающихся группы риска охвачены",
        "Отчёт",
    ),
    (
        9,
        None,
        "Родительские собрания по результатам оценочных процедур",
        "Классные руководители",
        "Ежегодно, октябрь, май",
        "Не менее 80% родителей участвуют",
        "Протоколы собраний",
    ),
    (
        9,
        None,
        "Индивидуальные консультации родителей обучающихся группы риска",
        "Классные руководители",
        "По запросу",
        "100% родителей обучающихся группы риска",
        "Журнал консультаций",
    ),
    (
        9,
        None,
        "Вовлечение родителей в управление школой и общешкольные мероприятия",
        _SCHOOL,
        "В течение года",
        "Не менее 3 мероприятий с родителями",
        "Отчёт",
    ),
    (
        10,
        None,
        "Диагностика учебной мотивации обучающихся",
        "Педагог-психолог",
        "Октябрь",
        "Не менее 90% обучающихся прошли диагностику",
        "Аналитическая справка",
    ),
    (
        10,
        None,
        "Проектная и исследовательская деятельность, участие в олимпиадах и конкурсах",
        _DEPUTY,
        "В течение года",
        "Не менее 10% обучающихся участвуют",
        "Отчёт",
    ),
    (
        10,
        None,
        "Профориентационные мероприятия с участием организаций-партнёров",
        "Заместитель директора по ВР",
        "По полугодиям",
        "Не менее 2 мероприятий",
        "Отчёт",
    ),
    (
        None,
        "low_results",
        "Разработка концептуального документа и среднесрочной программы развития",
        _SCHOOL,
        "Октябрь – ноябрь",
        "Программа утверждена",
        "Приказ",
    ),
    (
        None,
        "low_results",
        "Анализ результатов ВПР, ОГЭ и ЕГЭ по предметам и классам",
        _DEPUTY,
        "Сентябрь",
        "Выявлены дефициты по предметам",
        "Аналитическая справка",
    ),
    (
        None,
        "low_results",
        "Работа со школой-наставником: совместный план, взаимопосещения",
        _SCHOOL,
        "По полугодиям",
        "Не менее 2 совместных мероприятий",
        "План наставничества",
    ),
    (
        None,
        "unfavourable_social",
        "Социальный паспорт школы и выявление семей в трудной жизненной ситуации",
        "Социальный педагог",
        "Сентябрь",
        "Социальный паспорт",
        "Справка",
    ),
    (
        None,
        "unfavourable_social",
        "Организация внеурочной занятости обучающихся из семей группы риска",
        "Заместитель директора по ВР",
        "В течение года",
        "Не менее 90% охвата",
        "Отчёт",
    ),
    (
        None,
        "unfavourable_social",
        "Взаимодействие с органами профилактики и социальной защиты",
        "Социальный педагог",
        "По полугодиям",
        "Не менее 2 совместных мероприятий",
        "Отчёт",
    ),
    (
        None,
        "risk_zone",
        "Мониторинг результатов по четвертям и раннее выявление снижения",
        _DEPUTY,
        "По итогам четверти",
        "Аналитическая справка по каждой четверти",
        "Справка",
    ),
    (
        None,
        "risk_zone",
        "Адресная методическая помощь учителям с низкими результатами классов",
        "Руководители ШМО",
        "В течение года",
        "Не менее 1 консультации в месяц",
        "Журнал консультаций",
    ),
    (
        None,
        "risk_zone",
        "Профилактика учебной неуспешности: занятия в малых группах",
        "Учителя-предметники",
        "Ежемесячно",
        "Снижение доли неудовлетворительных отметок",
        "Отчёт",
    ),
)

depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table(
        "calendar_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_subject", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("user_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_fetched_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feed_user_subject"), ["user_subject"], unique=False)

    op.create_table(
        "measure_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_factor", sa.Integer(), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("deadline_text", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("expected_result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("final_document", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("measure_template", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measure_template_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_measure_template_risk_factor"), ["risk_factor"], unique=False)

    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("position", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("school_code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("user_subject", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_municipality_code"), ["municipality_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_school_code"), ["school_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_user_subject"), ["user_subject"], unique=False)

    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("school_code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("owner_label", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("school_year", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("order_number", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("family_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.Integer(), nullable=True),
        sa.Column("risk_factor", sa.Integer(), nullable=True),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("identification_run_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_by_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("approved_by_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("approved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_municipality_code"), ["municipality_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_region_code"), ["region_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_school_code"), ["school_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_school_year"), ["school_year"], unique=False)

    op.create_table(
        "plan_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("unit", sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("baseline_year", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("actuals", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_indicator_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("planned_results", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_section_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("responsible", sa.JSON(), nullable=False),
        sa.Column("co_executors", sa.JSON(), nullable=False),
        sa.Column("deadline_text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("schedule", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("expected_result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("final_document", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("risk_factor", sa.Integer(), nullable=True),
        sa.Column("indicator", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("actual_result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("per_school", sa.Boolean(), nullable=False),
        sa.Column("completed_at", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["plan_section.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_section_id"), ["section_id"], unique=False)

    op.create_table(
        "activity_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("school_code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_by_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_comment_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "activity_occurrence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity_occurrence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_occurrence_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_occurrence_due"), ["due"], unique=False)

    op.create_table(
        "activity_school",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("school_code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("school_name", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("municipality_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("actual_result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("completed_at", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("activity_id", "school_code"),
    )
    with op.batch_alter_table("activity_school", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_school_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_school_municipality_code"), ["municipality_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_school_school_code"), ["school_code"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("school_code", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("storage_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_by_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_subject", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("occurrence_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("read_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("mailed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
        ),
        sa.ForeignKeyConstraint(
            ["occurrence_id"],
            ["activity_occurrence.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_subject", "occurrence_id", "kind"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notification_user_subject"), ["user_subject"], unique=False)

    # ### end Alembic commands ###

    op.bulk_insert(
        sa.table(
            "measure_template",
            sa.column("risk_factor", sa.Integer),
            sa.column("category", sa.String),
            sa.column("position", sa.Integer),
            sa.column("title", sa.String),
            sa.column("responsible", sa.String),
            sa.column("deadline_text", sa.String),
            sa.column("expected_result", sa.String),
            sa.column("final_document", sa.String),
        ),
        [
            dict(
                zip(
                    (
                        "risk_factor",
                        "category",
                        "title",
                        "responsible",
                        "deadline_text",
                        "expected_result",
                        "final_document",
                    ),
                    measure,
                    strict=True,
                ),
                position=position,
            )
            for position, measure in enumerate(MEASURES)
        ],
    )


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notification_user_subject"))
        batch_op.drop_index(batch_op.f("ix_notification_activity_id"))

    op.drop_table("notification")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_activity_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("activity_school", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_school_school_code"))
        batch_op.drop_index(batch_op.f("ix_activity_school_municipality_code"))
        batch_op.drop_index(batch_op.f("ix_activity_school_activity_id"))

    op.drop_table("activity_school")
    with op.batch_alter_table("activity_occurrence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_occurrence_due"))
        batch_op.drop_index(batch_op.f("ix_activity_occurrence_activity_id"))

    op.drop_table("activity_occurrence")
    with op.batch_alter_table("activity_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_comment_activity_id"))

    op.drop_table("activity_comment")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_section_id"))
        batch_op.drop_index(batch_op.f("ix_activity_plan_id"))
        batch_op.drop_index(batch_op.f("ix_activity_due_date"))

    op.drop_table("activity")
    with op.batch_alter_table("plan_section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_section_plan_id"))

    op.drop_table("plan_section")
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_indicator_plan_id"))

    op.drop_table("plan_indicator")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_school_year"))
        batch_op.drop_index(batch_op.f("ix_plan_school_code"))
        batch_op.drop_index(batch_op.f("ix_plan_region_code"))
        batch_op.drop_index(batch_op.f("ix_plan_municipality_code"))
        batch_op.drop_index(batch_op.f("ix_plan_family_id"))

    op.drop_table("plan")
    with op.batch_alter_table("party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_user_subject"))
        batch_op.drop_index(batch_op.f("ix_party_school_code"))
        batch_op.drop_index(batch_op.f("ix_party_name"))
        batch_op.drop_index(batch_op.f("ix_party_municipality_code"))

    op.drop_table("party")
    with op.batch_alter_table("measure_template", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_template_risk_factor"))
        batch_op.drop_index(batch_op.f("ix_measure_template_category"))

    op.drop_table("measure_template")
    with op.batch_alter_table("calendar_feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feed_user_subject"))

    op.drop_table("calendar_feed")
    # ### end Alembic commands ###
