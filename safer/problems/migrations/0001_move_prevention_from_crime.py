"""Near-repeat prevention responses and visits, moved here from the crime app with their rows (issue 8).

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
                    name='PreventionAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('radius_m', models.PositiveIntegerField(default=400)),
                        ('window_days', models.PositiveIntegerField(default=28)),
                        ('visit_by', models.DateField()),
                        ('streets', models.JSONField(default=list, help_text='[{id, name, distance_m}] inside the zone.')),
                        ('postcodes', models.JSONField(default=list, help_text='[postcode] inside the zone.')),
                        ('message_subject', models.CharField(max_length=200)),
                        ('message_body', models.TextField()),
                        ('alert_message_id', models.BigIntegerField(blank=True, help_text='The alerts message drafted from this action, if messaging exists.', null=True)),
                        ('status', models.CharField(choices=[('planned', 'Planned'), ('under_way', 'Visits under way'), ('done', 'Visits done')], default='planned', max_length=12)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('trigger', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='prevention_actions', to='crime.incident')),
                    ],
                    options={
                        'db_table': 'crime_preventionaction',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='PreventionVisit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target', models.CharField(help_text='Street or postcode visited.', max_length=200)),
                        ('households', models.PositiveIntegerField(default=1)),
                        ('delivered', models.CharField(choices=[('advice', 'Crime prevention advice given'), ('pack', 'Target-hardening pack fitted or given'), ('leaflet', 'Leaflet left (no answer)'), ('declined', 'Declined')], max_length=10)),
                        ('visited_on', models.DateField(default=django.utils.timezone.localdate)),
                        ('action', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='problems.preventionaction')),
                        ('visited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'crime_preventionvisit',
                        'ordering': ['-visited_on', '-id'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            _move_content_types("crime", "problems", ('preventionaction', 'preventionvisit')),
            _move_content_types("problems", "crime", ('preventionaction', 'preventionvisit')),
        ),
    ]
