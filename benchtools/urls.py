from django.urls import path

from .views import bench_ok

urlpatterns = [path("bench/ok", bench_ok, name="bench_ok")]
