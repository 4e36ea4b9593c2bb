"""A bare Django for `make bench`'s yardstick: no middleware, no apps, one view. Served by the
same gunicorn command as the application, it shows the framework's own limit on the machine."""

SECRET_KEY = "bench-bare-not-a-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "benchtools.bare_urls"
DATABASES: dict = {}
USE_TZ = True
