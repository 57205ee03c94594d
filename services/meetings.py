"""Austauschtreffen: Koordination plans and documents the exchange meetings; Kümmerer read
them and propose topics. Files are kept in the database with a checksum."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from config import local_today
from db.models import (
    Meeting,
    MeetingAction,
    MeetingAttachment,
    MeetingMethod,
    MeetingTopic,
    User,
)
from services.actor import Actor
from services.audit import audit
from services.errors import Invalid, NotFound, limits, too_long
from services.permissions import require

MAX_FILE_BYTES = 10 * 1024 * 1024
# extension -> (MIME type, how the file must begin); office files are ZIP containers
ALLOWED_FILES = {
    "pdf": ("application/pdf", b"%PDF"),
    "png": ("image/png", b"\x89PNG"),
    "jpg": ("image/jpeg", b"\xff\xd8"),
    "jpeg": ("image/jpeg", b"\xff\xd8"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK"),
    "odt": ("application/vnd.oasis.opendocument.text", b"PK"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", b"PK"),
    "odp": ("application/vnd.oasis.opendocument.presentation", b"PK"),
}


@dataclass(frozen=True)
class MeetingData:
    held_on: dt.date | None
    place: str = ""
    minutes_text: str = ""
    attendee_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class MeetingRow:
    id: int
    held_on: dt.date
    place: str | None
    topics: int
    open_actions: int


@dataclass(frozen=True)
class ActionRow:
    id: int
    meeting_on: dt.date
    text: str
    owner: str | None
    due_on: dt.date | None
    done_on: dt.date | None


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    filename: str
    size: int


@dataclass(frozen=True)
class MeetingDetail:
    id: int
    data: MeetingData
    attendees: tuple[str, ...]
    topics: tuple[tuple[str, str | None], ...]  # title, proposed by
    methods: tuple[tuple[str, str | None, str | None], ...]  # method, description, link
    actions: tuple[ActionRow, ...]
    attachments: tuple[AttachmentRow, ...]


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFound("Dieses Austauschtreffen gibt es nicht.")
    return meeting


def list_meetings(session: Session, actor: Actor) -> list[MeetingRow]:
    require(actor, "meeting.read")
    topics = select(func.count()).where(MeetingTopic.meeting_id == Meeting.id).scalar_subquery()
    open_actions = (
        select(func.count())
        .where(MeetingAction.meeting_id == Meeting.id, MeetingAction.done_on.is_(None))
        .scalar_subquery()
    )
    rows = session.execute(
        select(Meeting.id, Meeting.held_on, Meeting.place, topics, open_actions).order_by(
            Meeting.held_on.desc(), Meeting.id.desc()
        )
    )
    return [MeetingRow(*r) for r in rows]


def presentation_period(
    session: Session, actor: Actor, meeting_id: int, today: dt.date
) -> tuple[dt.date, dt.date]:
    """What a meeting looks back on: from the day after the previous meeting (without one, the
    90 days before) up to the meeting's day, or up to today when the meeting is ahead."""
    require(actor, "meeting.read")
    held_on = _meeting(session, meeting_id).held_on
    end = min(held_on, today)
    before = session.scalar(
        select(func.max(Meeting.held_on)).where(Meeting.held_on < held_on, Meeting.id != meeting_id)
    )
    start = before + dt.timedelta(days=1) if before else end - dt.timedelta(days=89)
    return min(start, end), end


def meeting_detail(session: Session, actor: Actor, meeting_id: int) -> MeetingDetail:
    require(actor, "meeting.read")
    m = _meeting(session, meeting_id)
    names = dict(session.execute(select(User.id, User.display_name)).all())
    return MeetingDetail(
        m.id,
        MeetingData(
            m.held_on, m.place or "", m.minutes_text or "", tuple(u.id for u in m.attendees)
        ),
        tuple(sorted(u.display_name for u in m.attendees)),
        tuple((t.title, names.get(t.proposed_by_id)) for t in sorted(m.topics, key=lambda t: t.id)),
        tuple(
            (x.method, x.description, x.material_link)
            for x in sorted(m.methods, key=lambda x: x.id)
        ),
        tuple(
            ActionRow(a.id, m.held_on, a.text, names.get(a.owner_user_id), a.due_on, a.done_on)
            for a in sorted(m.actions, key=lambda a: a.id)
        ),
        tuple(
            AttachmentRow(*r)
            for r in session.execute(
                select(MeetingAttachment.id, MeetingAttachment.filename, MeetingAttachment.size)
                .where(MeetingAttachment.meeting_id == m.id)
                .order_by(MeetingAttachment.id)
            )
        ),
    )


def save_meeting(
    session: Session, actor: Actor, data: MeetingData, meeting_id: int | None = None
) -> Meeting:
    require(actor, "meeting.write")
    if data.held_on is None:
        raise Invalid({"held_on": "Bitte geben Sie das Datum an."})
    if errors := too_long(data, limits(Meeting, "place", "minutes_text")):
        raise Invalid(errors)
    meeting = _meeting(session, meeting_id) if meeting_id else Meeting(created_by_id=actor.user_id)
    meeting.held_on = data.held_on
    meeting.place = data.place.strip() or None
    meeting.minutes_text = data.minutes_text.strip() or None
    meeting.attendees = list(
        session.scalars(select(User).where(User.id.in_(data.attendee_ids), User.active.is_(True)))
    )
    session.add(meeting)
    session.flush()
    audit(
        session,
        actor,
        "meeting_updated" if meeting_id else "meeting_created",
        "meeting",
        meeting.id,
    )
    return meeting


