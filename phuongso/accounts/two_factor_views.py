"""Pages of the officials' second factor: enrol (QR code, secret, first code, recovery codes
shown once) and verify (a code from the app or a recovery code)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from phuongso.accounts import two_factor
from phuongso.accounts.middleware import second_factor_page
from phuongso.core.access import signed_in

WRONG_CODE = "Mã không đúng, đã dùng hoặc đã hết hạn. Chờ ít giây rồi nhập mã mới trên ứng dụng."


class TotpCodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực (6 chữ số trên ứng dụng)",
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực hoặc mã dự phòng",
        help_text="6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng (mỗi mã dùng một lần).",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _done(request: HttpRequest) -> HttpResponse:
    return redirect(_next_url(request) or "accounts:after_login")


@second_factor_page
@signed_in
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in of an official who needs a second factor: scan, confirm, keep codes."""
    user = request.user
    if not two_factor.requires_second_factor(user):
        return redirect("accounts:after_login")
    if two_factor.is_enrolled(user) and not two_factor.session_is_verified(request):
        return redirect("accounts:verify_second_factor")
    device = two_factor.pending_device(user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is None:
            form.add_error("code", WRONG_CODE)
        else:
            device.refresh_from_db()
            two_factor.mark_verified(request, device)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    return render(
        request,
        "accounts/enrol_second_factor.html",
        {
            "form": form,
            "qr": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_humans(device),
            "next": _next_url(request),
            "again": two_factor.is_enrolled(user),
        },
    )


@second_factor_page
@signed_in
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.requires_second_factor(user) or two_factor.session_is_verified(request):
        return _done(request)
    if not two_factor.is_enrolled(user):
        return redirect("accounts:enrol_second_factor")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", WRONG_CODE)
        else:
            two_factor.mark_verified(request, device)
            if device.persistent_id.startswith("otp_static."):
                left = two_factor.remaining_recovery_codes(user)
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã dự phòng; còn {left} mã. Hãy tạo bộ mã mới nếu sắp hết.",
                )
            return _done(request)
    return render(
        request, "accounts/verify_second_factor.html", {"form": form, "next": _next_url(request)}
    )


@signed_in
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    """A verified session replaces the recovery codes (the old set stops working)."""
    user = request.user
    if not two_factor.is_enrolled(user):
        return redirect("accounts:enrol_second_factor")
    if request.method != "POST":
        return render(request, "accounts/recovery_codes.html", {"ask": True})
    codes = two_factor.new_recovery_codes(user)
    messages.success(request, "Đã tạo bộ mã dự phòng mới; bộ mã cũ không còn dùng được.")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})
