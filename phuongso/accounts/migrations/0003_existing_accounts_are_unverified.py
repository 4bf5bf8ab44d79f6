"""Audit of the accounts made before identities had to be proven (issue: account takeover).

Until now registration checked neither the phone nor the personal number, and the counter
attached walk-in dossiers to any account holding a matching number: nothing recorded on an
existing account is known to be its holder's. Every account is marked unverified; a citizen
proves their phone again with a one-time code (or a password link sent to it), and their
personal number at the counter or through the national identity. Safe to run again.
"""

from django.db import migrations


def mark_every_account_unverified(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.update(
        phone_verified_at=None,
        identity_verified_at=None,
        identity_proof="",
        identity_verified_by=None,
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_identities_are_claims_until_proven")]

    operations = [migrations.RunPython(mark_every_account_unverified, migrations.RunPython.noop)]
