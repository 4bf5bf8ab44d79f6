"""The life of a citizen's report as one table: states, actions, who may take them.

Pure Python, no database: `feedback/services.py` consults it before every change and pages
draw their buttons from `allowed_actions`. Read it top to bottom to know the whole path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

REPORTER = "citizen"  # the person who made the report (signed in)
ANYONE = "anyone"  # any signed-in person (to follow a public report)
SYSTEM = "system"  # the platform itself (the job that closes answered reports)
SPECIALIST = "specialist"  # an official of the unit the report is routed to
LEADER = "leader"  # a leader of the commune: any report of the commune


class Status(models.TextChoices):
    NEW = "new", "Mới gửi, chờ tiếp nhận"
    ACCEPTED = "accepted", "Đã tiếp nhận"
    NEEDS_INFO = "needs_info", "Cần bổ sung thông tin"
    IN_PROGRESS = "in_progress", "Đang xử lý"
    RESOLVED = "resolved", "Đã giải quyết"
    REFUSED = "refused", "Không tiếp nhận"
    CLOSED = "closed", "Đã đóng"


class Action(models.TextChoices):
    SUBMIT = "submit", "Gửi phản ánh"
    ACCEPT = "accept", "Tiếp nhận phản ánh"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    TRANSFER = "transfer", "Chuyển đơn vị xử lý"
    REQUEST_INFO = "request_info", "Đề nghị bổ sung thông tin"
    PROVIDE_INFO = "provide_info", "Bổ sung thông tin"
    START = "start", "Bắt đầu xử lý"
    REPLY = "reply", "Trả lời, cập nhật tiến độ"
    RESOLVE = "resolve", "Trả lời kết quả giải quyết"
    REOPEN = "reopen", "Mở lại phản ánh"
    RATE = "rate", "Đánh giá kết quả"
    CLOSE = "close", "Đóng phản ánh"
    MERGE = "merge", "Gộp vào phản ánh trùng"
    FOLLOW = "follow", "Theo dõi phản ánh"


OPEN = frozenset({Status.NEW, Status.ACCEPTED, Status.NEEDS_INFO, Status.IN_PROGRESS})
FINAL = frozenset({Status.REFUSED, Status.CLOSED})
# States in which a deadline runs (waiting for the citizen's information pauses it).
CLOCK_RUNS = frozenset({Status.NEW, Status.ACCEPTED, Status.IN_PROGRESS})
# Open311 knows two statuses: open (reported) and closed (resolved or otherwise ended).
OPEN311_STATUS: dict[str, str] = {status: "open" for status in OPEN} | {
    Status.RESOLVED: "closed",
    Status.REFUSED: "closed",
    Status.CLOSED: "closed",
}

STAFF = (SPECIALIST, LEADER)
WORKING = (Status.ACCEPTED, Status.IN_PROGRESS)


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: tuple[str | None, ...]  # None: the report does not exist yet
    target: str | None  # None: the status stays (the event is still written)
    roles: frozenset[str]
    needs_text: bool  # a reason, a question, an answer: the citizen reads it
    public: bool  # shown on the public page and sent to the reporter and followers


def _t(action, sources, target, roles, needs_text=False, public=True) -> Transition:  # noqa: ANN001
    return Transition(action, tuple(sources), target, frozenset(roles), needs_text, public)


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # action              from                                  to              who                    text   public
        _t(Action.SUBMIT, [None], S.NEW, [REPORTER]),
        _t(Action.ACCEPT, [S.NEW], S.ACCEPTED, STAFF),
        _t(Action.REFUSE, [S.NEW, S.NEEDS_INFO], S.REFUSED, STAFF, True),
        _t(Action.TRANSFER, [S.NEW, *WORKING], None, STAFF, True, False),
        _t(Action.REQUEST_INFO, WORKING, S.NEEDS_INFO, STAFF, True),
        _t(Action.PROVIDE_INFO, [S.NEEDS_INFO], S.IN_PROGRESS, [REPORTER, *STAFF], True, False),
        _t(Action.START, [S.ACCEPTED], S.IN_PROGRESS, STAFF),
        _t(Action.REPLY, WORKING, None, STAFF, True),
        _t(Action.RESOLVE, WORKING, S.RESOLVED, STAFF, True),
        _t(Action.REOPEN, [S.RESOLVED], S.IN_PROGRESS, [REPORTER], True),
        _t(Action.RATE, [S.RESOLVED, S.CLOSED], None, [REPORTER], False, False),
        _t(Action.CLOSE, [S.RESOLVED], S.CLOSED, [REPORTER, *STAFF, SYSTEM]),
        _t(Action.MERGE, sorted(OPEN), S.CLOSED, STAFF),
        _t(Action.FOLLOW, [*sorted(OPEN), S.RESOLVED], None, [ANYONE], False, False),
    ]
}


def transition(action: str) -> Transition:
    return TRANSITIONS[action]


def can(action: str, status: str | None, roles: frozenset[str] | set[str]) -> bool:
    """Whether someone holding `roles` may take `action` on a report in `status`."""
    rule = TRANSITIONS.get(action)
    return rule is not None and status in rule.sources and bool(rule.roles & set(roles))


def allowed_actions(status: str | None, roles: frozenset[str] | set[str]) -> list[Transition]:
    """The actions to offer as buttons, in the table's order."""
    return [rule for rule in TRANSITIONS.values() if can(rule.action, status, roles)]


def target_status(action: str, status: str) -> str:
    rule = TRANSITIONS[action]
    return rule.target if rule.target is not None else status


def open311_status(status: str) -> str:
    return OPEN311_STATUS[status]
