"""A realistic synthetic history of dossiers, for demonstrations and benchmarks.

`setup_world()` makes sure the communes that will get dossiers are configured (Thanh Miếu from
load_demo, plus a few other communes of the province with units, officials and a copy of the
seeded catalogue); `generate()` then writes N dossiers day by day over the last years with
their papers, supplement cycles, events and ratings, exactly as the dossier services would
have left them, in chronological order: COPY on PostgreSQL, executemany elsewhere.

Proportions (per dossier, adjusted by each commune's own profile): online share rising from
about 35% in 2024 to about 65% in 2026; about 10% with a supplement request and 1% with two;
5–8% late, a third of them with an apology and a new date; 1% withdrawn; 1% of online
submissions refused at intake; fees mostly paid at the counter, about 20% of fee dossiers
paid online; about 70% of returned dossiers rated, about 95% of them satisfied.
"""

from __future__ import annotations

import json
import random
import secrets
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from phuongso.accounts import services as account_services
from phuongso.accounts.models import Role, User
from phuongso.core import calendar
from phuongso.core.calendar import DeadlineRule
from phuongso.core.models import Commune, GovernmentUnit, UnitKind
from phuongso.dossiers.deadlines import Verdict, compare, rule_for
from phuongso.dossiers.services import rating_note
from phuongso.dossiers.workflow import CITIZEN, Action, Status
from phuongso.procedures.models import Channel, ResultKind
from phuongso.procedures.services import seed_catalogue

HOME = 7909
HOUR = timedelta(hours=1)
# How often each seeded procedure is asked for (relative); others weigh 1.
POPULARITY = {
    "1.001193": 8, "TM-02": 4, "TM-03": 2, "TM-04": 1, "TM-05": 2, "TM-06": 6, "TM-07": 5,
    "TM-08": 1, "TM-09": 0.3, "TM-10": 0.2, "TM-11": 0.5, "TM-12": 0.2, "TM-13": 30,
    "TM-14": 5, "TM-15": 2, "TM-16": 0.5, "2.000908": 1, "TM-18": 4, "TM-19": 5, "TM-20": 1,
    "TM-21": 1, "TM-22": 2, "TM-23": 1.5, "TM-24": 1, "TM-25": 1, "TM-26": 2, "TM-27": 1,
    "TM-28": 1.5, "TM-29": 0.5, "TM-30": 0.5, "TM-31": 0.5, "TM-32": 0.5, "TM-33": 0.5,
    "TM-34": 0.3,
}  # fmt: skip
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô", "Dương", "Hà")
MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Hồng", "Thanh", "Xuân")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Linh", "Mai",
         "Nam", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Yến")  # fmt: skip
WORKERS = (UnitKind.CULTURE_SOCIETY, UnitKind.ECONOMY, UnitKind.POLICE, UnitKind.OFFICE)


# --- the world the dossiers live in --------------------------------------------------------------


@dataclass
class ProcedurePlan:
    id: int
    weight: float
    unit_kind: str
    document_result: bool
    channels: dict[str, tuple[DeadlineRule | None, int]]  # channel -> (rule, fee)
    papers: list[tuple[int, str]]


@dataclass
class CommunePlan:
    commune: Commune
    share: float
    prefix: str
    counters: list[int]
    leader: int
    specialists: dict[str, list[tuple[int, int]]]  # unit kind -> [(user, unit)]
    former_units: list[int]
    procedures: list[ProcedurePlan]
    # The commune's own habits: lateness, online take-up, digitisation, online payment.
    late: float = 0.06
    online: float = 1.0
    digitised: float = 1.0
    pays_online: float = 0.4
    cumulative: list[float] = field(default_factory=list)


def _official(username: str, name: str, unit: GovernmentUnit, role: str) -> User:
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing
    return account_services.create_official(
        username=username,
        full_name=name,
        unit=unit,
        roles=[role],
        password=secrets.token_urlsafe(24),
    )


def _units_like_home(commune: Commune, home: Commune) -> None:
    word = commune.get_division_type_display().lower()
    for unit in home.units.all():
        GovernmentUnit.objects.get_or_create(
            commune=commune,
            name=unit.name.replace("phường", word),
            defaults={
                "short_name": unit.short_name,
                "kind": unit.kind,
                "is_one_stop": unit.is_one_stop,
                "has_own_system": unit.has_own_system,
            },
        )


