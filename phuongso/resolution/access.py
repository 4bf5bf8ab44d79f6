"""Who sees and who changes what in resolution monitoring.

Officials see their commune's resolution (a province administrator sees every commune's).
Leaders, the ward leadership and administrators see every task; specialists and counter
officers see the tasks their unit leads or coordinates. One `get_<object>_for_user()` per
type returns the object or raises Http404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from phuongso.accounts.models import Role, User
from phuongso.core.access import communes_for
from phuongso.core.models import Commune, GovernmentUnit, UnitKind
from phuongso.core.text import parse_id
from phuongso.resolution.models import (
    ActualValue,
    EvidenceFile,
    Indicator,
    Plan,
    Programme,
    Resolution,
    Task,
)

OVERVIEW_ROLES = (Role.LEADER, Role.LEADERSHIP, Role.ADMINISTRATOR, Role.PROVINCE_ADMINISTRATOR)
UNIT_ROLES = (Role.SPECIALIST, Role.COUNTER_OFFICER)
ALL_ROLES = OVERVIEW_ROLES + UNIT_ROLES
# Who may type in a figure: the commune's leaders and administrators, and the officials of
# the unit that follows the indicator.
ENTRY_ROLES = (Role.LEADER, Role.ADMINISTRATOR, Role.SPECIALIST, Role.COUNTER_OFFICER)
PLANNING_ROLES = (Role.LEADER, Role.ADMINISTRATOR)
REPORT_ROLES = ALL_ROLES

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xem."


def sees_everything(user: User) -> bool:
    return user.is_authenticated and user.has_role(*OVERVIEW_ROLES)


def is_ward_leader(user: User) -> bool:
    """A leader of the commune's leadership unit (chủ tịch, phó chủ tịch): directs every task."""
    unit = user.unit
    return user.has_role(Role.LEADER) and unit is not None and unit.kind == UnitKind.LEADERSHIP


# --- what a user sees -------------------------------------------------------------------


def current_resolution(commune: Commune) -> Resolution | None:
    return commune.resolutions.order_by("-term_start").first()


def get_commune_for_user(user: User, code: str | int | None = None) -> Commune:
    """The commune a page shows: the chosen one if the user may see it, else their own."""
    allowed = communes_for(user)
    if code not in (None, ""):
        commune = allowed.filter(code=int(code)).first() if parse_id(code) is not None else None
    elif user.commune_id:
        commune = allowed.filter(pk=user.commune_id).first()
    else:
        commune = allowed.filter(resolutions__isnull=False).order_by("code").first()
    if commune is None:
        raise Http404("Không tìm thấy xã, phường này hoặc bạn không có quyền xem.")
    return commune


def get_resolution_for_user(user: User, *, commune_code: str | int | None = None) -> Resolution:
    resolution = current_resolution(get_commune_for_user(user, commune_code))
    if resolution is None:
        raise Http404("Xã, phường này chưa nhập nghị quyết đại hội.")
    return resolution


def indicators_for(user: User) -> QuerySet[Indicator]:
    return Indicator.objects.filter(resolution__commune__in=communes_for(user)).select_related(
        "resolution__commune", "responsible_unit"
    )


def get_indicator_for_user(user: User, pk: int) -> Indicator:
    indicator = indicators_for(user).filter(pk=pk).first()
    if indicator is None:
        raise Http404(NOT_FOUND)
    return indicator


def get_indicator_by_code_for_user(
    user: User, code: str, *, commune_code: int | None = None
) -> Indicator:
    """The indicator `code` of the current resolution of the user's (or the chosen) commune."""
    resolution = get_resolution_for_user(user, commune_code=commune_code)
    indicator = indicators_for(user).filter(resolution=resolution, code=code).first()
    if indicator is None:
        raise Http404(f"Không có chỉ tiêu mã «{code}».")
    return indicator


