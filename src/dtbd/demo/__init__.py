"""The demo province: Tuyên Quang since the 2025 merger, with fictional people.

`services.demo_load` builds it through the real exchange-file import path; `tree` holds the
units and their history, `people` the seeded fictional workforce.
"""
