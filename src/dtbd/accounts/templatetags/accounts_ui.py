from django import template

from dtbd.accounts.policy import ADMINISTER

register = template.Library()


@register.simple_tag(takes_context=True)
def may_administer(context) -> bool:
    """Whether the signed-in user administers accounts (the user menu links the users page)."""
    from dtbd.accounts.views import request_policy

    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not (user and user.is_authenticated):
        return False
    return request_policy(request).anywhere(ADMINISTER)
