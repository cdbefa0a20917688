from django.conf import settings
from django.utils.translation import gettext as _


def rights() -> str:
    return _("Data: Hubwatch contributors, under %(licence)s.") % {"licence": settings.DATA_LICENCE}
