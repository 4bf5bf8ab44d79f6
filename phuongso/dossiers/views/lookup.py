"""Status lookup without signing in: dossier code plus the last four digits of the
applicant's phone or identification number. Rate-limited; shows no more than the slip does.

Wrong guesses are limited per address and per code. Past the code's limit the four digits
no longer show that dossier, but the applicant's whole phone or personal number still does:
guessing stops, and nobody can lock a citizen out of their own dossier by guessing at it."""

from __future__ import annotations

import hashlib

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
    "Mã hồ sơ này đã được tra cứu sai quá nhiều lần, nên 4 chữ số không còn đủ để xem. Vui lòng "
    "nhập đầy đủ số điện thoại hoặc số định danh của người nộp, hoặc đăng nhập để xem hồ sơ."
)
WHOLE_NOT_FOUND = "Không tìm thấy hồ sơ khớp với mã hồ sơ và số đã nhập. Vui lòng kiểm tra lại."


def too_many_lookups(request: HttpRequest) -> bool:
    return over_limit(
        request, what="lookup", limit=settings.LOOKUP_LIMIT, seconds=settings.LOOKUP_WINDOW_SECONDS
    )


def _guesses(code: str) -> str:
    # Counted for any code typed, existing or not, so the refusal tells nothing either; a
    # digest keeps the key short whatever was typed.
    return f"lookup-code:{hashlib.sha256(code.encode()).hexdigest()[:32]}"


def guessed_too_often(code: str) -> bool:
    """Many addresses together may not try the 2-in-10,000 endings of one code for long."""
    return reached(_guesses(code), limit=settings.LOOKUP_CODE_GUESSES)


def count_wrong_guess(code: str) -> None:
    count_and_check(_guesses(code), limit=settings.LOOKUP_CODE_GUESSES, seconds=3600)


def find(code: str, *, digits: str = "", whole: str = "") -> Dossier | None:
    """The dossier with this code whose applicant's phone or personal number ends with the
    four digits, or is the whole number given."""
    dossier = Dossier.objects.select_related("procedure", "commune").filter(code=code).first()
    if dossier is None:
        return None
    numbers = {dossier.applicant_phone, dossier.applicant_personal_id} - {""}
    if whole:
        return dossier if whole in numbers else None
    return dossier if digits in {number[-4:] for number in numbers} else None


@public
def lookup(request: HttpRequest, code: str = "") -> HttpResponse:
    typed_code = "".join(request.POST.get("code", "").split()).upper()
    challenged = request.method == "POST" and guessed_too_often(typed_code)
    form = LookupForm(request.POST or None, initial={"code": code}, whole_required=challenged)
    context: dict = {"form": form}
    if request.method == "POST":
        if too_many_lookups(request):
            context["error"] = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."
            return render(request, "dossiers/lookup.html", context, status=429)
        if challenged and not request.POST.get("whole"):
            context["error"] = CODE_LOCKED
            return render(request, "dossiers/lookup.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            dossier = find(data["code"], digits=data["digits"], whole=data.get("whole", ""))
            if dossier is None and challenged:
                context["error"] = WHOLE_NOT_FOUND
            elif dossier is None:
                count_wrong_guess(data["code"])
                context["error"] = NOT_FOUND  # same answer for a wrong code and wrong digits
            else:
                context.update(dossier=dossier, events=timeline(dossier))
    return render(request, "dossiers/lookup.html", context)
