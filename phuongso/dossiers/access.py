"""Who sees which dossier. One helper per object type returns the object or raises 404.

A citizen sees their own dossiers, and only those whose applicant is proven to be them
(own_dossiers); counter officers their commune's and those they received
for other communes; specialists the dossiers of their unit's procedures or assigned to them;
leaders and ward leadership their commune's; a province administrator all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from phuongso.accounts.models import Role
from phuongso.dossiers.models import Dossier, DossierDocument
from phuongso.procedures.models import Channel


def own_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers a person applied for, that they may see: those they submitted online
    themselves, and those received for them whose applicant matches an identity they proved
    (the phone by a one-time code, the personal number at a counter or by the national
    identity). A dossier attached to the account on an unproven claim stays hidden, so a
    number typed at registration, or an account holding someone else's phone, shows nothing."""
    proven = Q(channel=Channel.ONLINE)
    if user.phone_verified:
        proven |= Q(applicant_phone=user.phone)
    if user.identity_verified:
        proven |= Q(applicant_personal_id=user.personal_id)
    return Dossier.objects.filter(proven, applicant=user)


def hidden_until_proven(user: Any) -> int:
    """How many dossiers are attached to the account but wait for the holder to prove the
    phone or the personal number they were given with."""
    return Dossier.objects.filter(applicant=user).count() - own_dossiers(user).count()


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    if not user.is_authenticated:
        return Dossier.objects.none()
    if not user.is_official:
        return own_dossiers(user)
    if user.is_province_administrator:
        return Dossier.objects.all()
    rule = Q(pk__in=[])
    if user.has_role(Role.LEADER, Role.LEADERSHIP, Role.ADMINISTRATOR):
        rule |= Q(commune_id=user.commune_id)
    if user.has_role(Role.COUNTER_OFFICER):
        rule |= Q(commune_id=user.commune_id) | Q(receiving_commune_id=user.commune_id)
    if user.has_role(Role.SPECIALIST):
        unit_kind = user.unit.kind if user.unit else None
        rule |= Q(commune_id=user.commune_id) & (
            Q(procedure__implementing_unit_kind=unit_kind)
            | Q(current_unit_id=user.unit_id)
            | Q(assignee=user)
        )
    return Dossier.objects.filter(rule)


def get_dossier_for_user(user: Any, pk: int) -> Dossier:
    dossier = (
        visible_dossiers(user)
        .select_related("procedure", "procedure__field", "commune", "current_unit", "assignee")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


def get_document_for_user(user: Any, dossier_pk: int, pk: int) -> DossierDocument:
    dossier = get_dossier_for_user(user, dossier_pk)
    document = dossier.documents.filter(pk=pk).first()
    if document is None or not document.file:
        raise Http404("Không tìm thấy giấy tờ.")
    return document
