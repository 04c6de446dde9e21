"""The thidua web platform: a Django project around the pure scoring core.

Views and API endpoints parse, call a service, render (DESIGN §7); every
permission is decided in :mod:`thidua.web.policy`; every point comes from
:mod:`thidua.scoring`.
"""
