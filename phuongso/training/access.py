"""Who sees and records officials' training, and one `get_<object>_for_user()` per type.

Officials of a commune see its rates, its courses and who still needs which course. Training
managers (the commune's administrator, and specialists and leaders of its office, Văn phòng
HĐND và UBND, which handles personnel) enrol officials and record completions; an official
records their own completion with a certificate. Certificates are served only to the
official and the managers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from phuongso.accounts.models import Role, User
from phuongso.core.access import communes_for
from phuongso.core.models import UnitKind
from phuongso.training.models import Course, Enrolment

MANAGING_ROLES = (Role.SPECIALIST, Role.LEADER)


def officials_of(commune_id: int | None) -> QuerySet[User]:
    """The commune's active officials: users holding any staff role, working there."""
    return (
        User.objects.filter(commune_id=commune_id, is_active=True, roles__isnull=False)
        .distinct()
        .select_related("unit")
    )


def is_training_manager(user: Any, commune_id: int | None) -> bool:
    if not user.is_authenticated or commune_id is None:
        return False
    if user.is_province_administrator:
        return True
    if user.commune_id != commune_id:
        return False
    if user.has_role(Role.ADMINISTRATOR):
        return True
    unit = user.unit
    return bool(unit and unit.kind == UnitKind.OFFICE and user.has_role(*MANAGING_ROLES))


def can_record_for(user: Any, official: User) -> bool:
    return user.is_authenticated and (
        user.pk == official.pk or is_training_manager(user, official.commune_id)
    )


def get_official_for_user(user: Any, pk: int) -> User:
    """An official of a commune the user sees (officials see their colleagues' training)."""
    official = (
        User.objects.filter(pk=pk, commune__in=communes_for(user), roles__isnull=False)
        .select_related("unit", "commune")
        .first()
    )
    if official is None:
        raise Http404("Không tìm thấy cán bộ này.")
    return official


def get_course_for_user(user: Any, pk: int) -> Course:
    course = Course.objects.filter(pk=pk).first()
    if course is None or not user.is_authenticated or not user.is_official:
        raise Http404("Không tìm thấy khóa học này.")
    return course


def get_enrolment_for_user(user: Any, pk: int) -> Enrolment:
    """An enrolment whose certificate the user may see: their own, or as a manager."""
    enrolment = Enrolment.objects.filter(pk=pk).select_related("official", "course").first()
    if enrolment is None or not can_record_for(user, enrolment.official):
        raise Http404("Không tìm thấy chứng nhận này.")
    return enrolment
