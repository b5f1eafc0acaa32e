"""Middleware shared by the whole site."""


class IgnoreBrowserLanguageMiddleware:
    """Drop Accept-Language so the interface is Vietnamese unless the user chose English.

    Many officials' browsers are set to English; the product's language is
    Vietnamese, and the language switcher's cookie is the only way to change it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
