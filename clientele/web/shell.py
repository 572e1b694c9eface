"""The frame around every screen: sign-in, sign-out, the home page, the language switch."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clientele.core.errors import InvalidInput
from clientele.core.preferences import user_language, user_language_set
from clientele.web.middleware import SESSION_LANGUAGE
from clientele.web.navigation import SECTIONS
from clientele.web.support import acting_user


class SignInView(auth_views.LoginView):
    """Django's sign-in, which also brings back the language the user chose last time."""

    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if language := user_language(form.get_user()):
            self.request.session[SESSION_LANGUAGE] = language
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"sections": SECTIONS})


@login_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Stored on the user and in the session; back to the page the switch was on."""
    language = request.POST.get("language", "")
    try:
        user_language_set(user=acting_user(request), language=language)
    except InvalidInput:
        return HttpResponse(status=400)
    request.session[SESSION_LANGUAGE] = language
    back = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = "/"
    return redirect(back)
