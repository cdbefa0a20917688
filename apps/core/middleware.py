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
