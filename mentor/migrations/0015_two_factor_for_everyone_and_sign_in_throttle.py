"""Two-factor for everyone and the sign-in throttle: the user's sign-in generation (an
administrator's reset of the second factor ends the user's sessions) and the failed sign-ins
that the throttle counts (by username and by address)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentor", "0014_notification_code"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sign_in_generation",
            field=models.PositiveIntegerField(default=0, editable=False,
                                              verbose_name="login-generation"),
        ),
        migrations.AddField(
            model_name="historicaluser",
            name="sign_in_generation",
            field=models.PositiveIntegerField(default=0, editable=False,
                                              verbose_name="login-generation"),
        ),
        migrations.CreateModel(
            name="SignInFailure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                           verbose_name="ID")),
                ("username", models.CharField(max_length=150, verbose_name="brugernavn")),
                ("ip_address", models.GenericIPAddressField(verbose_name="adresse")),
                ("at", models.DateTimeField(verbose_name="tidspunkt")),
            ],
            options={
                "verbose_name": "mislykket login",
                "verbose_name_plural": "mislykkede login",
                "indexes": [
                    models.Index(fields=["username", "at"], name="signin_failure_user_at"),
                    models.Index(fields=["ip_address", "at"], name="signin_failure_address_at"),
                ],
            },
        ),
    ]
