"""Vietnamese text: NFC storage, diacritic-free search keys and name ordering."""

import unicodedata
from functools import lru_cache

import icu


def nfc(text: str) -> str:
    """Collapse whitespace and store in NFC, as the contract requires."""
    return unicodedata.normalize("NFC", " ".join(text.split()))


_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case ASCII form for search: 'Nguyễn Văn Cừ' -> 'nguyen van cu', 'đ' -> 'd'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def split_name(full_name: str) -> tuple[str, str]:
    """(given name, the rest): Vietnamese names end with the given name."""
    rest, _, given = nfc(full_name).rpartition(" ")
    return given, rest


@lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale("vi_VN"))


def name_sort_key(full_name: str) -> bytes:
    """Order by given name, then the rest, in Vietnamese alphabetical order.

    ICU's Vietnamese collation puts ă after a, đ after d and tones after letters; the two
    keys are joined so that the given name decides first.
    """
    given, rest = split_name(full_name)
    collator = _collator()
    return bytes(collator.getSortKey(given)) + b"\x01" + bytes(collator.getSortKey(rest))


def text_sort_key(text: str) -> bytes:
    return bytes(_collator().getSortKey(nfc(text)))
