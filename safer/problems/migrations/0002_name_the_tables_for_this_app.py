"""The moved tables take this app's own names (crime_… → problems_…): a rename, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crime', '0003_victim_contacts_and_prevention_moved_out'),
        ('problems', '0001_move_prevention_from_crime'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='preventionaction',
            table=None,
        ),
        migrations.AlterModelTable(
            name='preventionvisit',
            table=None,
        ),
    ]
