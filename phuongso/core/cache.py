"""Every use of a cache in phuongso, and what makes each cached value stale.

`ENTRIES` below is the map: for each family of cached values, its keys, how long a value is
kept, and which models (any row saved or deleted) and settings make which keys stale. The
signals that forget are connected from the map (`connect`, at start-up); the reads that use
the entries are the functions after the map. A write that sends no signal must forget by
hand, next to it (one does: the catalogue import's UPDATE, procedures/services.py). A change
made around the ORM (SQL by hand) goes unseen until the value's time runs out.

Not listed because Django owns them: the sessions (`cached_db`: read from this cache,
written through to the database by Django's session backend, which forgets its own keys).
Counters (`count`, `counted`) hold no copy of a row: they only expire.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diskcache import DjangoCache
from django.core.cache import cache
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from django.db.models import Model

    from phuongso.accounts.models import User
    from phuongso.core.models import Commune
    from phuongso.procedures.models import Procedure


class SharedDiskCache(DjangoCache):
    """diskcache's Django backend (SQLite files under one folder, safe across processes), its
    connections kept open between requests: the cache the worker processes of one machine
    share, with no cache server to run.

    Django closes every cache when a request ends, which suits a network client; reopening
    these SQLite files costs about 0.3 ms a shard, more than the reads a page makes. Django's
    own FileBasedCache was replaced because each write lists the whole folder to cull it: 13 ms
    a write with 10,000 sessions (bench/README.md).
    """

    def close(self, **kwargs: object) -> None:
        """Kept open: diskcache reopens by itself in a forked or new process."""


# --- the map ----------------------------------------------------------------------------------

# A row of this model makes every key of the entry stale (a new generation of keys).
EVERY = "every"
# Otherwise: a function from the changed row to the parts of the keys it makes stale.
Parts = Callable[["Model"], Iterable[Hashable]]


@dataclass(frozen=True)
class Entry:
    """A family of values in the shared cache: `name:part` keys (with a generation when some
    change makes all of them stale), kept `seconds`, forgotten when a row of a model in
    `stale_when` is saved or deleted, or when one of `settings` changes."""

    name: str
    seconds: int
    stale_when: dict[str, Parts | str]
    settings: tuple[str, ...] = ()

    def key(self, part: Hashable) -> str:
        if any(how == EVERY for how in self.stale_when.values()) or self.settings:
            generation = cache.get_or_set(f"{self.name}:generation", secrets.token_hex(8), None)
            return f"{self.name}:{generation}:{part}"
        return f"{self.name}:{part}"

    def read_through(self, part: Hashable, read: Callable[[], Any]) -> Any:
        """The cached value for `part`, or `read()` cached (a None too). When the cache server
        itself fails, the value is read from the database: an outage of the cache makes pages
        slower, never broken (/healthz reports it)."""
        try:
            key = self.key(part)
            found = cache.get(key, _MISSING)
        except Exception as exc:
            logger.warning("Bộ nhớ đệm lỗi, đọc thẳng cơ sở dữ liệu (%s): %s", self.name, exc)
            return read()
        if found is _MISSING:
            found = read()
            try:
                cache.set(key, found, self.seconds)
            except Exception as exc:
                logger.warning("Bộ nhớ đệm lỗi, không lưu được (%s): %s", self.name, exc)
        return found

    def forget(self, *parts: Hashable) -> None:
        """Now, so this request reads the change, and again after commit, so no request
        re-caches the old row while the transaction is open."""
        keys = [f"{self.name}:generation"] if parts == (EVERY,) else [self.key(p) for p in parts]
        if keys:
            cache.delete_many(keys)
            transaction.on_commit(lambda: cache.delete_many(keys))


@dataclass(frozen=True)
class InProcess:
    """Tables a module keeps in each process's memory (not in the shared cache): `forget` (a
    dotted path) drops them in this process; other processes notice on their own (say how
    in the module)."""

    name: str
    forget: str
    stale_when: tuple[str, ...]
    settings: tuple[str, ...] = field(default=())


_MISSING = object()


def _users_of(relation: str) -> Parts:
    """The users whose `relation` (commune, unit) is the changed row."""

    def parts(row: Model) -> Iterable[Hashable]:
        from phuongso.accounts.models import User

        return User.objects.filter(**{relation: row}).values_list("pk", flat=True)

    return parts


# The signed-in user of each request, with the commune, unit and roles every page uses, and
# what the second factor asks of each request (accounts/two_factor.py): whether they survey
# households and which confirmed devices they have (a removed device ends its sessions).
USER = Entry(
    "accounts:user",
    seconds=300,
    stale_when={
        "accounts.User": lambda row: [row.pk],
        "accounts.StaffRole": lambda row: [row.user_id],
        "core.Commune": _users_of("commune"),  # its name and province show on every page
        "core.GovernmentUnit": _users_of("unit"),  # a unit's kind decides what is seen
        "otp_totp.TOTPDevice": lambda row: [row.user_id],
        "otp_static.StaticDevice": lambda row: [row.user_id],
        "households.SurveyorAssignment": lambda row: [row.surveyor_id],
    },
)
# The deployment's default commune: whose portal an anonymous visitor sees.
DEFAULT_COMMUNE = Entry("core:default-commune", seconds=300, stale_when={"core.Commune": EVERY})
# An active procedure with its commune, papers and channels: what the online form and each
# submission read.
PROCEDURE = Entry(
    "procedures:procedure",
    seconds=300,
    stale_when={
        "procedures.Procedure": EVERY,
        "procedures.RequiredDocument": EVERY,
        "procedures.ChannelOption": EVERY,
        "core.Commune": EVERY,
    },
)
# Which units of a commune take dossiers on a system of their own (the police).
OWN_SYSTEMS = Entry(
    "procedures:own-systems",
    seconds=300,
    stale_when={
        "core.GovernmentUnit": lambda row: [row.commune_id],
        "core.Commune": lambda row: [row.pk],
    },
)
# The working-day calendar's tables (core/calendar.py).
CALENDAR = InProcess(
    "core:calendar",
    forget="phuongso.core.calendar.clear_cache",
    stale_when=("core.CalendarOverride",),
    settings=("WORKING_HOURS", "SAME_DAY_CUTOFF", "OBSERVE_CULTURE_DAY", "TIME_ZONE"),
)

ENTRIES: tuple[Entry | InProcess, ...] = (USER, DEFAULT_COMMUNE, PROCEDURE, OWN_SYSTEMS, CALENDAR)


def connect() -> None:
    """Connect the signals the map declares (once, from CoreConfig.ready)."""
    from django.apps import apps
    from django.core.signals import setting_changed
    from django.db.models.signals import post_delete, post_save

    for entry in ENTRIES:
        labels = entry.stale_when if isinstance(entry, InProcess) else tuple(entry.stale_when)
        for label in labels:
            receiver = _row_receiver(entry, label)
            for signal in (post_save, post_delete):
                signal.connect(
                    receiver,
                    sender=apps.get_model(label),
                    weak=False,
                    dispatch_uid=f"cache:{entry.name}:{label}:{signal is post_save}",
                )
        if entry.settings:
            setting_changed.connect(
                _setting_receiver(entry), weak=False, dispatch_uid=f"cache:{entry.name}:settings"
            )


def _forget_entry(entry: Entry | InProcess, parts: Iterable[Hashable]) -> None:
    if isinstance(entry, InProcess):
        forget = import_string(entry.forget)
        forget()
        transaction.on_commit(forget)
    else:
        entry.forget(*parts)


def _row_receiver(entry: Entry | InProcess, label: str) -> Callable[..., None]:
    def receiver(instance: Model, **kwargs: object) -> None:
        how = EVERY if isinstance(entry, InProcess) else entry.stale_when[label]
        _forget_entry(entry, [EVERY] if how == EVERY else list(how(instance)))  # type: ignore[operator]

    return receiver


def _setting_receiver(entry: Entry | InProcess) -> Callable[..., None]:
    def receiver(*, setting: str, **kwargs: object) -> None:
        if setting in entry.settings:
            _forget_entry(entry, [EVERY])

    return receiver


# --- the reads ----------------------------------------------------------------------------


def user(user_id: int | str) -> User | None:
    """The user with their commune, unit, roles and second-factor facts."""

    def read() -> User | None:
        from phuongso.accounts.models import User

        found = User.objects.select_related("commune", "unit").filter(pk=user_id).first()
        if found is not None:  # computed now, so that they are cached with the user
            found.role_set  # noqa: B018
            found.is_surveyor  # noqa: B018
            found.second_factor_ids  # noqa: B018
        return found

    return USER.read_through(user_id, read)


def default_commune() -> Commune | None:
    """The deployment's first configured commune."""

    def read() -> Commune | None:
        from phuongso.core.models import Commune

        return Commune.objects.filter(is_configured=True).order_by("code").first()

    return DEFAULT_COMMUNE.read_through("", read)


