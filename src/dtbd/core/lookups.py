"""`field__any=[…]`: the field equals one of the listed values.

The same rows as `__in`, written for long lists of ids (a province's ~650 unit ids, the
classes a report found): PostgreSQL gets the list as ONE array parameter, `= ANY(%s)`, where
`__in` makes Django prepare and psycopg parse one placeholder per value (~25 ms for three
such filters of a report). Other databases get `IN (…)`. Registered on every field by
CoreConfig.ready.
"""

from typing import Any

from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        return list(self.rhs)

    def as_sql(self, compiler: Any, connection: Any) -> Any:  # (sql, params)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self.rhs
        if not values:
            return "1 = 0", []
        if connection.vendor == "postgresql":
            # Typed as the column: an untyped list of small ints arrives as smallint[], and
            # PostgreSQL then estimates the rows differently (a province's standings: an
            # index scan in unit order, twice as slow as the bitmap scan it plans for IN).
            kind = self.lhs.output_field.cast_db_type(connection)
            return f"{lhs} = ANY(%s::{kind}[])", [*lhs_params, values]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignObject.register_lookup(AnyOf)  # relations keep lookups of their own
