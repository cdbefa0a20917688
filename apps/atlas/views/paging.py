from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class PageParameterMixin:
    """A `page` that is not a number is a 400 naming the parameter (Django would answer 404)."""

    def get(self, request, *args, **kwargs):
        page = request.GET.get("page", "1")
        if page != "last" and not (page.isdigit() and int(page) >= 1):
            return HttpResponseBadRequest(
                _("The parameter “page” must be a page number (1, 2, …), not “%(value)s”.") % {"value": page[:50]},
                content_type="text/plain; charset=utf-8",
            )
        return super().get(request, *args, **kwargs)
