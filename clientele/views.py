"""The few pages outside the API: sign-in and a start page pointing to the API docs."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "home.html")
