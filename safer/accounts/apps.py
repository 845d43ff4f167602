from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safer.accounts"
    label = "accounts"

    def ready(self) -> None:
        from safer.accounts import middleware  # noqa: F401  (connects the sign-in stamp)
