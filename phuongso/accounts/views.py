from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from phuongso.accounts import services
from phuongso.accounts.forms import (
    NewPasswordForm,
    PasswordLinkForm,
    RegistrationForm,
    SignInForm,
)
from phuongso.core.access import public, signed_in, staff_required
from phuongso.core.throttle import client_address, count_and_check, over_limit, reached

# The same words whether or not the account exists: the page must not tell who has one.
LINK_SENT = (
    "Nếu số điện thoại hoặc thư điện tử này thuộc một tài khoản, đường dẫn đặt mật khẩu vừa "
    "được gửi tới đó. Đường dẫn dùng được một lần trong {minutes} phút."
)


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@public
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
    if request.method == "POST" and reached(
        _in_use_answers(request), limit=settings.REGISTER_IN_USE_LIMIT
    ):
        # Past the limit nothing sent from this address is checked against the accounts: no
        # answer may tell whether a number has one. What was typed (not the passwords) stays.
        typed = {name: request.POST.get(name, "") for name in REGISTRATION_TYPED}
        messages.error(request, TOO_MANY_REGISTRATIONS)
        return render(request, "accounts/register.html", {"form": RegistrationForm(initial=typed)})
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.register_citizen(
            full_name=data["full_name"],
            password=data["password1"],
            phone=data["phone"] or None,
            email=data["email"] or None,
            personal_id=data["personal_id"] or None,
        )
        login(request, user, backend="phuongso.accounts.backends.IdentifierBackend")
        messages.success(
            request, "Đăng ký thành công. Chào mừng bạn đến với dịch vụ công của phường."
        )
        return redirect("core:home")
    if form.in_use and count_and_check(
        _in_use_answers(request), limit=settings.REGISTER_IN_USE_LIMIT, seconds=3600
    ):
        # This answer is past the limit too: it does not tell either.
        for field in form.in_use:
            del form.errors[field]
        form.add_error(None, TOO_MANY_REGISTRATIONS)
    return render(request, "accounts/register.html", {"form": form})


# Each "already has an account" answer tells something about a number: an address gets
# REGISTER_IN_USE_LIMIT of them an hour, then every registration from it waits.
TOO_MANY_REGISTRATIONS = "Bạn đã thử đăng ký quá nhiều lần. Vui lòng thử lại sau một giờ."
REGISTRATION_TYPED = ("full_name", "phone", "email", "personal_id")


def _in_use_answers(request: HttpRequest) -> str:
    return f"register-in-use:{client_address(request)}"


@public
def password_link(request: HttpRequest) -> HttpResponse:
    """Ask for a link to set a password (forgotten, or never set at the counter)."""
    form = PasswordLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if over_limit(
            request, what="password-link", limit=settings.PASSWORD_LINK_LIMIT, seconds=3600
        ):
            form.add_error(None, "Bạn đã yêu cầu quá nhiều lần. Vui lòng thử lại sau một giờ.")
        else:
            services.send_password_link(identifier=form.cleaned_data["identifier"])
            messages.success(
                request, LINK_SENT.format(minutes=settings.PASSWORD_RESET_TIMEOUT // 60)
            )
            return redirect("accounts:login")
    return render(request, "accounts/password_link.html", {"form": form})


class PasswordSetView(PasswordResetConfirmView):
    """Django's check of the link (signed, once, for PASSWORD_RESET_TIMEOUT), then the form."""

    template_name = "accounts/password_set.html"
    form_class = NewPasswordForm
    reset_url_token = "dat-mat-khau"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        messages.success(self.request, "Đã đặt mật khẩu. Mời bạn đăng nhập.")
        return super().form_valid(form)


@signed_in
def after_login(request: HttpRequest) -> HttpResponse:
    """Officials land on their desk, citizens on the portal."""
    if request.user.is_official:
        return redirect("accounts:staff_home")
    return redirect("dossiers:my_dossiers")


@staff_required()
def staff_home(request: HttpRequest) -> HttpResponse:
    from phuongso.households.access import has_household_access

    # Household records are sensitive: others see the review's figures only.
    households_url = (
        "households:list" if has_household_access(request.user) else "households:figures"
    )
    return render(request, "accounts/staff_home.html", {"households_url": households_url})
