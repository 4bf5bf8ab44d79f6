"""Print the current second-factor code of the demo officials (the documented demo TOTP key).

    python -m phuongso.accounts.demo_code

Demo only: the key is public (README.md), as the demo password is; `check --deploy` refuses
demo accounts when DEBUG is off.
"""

from __future__ import annotations

import json
from binascii import unhexlify
from pathlib import Path

from django_otp.oath import totp

DEMO_ACCOUNTS_FILE = Path(__file__).resolve().parent.parent / "core" / "data" / "demo_accounts.json"


def demo_key() -> bytes:
    data = json.loads(DEMO_ACCOUNTS_FILE.read_text(encoding="utf-8"))
    return unhexlify(data["totp_key_hex"])


def demo_code() -> str:
    """The code an authenticator app holding the demo key shows now."""
    return f"{totp(demo_key()):06d}"


if __name__ == "__main__":
    print(demo_code())