def get_actual_for_user(user: User, pk: int) -> ActualValue:
    actual = (
        ActualValue.objects.filter(pk=pk, indicator__in=indicators_for(user))
        .select_related("indicator__resolution__commune")
        .first()
    )
    if actual is None:
        raise Http404(NOT_FOUND)
    return actual


def programmes_for(user: User) -> QuerySet[Programme]:
    return Programme.objects.filter(resolution__commune__in=communes_for(user)).select_related(
        "resolution__commune", "lead_unit"
    )


def get_programme_for_user(user: User, pk: int) -> Programme:
    programme = programmes_for(user).filter(pk=pk).first()
    if programme is None:
        raise Http404(NOT_FOUND)
    return programme


def get_plan_for_user(user: User, pk: int) -> Plan:
    plan = (
        Plan.objects.filter(pk=pk, programme__in=programmes_for(user))
        .select_related("programme__resolution__commune")
        .first()
    )
    if plan is None:
        raise Http404(NOT_FOUND)
    return plan


def tasks_for(user: User) -> QuerySet[Task]:
    tasks = Task.objects.filter(plan__programme__resolution__commune__in=communes_for(user))
    if not sees_everything(user):
        if user.unit_id is None:
            return tasks.none()
        mine = Q(lead_unit_id=user.unit_id) | Q(coordinating_units=user.unit_id)
        tasks = tasks.filter(pk__in=Task.objects.filter(mine).values("pk"))
    return tasks.select_related("lead_unit", "plan__programme__resolution__commune")


def get_task_for_user(user: User, pk: int) -> Task:
    task = tasks_for(user).filter(pk=pk).first()
    if task is None:
        raise Http404(NOT_FOUND)
    return task


def get_unit_for_user(user: User, pk: int) -> GovernmentUnit:
    units = GovernmentUnit.objects.filter(commune__in=communes_for(user))
    if not sees_everything(user):
        units = units.filter(pk=user.unit_id)
    unit = units.select_related("commune").filter(pk=pk).first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit


def get_evidence_for_user(user: User, pk: int) -> EvidenceFile:
    evidence = EvidenceFile.objects.filter(
        Q(actual__indicator__in=indicators_for(user)) | Q(report__task__in=tasks_for(user)),
        pk=pk,
    ).first()
    if evidence is None:
        raise Http404(NOT_FOUND)
    return evidence


# --- what a user may change ----------------------------------------------------------------


def _in_commune(user: User, commune_id: int) -> bool:
    return user.is_authenticated and user.commune_id == commune_id


def can_enter_actual(user: User, indicator: Indicator) -> bool:
    if not _in_commune(user, indicator.resolution.commune_id):
        return False
    if user.has_role(Role.LEADER, Role.ADMINISTRATOR):
        return True
    in_unit = indicator.responsible_unit_id is not None and (
        user.unit_id == indicator.responsible_unit_id
    )
    return in_unit and user.has_role(*ENTRY_ROLES)


def can_verify_actual(user: User, actual: ActualValue) -> bool:
    return _in_commune(user, actual.indicator.resolution.commune_id) and user.has_role(Role.LEADER)


def can_edit_path(user: User, indicator: Indicator) -> bool:
    return _in_commune(user, indicator.resolution.commune_id) and user.has_role(*PLANNING_ROLES)


def task_commune_id(task: Task) -> int:
    return task.plan.programme.resolution.commune_id


def can_update_task(user: User, task: Task) -> bool:
    """The lead unit's officials, and the commune's ward leaders."""
    if not _in_commune(user, task_commune_id(task)):
        return False
    if is_ward_leader(user):
        return True
    return user.unit_id == task.lead_unit_id and user.has_role(
        Role.SPECIALIST, Role.COUNTER_OFFICER, Role.LEADER
    )


def can_create_task(user: User, plan: Plan) -> bool:
    commune_id = plan.programme.resolution.commune_id
    return _in_commune(user, commune_id) and (
        is_ward_leader(user) or user.has_role(Role.ADMINISTRATOR)
    )
