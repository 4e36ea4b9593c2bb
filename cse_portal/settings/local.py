"""The embedded default: SQLite, a server-less Celery transport, console email, demo accounts."""

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = "local-only-not-a-secret-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

_celery_dir = BASE_DIR / "var" / "celery"
CELERY_BROKER_URL = "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "data_folder_in": str(_celery_dir / "queue"),
    "data_folder_out": str(_celery_dir / "queue"),
    "processed_folder": str(_celery_dir / "processed"),
    "control_folder": str(_celery_dir / "control"),
    "store_processed": False,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(_celery_dir / "beat-schedule")

# SQLite ignores the INCLUDE columns of the trend index; harmless for the small embedded data.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