def propose_topic(session: Session, actor: Actor, meeting_id: int, title: str) -> MeetingTopic:
    """Kümmerer and Koordination put a topic on the agenda."""
    require(actor, "meeting.propose_topic")
    meeting = _meeting(session, meeting_id)
    if not title.strip():
        raise Invalid({"title": "Bitte geben Sie das Thema ein."})
    if errors := too_long({"title": title}, limits(MeetingTopic, "title")):
        raise Invalid(errors)
    topic = MeetingTopic(meeting_id=meeting.id, title=title.strip(), proposed_by_id=actor.user_id)
    session.add(topic)
    session.flush()
    audit(session, actor, "topic_proposed", "meeting", meeting.id)
    return topic


def add_method(
    session: Session, actor: Actor, meeting_id: int, method: str, description: str, link: str
) -> MeetingMethod:
    """Kompetenzvermittlung: a method or tool taught at the meeting."""
    require(actor, "meeting.write")
    meeting = _meeting(session, meeting_id)
    errors = {}
    if not method.strip():
        errors["method"] = "Bitte nennen Sie die Methode oder das Werkzeug."
    if link.strip() and not link.strip().startswith(("https://", "http://")):
        errors["link"] = "Der Link muss mit https:// beginnen."
    fields = {"method": method, "description": description, "link": link}
    errors = (
        too_long(
            fields, limits(MeetingMethod, "method", "description", link=MeetingMethod.material_link)
        )
        | errors
    )
    if errors:
        raise Invalid(errors)
    item = MeetingMethod(
        meeting_id=meeting.id,
        method=method.strip(),
        description=description.strip() or None,
        material_link=link.strip() or None,
    )
    session.add(item)
    session.flush()
    audit(session, actor, "method_added", "meeting", meeting.id)
    return item


def add_action(
    session: Session,
    actor: Actor,
    meeting_id: int,
    text: str,
    owner_id: int | None,
    due_on: dt.date | None,
) -> MeetingAction:
    require(actor, "meeting.write")
    meeting = _meeting(session, meeting_id)
    if not text.strip():
        raise Invalid({"action_text": "Bitte beschreiben Sie, was vereinbart wurde."})
    if errors := too_long(
        {"action_text": text}, limits(MeetingAction, action_text=MeetingAction.text)
    ):
        raise Invalid(errors)
    action = MeetingAction(
        meeting_id=meeting.id, text=text.strip(), owner_user_id=owner_id, due_on=due_on
    )
    session.add(action)
    session.flush()
    audit(session, actor, "action_added", "meeting", meeting.id)
    return action


def complete_action(
    session: Session, actor: Actor, action_id: int, today: dt.date | None = None
) -> None:
    require(actor, "meeting.write")
    action = session.get(MeetingAction, action_id)
    if action is None:
        raise NotFound("Diese Vereinbarung gibt es nicht.")
    if action.done_on is None:
        action.done_on = today or local_today()
        session.flush()
        audit(session, actor, "action_done", "meeting", action.meeting_id)


def open_actions(session: Session, actor: Actor) -> list[ActionRow]:
    """Agreed actions not yet done, across all meetings, the earliest due first."""
    require(actor, "meeting.read")
    rows = session.execute(
        select(
            MeetingAction.id,
            Meeting.held_on,
            MeetingAction.text,
            User.display_name,
            MeetingAction.due_on,
            MeetingAction.done_on,
        )
        .join(Meeting, Meeting.id == MeetingAction.meeting_id)
        .outerjoin(User, User.id == MeetingAction.owner_user_id)
        .where(MeetingAction.done_on.is_(None))
        .order_by(MeetingAction.due_on.is_(None), MeetingAction.due_on, Meeting.held_on)
    )
    return [ActionRow(*r) for r in rows]


def attach_file(
    session: Session, actor: Actor, meeting_id: int, filename: str, content: bytes
) -> MeetingAttachment:
    require(actor, "meeting.write")
    meeting = _meeting(session, meeting_id)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    allowed = ", ".join(sorted(ALLOWED_FILES))
    if extension not in ALLOWED_FILES:
        raise Invalid({"file": f"Dieser Dateityp ist nicht erlaubt. Erlaubt: {allowed}."})
    if not content:
        raise Invalid({"file": "Die Datei ist leer."})
    if len(content) > MAX_FILE_BYTES:
        raise Invalid({"file": "Die Datei ist größer als 10 MB."})
    mime, magic = ALLOWED_FILES[extension]
    if not content.startswith(magic):
        raise Invalid({"file": f"Der Inhalt passt nicht zur Endung .{extension}."})
    attachment = MeetingAttachment(
        meeting_id=meeting.id,
        filename=filename[-200:],
        mime=mime,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by_id=actor.user_id,
    )
    session.add(attachment)
    session.flush()
    audit(session, actor, "attachment_added", "meeting", meeting.id)
    return attachment


def attachment_content(
    session: Session, actor: Actor, attachment_id: int
) -> tuple[str, str, bytes]:
    """Filename, MIME type and content; a file whose checksum does not match is refused."""
    require(actor, "meeting.read")
    attachment = session.get(MeetingAttachment, attachment_id)
    if attachment is None:
        raise NotFound("Diese Datei gibt es nicht.")
    if hashlib.sha256(attachment.content).hexdigest() != attachment.sha256:
        raise Invalid({}, "Die Datei ist beschädigt (Prüfsumme stimmt nicht).")
    return attachment.filename, attachment.mime, attachment.content


def attendee_choices(session: Session, actor: Actor) -> dict[int, str]:
    require(actor, "meeting.read")
    return dict(
        session.execute(
            select(User.id, User.display_name)
            .where(User.active.is_(True), User.role.in_(("kuemmerer", "koordination")))
            .order_by(User.display_name)
        ).all()
    )
