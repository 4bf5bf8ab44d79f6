"""Status lookup without signing in: dossier code plus the last four digits of the
applicant's phone or identification number. Rate-limited; shows no more than the slip does."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phuongso.core.access import public
from phuongso.core.throttle import count_and_check, over_limit, reached
from phuongso.dossiers.forms import LookupForm
from phuongso.dossiers.models import Dossier
from phuongso.dossiers.timeline import timeline

NOT_FOUND = "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 chữ số đã nhập. Vui lòng kiểm tra lại."
CODE_LOCKED = (
    "Mã hồ sơ này đã được tra cứu sai quá nhiều lần. Vui lòng thử lại sau một giờ, hoặc đăng "
    "nhập để xem hồ sơ của bạn."
)


def too_many_lookups(request: HttpRequest) -> bool:
    return over_limit(
        request, what="lookup", limit=settings.LOOKUP_LIMIT, seconds=settings.LOOKUP_WINDOW_SECONDS
    )


def _guesses(code: str) -> str:
    # Counted for any code typed, existing or not, so the refusal tells nothing either.
    return f"lookup-code:{code.strip().upper()}"


def guessed_too_often(code: str) -> bool:
    """Many addresses together may not try the 2-in-10,000 endings of one code for long."""
    return reached(_guesses(code), limit=settings.LOOKUP_CODE_GUESSES)


def count_wrong_guess(code: str) -> None:
    count_and_check(_guesses(code), limit=settings.LOOKUP_CODE_GUESSES, seconds=3600)


def find(code: str, digits: str) -> Dossier | None:
    dossier = (
        Dossier.objects.select_related("procedure", "commune").filter(code=code.strip()).first()
    )
    if dossier is None:
        return None
    tails = {dossier.applicant_phone[-4:], dossier.applicant_personal_id[-4:]} - {""}
    return dossier if digits in tails else None


@public
def lookup(request: HttpRequest, code: str = "") -> HttpResponse:
    form = LookupForm(request.POST or None, initial={"code": code})
    context: dict = {"form": form}
    if request.method == "POST":
        if too_many_lookups(request):
            context["error"] = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."
            return render(request, "dossiers/lookup.html", context, status=429)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if guessed_too_often(code):
                context["error"] = CODE_LOCKED
                return render(request, "dossiers/lookup.html", context, status=429)
            dossier = find(code, form.cleaned_data["digits"])
            if dossier is None:
                count_wrong_guess(code)
                context["error"] = NOT_FOUND  # same answer for a wrong code and wrong digits
            else:
                context.update(dossier=dossier, events=timeline(dossier))
    return render(request, "dossiers/lookup.html", context)
