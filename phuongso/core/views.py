from __future__ import annotations

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from phuongso.core.access import public


@public
def home(request: HttpRequest) -> HttpResponse:
    """The ward's front door: what a citizen can do here."""
    return render(request, "core/home.html")


@public
def privacy(request: HttpRequest) -> HttpResponse:
    """What personal data is processed, why, on what legal basis, for how long (Law 91/2025)."""
    from phuongso.core.privacy import PROCESSINGS

    return render(request, "core/privacy.html", {"processings": PROCESSINGS})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page, saying why when the reason is meant for the visitor (a stored file
    that is missing); other reasons (an unknown address, a row of someone else) stay unsaid."""
    from phuongso.core.uploads import StoredFileMissing

    reason = str(exception) if isinstance(exception, StoredFileMissing) else ""
    return render(request, "404.html", {"reason": reason}, status=404)


def show_form_errors(request: HttpRequest, form: Form) -> None:
    """A refused action form's errors as messages above the page, each with its field's label
    (the desks redraw the whole page after an action, not the form alone)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
