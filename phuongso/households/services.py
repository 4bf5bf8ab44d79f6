"""Every write to the household registry and the access log.

Each function checks its input as a whole and raises HouseholdError with Vietnamese
messages, writing nothing; otherwise it writes the rows and their history (HouseholdEvent)
in one transaction. The review's writes live in review_services.py (steps, surveyors) and
answer_services.py (survey answers); they raise ReviewError, defined here with its parent.
`actor=None` is the system (demo data, imports run by a command).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from phuongso.accounts.identity import normalise_personal_id, validate_personal_id
from phuongso.accounts.models import Sex, User
from phuongso.core.errors import ServiceError
from phuongso.core.models import Commune, ResidentialGroup
from phuongso.core.text import clean_text, fold, name_problem
from phuongso.households.models import (
    AccessLog,
    Household,
    HouseholdEvent,
    HouseholdEventKind,
    Member,
    Relation,
    ReviewYear,
)
from phuongso.households.privacy import PURPOSES

BATCH = 1000


class HouseholdError(ServiceError):
    """A refused change of the registry."""


class ReviewError(HouseholdError):
    """A refused step or answer of the review."""


def local_today() -> dt.date:
    return timezone.localdate()


# --- members ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberData:
    full_name: str
    birth_date: dt.date
    sex: str
    relation: str
    personal_id: str = ""
    has_disability: bool = False
    on_social_allowance: bool = False

    def __post_init__(self) -> None:
        # One spelling of a name and of a number, whatever the form, workbook or API sent.
        object.__setattr__(self, "full_name", " ".join(clean_text(self.full_name).split()))
        object.__setattr__(self, "personal_id", normalise_personal_id(self.personal_id))


def check_member(data: MemberData, *, today: dt.date | None = None) -> list[str]:
    """Every problem with one member's data, in Vietnamese; empty when all is well."""
    today = today or local_today()
    errors = []
    if not data.full_name.strip():
        errors.append("Họ và tên không được để trống.")
    elif problem := name_problem(data.full_name):
        errors.append(problem)
    if data.birth_date > today:
        errors.append(
            f"Ngày sinh {data.birth_date:%d/%m/%Y} ở sau ngày hôm nay: "
            "không thể ghi người sinh trong tương lai."
        )
    elif data.birth_date.year < 1900:
        errors.append("Năm sinh phải từ 1900 trở về sau.")
    if data.sex not in Sex.values:
        errors.append("Giới tính phải là Nam hoặc Nữ.")
    if data.relation not in Relation.values:
        errors.append("Quan hệ với chủ hộ không hợp lệ.")
    if data.personal_id:
        errors += _check_personal_id(data)
    return errors


def _check_personal_id(data: MemberData) -> list[str]:
    try:
        validate_personal_id(data.personal_id, sex=data.sex, birth_date=data.birth_date)
    except ValidationError as error:
        return [f"Số định danh {data.personal_id}: {' '.join(error.messages)}"]
    return []


def _taken_ids(numbers: Iterable[str]) -> set[str]:
    """Personal identification numbers already in the registry."""
    wanted, taken = [number for number in numbers if number], set()
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        taken |= set(
            Member.objects.filter(personal_id__in=chunk).values_list("personal_id", flat=True)
        )
    return taken


def _taken_id_errors(people: Iterable[MemberData]) -> list[str]:
    taken = _taken_ids(person.personal_id for person in people)
    return [f"Số định danh {number} đã có trong sổ hộ gia đình." for number in sorted(taken)]


def _new_member(household: Household, data: MemberData) -> Member:
    return Member(
        household=household,
        full_name=" ".join(data.full_name.split()),
        birth_date=data.birth_date,
        sex=data.sex,
        relation=data.relation,
        personal_id=data.personal_id or None,
        has_disability=data.has_disability,
        on_social_allowance=data.on_social_allowance,
        search_text=fold(f"{data.full_name} {data.personal_id}"),
    )


def household_search_text(*, code: str, head_name: str, address: str) -> str:
    return fold(f"{code} {head_name} {address}")[:500]


def _refresh_head(household: Household) -> None:
    head = household.members.filter(relation=Relation.HEAD).order_by("-pk").first()
    household.head_name = head.full_name if head else ""
    household.search_text = household_search_text(
        code=household.code, head_name=household.head_name, address=household.address
    )
    household.save(update_fields=["head_name", "search_text", "updated_at"])


