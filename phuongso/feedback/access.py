"""Who sees which report. One helper per object type returns the object or raises 404.

Everyone sees the reports their reporter agreed to publish, without any personal data; a
reporter sees their own; specialists the reports routed to their unit or that they handled;
leaders, ward leadership and administrators their commune's; a province administrator all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from phuongso.accounts.models import Role
from phuongso.feedback.models import Report, ReportPhoto
from phuongso.feedback.workflow import Status

COMMUNE_WIDE = (Role.LEADER, Role.LEADERSHIP, Role.ADMINISTRATOR)


def public_reports() -> QuerySet[Report]:
    return Report.objects.filter(may_publish=True)


def get_public_report(pk: int) -> Report:
    report = (
        public_reports()
        .select_related("commune", "category", "residential_group", "current_unit")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Không tìm thấy phản ánh, hoặc phản ánh không được công khai.")
    return report


def shows_content(report: Report) -> bool:
    """A refused report stays listed with its reason, but its text and photos are withheld."""
    return report.status != Status.REFUSED


def visible_reports(user: Any) -> QuerySet[Report]:
    """The reports an official may open on the desk."""
    if not user.is_authenticated or not user.is_official:
        return Report.objects.none()
    if user.is_province_administrator:
        return Report.objects.all()
    rule = Q(pk__in=[])
    if user.has_role(*COMMUNE_WIDE):
        rule |= Q(commune_id=user.commune_id)
    if user.has_role(Role.SPECIALIST):
        rule |= Q(commune_id=user.commune_id) & (
            Q(current_unit_id=user.unit_id) | Q(events__actor=user)
        )
    return Report.objects.filter(rule).distinct()


def get_report_for_user(user: Any, pk: int) -> Report:
    report = (
        visible_reports(user)
        .select_related("commune", "category", "residential_group", "current_unit", "reporter")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Không tìm thấy phản ánh.")
    return report


def get_own_report(user: Any, pk: int) -> Report:
    report = (
        Report.objects.filter(reporter=user, pk=pk)
        .select_related("commune", "category", "residential_group", "current_unit")
        .first()
        if user.is_authenticated
        else None
    )
    if report is None:
        raise Http404("Không tìm thấy phản ánh.")
    return report


def get_photo_for_user(user: Any, report_pk: int, pk: int) -> ReportPhoto:
    """A photo: public with its published report (unless refused), else to its reporter and
    the officials who see the report."""
    photo = ReportPhoto.objects.select_related("report").filter(report_id=report_pk, pk=pk).first()
    if photo is None:
        raise Http404("Không tìm thấy ảnh.")
    report = photo.report
    if report.may_publish and shows_content(report):
        return photo
    if user.is_authenticated and (
        report.reporter_id == user.pk or visible_reports(user).filter(pk=report.pk).exists()
    ):
        return photo
    raise Http404("Không tìm thấy ảnh.")
