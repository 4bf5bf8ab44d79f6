"""Demo accounts for every role, read from core/data/demo_accounts.json (documented in README)."""

from __future__ import annotations

import json
from pathlib import Path

from phuongso.accounts import services, two_factor
from phuongso.accounts.identity import normalise_phone
from phuongso.accounts.models import IdentityProof, User
from phuongso.core.models import Commune

DEMO_ACCOUNTS_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "demo_accounts.json"


def load_demo_accounts(path: Path = DEMO_ACCOUNTS_FILE) -> list[User]:
    """Create or refresh the demo accounts. Idempotent: passwords are reset to the documented one,
    and every demo official's second factor to the documented demo TOTP key (README.md), so
    the demo signs in with any authenticator app or `python -m phuongso.accounts.demo_code`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    commune = Commune.objects.get(code=data["commune_code"])
    password = data["password"]
    users = []
    for item in data["officials"]:
        unit = commune.units.get(kind=item["unit_kind"]) if item["unit_kind"] else None
        users.append(
            services.create_official(
                username=item["username"],
                full_name=item["full_name"],
                unit=unit,
                roles=item["roles"],
                password=password,
                email=item.get("email"),
                job_title=item.get("job_title", ""),
            )
        )
    for official in users:
        two_factor.enrol_with_key(user=official, hex_key=data["totp_key_hex"])
    for item in data["citizens"]:
        phone = normalise_phone(item["phone"])
        user = User.objects.filter(phone=phone).first()
        if user is None:
            user = services.register_citizen(
                full_name=item["full_name"],
                password=password,
                phone=phone,
                email=item.get("email"),
                personal_id=item.get("personal_id"),
            )
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        services.confirm_phone(user=user)
        if user.personal_id and not user.identity_verified:
            # The demo's citizens had their cards checked at the counter once.
            services.prove_identity(
                user=user, personal_id=user.personal_id, proof=IdentityProof.COUNTER
            )
        users.append(user)
    return users
