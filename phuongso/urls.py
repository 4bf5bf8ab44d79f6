from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from phuongso.api import api
from phuongso.quality import views as quality_views

admin.site.site_header = "Quản trị phường số"
admin.site.site_title = "Quản trị phường số"
admin.site.index_title = "Dữ liệu hệ thống"


def _api_urls() -> list:
    """The API does its own authentication (401, not a redirect to the sign-in page)."""
    patterns = api.urls[0]
    for pattern in patterns:
        pattern.callback = login_not_required(pattern.callback)
    return patterns


urlpatterns = [
    path("", include("phuongso.core.urls")),
    path("", include("phuongso.ops.urls")),
    path("", include("phuongso.accounts.urls")),
    path("", include("phuongso.procedures.urls")),
    path("", include("phuongso.dossiers.urls")),
    path("", include("phuongso.reminders.urls")),
    path("thanh-toan/", include("phuongso.payments.urls")),
    path("chat-luong/", include("phuongso.quality.urls")),
    path("cong-khai/", quality_views.transparency, name="transparency"),
    path("nghi-quyet/", include("phuongso.resolution.urls")),
    path("ho-gia-dinh/", include("phuongso.households.urls")),
    path("dao-tao/", include("phuongso.training.urls")),
    path("phan-anh/", include("phuongso.feedback.urls")),
    path("xac-thuc/", include("phuongso.signing.urls")),
    path("open311/v2/", include("phuongso.feedback.open311.urls")),
    path("api/v1/", include((_api_urls(), "api"), namespace="api")),
    path("quan-tri/", admin.site.urls),
]

handler404 = "phuongso.core.views.page_not_found"
