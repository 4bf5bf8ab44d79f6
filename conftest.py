"""The fixed cast every test can use, and settings that make tests fast and strict."""

from __future__ import annotations

import pytest
from django.conf import settings

from phuongso.accounts import services as account_services
from phuongso.accounts.models import Role, User
from phuongso.core.models import Commune, GovernmentUnit
from phuongso.core.services import COMMUNE_DATA_DIR, configure_commune, read_commune_file

PASSWORD = "Mat-khau-thu-2025"


def pytest_configure(config: pytest.Config) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Serve static files from the apps, as in development: no collectstatic before tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    settings.WHITENOISE_USE_FINDERS = True
    # The test client and the live server speak plain HTTP on this machine.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    # Payments are tested against the local gateway simulator.
    settings.PAYMENT_SIMULATOR = True


@pytest.fixture
def commune(db) -> Commune:
    """Thanh Miếu, configured from its data file, inside a small province."""
    Commune.objects.create(
        code=7909,
        name="Phường Thanh Miếu",
        division_type="phuong",
        province_code=25,
        province_name="Phú Thọ",
    )
    return configure_commune(read_commune_file(COMMUNE_DATA_DIR / "7909.json"))


@pytest.fixture
def other_commune(db) -> Commune:
    commune = Commune.objects.create(
        code=7900,
        name="Phường Việt Trì",
        division_type="phuong",
        province_code=25,
        province_name="Phú Thọ",
        is_configured=True,
    )
    GovernmentUnit.objects.create(
        commune=commune, name="Phòng Văn hóa – Xã hội", kind="culture_society"
    )
    GovernmentUnit.objects.create(
        commune=commune,
        name="Trung tâm Phục vụ hành chính công",
        kind="service_centre",
        is_one_stop=True,
    )
    return commune


def _official(username: str, unit: GovernmentUnit | None, *roles: str) -> User:
    return account_services.create_official(
        username=username,
        full_name=username.replace("_", " ").title(),
        unit=unit,
        roles=roles,
        password=PASSWORD,
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path) -> None:
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True, scope="session")
def cache_of_this_run():
    """The tests' own cache, in this process: the file cache under DATA_DIR is shared with a
    development server or another test run on the machine."""
    from django.test import override_settings

    own = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=own):
        yield


@pytest.fixture(autouse=True)
def empty_cache(cache_of_this_run):
    """Each test starts with an empty cache: a commune or session cached by an earlier test
    would carry ids of rows that test's rollback removed."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def signed_in_officials_passed_the_second_factor(monkeypatch):
    """`client.force_login` and `client.login` stand for a whole sign-in, as django-otp's own
    test helpers treat them: an official who needs a second factor gets a confirmed TOTP device
    and a session that passed it. Tests of the second factor itself sign in through the pages,
    or drop the mark with `forget_second_factor(client)`."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from phuongso.accounts.two_factor import requires_second_factor

    original = Client._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        if requires_second_factor(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "_login", _login)


def forget_second_factor(client) -> None:
    """The session of `client` has not passed the second factor (its devices stay)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session.save()


@pytest.fixture
def three_day_procedure(commune):
    from phuongso.dossiers.testing import make_procedure

    return make_procedure(
        commune, code="1.000001", name="Cấp Giấy xác nhận tình trạng hôn nhân", days=3, fee=15000
    )


@pytest.fixture
def same_day_procedure(commune):
    from phuongso.dossiers.testing import make_procedure

    return make_procedure(commune, code="1.001193", name="Đăng ký khai sinh", days=0, same_day=True)


@pytest.fixture
def citizen(db) -> User:
    return account_services.register_citizen(
        full_name="Nguyễn Văn Dân",
        password=PASSWORD,
        phone="+84912000001",
        email="dan@example.vn",
        personal_id="025090000001",
    )


@pytest.fixture
def other_citizen(db) -> User:
    return account_services.register_citizen(
        full_name="Trần Thị Khác",
        password=PASSWORD,
        phone="+84912000002",
    )


@pytest.fixture
def counter_officer(commune) -> User:
    return _official("mot_cua", commune.units.get(kind="service_centre"), Role.COUNTER_OFFICER)


@pytest.fixture
def specialist(commune) -> User:
    return _official("chuyen_vien", commune.units.get(kind="culture_society"), Role.SPECIALIST)


@pytest.fixture
def other_unit_specialist(commune) -> User:
    return _official("chuyen_vien_khac", commune.units.get(kind="economy"), Role.SPECIALIST)


@pytest.fixture
def leader(commune) -> User:
    return _official("lanh_dao", commune.units.get(kind="leadership"), Role.LEADER)


@pytest.fixture
def administrator(commune) -> User:
    return _official("quan_tri", commune.units.get(kind="office"), Role.ADMINISTRATOR)


@pytest.fixture
def province_administrator(commune) -> User:
    return _official("quan_tri_tinh", None, Role.PROVINCE_ADMINISTRATOR)


@pytest.fixture
def other_commune_officer(other_commune) -> User:
    return _official(
        "mot_cua_viet_tri", other_commune.units.get(kind="service_centre"), Role.COUNTER_OFFICER
    )