def _staff(commune: Commune, rng: random.Random) -> None:
    """Counter officers, specialists of each processing unit and a leader, when missing."""
    units = {unit.kind: unit for unit in commune.units.all()}
    code = commune.code

    def person(i: int) -> str:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {GIVEN[(code + i) % len(GIVEN)]}"

    wanted = [("motcua", UnitKind.SERVICE_CENTRE, Role.COUNTER_OFFICER, 2)]
    wanted += [(f"cv-{kind}", kind, Role.SPECIALIST, 2) for kind in WORKERS]
    wanted += [("lanhdao", UnitKind.LEADERSHIP, Role.LEADER, 1)]
    for slug, kind, role, count in wanted:
        have = User.objects.filter(commune=commune, unit__kind=kind, roles__role=role).count()
        for index in range(have, count):
            if kind in units:
                _official(f"sinh{code}-{slug}-{index + 1}", person(index), units[kind], role)


def configure_communes(count: int, *, seed: int = 1) -> list[Commune]:
    """Thanh Miếu and `count` more communes of its province, ready to receive dossiers."""
    home = Commune.objects.filter(code=HOME, is_configured=True).first()
    if home is None or not home.units.exists() or not home.procedures.exists():
        raise LookupError("Chưa có dữ liệu phường Thanh Miếu: chạy `manage.py load_demo` trước.")
    rng = random.Random(seed)
    others = list(
        Commune.objects.filter(province_code=home.province_code, code__gt=HOME).order_by("code")[
            :count
        ]
    )
    for commune in [home, *others]:
        with transaction.atomic():
            if commune != home:
                commune.is_configured = True
                commune.save(update_fields=["is_configured"])
                _units_like_home(commune, home)
                if not commune.procedures.exists():
                    seed_catalogue(commune=commune)
            _staff(commune, rng)
    return [home, *others]


def _procedure_plans(commune: Commune) -> list[ProcedurePlan]:
    plans = []
    procedures = commune.procedures.filter(is_active=True).prefetch_related("channels", "documents")
    for procedure in procedures:
        channels = {
            option.channel: (rule_for(procedure, option.channel), option.fee_amount or 0)
            for option in procedure.channels.all()
            if option.available and option.channel in (Channel.IN_PERSON, Channel.ONLINE)
        }
        if not channels:
            continue
        papers = [(d.pk, d.name) for d in procedure.documents.all() if d.mandatory][:3]
        plans.append(
            ProcedurePlan(
                id=procedure.pk,
                weight=POPULARITY.get(procedure.national_code, 1),
                unit_kind=procedure.implementing_unit_kind,
                document_result=procedure.result_kind == ResultKind.DOCUMENT,
                channels=channels,
                papers=papers or [(None, "Tờ khai")],
            )
        )
    return plans


def plan_communes(communes: list[Commune], home_share: float, seed: int) -> list[CommunePlan]:
    rng = random.Random(seed * 7919)
    others = len(communes) - 1
    # The other communes share what Thanh Miếu leaves, each a different size.
    sizes = [rng.uniform(0.5, 1.5) for _ in range(others)]
    shares = iter([(1 - home_share) * size / sum(sizes) for size in sizes])
    plans = []
    for commune in communes:
        is_home = commune.code == HOME
        officials = User.objects.filter(commune=commune).prefetch_related("roles")
        specialists: dict[str, list[tuple[int, int]]] = {}
        counters, leaders = [], []
        for user in officials:
            if user.has_role(Role.SPECIALIST) and user.unit_id:
                specialists.setdefault(user.unit.kind, []).append((user.pk, user.unit_id))
            if user.has_role(Role.COUNTER_OFFICER):
                counters.append(user.pk)
            if user.has_role(Role.LEADER):
                leaders.append(user.pk)
        plan = CommunePlan(
            commune=commune,
            share=home_share if is_home or not others else next(shares),
            prefix=commune.agency_code or f"{commune.code:05d}",
            counters=counters,
            leader=leaders[0] if leaders else counters[0],
            specialists=specialists,
            former_units=list(commune.former_units.values_list("pk", flat=True)),
            procedures=_procedure_plans(commune),
            late=0.055 if is_home else rng.uniform(0.03, 0.08),
            online=1.0 if is_home else rng.uniform(0.75, 1.1),
            digitised=1.0 if is_home else rng.uniform(0.7, 1.05),
            pays_online=0.42 if is_home else rng.uniform(0.25, 0.55),
        )
        plan.cumulative = list(accumulate(p.weight for p in plan.procedures))
        plans.append(plan)
    return plans


