"""Victim contacts and prevention records moved to the victims and problems apps (issue 8).

State only: the tables and their rows stay; victims 0001 and problems 0001 take the models over
(the documented SeparateDatabaseAndState technique for moving a model between apps), and their
0002 migrations give the tables the new apps' names.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("crime", "0002_crime_keys_checked_by_importer"),
        ("victims", "0001_move_contacts_from_crime"),
        ("problems", "0001_move_prevention_from_crime"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="preventionvisit", name="action"),
                migrations.RemoveField(model_name="preventionvisit", name="visited_by"),
                migrations.RemoveField(model_name="repeatvictimcontact", name="incident"),
                migrations.RemoveField(model_name="repeatvictimcontact", name="recorded_by"),
                migrations.DeleteModel(name="PreventionAction"),
                migrations.DeleteModel(name="PreventionVisit"),
                migrations.DeleteModel(name="RepeatVictimContact"),
            ],
            database_operations=[],
        ),
    ]
