from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def bench_ok(request):
    """The yardstick: the full middleware stack and a signed-in user, then nothing else."""
    return HttpResponse("ok", content_type="text/plain")
