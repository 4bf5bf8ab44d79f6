"""February 2026 in Thanh Miếu, dossier by dossier, through the dossier services only.

Each dossier has a timeline worked out by hand (times are Vietnam time; 7:30–11:30 and
13:30–17:00 are working hours; Tết Bính Ngọ is 14–22/2/2026):

A  walk-in, 3 days, asked twice for supplements: late although ended before its date; paper
   result without a file; fees paid at the counter
B  walk-in, 3 days, paused from 11/2 to 24/2 across Tết: the date moves to 26/2, ended 26/2
   16:00, on time; result file; fees collected at the return
C  submitted online on Sunday 1/2 at 20:00 and received that evening: counts from Monday
   07:30, due 5/2, ended 3/2 (early); fees paid online, one paper from the data store,
   electronic result; rated satisfied
D  walk-in, same day, withdrawn an hour later
E  walk-in, same day, paper result and no electronic copy, on time
F  online, same day, received 23/2 08:30, ended 24/2 10:00: late; rated not satisfied
G  online, refused at intake
H  walk-in, 3 days, apology on 25/2 with a new date 3/3: still in processing (overdue now)
J  walk-in, 3 days, waiting for the citizen's supplement since 27/2: judged early at the request
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from phuongso.dossiers import services
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.services import Paper
from phuongso.dossiers.testing import at, make_procedure, papers_for, walk_in


def pdf(name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n")


@dataclass
class February:
    A: Dossier
    B: Dossier
    C: Dossier
    D: Dossier
    E: Dossier
    F: Dossier
    G: Dossier
    H: Dossier
    J: Dossier


def build_february(
    *, three_day, same_day, citizen, counter_officer, specialist, leader
) -> February:  # noqa: ANN001 - fixtures
    people = {"counter": counter_officer, "specialist": specialist, "leader": leader}
    return February(
        A=_two_supplements(three_day, people),
        B=_paused_across_tet(three_day, people),
        C=_online_on_sunday(three_day, citizen, people),
        D=_withdrawn(same_day, people),
        E=_paper_result(same_day, people),
        F=_late_and_unsatisfied(same_day, citizen, people),
        G=_refused(three_day, citizen, people),
        H=_apologised(three_day, people),
        J=_waiting_for_supplement(three_day, people),
    )


def _finish(dossier: Dossier, people: dict, *, proposed: str, approved: str, file: bool) -> Dossier:
    dossier = services.propose_result(
        dossier,
        actor=people["specialist"],
        result_file=pdf() if file else None,
        at=at(*proposed.split()),
    )
    return services.approve(dossier, actor=people["leader"], at=at(*approved.split()))


def _assign(dossier: Dossier, people: dict, when: str) -> Dossier:
    return services.assign(
        dossier, actor=people["counter"], assignee=people["specialist"], at=at(*when.split())
    )


def _two_supplements(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("02/02/2026", "09:00"), fee_paid=True)
    dossier = _assign(dossier, people, "02/02/2026 10:00")
    specialist = people["specialist"]
    dossier = services.request_supplement(
        dossier, actor=specialist, items="Thiếu bản sao", at=at("03/02/2026", "09:00")
    )
    dossier = services.supplement_received(
        dossier, actor=specialist, papers=[], at=at("04/02/2026", "09:00")
    )
    dossier = services.request_supplement(
        dossier,
        actor=specialist,
        items="Thiếu xác nhận",
        second_request_reason="Phát sinh yêu cầu mới của cơ quan phối hợp",
        at=at("04/02/2026", "14:00"),
    )
    dossier = services.supplement_received(
        dossier, actor=specialist, papers=[], at=at("05/02/2026", "09:00")
    )
    dossier = _finish(
        dossier, people, proposed="05/02/2026 14:00", approved="05/02/2026 15:00", file=False
    )
    return services.return_result(
        dossier, actor=people["counter"], electronic=False, at=at("06/02/2026", "09:00")
    )


def _paused_across_tet(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("10/02/2026", "09:00"))
    dossier = _assign(dossier, people, "10/02/2026 10:00")
    dossier = services.request_supplement(
        dossier, actor=people["specialist"], items="Thiếu tờ khai", at=at("11/02/2026", "09:00")
    )
    dossier = services.supplement_received(
        dossier, actor=people["specialist"], papers=[], at=at("24/02/2026", "09:00")
    )
    dossier = _finish(
        dossier, people, proposed="26/02/2026 10:00", approved="26/02/2026 16:00", file=True
    )
    return services.return_result(
        dossier,
        actor=people["counter"],
        electronic=False,
        fee_collected_now=True,
        at=at("27/02/2026", "09:00"),
    )


def _online_on_sunday(procedure, citizen, people: dict) -> Dossier:  # noqa: ANN001
    papers = [
        Paper(
            name=paper.name,
            file=pdf("to-khai.pdf"),
            required_document_id=paper.required_document_id,
            reused_from_data_store=True,
        )
        for paper in papers_for(procedure)
    ]
    dossier = services.submit_online(
        procedure=procedure, applicant=citizen, papers=papers, at=at("01/02/2026", "20:00")
    )
    dossier = services.receive(dossier, actor=people["counter"], at=at("01/02/2026", "21:00"))
    dossier = _assign(dossier, people, "02/02/2026 08:00")
    dossier = services.record_payment(
        dossier, actor=None, online=True, at=at("02/02/2026", "09:00")
    )
    dossier = _finish(
        dossier, people, proposed="03/02/2026 09:00", approved="03/02/2026 10:00", file=True
    )
    dossier = services.return_result(
        dossier, actor=None, electronic=True, at=at("03/02/2026", "11:00")
    )
    services.rate(dossier, citizen=citizen, satisfied=True)
    return dossier


def _withdrawn(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("09/02/2026", "09:00"))
    return services.withdraw(
        dossier, actor=people["counter"], reason="Công dân xin rút", at=at("09/02/2026", "10:00")
    )


def _paper_result(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("12/02/2026", "08:00"))
    dossier = _assign(dossier, people, "12/02/2026 08:30")
    dossier = _finish(
        dossier, people, proposed="12/02/2026 13:00", approved="12/02/2026 14:00", file=False
    )
    return services.return_result(
        dossier, actor=people["counter"], electronic=False, at=at("12/02/2026", "15:00")
    )


def _late_and_unsatisfied(procedure, citizen, people: dict) -> Dossier:  # noqa: ANN001
    dossier = services.submit_online(
        procedure=procedure,
        applicant=citizen,
        papers=papers_for(procedure, with_files=True),
        at=at("23/02/2026", "08:00"),
    )
    dossier = services.receive(dossier, actor=people["counter"], at=at("23/02/2026", "08:30"))
    dossier = _assign(dossier, people, "23/02/2026 09:00")
    dossier = _finish(
        dossier, people, proposed="24/02/2026 09:00", approved="24/02/2026 10:00", file=True
    )
    dossier = services.return_result(
        dossier, actor=None, electronic=True, at=at("24/02/2026", "11:00")
    )
    services.rate(dossier, citizen=citizen, satisfied=False, comment="Trả kết quả chậm một ngày.")
    return dossier


def _refused(procedure, citizen, people: dict) -> Dossier:  # noqa: ANN001
    dossier = services.submit_online(
        procedure=procedure,
        applicant=citizen,
        papers=papers_for(procedure, with_files=True),
        at=at("25/02/2026", "09:00"),
    )
    return services.refuse(
        dossier,
        actor=people["counter"],
        reason="Không thuộc thẩm quyền của phường.",
        at=at("25/02/2026", "10:00"),
    )


def _apologised(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("23/02/2026", "09:00"))
    dossier = _assign(dossier, people, "23/02/2026 10:00")
    return services.apologise(
        dossier,
        actor=people["specialist"],
        reason="Cần xác minh thêm tại nơi cư trú trước đây.",
        new_appointment_at=at("03/03/2026", "17:00"),
        at=at("25/02/2026", "10:00"),
    )


def _waiting_for_supplement(procedure, people: dict) -> Dossier:  # noqa: ANN001
    dossier = walk_in(procedure, people["counter"], at("26/02/2026", "09:00"))
    dossier = _assign(dossier, people, "26/02/2026 10:00")
    return services.request_supplement(
        dossier,
        actor=people["specialist"],
        items="Thiếu giấy ủy quyền",
        at=at("27/02/2026", "09:00"),
    )


def other_commune_dossier(other_commune, officer) -> Dossier:  # noqa: ANN001
    """A dossier of Việt Trì in the same month: never in Thanh Miếu's figures."""
    procedure = make_procedure(other_commune, code="9.000001", name="Thủ tục khác", days=3)
    return walk_in(procedure, officer, at("10/02/2026", "09:00"))
