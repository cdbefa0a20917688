from axes.backends import AxesStandaloneBackend


class ThrottleUnlessNoRequest(AxesStandaloneBackend):
    """Test settings only: Django's test client logs in without a request, which django-axes
    refuses. Every login made through a view still passes the request and stays throttled."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
