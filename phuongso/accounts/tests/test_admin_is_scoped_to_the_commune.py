"""A ward's administrator works on their own ward in the admin, never on another's or above."""

from __future__ import annotations

import pytest
from django.urls import reverse

from phuongso.accounts.models import Role, User
from phuongso.notifications.services import Recipient, queue

pytestmark = pytest.mark.django_db


def change_url(model: str, pk: int) -> str:
    return reverse(f"admin:{model.replace('.', '_')}_change", args=[pk])


def test_the_ward_administrator_sees_only_the_wards_officials(
    client, administrator, specialist, other_commune_officer, province_administrator
) -> None:
    client.force_login(administrator)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert specialist.username in listing
    assert other_commune_officer.username not in listing
    assert province_administrator.username not in listing
    for user in (other_commune_officer, province_administrator):
        assert client.get(change_url("accounts.user", user.pk)).status_code == 302  # "not found"


def test_the_ward_administrator_cannot_set_the_province_administrators_password(
    client, administrator, province_administrator
) -> None:
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[province_administrator.pk])
    url = url.replace("auth/user", "accounts/user")
    response = client.post(url, {"password1": "Chiem-quyen-2026", "password2": "Chiem-quyen-2026"})
    assert response.status_code == 404
    province_administrator.refresh_from_db()
    assert not province_administrator.check_password("Chiem-quyen-2026")


def test_the_ward_administrator_cannot_make_anyone_a_province_administrator(
    client, administrator
) -> None:
    client.force_login(administrator)
    page = client.get(change_url("accounts.user", administrator.pk)).content.decode()
    assert 'value="province_administrator"' not in page
    assert f'value="{Role.SPECIALIST}"' in page


def test_roles_given_in_the_admin_open_the_admin_as_they_do_elsewhere(
    client, province_administrator, specialist
) -> None:
    """The inline's roles go through set_roles: an administrator made here can sign in to it."""
    client.force_login(province_administrator)
    page = client.get(change_url("accounts.user", specialist.pk))
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password",)}
    data.update(
        {
            "commune": specialist.commune_id,
            "unit": specialist.unit_id,
            "is_active": "on",
            "roles-TOTAL_FORMS": "2",
            "roles-INITIAL_FORMS": "1",
            "roles-0-id": specialist.roles.get().pk,
            "roles-0-user": specialist.pk,
            "roles-0-role": Role.SPECIALIST,
            "roles-1-user": specialist.pk,
            "roles-1-role": Role.ADMINISTRATOR,
        }
    )
    for key in ("birth_date", "last_login", "date_joined"):
        data.pop(key, None)
    response = client.post(change_url("accounts.user", specialist.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    specialist = User.objects.get(pk=specialist.pk)
    assert specialist.is_staff and specialist.groups.exists()


def test_another_wards_dossiers_and_the_outbox_are_not_the_ward_administrators(
    client, administrator, counter_officer, other_commune_officer, three_day_procedure
) -> None:
    from phuongso.dossiers.testing import make_procedure, walk_in
    from phuongso.dossiers.tests.conftest import at

    ours = walk_in(three_day_procedure, counter_officer, at("02/03/2026"))
    elsewhere = make_procedure(
        other_commune_officer.commune, code="1.000009", name="Ở Việt Trì", days=3
    )
    theirs = walk_in(elsewhere, other_commune_officer, at("02/03/2026"))
    queue(
        event="password_link",
        recipient=Recipient(name="A", phone="+84912000009"),
        context={"link": "https://dichvucong.example/dat-mat-khau/bi-mat/", "minutes": 30},
    )
    client.force_login(administrator)
    listing = client.get(reverse("admin:dossiers_dossier_changelist")).content.decode()
    assert ours.code in listing and theirs.code not in listing
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403


def test_the_calendar_is_changed_by_the_province_only(
    client, administrator, province_administrator
) -> None:
    add = reverse("admin:core_calendaroverride_add")
    client.force_login(administrator)
    assert client.get(add).status_code == 403
    client.force_login(province_administrator)
    assert client.get(add).status_code == 200


def _change_data(page, user, roles: list[tuple[int | None, str]]) -> dict:
    """The user's change form as shown, with the roles inline holding `roles` (id, role);
    a role of the page left out of `roles` is deleted."""
    form = page.context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and key not in ("password", "birth_date", "last_login", "date_joined")
    }
    data.update({"is_active": "on", "commune": user.commune_id or "", "unit": user.unit_id or ""})
    existing = list(user.roles.all())
    data.update(
        {
            "roles-TOTAL_FORMS": str(len(existing) + len(roles)),
            "roles-INITIAL_FORMS": str(len(existing)),
        }
    )
    for number, role in enumerate(existing):
        data.update(
            {
                f"roles-{number}-id": role.pk,
                f"roles-{number}-user": user.pk,
                f"roles-{number}-role": role.role,
                f"roles-{number}-DELETE": "on",
            }
        )
    for number, (_, role) in enumerate(roles, start=len(existing)):
        data.update({f"roles-{number}-user": user.pk, f"roles-{number}-role": role})
    return data


def test_taking_the_province_role_away_takes_the_superuser_flag_with_it(
    client, province_administrator, commune
) -> None:
    from phuongso.accounts import services

    colleague = services.create_official(
        username="quan_tri_tinh_2",
        full_name="Quản trị tỉnh hai",
        unit=None,
        roles=[Role.PROVINCE_ADMINISTRATOR],
        password="Mat-khau-thu-2025",
    )
    assert colleague.is_superuser
    client.force_login(province_administrator)
    page = client.get(change_url("accounts.user", colleague.pk))
    response = client.post(
        change_url("accounts.user", colleague.pk),
        _change_data(page, colleague, [(None, Role.SPECIALIST)]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    colleague = User.objects.get(pk=colleague.pk)
    assert not colleague.is_superuser and not colleague.is_staff
    assert colleague.role_set == {Role.SPECIALIST}


def test_an_official_added_by_the_ward_administrator_is_of_the_ward(client, administrator) -> None:
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "can_bo_moi",
            "password1": "Mat-khau-moi-2026",
            "password2": "Mat-khau-moi-2026",
            "usable_password": "true",
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": Role.SPECIALIST,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = User.objects.get(username="can_bo_moi")
    assert added.commune_id == administrator.commune_id
    assert added.role_set == {Role.SPECIALIST} and not added.is_staff
    assert client.get(change_url("accounts.user", added.pk)).status_code == 200


def test_a_ward_administrator_cannot_issue_a_key_for_every_commune(client, administrator) -> None:
    from phuongso.feedback.models import ApiKey

    client.force_login(administrator)
    response = client.post(reverse("admin:feedback_apikey_add"), {"name": "Ứng dụng tỉnh"})
    assert response.status_code == 200 and not ApiKey.objects.exists()
    assert "commune" in response.context["adminform"].form.errors
