"""Personal data of the household registry: purposes, legal bases, and a person's export.

Law 91/2025/QH15 (from 1/1/2026) and Decree 356/2025/NĐ-CP: a state body records why it
processes each kind of record and on what legal basis, limits and logs access, and gives a
person their data on request. Poverty-review answers (income, disability, housing) are
sensitive personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from phuongso.households.models import (
    AccessAction,
    AccessLog,
    HouseholdEvent,
    Member,
    PovertyTransition,
    ReviewEntry,
)
from phuongso.households.standard import Category

REVIEW_PURPOSE = "Rà soát, quản lý hộ nghèo, hộ cận nghèo và thực hiện chính sách giảm nghèo"
REVIEW_BASIS = (
    "Quyết định 24/2021/QĐ-TTg (quy trình rà soát); chuẩn nghèo đa chiều theo Nghị định "
    "07/2021/NĐ-CP, 351/2025/NĐ-CP; Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15"
)
SUBJECT_REQUEST_PURPOSE = "Cung cấp dữ liệu cá nhân theo yêu cầu của chủ thể dữ liệu"
SUBJECT_REQUEST_BASIS = "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (quyền truy cập dữ liệu)"
ACCOUNTS_PURPOSE = "Quản lý tài khoản, xác minh danh tính người dùng dịch vụ công trực tuyến"
ACCOUNTS_BASIS = (
    "Nghị định 118/2025/NĐ-CP (thủ tục hành chính theo cơ chế một cửa); Nghị định "
    "69/2024/NĐ-CP (định danh và xác thực điện tử); Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15"
)

# Why each logged action happens, and on what basis (recorded on every log row).
PURPOSES: dict[str, tuple[str, str]] = {
    AccessAction.VIEW_HOUSEHOLD: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.VIEW_HOUSEHOLD_API: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.VIEW_SURVEY: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.EXPORT_REVIEW_LIST: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.EXPORT_SURVEY_SHEET: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.EXPORT_PERSON: (SUBJECT_REQUEST_PURPOSE, SUBJECT_REQUEST_BASIS),
    AccessAction.EXPORT_REFUSED: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.SEARCH_HOUSEHOLDS: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.VIEW_REVIEW_LIST: (REVIEW_PURPOSE, REVIEW_BASIS),
    AccessAction.VIEW_ACCOUNT_IDENTITY: (ACCOUNTS_PURPOSE, ACCOUNTS_BASIS),
    AccessAction.EXPORT_OWN_DATA: (SUBJECT_REQUEST_PURPOSE, SUBJECT_REQUEST_BASIS),
}

# What the registry says about itself in a person's export.
RECORD_KINDS = {
    "household": (
        "Hộ gia đình và thành viên (dữ liệu cá nhân cơ bản)",
        REVIEW_PURPOSE,
        REVIEW_BASIS,
    ),
    "review": ("Phiếu rà soát hộ nghèo (dữ liệu cá nhân nhạy cảm)", REVIEW_PURPOSE, REVIEW_BASIS),
}


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _member(member: Member) -> dict[str, Any]:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "birth_date": _date(member.birth_date),
        "sex": member.get_sex_display(),
        "relation_to_head": member.get_relation_display(),
        "personal_id": member.personal_id or "",
        "has_disability": member.has_disability,
        "on_social_allowance": member.on_social_allowance,
        "died_on": _date(member.died_on),
        "left_on": _date(member.left_on),
    }


def _entry(entry: ReviewEntry) -> dict[str, Any]:
    standard = entry.review_year.standard
    return {
        "year": entry.review_year.year,
        "standard": standard.name,
        "residential_group": entry.residential_group.name,
        "area": entry.get_area_display(),
        "monthly_income_per_person": entry.monthly_income_per_person,
        "deprivations": [standard.label(key) for key in entry.deprivations],
        "classification": Category(entry.category).label if entry.category else "",
        "review_status": entry.review_year.get_status_display(),
        "surveyed_at": _date(entry.surveyed_at),
    }


def person_data(member: Member) -> dict[str, Any]:
    """Everything the registry holds about one person and their household, as plain data."""
    household = member.household
    entries = ReviewEntry.objects.filter(household=household).select_related(
        "review_year", "residential_group"
    )
    events = HouseholdEvent.objects.filter(household=household).select_related("member")
    transitions = PovertyTransition.objects.filter(household=household).select_related(
        "review_year"
    )
    logs = AccessLog.objects.filter(household=household).select_related("user")
    return {
        "generated_at": timezone.now().isoformat(),
        "controller": f"Ủy ban nhân dân {household.commune.name}",
        "record_kinds": [
            {"kind": label, "purpose": purpose, "legal_basis": basis}
            for label, purpose, basis in RECORD_KINDS.values()
        ],
        "person": _member(member),
        "household": {
            "code": household.code,
            "address": household.address,
            "residential_group": household.residential_group.name,
            "former_unit": str(household.residential_group.former_unit),
            "head": household.head_name,
            "members": [_member(other) for other in household.members.all()],
        },
        "history": [
            {
                "kind": event.get_kind_display(),
                "occurred_on": _date(event.occurred_on),
                "member": event.member.full_name if event.member else "",
                "note": event.note,
            }
            for event in events
        ],
        "poverty_reviews": [_entry(entry) for entry in entries],
        "poverty_changes": [
            {
                "year": change.review_year.year,
                "change": change.describe(),
                "source": change.get_source_display(),
                "occurred_on": _date(change.occurred_on),
            }
            for change in transitions
        ],
        "access_log": [
            {
                "at": _date(log.at),
                "who": log.user.full_name or log.user.username,
                "action": log.get_action_display(),
                "purpose": log.purpose,
            }
            for log in logs
        ],
    }
