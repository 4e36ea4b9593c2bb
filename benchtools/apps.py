from django.apps import AppConfig


class BenchtoolsConfig(AppConfig):
    name = "benchtools"
    verbose_name = "Benchmark tools (development only)"
