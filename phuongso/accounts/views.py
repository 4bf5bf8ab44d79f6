from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    LoginView,
    PasswordResetConfirmView,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from phuongso.accounts import services, two_factor, verification
from phuongso.accounts.forms import (
    CodeForm,
    NewPasswordForm,
    PasswordLinkForm,
    RegistrationForm,
    SignInForm,
)
from phuongso.accounts.identity import display_phone
from phuongso.accounts.lockout import forget_failures
from phuongso.accounts.models import User
from phuongso.core.access import public, signed_in, staff_required
from phuongso.core.throttle import (
    client_address,
    count_and_check,
    over_limit,
    over_limits,
    reached,
)

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
        # The account is opened only once the code sent to the phone (or, without one, the
        # e-mail address) comes back: nobody registers a number that is not theirs.
        data = form.cleaned_data
        pending = {name: data[name] for name in REGISTRATION_TYPED}
        pending["encoded_password"] = make_password(data["password1"])
        try:
            if over_limits(
                request,
                what="register",
                per_address=settings.REGISTRATIONS_PER_ADDRESS,
                overall=settings.REGISTRATIONS_PER_HOUR,
            ):
                raise verification.CodeError(REGISTRATIONS_PAUSED)
            verification.send_code(
                request.session,
                purpose=REGISTRATION,
                name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
            )
        except verification.CodeError as exc:
            form.add_error(None, exc.message)
        else:
            request.session[REGISTRATION] = pending
            return redirect("accounts:register_confirm")
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
# Each registration sends a code by SMS: a few an hour per address, and so many from everyone.
REGISTRATIONS_PAUSED = (
    "Hệ thống đang nhận quá nhiều lượt đăng ký từ địa chỉ này hoặc từ mọi nơi. Vui lòng thử "
    "lại sau một giờ, hoặc đăng ký tại Bộ phận Một cửa."
)
REGISTRATION_TYPED = ("full_name", "phone", "email", "personal_id")


def _in_use_answers(request: HttpRequest) -> str:
    return f"register-in-use:{client_address(request)}"


REGISTRATION = "registration"


@public
def register_confirm(request: HttpRequest) -> HttpResponse:
    """The second step of registration: the code sent to the phone opens the account."""
    pending = request.session.get(REGISTRATION)
    if not pending:
        return redirect("accounts:register")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and "gui_lai" in request.POST:
        form = CodeForm()
        _send_again(request, pending)
    elif request.method == "POST" and form.is_valid():
        try:
            verification.check_code(
                request.session, purpose=REGISTRATION, code=form.cleaned_data["code"]
            )
        except verification.CodeError as exc:
            form.add_error("code", exc.message)
        else:
            return _open_registered_account(request, pending)
    sent_to = verification.pending_target(request.session, purpose=REGISTRATION)
    return render(
        request,
        "accounts/verify_code.html",
        {
            "form": form,
            "sent_to": display_contact(sent_to),
            "minutes": settings.VERIFICATION_CODE_MINUTES,
            "title": "Xác minh để mở tài khoản",
        },
    )


def _send_again(request: HttpRequest, pending: dict) -> None:
    try:
        verification.send_code(
            request.session,
            purpose=REGISTRATION,
            name=pending["full_name"],
            phone=pending["phone"],
            email=pending["email"],
        )
    except verification.CodeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã gửi mã mới.")


def _open_registered_account(request: HttpRequest, pending: dict) -> HttpResponse:
    del request.session[REGISTRATION]
    # Checked again: the number may have been registered while the code travelled.
    phone, email = pending["phone"], pending["email"]
    if (phone and User.objects.filter(phone=phone).exists()) or (
        email and User.objects.filter(email__iexact=email).exists()
    ):
        messages.error(request, "Số điện thoại hoặc thư điện tử này vừa được đăng ký.")
        return redirect("accounts:register")
    user = services.register_citizen(
        full_name=pending["full_name"],
        encoded_password=pending["encoded_password"],
        phone=pending["phone"] or None,
        email=pending["email"] or None,
        personal_id=pending["personal_id"] or None,
    )
    login(request, user, backend="phuongso.accounts.backends.IdentifierBackend")
    messages.success(request, "Đăng ký thành công. Chào mừng bạn đến với dịch vụ công của phường.")
    return redirect("core:home")


PHONE = "phone"


@signed_in
def verify_phone(request: HttpRequest) -> HttpResponse:
    """An account whose phone is not proven (opened at the counter, or before codes were
    asked) proves it with a code, and sees the walk-in dossiers given with that number."""
    user = request.user
    if not user.phone or user.phone_verified:
        return redirect("accounts:after_login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and "gui_ma" in request.POST:
        form = CodeForm()
        try:
            verification.send_code(
                request.session, purpose=PHONE, name=user.full_name, phone=user.phone
            )
        except verification.CodeError as exc:
            messages.error(request, exc.message)
    elif request.method == "POST" and form.is_valid():
        try:
            proven = verification.check_code(
                request.session, purpose=PHONE, code=form.cleaned_data["code"]
            )
        except verification.CodeError as exc:
            form.add_error("code", exc.message)
        else:
            if proven == user.phone:
                services.confirm_phone(user=user)
                messages.success(request, "Đã xác minh số điện thoại.")
                return redirect("dossiers:my_dossiers")
            form.add_error("code", "Mã này được gửi tới một số khác. Vui lòng gửi mã mới.")
    sent_to = verification.pending_target(request.session, purpose=PHONE)
    return render(
        request,
        "accounts/verify_code.html",
        {
            "form": form,
            "sent_to": display_contact(sent_to),
            "phone": display_phone(user.phone),
            "minutes": settings.VERIFICATION_CODE_MINUTES,
            "title": "Xác minh số điện thoại",
        },
    )


def display_contact(target: str) -> str:
    return display_phone(target) if target.startswith("+") else target


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
    token_generator = services.PasswordLinkTokens()

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        token = self.request.session.get(INTERNAL_RESET_SESSION_TOKEN)
        came_by_sms = services.sms_link_tokens.check_token(self.user, token)
        response = super().form_valid(form)
        forget_failures(self.user)  # the holder proved themselves: sign-ins open again
        if came_by_sms:
            services.confirm_phone(user=self.user)
        messages.success(self.request, "Đã đặt mật khẩu. Mời bạn đăng nhập.")
        return response


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
    context = {"households_url": households_url, "second_factor": False}
    if two_factor.is_enrolled(request.user):
        context["second_factor"] = True
        context["recovery_codes_left"] = two_factor.remaining_recovery_codes(request.user)
    return render(request, "accounts/staff_home.html", context)
