"""`/api/roadmap/activities/{id}/evidence|comments`, `/plans/{id}/indicators`, `/parties`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from services.roadmap.deps import ExecutionServiceDep, PlanServiceDep
from services.roadmap.execution.schemas import (
    CommentIn,
    CommentRead,
    EvidenceRead,
    IndicatorIn,
    IndicatorRead,
    IndicatorUpdate,
    PartyIn,
    PartyRead,
)
from services.roadmap.execution.service import MAX_EVIDENCE_BYTES
from services.roadmap.plans.models import PlanIndicator
from services.shared.errors import InvalidValue
from services.shared.ids import CODE_PATTERN, Id, Text
from services.shared.revisions import IfMatch, tagged
from services.shared.security import WriterDep
from services.shared.storage import file_response
from services.shared.uploads import one_file

router = APIRouter(tags=["execution"])


def _indicator(response: Response, indicator: PlanIndicator) -> IndicatorRead:
    """The indicator with its revision as the ETag, the one an edit sends back in If-Match."""
    return tagged(response, IndicatorRead.model_validate(indicator.model_dump()))


@router.post(
    "/activities/{activity_id}/evidence",
    response_model=EvidenceRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(one_file())],
    summary="Приложить подтверждение: файл или ссылку",
)
def add_evidence(
    activity_id: Id,
    execution: ExecutionServiceDep,
    _writer: WriterDep,
    title: Annotated[Text, Form(max_length=500)] = "",
    url: Annotated[str | None, Form(max_length=2000)] = None,
    school_code: Annotated[str | None, Form(max_length=30, pattern=CODE_PATTERN)] = None,
    file: Annotated[UploadFile | None, File()] = None,
) -> EvidenceRead:
    activity, plan = execution.plans.activity(activity_id)
    if (file is None) == (url is None):
        raise InvalidValue("Приложите либо файл, либо ссылку", code="evidence_required", loc=["body", "file"])
    if file is not None:
        content = file.file.read(MAX_EVIDENCE_BYTES + 1)  # a sync endpoint: database work off the event loop
        evidence = execution.add_file(activity, plan, title, file.filename, content, school_code)
    else:
        evidence = execution.add_link(activity, plan, title, url or "", school_code)
    return EvidenceRead.model_validate(evidence.model_dump())


@router.get("/activities/{activity_id}/evidence", response_model=list[EvidenceRead], summary="Подтверждения")
def list_evidence(activity_id: Id, execution: ExecutionServiceDep) -> list[EvidenceRead]:
    execution.plans.activity(activity_id)
    return [EvidenceRead.model_validate(e.model_dump()) for e in execution.evidence(activity_id)]


@router.get("/evidence/{evidence_id}/file", summary="Скачать файл подтверждения")
def evidence_file(evidence_id: Id, execution: ExecutionServiceDep) -> StreamingResponse:
    evidence = execution.plans.evidence_item(evidence_id)
    return file_response(
        execution.storage, execution.file_key(evidence), evidence.content_type, evidence.file_name or "file",
        size=evidence.size,
    )  # fmt: skip


@router.post(
    "/activities/{activity_id}/comments",
    response_model=CommentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Комментарий к мероприятию",
)
def add_comment(activity_id: Id, data: CommentIn, execution: ExecutionServiceDep) -> CommentRead:
    activity, plan = execution.plans.activity(activity_id)
    return CommentRead.model_validate(execution.comment(activity, plan, data).model_dump())


@router.get("/activities/{activity_id}/comments", response_model=list[CommentRead], summary="Комментарии")
def list_comments(activity_id: Id, execution: ExecutionServiceDep) -> list[CommentRead]:
    execution.plans.activity(activity_id)
    return [CommentRead.model_validate(c.model_dump()) for c in execution.comments(activity_id)]


@router.get("/plans/{plan_id}/indicators", response_model=list[IndicatorRead], summary="Показатели плана по годам")
def list_indicators(plan_id: Id, execution: ExecutionServiceDep) -> list[IndicatorRead]:
    plans = execution.plans
    plans.plan(plan_id)
    return [IndicatorRead.model_validate(i.model_dump()) for i in plans.indicators(plan_id)]


@router.post(
    "/plans/{plan_id}/indicators",
    response_model=IndicatorRead,
    status_code=status.HTTP_201_CREATED,
    summary="Добавить показатель (цели и факт по годам)",
)
def add_indicator(
    plan_id: Id, data: IndicatorIn, execution: ExecutionServiceDep, response: Response, _writer: WriterDep
) -> IndicatorRead:
    plan = execution.plans.plan(plan_id)
    return _indicator(response, execution.add_indicator(plan, data))


@router.get("/indicators/{indicator_id}", response_model=IndicatorRead, summary="Показатель плана (ETag — его версия)")
def get_indicator(indicator_id: Id, execution: ExecutionServiceDep, response: Response) -> IndicatorRead:
    indicator, _plan = execution.plans.indicator(indicator_id)
    return _indicator(response, indicator)


@router.patch(
    "/indicators/{indicator_id}",
    response_model=IndicatorRead,
    summary="Цели и факт показателя (If-Match: 412 на устаревшую версию, 428 без неё)",
)
def update_indicator(
    indicator_id: Id,
    data: IndicatorUpdate,
    execution: ExecutionServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> IndicatorRead:
    indicator, plan = execution.plans.indicator(indicator_id)
    return _indicator(response, execution.update_indicator(indicator, plan, data, if_match))


@router.get("/parties", response_model=list[PartyRead], summary="Справочник ответственных")
def list_parties(
    execution: ExecutionServiceDep, q: Annotated[str | None, Query(max_length=200)] = None
) -> list[PartyRead]:
    return [PartyRead.model_validate(p.model_dump()) for p in execution.parties(q)]


@router.post(
    "/parties",
    response_model=PartyRead,
    status_code=status.HTTP_201_CREATED,
    summary="Добавить в справочник (409 `party_exists`, если такое имя там же уже есть)",
)
def add_party(data: PartyIn, execution: ExecutionServiceDep, plans: PlanServiceDep, _writer: WriterDep) -> PartyRead:
    return PartyRead.model_validate(execution.add_party(data, plans).model_dump())