# --- one dossier ----------------------------------------------------------------------------------


@dataclass
class Rows:
    dossiers: list[tuple] = field(default_factory=list)
    documents: list[tuple] = field(default_factory=list)
    cycles: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    ratings: list[tuple] = field(default_factory=list)
    # Codes wait for their serial numbers until the task reserves them (see settle_codes).
    serials: dict[tuple[str, date], int] = field(default_factory=dict)
    receipts: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PendingCode:
    """A dossier code whose serial is this task's `local`-th of the day, until reserved."""

    prefix: str
    day: date
    local: int

    def text(self, bases: dict[tuple[str, date], int]) -> str:
        serial = bases[(self.prefix, self.day)] + self.local
        return f"{self.prefix}-{self.day:%y%m%d}-{serial:04d}"


class Story:
    """The steps of one dossier in time; steps after `now` do not happen (it is still open)."""

    def __init__(self, pk: int, now: datetime) -> None:
        self.pk = pk
        self.now = now
        self.open = True
        self.status = ""
        self.events: list[tuple] = []
        self.fields: dict[str, Any] = {}
        self.last = None

    def step(
        self,
        at: datetime,
        action: str,
        target: str | None,
        actor: int | None,
        role: str,
        data: str = "{}",
        note: str = "",
        **fields: Any,
    ) -> bool:
        if not self.open or at > self.now:
            self.open = False
            return False
        target = str(target) if target else self.status
        self.events.append(
            (self.pk, str(action), self.status, target, actor, str(role), at, note, data)
        )
        self.status = target
        self.fields.update(fields)
        self.last = at
        return True


