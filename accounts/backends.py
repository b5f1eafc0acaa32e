"""django-axes' backend, for sign-ins that come with a request.

Every sign-in page (ours and the admin's) passes the request, which axes needs
to know the address; ``authenticate()`` called without one (the test client's
``login()``, a shell) has no address to lock and is not a sign-in page, so it
is left to the model backend instead of being refused with an error.
"""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
