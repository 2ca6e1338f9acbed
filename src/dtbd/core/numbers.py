"""The contract's percentages: 100 × part / whole, rounded half up to two decimals."""

from decimal import ROUND_HALF_UP, Decimal


def percent_decimal(part: int, whole: int) -> Decimal | None:
    """None for a zero whole (JSON null), as the contract says."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def percent(part: int, whole: int) -> float | None:
    """percent_decimal as a JSON number."""
    value = percent_decimal(part, whole)
    return None if value is None else float(value)
