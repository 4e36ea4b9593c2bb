"""Transactional tests flush every table, including the rows the data migrations load
(indicators, policy, contacts, roles). This puts them back, using the migrations' own code."""

import importlib

from django.apps import apps

LOADERS = [
    ("indicators.migrations.0002_defaults", "load_defaults"),
    ("referrals.migrations.0002_defaults", "load_defaults"),
    ("referrals.migrations.0004_other_routes", "load_other_routes"),
    ("cse_portal.migrations.0002_roles", "create_roles"),
    ("audit.migrations.0001_initial", "grant_admin"),
    ("concerns.migrations.0009_retention_policy_moved_here", "grant_admin"),
]


def ensure_reference_data() -> None:
    from indicators.models import Indicator

    if Indicator.objects.exists():
        return
    for module_name, function_name in LOADERS:
        getattr(importlib.import_module(module_name), function_name)(apps, None)
