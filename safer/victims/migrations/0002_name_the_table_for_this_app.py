"""The moved tables take this app's own names (crime_… → victims_…): a rename, rows kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crime', '0003_victim_contacts_and_prevention_moved_out'),
        ('victims', '0001_move_contacts_from_crime'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='repeatvictimcontact',
            table=None,
        ),
    ]
