"""Project middleware: gzip that honours `q=0`, the CSP nonce under django-leaflet's name, the
language of a request (its address, ?lang=, the cookie, Accept-Language)."""

from django.http import HttpResponsePermanentRedirect
from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
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


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's: the language of a page is in its address (/fr/..., /en/...); elsewhere it is
    the language cookie's (the switch), else Accept-Language's, else English. An old unprefixed
    page address answers a permanent redirect (Django's is temporary) to the page in that
    language, query kept, with `Vary: Accept-Language, Cookie`."""

    response_redirect_class = HttpResponsePermanentRedirect


class LanguageParameterMiddleware:
    """`?lang=fr|en` chooses the language of what has no language in its address (the API, the
    map document and images, today's feed addresses, the redirect of an old page address), over
    the cookie and Accept-Language. Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lang = request.GET.get("lang", "")
        if lang in LANGUAGES and not translation.get_language_from_path(request.path_info):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        return response
