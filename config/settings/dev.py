from .base import *  # noqa: F403
from .base import env, smtp_mailers

DEBUG = env.bool("DEBUG", default=True)
# A dev-only key: prod refuses to start without SECRET_KEY in the environment.
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-deploy")
# Mails are printed, unless an SMTP server is given (`make run` serving people): EMAIL_HOST, ...
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
if env("EMAIL_HOST", default=""):
    MAILERS = smtp_mailers()
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files straight from the app folders (no collectstatic needed locally).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
