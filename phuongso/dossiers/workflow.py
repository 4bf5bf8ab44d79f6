"""The dossier workflow as one table: states, actions, who may take them, where they lead.

Pure Python, no database: `dossiers/services.py` consults it before every change, pages draw
their buttons from `allowed_actions`. Read it top to bottom to know the whole legal path
(Decree 118/2025, the handling steps of Decree 61/2018 and Circular 01/2018).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

CITIZEN = "citizen"  # the applicant themself; every other actor is an official's role
SYSTEM = "system"  # the platform acting on its own (e.g. a confirmed online payment)


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Mới đăng ký (chờ tiếp nhận)"
    INTAKE_SUPPLEMENT = "intake_supplement", "Yêu cầu bổ sung trước khi tiếp nhận"
    REFUSED = "refused", "Không được tiếp nhận"
    RECEIVED = "received", "Đã tiếp nhận"
    IN_PROCESSING = "in_processing", "Đang xử lý"
    SUPPLEMENT_REQUESTED = "supplement_requested", "Yêu cầu bổ sung giấy tờ"
    AWAITING_APPROVAL = "awaiting_approval", "Chờ lãnh đạo phê duyệt"
    AWAITING_FEES = "awaiting_fees", "Chờ thực hiện nghĩa vụ tài chính"
    WITHDRAWN = "withdrawn", "Công dân rút hồ sơ"
    STOPPED = "stopped", "Dừng xử lý"
    RESULT_READY = "result_ready", "Đã xử lý xong, chờ trả kết quả"
    RETURNED = "returned", "Đã trả kết quả"


# Each internal state maps to exactly one of the ten national status codes.
NATIONAL_CODE: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.IN_PROCESSING: 4,
    Status.AWAITING_APPROVAL: 4,
    Status.INTAKE_SUPPLEMENT: 5,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.AWAITING_FEES: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}

FINAL = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
# States in which the legal clock runs (between receipt and the end of processing).
CLOCK_RUNS = frozenset(
    {Status.RECEIVED, Status.IN_PROCESSING, Status.AWAITING_APPROVAL, Status.AWAITING_FEES}
)
# Final states in which no result will be handed over: no date is promised any more.
ENDS_WITHOUT_RESULT = frozenset({Status.REFUSED, Status.STOPPED, Status.WITHDRAWN})
# States that end processing for the service-quality index (the first one reached counts).
ENDS_PROCESSING = frozenset({Status.REFUSED, Status.STOPPED, Status.RESULT_READY, Status.RETURNED})
# Before receipt: the dossier has no legal deadline yet.
BEFORE_RECEIPT = frozenset({Status.SUBMITTED, Status.INTAKE_SUPPLEMENT})


class Action(models.TextChoices):
    SUBMIT_ONLINE = "submit_online", "Nộp hồ sơ trực tuyến"
    RECEIVE_AT_COUNTER = "receive_at_counter", "Tiếp nhận hồ sơ trực tiếp"
    RECEIVE = "receive", "Tiếp nhận hồ sơ"
    REQUEST_INTAKE_SUPPLEMENT = "request_intake_supplement", "Hướng dẫn bổ sung trước khi tiếp nhận"
    INTAKE_SUPPLEMENTED = "intake_supplemented", "Đã bổ sung, chờ tiếp nhận lại"
    REFUSE = "refuse", "Từ chối tiếp nhận"
    ASSIGN = "assign", "Phân công xử lý"
    TRANSFER = "transfer", "Chuyển bước, chuyển đơn vị"
    REQUEST_SUPPLEMENT = "request_supplement", "Yêu cầu bổ sung giấy tờ"
    SUPPLEMENT_RECEIVED = "supplement_received", "Đã nhận giấy tờ bổ sung"
    PROPOSE_RESULT = "propose_result", "Trình kết quả"
    RETURN_FOR_REWORK = "return_for_rework", "Trả lại để xử lý lại"
    APPROVE = "approve", "Phê duyệt kết quả"
    REQUEST_FEES = "request_fees", "Yêu cầu nộp phí, lệ phí"
    RECORD_PAYMENT = "record_payment", "Ghi nhận đã nộp phí, lệ phí"
    FEES_PAID_EARLY = "fees_paid_early", "Nộp phí, lệ phí trước khi được yêu cầu"
    APOLOGISE = "apologise", "Xin lỗi và hẹn lại ngày trả"
    STOP = "stop", "Dừng xử lý"
    WITHDRAW = "withdraw", "Rút hồ sơ"
    RETURN_RESULT = "return_result", "Trả kết quả"
    RATE = "rate", "Đánh giá việc giải quyết hồ sơ"


# The only steps a final state allows: they record the applicant's view of the finished
# dossier, never reopen it (see the table: the status stays).
AFTER_THE_END = frozenset({Action.RATE})


COUNTER = "counter_officer"
SPECIALIST = "specialist"
LEADER = "leader"
# The counter of another commune of the province that received the dossier (Decree 118/2025):
# it keeps serving the citizen who came to it (papers, fees, withdrawal, the result) but does
# not decide for the commune that handles the dossier (assigning, asking fees).
RECEIVING_COUNTER = "receiving_counter"

# States from which a dossier can still be worked on after receipt.
ACTIVE_AFTER_RECEIPT = (
    Status.RECEIVED,
    Status.IN_PROCESSING,
    Status.SUPPLEMENT_REQUESTED,
    Status.AWAITING_APPROVAL,
    Status.AWAITING_FEES,
)


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: tuple[str | None, ...]  # None: the dossier does not exist yet
    target: str | None  # None: the status stays (the event is still written)
    roles: frozenset[str]
    needs_reason: bool = False


def _t(action, sources, target, roles, needs_reason=False) -> Transition:  # noqa: ANN001
    return Transition(action, tuple(sources), target, frozenset(roles), needs_reason)


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # action                        from                                to                    who                          reason
        _t(Action.SUBMIT_ONLINE, [None], S.SUBMITTED, [CITIZEN]),
        _t(Action.RECEIVE_AT_COUNTER, [None], S.RECEIVED, [COUNTER]),
        _t(Action.RECEIVE, [S.SUBMITTED], S.RECEIVED, [COUNTER]),
        # At intake the counter guides once in writing (form 02) or refuses with the reason
        # (form 03): an online dossier (from SUBMITTED), or one handed in at the counter or by
        # post (channels 1 and 3: from None, the dossier is written with that first step).
        _t(
            Action.REQUEST_INTAKE_SUPPLEMENT,
            [None, S.SUBMITTED],
            S.INTAKE_SUPPLEMENT,
            [COUNTER],
            True,
        ),
        _t(Action.INTAKE_SUPPLEMENTED, [S.INTAKE_SUPPLEMENT], S.SUBMITTED, [CITIZEN, COUNTER]),
        _t(Action.REFUSE, [None, S.SUBMITTED, S.INTAKE_SUPPLEMENT], S.REFUSED, [COUNTER], True),
        _t(
            Action.ASSIGN,
            [S.RECEIVED, S.IN_PROCESSING],
            S.IN_PROCESSING,
            [COUNTER, SPECIALIST, LEADER],
        ),
        _t(Action.TRANSFER, [S.IN_PROCESSING], S.IN_PROCESSING, [SPECIALIST, LEADER], True),
        _t(
            Action.REQUEST_SUPPLEMENT,
            [S.RECEIVED, S.IN_PROCESSING],
            S.SUPPLEMENT_REQUESTED,
            [SPECIALIST, LEADER],
            True,
        ),
        _t(
            Action.SUPPLEMENT_RECEIVED,
            [S.SUPPLEMENT_REQUESTED],
            S.IN_PROCESSING,
            [CITIZEN, COUNTER, RECEIVING_COUNTER, SPECIALIST],
        ),
        _t(Action.PROPOSE_RESULT, [S.IN_PROCESSING], S.AWAITING_APPROVAL, [SPECIALIST]),
        _t(Action.RETURN_FOR_REWORK, [S.AWAITING_APPROVAL], S.IN_PROCESSING, [LEADER], True),
        _t(Action.APPROVE, [S.AWAITING_APPROVAL], S.RESULT_READY, [LEADER]),
        _t(Action.REQUEST_FEES, [S.IN_PROCESSING], S.AWAITING_FEES, [COUNTER, SPECIALIST]),
        _t(
            Action.RECORD_PAYMENT,
            [S.AWAITING_FEES],
            S.IN_PROCESSING,
            [COUNTER, RECEIVING_COUNTER, SYSTEM],
        ),
        _t(
            Action.FEES_PAID_EARLY,
            [S.SUBMITTED, *ACTIVE_AFTER_RECEIPT[:-1], S.RESULT_READY],
            None,
            [COUNTER, RECEIVING_COUNTER, SYSTEM],
        ),
        # While the citizen's papers are awaited the clock stands still: nothing to apologise.
        _t(Action.APOLOGISE, CLOCK_RUNS, None, [SPECIALIST, LEADER], True),
        _t(Action.STOP, ACTIVE_AFTER_RECEIPT, S.STOPPED, [SPECIALIST, LEADER], True),
        _t(
            Action.WITHDRAW,
            [S.SUBMITTED, S.INTAKE_SUPPLEMENT, *ACTIVE_AFTER_RECEIPT],
            S.WITHDRAWN,
            [CITIZEN, COUNTER, RECEIVING_COUNTER],
            True,
        ),
        _t(
            Action.RETURN_RESULT,
            [S.RESULT_READY],
            S.RETURNED,
            [COUNTER, RECEIVING_COUNTER, SYSTEM],
        ),
        # The applicant's satisfaction (indicator 5.4): once, written in the log like any step.
        _t(Action.RATE, [S.RETURNED], None, [CITIZEN]),
    ]
}


def transition(action: str) -> Transition:
    return TRANSITIONS[action]


def can(action: str, status: str | None, roles: frozenset[str] | set[str]) -> bool:
    """Whether someone holding `roles` may take `action` on a dossier in `status`."""
    rule = TRANSITIONS.get(action)
    return rule is not None and status in rule.sources and bool(rule.roles & set(roles))


def allowed_actions(status: str | None, roles: frozenset[str] | set[str]) -> list[Transition]:
    """The actions to offer as buttons, in the table's order."""
    return [rule for rule in TRANSITIONS.values() if can(rule.action, status, roles)]


def target_status(action: str, status: str) -> str:
    rule = TRANSITIONS[action]
    return rule.target if rule.target is not None else status


def national_code(status: str) -> int:
    return NATIONAL_CODE[status]
