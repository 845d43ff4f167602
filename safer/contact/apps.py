from __future__ import annotations

from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "safer.contact"
    label = "contact"
    verbose_name = "Contact your team"

    def ready(self) -> None:
        from safer.contact import metrics  # noqa: F401  (registers contact.answered_in_time)
        from safer.contact.tasks import record_reply_outcome
        from safer.lib.sending import outcome

        outcome.connect(record_reply_outcome, dispatch_uid="contact.reply-outcome")
