"""Reads of the catalogue shared by the pages and the API: which commune, search, one procedure."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from phuongso.core import cache
from phuongso.core.models import Commune, UnitKind
from phuongso.core.text import fold
from phuongso.procedures import search
from phuongso.procedures.models import Field, Procedure, SearchSynonym


def active_procedure(*, commune: Commune | None, national_code: str) -> Procedure | None:
    """An active procedure of the commune with its commune, papers and channels: what the online
    form and each submission read, from the shared cache (core/cache.py)."""
    if commune is None:
        return None
    return cache.active_procedure(commune=commune, national_code=national_code)


def search_procedures(
    *, commune: Commune | None, query: str = "", field_code: str = ""
) -> list[Procedure]:
    """Active procedures of the commune matching what was typed, best first (search.py), or
    all of them by field when nothing was typed. Diacritics, case and ký/kí do not matter;
    people's words find the catalogue's ("công chứng" finds "Chứng thực")."""
    procedures = Procedure.objects.filter(commune=commune, is_active=True).select_related(
        "field", "commune"
    )
    if field_code:
        procedures = procedures.filter(field__code=field_code)
    if not fold(query):
        # Folded text sorts "Đăng ký" with the d's, as Vietnamese readers expect.
        return list(procedures.order_by("field__search_text", "search_text"))
    return search.rank(procedures, query, synonyms())


def synonyms() -> list[tuple[str, str]]:
    """The administrators' synonym list, in search keys (a few dozen rows, read per search),
    in the order they were written: the first meaning of a phrase is tried first."""
    return [
        (search.search_key(phrase), search.search_key(means))
        for phrase, means in SearchSynonym.objects.order_by("pk").values_list("phrase", "means")
    ]


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
