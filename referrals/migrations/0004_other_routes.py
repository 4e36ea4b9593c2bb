"""Other routes the public page lists beside MASH, the EDT and 999, editable in the admin
like them: Childline, CEOP (a website), police 101 and Crimestoppers."""

from django.db import migrations, models

OTHER_ROUTES = [
    ("childline", "Childline", "0800 1111", "",
     "For children and young people: free, confidential, any time."),
    ("ceop", "CEOP (Child Exploitation and Online Protection)", "",
     "https://www.ceop.police.uk/Safety-Centre/",
     "Report online sexual abuse or grooming to the police."),
    ("police", "Police (non-emergency)", "101", "",
     "Report a crime or give information when it is not an emergency."),
    ("crimestoppers", "Crimestoppers", "0800 555 111", "https://crimestoppers-uk.org/",
     "Give information anonymously."),
]


def load_other_routes(apps, schema_editor):
    Contact = apps.get_model("referrals", "Contact")
    for purpose, name, number, link, description in OTHER_ROUTES:
        Contact.objects.get_or_create(
            purpose=purpose,
            defaults={"name": name, "number": number, "link": link, "description": description},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0003_referral_contacted_hub'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='link',
            field=models.URLField(blank=True, help_text="For a route that is a website, such as CEOP's.", verbose_name='web address'),
        ),
        migrations.AlterField(
            model_name='contact',
            name='number',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name='contact',
            name='purpose',
            field=models.CharField(choices=[('mash', 'Multi-Agency Safeguarding Hub (office hours)'), ('edt', 'Emergency Duty Team (out of hours)'), ('emergency', 'Emergency services'), ('childline', 'Other route: Childline'), ('ceop', 'Other route: CEOP (online abuse)'), ('police', 'Other route: police non-emergency'), ('crimestoppers', 'Other route: Crimestoppers')], max_length=20, unique=True),
        ),
        migrations.RunPython(load_other_routes, migrations.RunPython.noop),
    ]
