from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "safer.today"
    label = "today"
    verbose_name = "Today"

    def ready(self) -> None:
        from safer.today import linking  # noqa: F401  (connects the sign-in receiver)