def _event(
    household: Household,
    kind: str,
    *,
    actor: User | None,
    occurred_on: dt.date,
    member: Member | None = None,
    related: Household | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> HouseholdEvent:
    return HouseholdEvent.objects.create(
        household=household,
        kind=kind,
        member=member,
        related_household=related,
        occurred_on=occurred_on,
        note=note.strip(),
        data=data or {},
        actor=actor,
    )


# --- households ------------------------------------------------------------------------------


def _check_code(commune: Commune, code: str) -> list[str]:
    if not code:
        return ["Mã hộ không được để trống."]
    if len(code) > 30:
        return ["Mã hộ dài quá 30 ký tự."]
    if Household.objects.filter(commune=commune, code=code).exists():
        return [f"Mã hộ '{code}' đã có trong {commune.name}; mỗi hộ một mã riêng."]
    return []


def _check_group(commune: Commune, group: ResidentialGroup) -> list[str]:
    if group.commune_id != commune.pk:
        return [f"Tổ dân phố '{group.name}' không thuộc {commune.name}."]
    return []


def _check_new_people(
    head: MemberData, members: Sequence[MemberData], *, db: bool = True
) -> list[str]:
    errors = [] if head.relation == Relation.HEAD else ["Người đầu tiên phải là chủ hộ."]
    if any(member.relation == Relation.HEAD for member in members):
        errors.append("Mỗi hộ chỉ có một chủ hộ.")
    ids = [person.personal_id for person in (head, *members) if person.personal_id]
    if len(ids) != len(set(ids)):
        errors.append("Hai thành viên không thể có cùng số định danh.")
    for number, person in enumerate((head, *members), start=1):
        errors += [f"Thành viên {number}: {error}" for error in check_member(person)]
    return errors + (_taken_id_errors((head, *members)) if db else [])


def create_household(
    *,
    commune: Commune,
    code: str,
    residential_group: ResidentialGroup,
    address: str,
    head: MemberData,
    members: Sequence[MemberData] = (),
    actor: User | None,
    occurred_on: dt.date | None = None,
    note: str = "",
) -> Household:
    """Register a household with its head and members; nothing is saved if anything is wrong."""
    code = code.strip()
    address = " ".join(address.split())
    errors = _check_code(commune, code) + _check_group(commune, residential_group)
    if not address:
        errors.append("Địa chỉ không được để trống.")
    errors += _check_new_people(head, members)
    if errors:
        raise HouseholdError(*errors)
    with transaction.atomic():
        household = Household.objects.create(
            commune=commune, code=code, residential_group=residential_group, address=address
        )
        for data in (head, *members):
            _new_member(household, data).save()
        _refresh_head(household)
        _event(
            household,
            HouseholdEventKind.CREATED,
            actor=actor,
            occurred_on=occurred_on or local_today(),
            note=note,
            data={"members": 1 + len(members), "residential_group": residential_group.name},
        )
    return household


@dataclass(frozen=True)
class NewHousehold:
    code: str
    residential_group: ResidentialGroup
    address: str
    members: tuple[MemberData, ...]  # the head first


def _check_batch(commune: Commune, households: Sequence[NewHousehold]) -> list[str]:
    errors: list[str] = []
    codes = [household.code for household in households]
    duplicated = {code for code, count in Counter(codes).items() if count > 1}
    errors += [f"Mã hộ '{code}' bị trùng trong danh sách." for code in sorted(duplicated)]
    for start in range(0, len(codes), BATCH):
        existing = Household.objects.filter(commune=commune, code__in=codes[start : start + BATCH])
        errors += [f"Mã hộ '{code}' đã có." for code in existing.values_list("code", flat=True)]
    people = [person for household in households for person in household.members]
    ids = [person.personal_id for person in people if person.personal_id]
    errors += [f"Số định danh {n} bị trùng." for n, c in Counter(ids).items() if c > 1]
    errors += _taken_id_errors(people)
    for household in households:
        found = _check_group(commune, household.residential_group)
        found += _check_new_people(household.members[0], household.members[1:], db=False)
        errors += [f"Hộ {household.code}: {error}" for error in found]
    return errors


def register_households(
    *,
    commune: Commune,
    households: Sequence[NewHousehold],
    actor: User | None,
    occurred_on: dt.date | None = None,
    is_demo: bool = False,
) -> int:
    """Register many households at once (an import, the demo ward): all of them or none."""
    errors = _check_batch(commune, households)
    if errors:
        raise HouseholdError(*errors[:100])
    occurred_on = occurred_on or local_today()
    with transaction.atomic():
        for start in range(0, len(households), BATCH):
            _register_batch(commune, households[start : start + BATCH], actor, occurred_on, is_demo)
    return len(households)


def _register_batch(
    commune: Commune,
    batch: Sequence[NewHousehold],
    actor: User | None,
    on: dt.date,
    is_demo: bool,
) -> None:
    rows = [
        Household(
            commune=commune,
            code=item.code,
            residential_group=item.residential_group,
            address=item.address,
            head_name=item.members[0].full_name,
            is_demo=is_demo,
            search_text=household_search_text(
                code=item.code, head_name=item.members[0].full_name, address=item.address
            ),
        )
        for item in batch
    ]
    created = Household.objects.bulk_create(rows)
    Member.objects.bulk_create(
        [
            _new_member(household, person)
            for household, item in zip(created, batch, strict=True)
            for person in item.members
        ],
        batch_size=BATCH,
    )
    HouseholdEvent.objects.bulk_create(
        [
            HouseholdEvent(
                household=household,
                kind=HouseholdEventKind.CREATED,
                occurred_on=on,
                actor=actor,
                data={"members": len(item.members)},
            )
            for household, item in zip(created, batch, strict=True)
        ]
    )


def add_member(
    *,
    household: Household,
    member: MemberData,
    kind: str,
    occurred_on: dt.date | None = None,
    actor: User | None,
    note: str = "",
) -> Member:
    """A birth (occurred on the birth date) or a person joining the household."""
    if kind not in (HouseholdEventKind.BIRTH, HouseholdEventKind.MEMBER_JOINED):
        raise HouseholdError("Chỉ ghi được sinh hoặc thêm thành viên.")
    occurred_on = member.birth_date if kind == HouseholdEventKind.BIRTH else occurred_on
    errors = check_member(member) + _taken_id_errors([member])
    errors += _check_present_household(household)
    if member.relation == Relation.HEAD:
        errors.append("Hộ đã có chủ hộ; thêm người này với quan hệ khác.")
    if occurred_on is None or occurred_on > local_today():
        errors.append("Ngày xảy ra không được sau ngày hôm nay.")
    if errors:
        raise HouseholdError(*errors)
    with transaction.atomic():
        created = _new_member(household, member)
        created.save()
        _event(household, kind, actor=actor, occurred_on=occurred_on, member=created, note=note)
    return created


def _check_present_household(household: Household) -> list[str]:
    return [] if household.is_active else ["Hộ này đã chấm dứt; không ghi thêm biến động."]


def _check_departure(member: Member, on: dt.date, new_head: Member | None) -> list[str]:
    errors = _check_present_household(member.household)
    if not member.is_present:
        errors.append(f"{member.full_name} không còn là thành viên hiện tại của hộ.")
    if on > local_today():
        errors.append("Ngày xảy ra không được sau ngày hôm nay.")
    if on < member.birth_date:
        errors.append("Ngày xảy ra không được trước ngày sinh.")
    others = member.household.members.filter(died_on=None, left_on=None).exclude(pk=member.pk)
    if member.relation == Relation.HEAD and others.exists():
        if new_head is None or not others.filter(pk=new_head.pk).exists():
            errors.append("Người này là chủ hộ: hãy chọn chủ hộ mới trong số thành viên còn lại.")
    return errors


def _leave(member: Member, field_name: str, on: dt.date, new_head: Member | None) -> None:
    setattr(member, field_name, on)
    member.save(update_fields=[field_name, "updated_at"])
    household = member.household
    if member.relation == Relation.HEAD and new_head is not None:
        new_head.relation = Relation.HEAD
        new_head.save(update_fields=["relation", "updated_at"])
        member.relation = Relation.OTHER
        member.save(update_fields=["relation", "updated_at"])
    if not household.members.filter(died_on=None, left_on=None).exists():
        household.is_active, household.ended_on = False, on
        household.save(update_fields=["is_active", "ended_on", "updated_at"])
    _refresh_head(household)


def _record_leaving(
    *,
    member: Member,
    field_name: str,
    on: dt.date,
    kind: str,
    actor: User | None,
    note: str,
    new_head: Member | None,
) -> Member:
    """A member died or left (`field_name` the date field, `kind` the household event)."""
    errors = _check_departure(member, on, new_head)
    if errors:
        raise HouseholdError(*errors)
    with transaction.atomic():
        was_head = member.relation == Relation.HEAD
        _leave(member, field_name, on, new_head)
        _event(
            member.household,
            kind,
            actor=actor,
            occurred_on=on,
            member=member,
            note=note,
            data={"was_head": was_head},
        )
    return member


def record_death(
    *,
    member: Member,
    died_on: dt.date,
    actor: User | None,
    note: str = "",
    new_head: Member | None = None,
) -> Member:
    return _record_leaving(
        member=member,
        field_name="died_on",
        on=died_on,
        kind=HouseholdEventKind.DEATH,
        actor=actor,
        note=note,
        new_head=new_head,
    )


def record_departure(
    *,
    member: Member,
    left_on: dt.date,
    actor: User | None,
    note: str = "",
    new_head: Member | None = None,
) -> Member:
    return _record_leaving(
        member=member,
        field_name="left_on",
        on=left_on,
        kind=HouseholdEventKind.MEMBER_LEFT,
        actor=actor,
        note=note,
        new_head=new_head,
    )


def move_household(
    *,
    household: Household,
    residential_group: ResidentialGroup,
    address: str,
    occurred_on: dt.date,
    actor: User | None,
    note: str = "",
) -> Household:
    """The household moves within the commune: new group (hence area, former unit), address."""
    address = " ".join(address.split())
    errors = _check_present_household(household)
    errors += _check_group(household.commune, residential_group)
    if not address:
        errors.append("Địa chỉ mới không được để trống.")
    if occurred_on > local_today():
        errors.append("Ngày chuyển không được sau ngày hôm nay.")
    if errors:
        raise HouseholdError(*errors)
    before = {"residential_group": household.residential_group.name, "address": household.address}
    with transaction.atomic():
        household.residential_group, household.address = residential_group, address
        household.save(update_fields=["residential_group", "address", "updated_at"])
        _refresh_head(household)
        after = {"residential_group": residential_group.name, "address": address}
        _event(
            household,
            HouseholdEventKind.MOVED,
            actor=actor,
            occurred_on=occurred_on,
            note=note,
            data={"from": before, "to": after},
        )
    return household


def split_household(
    *,
    household: Household,
    relations: dict[int, str],
    new_code: str,
    residential_group: ResidentialGroup,
    address: str,
    occurred_on: dt.date,
    actor: User | None,
    note: str = "",
) -> Household:
    """Some members leave to form a new household; `relations` maps each member who leaves
    to their relation in the new household (exactly one "head")."""
    new_code, address = new_code.strip(), " ".join(address.split())
    present = {m.pk: m for m in household.members.filter(died_on=None, left_on=None)}
    errors = _check_split(household, relations, present, occurred_on)
    errors += _check_code(household.commune, new_code)
    errors += _check_group(household.commune, residential_group)
    if not address:
        errors.append("Địa chỉ của hộ mới không được để trống.")
    if errors:
        raise HouseholdError(*errors)
    with transaction.atomic():
        new = Household.objects.create(
            commune=household.commune,
            code=new_code,
            residential_group=residential_group,
            address=address,
        )
        for member_id, relation in relations.items():
            Member.objects.filter(pk=member_id).update(household=new, relation=relation)
        _refresh_head(new)
        _refresh_head(household)
        names = [present[member_id].full_name for member_id in relations]
        data = {"members": names}
        _event(
            household,
            HouseholdEventKind.SPLIT,
            actor=actor,
            occurred_on=occurred_on,
            related=new,
            note=note,
            data=data,
        )
        _event(
            new,
            HouseholdEventKind.SPLIT_FROM,
            actor=actor,
            occurred_on=occurred_on,
            related=household,
            note=note,
            data=data,
        )
    return new


def _check_split(
    household: Household, relations: dict[int, str], present: dict[int, Member], on: dt.date
) -> list[str]:
    errors = _check_present_household(household)
    if not relations:
        return errors + ["Chọn ít nhất một thành viên tách sang hộ mới."]
    if any(member_id not in present for member_id in relations):
        errors.append("Chỉ tách được thành viên hiện tại của hộ.")
    if list(relations.values()).count(Relation.HEAD) != 1:
        errors.append("Hộ mới phải có đúng một chủ hộ.")
    if any(relation not in Relation.values for relation in relations.values()):
        errors.append("Quan hệ với chủ hộ mới không hợp lệ.")
    if any(present[m].relation == Relation.HEAD for m in relations if m in present):
        errors.append("Chủ hộ hiện tại ở lại hộ cũ; muốn đổi chủ hộ, hãy ghi biến động khác.")
    if on > local_today():
        errors.append("Ngày tách hộ không được sau ngày hôm nay.")
    return errors


# --- the access log --------------------------------------------------------------------------


def log_access(
    *,
    user: User,
    action: str,
    household: Household | None = None,
    member: Member | None = None,
    review_year: ReviewYear | None = None,
    subject: User | None = None,
    detail: str = "",
) -> AccessLog:
    """Record who read or exported which data, when, why and on what legal basis."""
    purpose, basis = PURPOSES[action]
    return AccessLog.objects.create(
        user=user,
        action=action,
        household=household,
        household_code=household.code if household else "",
        member=member,
        review_year=review_year,
        subject=subject,
        purpose=purpose,
        legal_basis=basis,
        detail=detail[:255],
    )
