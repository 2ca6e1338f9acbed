import unicodedata

from dtbd.core.text import fold, name_sort_key, nfc, split_name


def test_fold_drops_tones_and_treats_d_bar_as_d():
    assert fold("Nguyễn Văn Cừ") == "nguyen van cu"
    assert fold("ĐẶNG Thị Đào") == "dang thi dao"


def test_nfc_composes_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Văn   Cừ ")
    assert nfc(decomposed) == "Nguyễn Văn Cừ"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_given_name_is_the_last_word():
    assert split_name("Nguyễn Thị Minh Khai") == ("Khai", "Nguyễn Thị Minh")
    assert split_name("Lò Văn Páo") == ("Páo", "Lò Văn")


def test_names_sort_by_given_name_in_vietnamese_alphabet():
    names = ["Trần Văn Đức", "Lê Thị Ánh", "Nguyễn Văn Bình", "Phạm An", "Đỗ Thị Ăn", "Vũ Văn Dũng"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == [
        "Phạm An",
        "Lê Thị Ánh",
        "Đỗ Thị Ăn",
        "Nguyễn Văn Bình",
        "Vũ Văn Dũng",
        "Trần Văn Đức",
    ]


def test_same_given_name_then_the_rest_decides():
    assert sorted(["Trần Văn An", "Lê Văn An"], key=name_sort_key) == ["Lê Văn An", "Trần Văn An"]
