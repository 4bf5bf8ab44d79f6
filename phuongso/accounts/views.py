from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from phuongso.accounts import services
from phuongso.accounts.forms import RegistrationForm, SignInForm
from phuongso.core.access import public, signed_in, staff_required


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


@public
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:after_login")
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
    return render(request, "accounts/register.html", {"form": form})


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
