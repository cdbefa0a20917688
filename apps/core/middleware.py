"""Project middleware: gzip that honours `q=0`, and the CSP nonce under django-leaflet's name."""

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .http import accepts_gzip
from .translation import LANGUAGES


class GZipMiddleware(DjangoGZipMiddleware):
    """Django's, except that `Accept-Encoding: gzip;q=0` (gzip refused) gets no gzip: Django's
    looks for the word "gzip" alone."""

    def process_response(self, request, response):
        if accepts_gzip(request):
            return super().process_response(request, response)
        if not response.has_header("Content-Encoding"):
            patch_vary_headers(response, ("Accept-Encoding",))
        return response


class CspNonceAliasMiddleware:
    """Expose Django's CSP nonce as `request.csp_nonce`, the name django-leaflet's admin widget
    reads (it was written for django-csp), so its inline map set-up runs under our CSP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = getattr(request, "_csp_nonce", None)
        if nonce is not None:
            request.csp_nonce = nonce
        return self.get_response(request)


class LanguageParameterMiddleware:
    """`?lang=fr|en` chooses the language of the open data (API, map document) and of the
    feeds, over Accept-Language and the language switch. Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.GET.get("lang", "")
        if lang in LANGUAGES and (
            request.path.startswith(("/api/", "/map/", "/feeds/")) or request.path.endswith("/feed/")
        ):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        return response
