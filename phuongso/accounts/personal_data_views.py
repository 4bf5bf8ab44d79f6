"""A person's data: download all of it (JSON, PDF) and ask the ward to correct it."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from phuongso.accounts import personal_data
from phuongso.accounts.models import CorrectionRecord
from phuongso.core.access import signed_in


class CorrectionForm(forms.Form):
    record = forms.ChoiceField(label="Dữ liệu cần chỉnh sửa", choices=CorrectionRecord.choices)
    reference = forms.CharField(
        label="Mã hồ sơ, mã hộ hoặc mã phản ánh (nếu có)", max_length=60, required=False
    )
    wrong = forms.CharField(
        label="Thông tin đang sai hoặc thiếu",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi thông tin đang sai hoặc thiếu."},
    )
    correct = forms.CharField(
        label="Thông tin đúng",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Vui lòng ghi thông tin đúng."},
    )


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@signed_in
def my_data(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data.request_correction(user=request.user, **form.cleaned_data)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "Đã ghi nhận đề nghị chỉnh sửa. Phường sẽ trả lời tại trang này và liên hệ với bạn.",
            )
            return redirect("accounts:my_data")
    return _no_store(
        render(
            request,
            "accounts/my_data.html",
            {"form": form, "requests": request.user.correction_requests.all()},
        )
    )


def _filename(extension: str) -> str:
    return f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.{extension}"


@signed_in
def my_data_json(request: HttpRequest) -> HttpResponse:
    data = personal_data.everything_about(request.user)
    personal_data.log_download(request.user, kind="JSON")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("json")}"'
    return _no_store(response)


@signed_in
def my_data_pdf(request: HttpRequest) -> HttpResponse:
    data = personal_data.everything_about(request.user)
    personal_data.log_download(request.user, kind="PDF")
    response = HttpResponse(
        personal_data.render_pdf(request.user, data), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("pdf")}"'
    return _no_store(response)