def _in_working_hours(day: date, rng: random.Random, zone: ZoneInfo) -> datetime:
    minutes = rng.randrange(0, 450)  # 7 h 30 of working time
    clock = 450 + minutes if minutes < 240 else 810 + (minutes - 240)
    return datetime.combine(day, time(clock // 60, clock % 60), tzinfo=zone)


def _any_time(day: date, rng: random.Random, zone: ZoneInfo) -> datetime:
    minutes = rng.randrange(6 * 60, 23 * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)


def _after(moment: datetime, hours: float) -> datetime:
    return calendar.add_working_time(moment, timedelta(hours=hours))


class Generator:
    def __init__(self, plans: list[CommunePlan], *, now: datetime, seed: int) -> None:
        self.plans = plans
        self.now = now
        self.rng = random.Random(seed)
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.commune_weights = list(accumulate(p.share for p in plans))
        self.rows = Rows()
        self.day_hours = calendar.working_day_length().total_seconds() / 3600

    # -- choices

    def _commune(self) -> CommunePlan:
        r = self.rng.random() * self.commune_weights[-1]
        return self.plans[bisect(self.commune_weights, r)]

    def _procedure(self, plan: CommunePlan) -> ProcedurePlan:
        r = self.rng.random() * plan.cumulative[-1]
        return plan.procedures[min(bisect(plan.cumulative, r), len(plan.procedures) - 1)]

    @staticmethod
    def online_share(day: date) -> float:
        """About 35% at the start of 2024, about 65% at the end of 2026 (before adjustments)."""
        progress = (day - date(2024, 1, 1)).days / (date(2026, 12, 31) - date(2024, 1, 1)).days
        return 0.29 + 0.36 * min(max(progress, 0.0), 1.0)

    def _channel(
        self, plan: CommunePlan, procedure: ProcedurePlan, day: date, working: bool
    ) -> str:
        channels = procedure.channels
        if Channel.ONLINE not in channels:
            return Channel.IN_PERSON
        if Channel.IN_PERSON not in channels or not working:
            return Channel.ONLINE
        wanted = min(0.97, self.online_share(day) * plan.online / 0.93)
        return Channel.ONLINE if self.rng.random() < wanted else Channel.IN_PERSON

    def _code(self, plan: CommunePlan, received: datetime) -> PendingCode:
        key = (plan.prefix, received.astimezone(self.zone).date())
        local = self.rows.serials.get(key, 0) + 1
        self.rows.serials[key] = local
        return PendingCode(key[0], key[1], local)

    def _name(self) -> str:
        rng = self.rng
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"

    # -- the story of one dossier

    def dossier(self, pk: int, day: date, working: bool, rows: Rows) -> None:
        rng = self.rng
        self.rows = rows
        plan = self._commune()
        procedure = self._procedure(plan)
        channel = self._channel(plan, procedure, day, working)
        if not working and channel != Channel.ONLINE:
            day = calendar.next_working_day(day)
        rule, fee = procedure.channels[channel]
        online = channel == Channel.ONLINE
        start = _any_time(day, rng, self.zone) if online else _in_working_hours(day, rng, self.zone)
        if start > self.now:
            start = self.now - timedelta(minutes=rng.randrange(1, 240))
        story = Story(pk, self.now)
        counter = rng.choice(plan.counters)
        team = plan.specialists.get(procedure.unit_kind) or next(iter(plan.specialists.values()))
        assignee, unit = rng.choice(team)
        cycles: list[tuple] = []
        received = self._intake(story, plan, online, start, counter, fee, cycles)
        if received is not None:
            self._processing(
                story, plan, procedure, rule, fee, received, counter, assignee, unit, cycles
            )
        self._rows(story, plan, procedure, channel, start, fee, cycles, rows)

    def _intake(
        self, story: Story, plan: CommunePlan, online: bool, start: datetime, counter: int,
        fee: int, cycles: list[tuple],
    ) -> datetime | None:  # fmt: skip
        rng = self.rng
        if not online:
            paid = fee > 0 and rng.random() < 0.85
            code = self._code(plan, start)
            story.step(start, Action.RECEIVE_AT_COUNTER, Status.RECEIVED, counter, Role.COUNTER_OFFICER,
                       json.dumps({"fee_paid": paid}), code=code, received_at=start, received_by=counter,
                       fee_paid=paid)  # fmt: skip
            return start
        story.step(start, Action.SUBMIT_ONLINE, Status.SUBMITTED, None, "citizen")
        moment = _after(start, rng.uniform(0.3, 6))
        if rng.random() < 0.02:
            story.step(moment, Action.REFUSE, Status.REFUSED, counter, Role.COUNTER_OFFICER,
                       note="Không thuộc thẩm quyền giải quyết.", processing_ended_at=moment)  # fmt: skip
            return None
        if rng.random() < 0.03:
            answered = _after(moment, rng.uniform(4, 30))
            if not story.step(moment, Action.REQUEST_INTAKE_SUPPLEMENT, Status.INTAKE_SUPPLEMENT,
                              counter, Role.COUNTER_OFFICER, note="Ảnh giấy tờ chưa rõ."):  # fmt: skip
                return None
            cycles.append(
                (
                    True,
                    moment,
                    counter,
                    "Ảnh giấy tờ chưa rõ.",
                    answered if answered <= self.now else None,
                )
            )
            if not story.step(
                answered, Action.INTAKE_SUPPLEMENTED, Status.SUBMITTED, None, "citizen"
            ):
                return None
            moment = _after(answered, rng.uniform(0.3, 4))
        code = self._code(plan, moment) if moment <= self.now else None
        if not story.step(moment, Action.RECEIVE, Status.RECEIVED, counter, Role.COUNTER_OFFICER,
                          code, code=code, received_at=moment, received_by=counter):  # fmt: skip
            return None
        return moment

    def _processing(
        self, story: Story, plan: CommunePlan, procedure: ProcedurePlan, rule: DeadlineRule | None,
        fee: int, received: datetime, counter: int, assignee: int, unit: int, cycles: list[tuple],
    ) -> None:  # fmt: skip
        rng = self.rng
        due = calendar.appointment(received, rule) if rule else None
        story.fields.update(appointment_at=due)
        # Steps before the work itself take a small share of the legal time (same-day ones fit).
        window = calendar.working_time_between(received, due).total_seconds() / 3600 if due else 8
        moment = _after(received, min(rng.uniform(0.1, 2), window * rng.uniform(0.05, 0.2)))
        data = json.dumps({"assignee": assignee, "unit": unit})
        if not story.step(moment, Action.ASSIGN, Status.IN_PROCESSING, counter, Role.COUNTER_OFFICER,
                          data, current_unit=unit, assignee=assignee, current_step=1):  # fmt: skip
            return
        online = story.events[0][1] == Action.SUBMIT_ONLINE
        if online and fee and rng.random() < plan.pays_online:
            paid_at = _after(moment, min(rng.uniform(0.05, 1.5), window * rng.uniform(0.02, 0.1)))
            story.step(paid_at, Action.FEES_PAID_EARLY, None, None, "system",
                       json.dumps({"online": True, "amount": fee}), fee_paid=True, paid_online=True)  # fmt: skip
            moment = max(moment, paid_at)
        legal = (
            calendar.working_time_between(moment, due).total_seconds() / 3600
            if due
            else rng.uniform(8, 80)
        )
        roll = rng.random()
        if roll < 0.01:
            self._withdraw(story, moment, counter, legal)
            return
        requests = 2 if roll < 0.02 else 1 if roll < 0.11 else 0
        moment, due = self._supplements(
            story, requests, moment, due, assignee, counter, legal, cycles
        )
        if moment is None:
            return
        if rng.random() < 0.003:
            stop = _after(moment, rng.uniform(1, max(legal, 2)))
            story.step(stop, Action.STOP, Status.STOPPED, assignee, Role.SPECIALIST,
                       note="Người dân không bổ sung đủ điều kiện.", processing_ended_at=stop)  # fmt: skip
            return
        end = self._end(story, plan, moment, due, legal, assignee)
        self._result(story, plan, procedure, end, moment, assignee, counter, fee)

    def _withdraw(self, story: Story, moment: datetime, counter: int, legal: float) -> None:
        at = _after(moment, self.rng.uniform(0.2, max(legal * 0.6, 0.5)))
        story.step(at, Action.WITHDRAW, Status.WITHDRAWN, counter, Role.COUNTER_OFFICER,
                   note="Công dân xin rút hồ sơ.")  # fmt: skip

    def _supplements(
        self, story: Story, requests: int, moment: datetime, due: datetime | None, assignee: int,
        counter: int, legal: float, cycles: list[tuple],
    ) -> tuple[datetime | None, datetime | None]:  # fmt: skip
        rng = self.rng
        for number in range(requests):
            asked = _after(moment, rng.uniform(0.1, max(legal * 0.4, 0.2)))
            items = (
                "Bổ sung bản sao giấy tờ còn thiếu."
                if number == 0
                else "Bổ sung xác nhận của cơ quan liên quan."
            )
            note = (
                items if number == 0 else f"{items}\nLý do yêu cầu lần nữa: phát sinh yêu cầu mới."
            )
            answered = _after(asked, rng.uniform(2, 45))
            if not story.step(asked, Action.REQUEST_SUPPLEMENT, Status.SUPPLEMENT_REQUESTED, assignee,
                              Role.SPECIALIST, note=note, supplement_requests=number + 1):  # fmt: skip
                return None, due
            done = answered if answered <= self.now else None
            cycles.append((False, asked, assignee, items, done))
            paused = calendar.working_time_between(asked, answered)
            if due is not None and done is not None:
                due = calendar.add_working_time(due, paused)
            data = json.dumps({"paused_working_seconds": int(paused.total_seconds())})
            if not story.step(answered, Action.SUPPLEMENT_RECEIVED, Status.IN_PROCESSING, counter,
                              Role.COUNTER_OFFICER, data, appointment_at=due):  # fmt: skip
                return None, due
            moment = answered
        return moment, due

    def _end(
        self, story: Story, plan: CommunePlan, moment: datetime, due: datetime | None, legal: float,
        assignee: int,
    ) -> datetime:  # fmt: skip
        rng = self.rng
        if due is None:
            return _after(moment, rng.uniform(4, 120))
        left = calendar.working_time_between(moment, due).total_seconds() / 3600
        if rng.random() >= plan.late:
            return (
                _after(moment, rng.uniform(0.15, 1.0) * left)
                if left > 0.05
                else _after(moment, 0.3)
            )
        days = rng.randint(2, 5)
        if rng.random() < 0.35 and left > 0.5:
            apology = _after(moment, left * rng.uniform(0.4, 0.9))
            new_date = calendar.appointment(due, DeadlineRule(working_days=days))
            story.step(apology, Action.APOLOGISE, None, assignee, Role.SPECIALIST,
                       json.dumps({"new_appointment_at": new_date.isoformat()}),
                       note="Cần xác minh thêm thông tin.", new_appointment_at=new_date)  # fmt: skip
        return _after(due, rng.uniform(0.5, days * self.day_hours - 0.5))

    def _result(
        self, story: Story, plan: CommunePlan, procedure: ProcedurePlan, end: datetime,
        moment: datetime, assignee: int, counter: int, fee: int,
    ) -> None:  # fmt: skip
        rng = self.rng
        online = story.events[0][1] == Action.SUBMIT_ONLINE
        year_push = 0.25 * (end.year - 2024)
        chance = (0.88 if online else 0.35 + year_push) * plan.digitised
        has_file = procedure.document_result and rng.random() < chance
        path = f"results/{end:%Y/%m}/kq-{story.pk}.pdf" if has_file else ""
        proposed = max(story.last or moment, end - timedelta(minutes=rng.randrange(20, 180)))
        if not story.step(proposed, Action.PROPOSE_RESULT, Status.AWAITING_APPROVAL, assignee,
                          Role.SPECIALIST, result_file=path):  # fmt: skip
            return
        if not story.step(end, Action.APPROVE, Status.RESULT_READY, plan.leader, Role.LEADER,
                          processing_ended_at=end):  # fmt: skip
            return
        electronic = online and has_file
        returned = (
            end + timedelta(minutes=rng.randrange(5, 90))
            if electronic
            else _after(end, rng.uniform(0.2, 20))
        )
        collect = bool(fee) and not story.fields.get("fee_paid")
        data = json.dumps({"electronic": electronic, "fee_collected": collect})
        changes = {"returned_at": returned, "result_is_electronic": electronic}
        if collect:
            changes["fee_paid"] = True
        actor, role = (None, "system") if electronic else (counter, Role.COUNTER_OFFICER)
        if story.step(
            returned, Action.RETURN_RESULT, Status.RETURNED, actor, role, data, **changes
        ):
            self._rating(story, online, returned)

    def _rating(self, story: Story, online: bool, returned: datetime) -> None:
        rng = self.rng
        if rng.random() >= (0.8 if online else 0.6):
            return
        rated = returned + timedelta(minutes=rng.randrange(10, 2880))
        if rated > self.now:
            return
        due = story.fields.get("appointment_at")
        end = story.fields.get("processing_ended_at", due)
        late = due is not None and compare(end, due) is Verdict.LATE
        satisfied = rng.random() < (0.75 if late else 0.965)
        comment = "" if satisfied else "Thời gian chờ lâu."
        # A rating is a step of the log, as dossiers.services.rate writes it.
        data = json.dumps({"satisfied": satisfied})
        note = rating_note(satisfied, comment)
        if story.step(rated, Action.RATE, None, None, CITIZEN, data, note=note):
            story.fields["rating"] = (satisfied, comment, rated)

    # -- rows

    def _rows(
        self, story: Story, plan: CommunePlan, procedure: ProcedurePlan, channel: str,
        start: datetime, fee: int, cycles: list[tuple], rows: Rows,
    ) -> None:  # fmt: skip
        f = story.fields
        rng = self.rng
        former = rng.choice(plan.former_units) if plan.former_units else None
        rows.dossiers.append((
            story.pk, plan.commune.pk, plan.commune.pk if f.get("received_at") else None,
            procedure.id, f.get("code"), channel, story.status, len(story.events) - 1,
            self._name(), f"+849{rng.randrange(10_000_000, 99_999_999)}", former, start,
            f.get("received_at"), f.get("received_by"), f.get("appointment_at"),
            f.get("new_appointment_at"), f.get("processing_ended_at"), f.get("returned_at"),
            f.get("supplement_requests", 0), f.get("current_unit"), f.get("assignee"),
            f.get("current_step", 0), fee, bool(f.get("fee_paid")), bool(f.get("paid_online")),
            f.get("result_file", ""), bool(f.get("result_is_electronic")), start, story.last,
        ))  # fmt: skip
        online = channel == Channel.ONLINE
        digitised = online or rng.random() < min(
            1.0, (0.5 + 0.15 * (start.year - 2024)) * plan.digitised
        )
        reuse = rng.random() < min(0.9, 0.15 + 0.12 * (start.year - 2024))
        for index, (document_id, name) in enumerate(procedure.papers):
            # A digitised paper has a file attached (4.2 counts "Có file đính kèm"); the
            # synthetic history names one without storing it.
            file = f"dossiers/synthetic/{story.pk}-{index}.pdf" if digitised else ""
            rows.documents.append(
                (story.pk, document_id, name, file, digitised, reuse and index == 0, start)
            )
        for at_intake, asked, by, items, done in cycles:
            rows.cycles.append((story.pk, at_intake, asked, by, items, done))
        first = len(rows.events)
        rows.events.extend(story.events)
        rows.receipts.extend(
            first + index for index, event in enumerate(story.events) if event[1] == "receive"
        )
        if "rating" in f:
            satisfied, comment, rated = f["rating"]
            rows.ratings.append((story.pk, satisfied, comment, rated))
