"""Mail of the notification job: one letter per user and run, listing its new notices, over plain SMTP.

A mail server that is down or refuses a letter never stops the job or the service: the notices stay
unmailed (`mailed_at` empty) and go out with the next run. Each letter is sent in a transaction of its own that
marks its notices mailed and commits: a process killed while mailing leaves the letters it sent marked, and the
next run sends again only the one it was sending (SMTP cannot tell whether that one arrived: at least once).
"""

from __future__ import annotations

import logging
import smtplib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from services.roadmap.deadlines.models import Notification
from services.roadmap.plans.models import Activity, Party, Plan
from services.roadmap.settings import RoadmapSettings
from services.shared.audit import utcnow
from services.shared.db import exclusive

logger = logging.getLogger("opora.roadmap.mail")

LOCK = "notifications"
"""The lock a run of the job holds while it makes notices and while it sends each letter."""


@dataclass(frozen=True)
class Recipient:
    subject: str
    name: str
    email: str


def recipients(session: Session, subjects: set[str]) -> dict[str, Recipient]:
    """The address of each user, from the parties linked to it (the roadmap service has no user table)."""
    parties = session.exec(
        select(Party)
        .where(col(Party.user_subject).in_(subjects), col(Party.email).is_not(None), Party.email != "")
        .order_by(col(Party.id))
    ).all()
    found: dict[str, Recipient] = {}
    for party in parties:
        if party.user_subject and party.email and party.user_subject not in found:
            found[party.user_subject] = Recipient(party.user_subject, party.name, party.email)
    return found


def _line(notification: Notification, plan_title: str) -> str:
    return f"— {notification.due.strftime('%d.%m.%Y')} · {notification.title} (план «{plan_title}»)"


def letter(settings: RoadmapSettings, recipient: Recipient, items: Sequence[tuple[Notification, str]]) -> EmailMessage:
    overdue = [_line(n, title) for n, title in items if n.kind == "overdue"]
    soon = [_line(n, title) for n, title in items if n.kind != "overdue"]
    parts = [f"Здравствуйте, {recipient.name}!", "", "Сроки мероприятий, за которые вы отвечаете в системе «Опора»."]
    if overdue:
        parts += ["", "Срок прошёл:", *overdue]
    if soon:
        parts += ["", "Приближается срок:", *soon]
    parts += ["", f"Все сроки: {settings.effective_public_url}/", "", "Письмо отправлено автоматически."]
    message = EmailMessage()
    subject = f"Опора: сроки мероприятий ({len(items)})"
    message["Subject"] = subject + (f", просрочено: {len(overdue)}" if overdue else "")
    message["From"] = settings.smtp_from
    message["To"] = recipient.email
    message.set_content("\n".join(parts), charset="utf-8")
    return message


def _connect(settings: RoadmapSettings) -> smtplib.SMTP:
    assert settings.smtp_host
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
    if settings.smtp_starttls:
        smtp.starttls()
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password or "")
    return smtp


def pending(session: Session, subject: str | None = None) -> dict[str, list[tuple[Notification, str]]]:
    """Unmailed notifications by user (of one user if `subject` is given), each with its plan's title."""
    statement = (
        select(Notification, col(Plan.title))
        .join(Activity, col(Activity.id) == col(Notification.activity_id))
        .join(Plan, col(Plan.id) == col(Activity.plan_id))
        .where(col(Notification.mailed_at).is_(None))
        .order_by(col(Notification.user_subject), col(Notification.due), col(Notification.id))
    )
    if subject is not None:
        statement = statement.where(Notification.user_subject == subject)
    by_user: dict[str, list[tuple[Notification, str]]] = defaultdict(list)
    for notification, plan_title in session.exec(statement).all():
        by_user[notification.user_subject].append((notification, plan_title))
    return by_user


def mail_pending(engine: Engine, settings: RoadmapSettings) -> tuple[int, int]:
    """Send the unmailed notifications, a letter per user in a transaction of its own; answer (letters sent,
    letters failed). Never raises on SMTP errors."""
    with Session(engine) as session:
        by_user = pending(session)
        addresses = recipients(session, set(by_user))
    letters = [addresses[subject] for subject in by_user if subject in addresses]
    if not letters:
        return 0, 0
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        logger.warning("mail server %s:%s unavailable: %s", settings.smtp_host, settings.smtp_port, exc)
        return 0, len(letters)
    outcomes: list[bool | None] = []
    try:
        outcomes = [_mail_one(engine, settings, smtp, recipient) for recipient in letters]
    finally:
        _quit(smtp)
    return outcomes.count(True), outcomes.count(False)


def _mail_one(engine: Engine, settings: RoadmapSettings, smtp: smtplib.SMTP, recipient: Recipient) -> bool | None:
    """One user's letter under the lock `LOCK`: its notices read again (another run may have mailed them: None),
    sent (False if refused), marked mailed and committed (True)."""
    with Session(engine, expire_on_commit=False) as session:
        with exclusive(session.connection(), LOCK):
            items = pending(session, recipient.subject).get(recipient.subject, [])
            if not items:
                return None
            try:
                smtp.send_message(letter(settings, recipient, items))
            except (OSError, smtplib.SMTPException) as exc:
                logger.warning("mail to %s not sent: %s", recipient.subject, exc)
                return False
            now = utcnow()
            for notification, _title in items:
                notification.mailed_at = now
                session.add(notification)
        session.commit()
    return True


def _quit(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
