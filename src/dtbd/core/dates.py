"""Dates: validity periods and the two formats the exchange files accept."""

import datetime as dt

# Validity periods are closed intervals [valid_from, valid_to]. Open ends are stored as these
# sentinels rather than NULL so that "valid on D" is one indexable range test on both databases.
BEGINNING = dt.date(1900, 1, 1)
END = dt.date(9999, 12, 31)
ONE_DAY = dt.timedelta(days=1)


def parse_date(text: str) -> dt.date:
    """Parse `YYYY-MM-DD` or `DD/MM/YYYY`; raise ValueError with a readable message."""
    text = text.strip()
    try:
        if "/" in text:
            day, month, year = text.split("/")
            if len(year) != 4:
                raise ValueError
            return dt.date(int(year), int(month), int(day))
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def open_end(value: dt.date) -> dt.date | None:
    """The date as shown to people and written to files: open ends are blank."""
    return None if value in (BEGINNING, END) else value


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
