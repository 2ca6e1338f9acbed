"""The dated rules of careers as data (docs/adr/0007-careers-rules.md).

Administrators may add rows as the law changes; a new row starts where the old one's period
ends, so that earlier years keep being checked under their own rules.
"""

import datetime as dt

from django.db import migrations

END = dt.date(9999, 12, 31)
D90 = "90/2020/NĐ-CP (sửa đổi bởi 48/2023/NĐ-CP)"
D335 = "335/2025/NĐ-CP"
D233 = "233/2026/NĐ-CP"
R65 = "Quy định 65-QĐ/TW (2022)"
R50 = "Quy định 50-QĐ/TW (2021)"
D135 = "135/2020/NĐ-CP"


def _rules():
    rows = []
    # Annual quality assessment: the share of "excellent" among those rated "good", per unit.
    for code, value in (("excellent_quota_percent", 20), ("excellent_quota_percent_unit_excellent", 25)):
        rows += [
            (code, "", value, dt.date(2020, 8, 13), END, D90, "where no later decree names the category"),
            (code, "civil_servant", value, dt.date(2020, 8, 13), dt.date(2025, 12, 31), D90, ""),
            (code, "civil_servant", value, dt.date(2026, 1, 1), END, D335, ""),
            (code, "public_employee", value, dt.date(2020, 8, 13), dt.date(2025, 12, 31), D90, ""),
            (code, "public_employee", value, dt.date(2026, 1, 1), END, D233, ""),
        ]
    rows += [
        ("head_not_above_unit", "", 1, dt.date(2020, 8, 13), END, D90, ""),
        ("head_not_above_unit", "civil_servant", 1, dt.date(2026, 1, 1), END, D335, ""),
        ("head_not_above_unit", "public_employee", 1, dt.date(2026, 1, 1), END, D233, ""),
        # Points bands where the rules score (civil servants from 2026).
        ("points_excellent_min", "civil_servant", 90, dt.date(2026, 1, 1), END, D335, ""),
        ("points_good_min", "civil_servant", 70, dt.date(2026, 1, 1), END, D335, ""),
        ("points_completed_min", "civil_servant", 50, dt.date(2026, 1, 1), END, D335, ""),
        # Rotation.
        ("rotation_pool_only", "", 1, dt.date(2022, 2, 28), END, R65, ""),
        ("rotation_equivalent_post", "", 1, dt.date(2022, 2, 28), END, R65, ""),
        ("rotation_min_months", "", 36, dt.date(2022, 2, 28), END, R65, "normally at least three years"),
        ("review_min_months", "", 3, dt.date(2022, 2, 28), END, R65, "interval of the province's rotation plan"),
        ("review_max_months", "", 6, dt.date(2022, 2, 28), END, R65, "interval of the province's rotation plan"),
        # Leadership planning pool.
        ("pool_candidates_min", "", 2, dt.date(2021, 12, 27), END, R50, "per post"),
        ("pool_candidates_max", "", 4, dt.date(2021, 12, 27), END, R50, "per post"),
        ("pool_posts_per_person_max", "", 3, dt.date(2021, 12, 27), END, R50, "per term"),
        ("pool_young_percent_min", "", 15, dt.date(2021, 12, 27), END, R50, ""),
        ("pool_women_percent_min", "", 25, dt.date(2021, 12, 27), END, R50, ""),
        ("pool_young_age", "province", 40, dt.date(2021, 12, 27), END, R50, "young: under this age"),
        ("pool_young_age", "district", 35, dt.date(2021, 12, 27), END, R50, "young: under this age"),
        ("pool_months_before_retirement_min", "", 60, dt.date(2021, 12, 27), END, R50, "a full term before retirement"),
    ]
    # Retirement age in months (Decree 135/2020): men +3 months a year to 62, women +4 to 60.
    for year in range(2021, 2036):
        steps = year - 2021
        last = year == 2035
        valid_to = END if last else dt.date(year, 12, 31)
        if year <= 2028:
            men_to = END if year == 2028 else valid_to
            rows.append(("retirement_age_months", "male", 723 + 3 * steps, dt.date(year, 1, 1), men_to, D135, ""))
        rows.append(("retirement_age_months", "female", 664 + 4 * steps, dt.date(year, 1, 1), valid_to, D135, ""))
    return rows


def seed(apps, schema_editor):
    CareerRule = apps.get_model("careers", "CareerRule")
    CareerRule.objects.bulk_create(
        CareerRule(code=c, scope=s, value=v, valid_from=f, valid_to=t, source=src, note=n)
        for c, s, v, f, t, src, n in _rules()
    )


def unseed(apps, schema_editor):
    apps.get_model("careers", "CareerRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("careers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
