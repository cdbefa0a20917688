"""Project middleware: Django's CSP with its policy header built once, and the nonce alias."""

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP, build_policy


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


_POLICY_SETTINGS = ((CSP.HEADER_ENFORCE, "SECURE_CSP"), (CSP.HEADER_REPORT_ONLY, "SECURE_CSP_REPORT_ONLY"))


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with the header of a response that used no nonce (every API answer, tile and
    redirect) written once per policy setting instead of once per response: about 20 µs of each
    fast-lane answer (docs/PERFORMANCE.md). A response whose page drew a nonce, or that carries a
    policy of its own (the embeddable map), is given its header by Django's code as before. The
    settings are read on each response, so a changed setting (tests) gives a new header."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built: dict[str, tuple[object, str]] = {}

    def process_response(self, request, response):
        if csp.get_nonce(request) or hasattr(response, "_csp_config") or hasattr(response, "_csp_ro_config"):
            return super().process_response(request, response)
        for header, setting in _POLICY_SETTINGS:
            config = getattr(settings, setting)
            if config and header not in response:
                response.headers[str(header)] = self._policy(setting, config)
        return response

    def _policy(self, setting: str, config) -> str:
        built = self._built.get(setting)
        if built is None or built[0] is not config:
            built = self._built[setting] = (config, build_policy(config))
        return built[1]
