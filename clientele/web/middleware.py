"""The signed-in user's language, kept in the session so choosing it costs no query later."""

from django.utils import translation

SESSION_LANGUAGE = "clientele_language"


class UserLanguageMiddleware:
    """After Django's LocaleMiddleware (the browser's language): the user's own choice wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_LANGUAGE)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response