def active_procedure(*, commune: Commune, national_code: str) -> Procedure | None:
    """An active procedure of the commune with its commune, papers and channels."""
    import hashlib

    def read() -> Procedure | None:
        from phuongso.procedures.models import Procedure

        return (
            Procedure.objects.filter(commune=commune, national_code=national_code, is_active=True)
            .select_related("commune")
            .prefetch_related("documents", "channels")
            .first()
        )

    code = hashlib.sha256(national_code.encode()).hexdigest()[:32]  # any text from a URL
    return PROCEDURE.read_through(f"{commune.pk}:{code}", read)


def own_system_kinds(commune: Commune) -> frozenset[str]:
    """The kinds of the commune's units that handle dossiers on their own system."""
    return OWN_SYSTEMS.read_through(
        commune.pk,
        lambda: frozenset(commune.units.filter(has_own_system=True).values_list("kind", flat=True)),
    )


# --- counters -------------------------------------------------------------------------------


def count(subject: str, *, seconds: int) -> int:
    """Count one more for `subject` in a window of `seconds` that opens with the first; the
    count so far. Shared by the workers; nothing makes it stale but its window."""
    key = f"throttle:{subject}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between add and incr: this one opens the next
        cache.add(key, 1, timeout=seconds)
        return 1


def counted(subject: str) -> int:
    """How many times `subject` was counted in its current window (looking does not count)."""
    return cache.get(f"throttle:{subject}") or 0


def forget_count(subject: str) -> None:
    """Start `subject`'s count again (its holder proved who they are)."""
    cache.delete(f"throttle:{subject}")
