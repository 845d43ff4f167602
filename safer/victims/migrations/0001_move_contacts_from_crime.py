"""Contacts with repeat victims, moved here from the crime app with their rows (issue 8).

The documented way to move a model between apps without copying data: SeparateDatabaseAndState
with state operations only (crime 0003 removes the models from crime's state after this).
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def _move_content_types(app_from: str, app_to: str, names: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """Keep the content types' ids (admin history and permissions refer to them) under the new app."""

    def move(apps, schema_editor):  # type: ignore[no-untyped-def]
        content_type = apps.get_model("contenttypes", "ContentType")
        rows = content_type.objects.using(schema_editor.connection.alias)
        for model in names:
            if not rows.filter(app_label=app_to, model=model).exists():
                rows.filter(app_label=app_from, model=model).update(app_label=app_to)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('crime', '0002_crime_keys_checked_by_importer'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # State only: the model is now this app's, the table (still named crime_…) and rows untouched.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='RepeatVictimContact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('contacted_on', models.DateField(default=django.utils.timezone.localdate)),
                        ('method', models.CharField(choices=[('visit', 'Visit'), ('phone', 'Telephone call'), ('letter', 'Letter'), ('email', 'Email')], max_length=10)),
                        ('referred_to_victim_service', models.BooleanField(default=False)),
                        ('recorded_at', models.DateTimeField(auto_now_add=True)),
                        ('incident', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='victim_contacts', to='crime.incident')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'crime_repeatvictimcontact',
                        'ordering': ['-contacted_on'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            _move_content_types("crime", "victims", ('repeatvictimcontact',)),
            _move_content_types("victims", "crime", ('repeatvictimcontact',)),
        ),
    ]
