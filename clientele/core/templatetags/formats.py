"""The template filters of ``clientele.core.formats``: ``{% load formats %}``."""

from django import template

from clientele.core import formats

register = template.Library()
register.filter("number", formats.number)
register.filter("amount", formats.amount)
register.filter("when", formats.when)
register.filter("percent", formats.percent)
