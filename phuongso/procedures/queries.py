"""Reads of the catalogue shared by the pages and the API: which commune, search, one procedure."""

from __future__ import annotations

from django.db.models import Case, Count, Q, QuerySet, When
from django.db.models.functions import Length
from django.http import Http404

from phuongso.core import cache
from phuongso.core.models import Commune, UnitKind
from phuongso.core.text import fold
from phuongso.procedures.models import Field, Procedure


def active_procedure(*, commune: Commune | None, national_code: str) -> Procedure | None:
    """An active procedure of the commune with its commune, papers and channels: what the online
    form and each submission read, from the shared cache (core/cache.py)."""
    if commune is None:
        return None
    return cache.active_procedure(commune=commune, national_code=national_code)


def search_procedures(
    *, commune: Commune | None, query: str = "", field_code: str = ""
) -> QuerySet[Procedure]:
    """Active procedures of the commune matching what was typed, ignoring case and diacritics
    ("dang ky khai sinh" finds "Đăng ký khai sinh").

    Procedures containing the words as a phrase win; when none does, every procedure whose
    name, code or field contains each word ("khai sinh dang ky") is listed.
    """
    procedures = Procedure.objects.filter(commune=commune, is_active=True).select_related("field")
    if field_code:
        procedures = procedures.filter(field__code=field_code)
    words = fold(query).split()
    if not words:
        # Folded text sorts "Đăng ký" with the d's, as Vietnamese readers expect.
        return procedures.order_by("field__search_text", "search_text")
    phrase = " ".join(words)
    if procedures.filter(search_text__contains=phrase).exists():
        procedures = procedures.filter(search_text__contains=phrase)
    else:
        for word in words:
            procedures = procedures.filter(search_text__contains=word)
    # Within a field, the closest names come first: those beginning with what was typed,
    # then the shortest ("khai sinh" lists "Đăng ký khai sinh" before longer names).
    starts = Case(When(search_text__startswith=phrase, then=0), default=1)
    return procedures.order_by("field__search_text", starts, Length("name"), "search_text")


def fields_with_counts(*, commune: Commune | None) -> QuerySet[Field]:
    """The fields that have active procedures in the commune, with how many."""
    active = Q(procedures__commune=commune, procedures__is_active=True)
    return (
        Field.objects.annotate(procedure_count=Count("procedures", filter=active))
        .filter(procedure_count__gt=0)
        .order_by("search_text")
    )


def get_procedure(*, commune: Commune | None, national_code: str) -> Procedure:
    """One active procedure with its channels, documents and steps, or 404."""
    procedure = (
        Procedure.objects.filter(commune=commune, national_code=national_code, is_active=True)
        .select_related("field", "commune")
        .prefetch_related("channels", "documents", "steps")
        .first()
    )
    if procedure is None:
        raise Http404("Không tìm thấy thủ tục có mã này.")
    return procedure


def unit_names(*, commune: Commune) -> dict[str, str]:
    """Unit kind -> the name of the commune's unit of that kind (else the kind's label)."""
    names = {str(kind): str(kind.label) for kind in UnitKind}
    for unit in commune.units.order_by("-name"):
        names[unit.kind] = unit.name
    return names


def has_own_system(*, commune: Commune, unit_kind: str) -> bool:
    """Whether the commune's unit of this kind handles dossiers on its own system (police);
    from the shared cache (core/cache.py), as every online form and submission asks."""
    return unit_kind in cache.own_system_kinds(commune)


def takes_online_submissions(procedure: Procedure) -> bool:
    """Whether this portal takes the procedure's dossiers online: its online channel is open
    and its unit does not take them on a system of its own (the police)."""
    return procedure.offers_online and not has_own_system(
        commune=procedure.commune, unit_kind=procedure.implementing_unit_kind
    )
