from __future__ import annotations

from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from phuongso.accounts.models import User
from phuongso.core.models import Commune
from phuongso.signing import pki
from phuongso.signing.demo import credential_fields
from phuongso.signing.models import Credential, CredentialKind


def _certificate(path: str) -> x509.Certificate:
    data = Path(path).read_bytes()
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


class Command(BaseCommand):
    help = (
        "Ghi nhận chứng thư ký số thật của một cán bộ (--user) hoặc con dấu của phường "
        "(--commune): tệp PKCS#12 (mật khẩu SIGNING_PASSPHRASE), thiết bị PKCS#11 hoặc "
        "dịch vụ ký số từ xa."
    )

    def add_arguments(self, parser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="Tên đăng nhập của cán bộ ký.")
        who.add_argument("--commune", type=int, help="Mã xã, phường (con dấu của cơ quan).")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--pkcs12", help="Đường dẫn tệp .p12 (nên nằm trong SIGNING_DIR).")
        where.add_argument("--pkcs11-token", help="Nhãn (label) của thiết bị ký số.")
        where.add_argument("--remote", help="Mã chứng thư (credentialID) ở dịch vụ ký từ xa.")
        parser.add_argument("--key-label", default="", help="Nhãn khóa trên thiết bị PKCS#11.")
        parser.add_argument(
            "--certificate", help="Tệp chứng thư (PEM hoặc DER) khi không dùng .p12."
        )
        parser.add_argument("--title", default="", help="Chức vụ in trên dấu chữ ký.")

    def handle(self, *args, **options) -> None:
        owner: dict = {}
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError("Không có cán bộ với tên đăng nhập này.")
            owner["user"] = user
        else:
            commune = Commune.objects.filter(code=options["commune"]).first()
            if commune is None:
                raise CommandError("Không có xã, phường với mã này.")
            owner["commune"] = commune
        try:
            if options["pkcs12"]:
                path = Path(options["pkcs12"]).resolve()
                issued = pki.load_pkcs12(path.read_bytes(), settings.SIGNING_PASSPHRASE.encode())
                kind, location, certificate = CredentialKind.PKCS12, str(path), issued.certificate
            else:
                if not options["certificate"]:
                    raise CommandError("Cần --certificate: tệp chứng thư của khóa này.")
                certificate = _certificate(options["certificate"])
                if options["pkcs11_token"]:
                    if not options["key_label"]:
                        raise CommandError("Cần --key-label: nhãn khóa trên thiết bị.")
                    kind, location = CredentialKind.PKCS11, options["pkcs11_token"]
                else:
                    kind, location = CredentialKind.REMOTE, options["remote"]
        except (OSError, ValueError) as error:
            raise CommandError(f"Không đọc được khóa hoặc chứng thư: {error}") from error
        credential, _ = Credential.objects.update_or_create(
            **owner,
            defaults={
                "kind": kind,
                "location": location,
                "key_label": options["key_label"],
                **credential_fields(certificate, title=options["title"]),
            },
        )
        self.stdout.write(f"Đã ghi nhận chứng thư của «{credential.holder}» ({kind}).")
