"""Fictional but plausible names for the demo's people, by ethnicity and gender.

Weights follow the broad picture of the two former provinces' public workforce: mostly Kinh
and Tày, with Dao, Sán Chay, Nùng and H'Mông people, more of them in former Hà Giang.
"""

import random

# (ethnicity, weight) for the workforce of each former province.
ETHNICITY_MIX = {
    "08": [("Kinh", 56), ("Tày", 24), ("Dao", 8), ("Sán Chay", 7), ("Nùng", 2), ("H'Mông", 3)],
    "02": [("Kinh", 32), ("Tày", 26), ("H'Mông", 18), ("Dao", 12), ("Nùng", 12)],
}

KINH_FAMILY = [
    ("Nguyễn", 30), ("Trần", 9), ("Lê", 8), ("Phạm", 6), ("Hoàng", 6), ("Huỳnh", 1),
    ("Vũ", 5), ("Võ", 1), ("Đặng", 3), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 1), ("Ngô", 2),
    ("Dương", 2), ("Lý", 1), ("Đinh", 2), ("Phan", 2), ("Trịnh", 2), ("Đào", 2),
    ("Lương", 1), ("Hà", 2), ("Nông", 1), ("Triệu", 1),
]  # fmt: skip
FAMILY = {
    "Kinh": KINH_FAMILY,
    "Tày": [("Nông", 8), ("Hoàng", 7), ("Ma", 6), ("Hà", 5), ("Triệu", 3), ("Lục", 2),
            ("Lương", 2), ("Quan", 2), ("Âu", 1), ("Đàm", 2), ("Nguyễn", 3), ("Ninh", 1)],
    "Dao": [("Triệu", 8), ("Bàn", 7), ("Đặng", 5), ("Lý", 4), ("Phùng", 3), ("Chu", 2),
            ("Tẩn", 1)],
    "Sán Chay": [("Lăng", 5), ("La", 4), ("Hoàng", 3), ("Ninh", 2), ("Đặng", 2), ("Lâm", 2)],
    "Nùng": [("Hoàng", 5), ("Nông", 4), ("Lương", 3), ("Vi", 3), ("Lục", 2), ("Chu", 2),
             ("Mã", 1)],
    "H'Mông": [("Giàng", 6), ("Vàng", 6), ("Sùng", 5), ("Thào", 5), ("Lý", 4), ("Hầu", 3),
               ("Ly", 3), ("Vừ", 2), ("Lầu", 2), ("Mua", 1)],
}  # fmt: skip

MIDDLE_MALE = [
    ("Văn", 40), ("Đức", 8), ("Minh", 7), ("Quang", 5), ("Hữu", 5), ("Xuân", 4),
    ("Ngọc", 3), ("Thanh", 4), ("Mạnh", 3), ("Đình", 4), ("Công", 4), ("Tiến", 3),
    ("Trọng", 3), ("Huy", 2), ("Quốc", 3), ("Anh", 2),
]  # fmt: skip
MIDDLE_FEMALE = [
    ("Thị", 55), ("Thu", 6), ("Thanh", 6), ("Minh", 4), ("Ngọc", 5), ("Hồng", 4),
    ("Phương", 3), ("Thùy", 3), ("Kim", 3), ("Hải", 2), ("Diệu", 2), ("Mai", 2), ("Bích", 2),
]  # fmt: skip
GIVEN_MALE = [
    "An", "Anh", "Bình", "Chiến", "Công", "Cường", "Dũng", "Duy", "Đạt", "Định", "Đông",
    "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khánh", "Khoa",
    "Kiên", "Lâm", "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang",
    "Quân", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tú", "Tuấn", "Việt",
    "Vinh", "Vũ", "Hiệp", "Thái", "Tùng", "Trường",
]  # fmt: skip
GIVEN_FEMALE = [
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hằng", "Hạnh", "Hiền",
    "Hoa", "Hồng", "Huệ", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My",
    "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thu",
    "Thủy", "Thúy", "Trang", "Tuyết", "Vân", "Yến", "Đào",
]  # fmt: skip
# Given names more often heard among the Dao and H'Mông of the two provinces.
GIVEN_DAO_MALE = ["Quẩy", "Vần", "Chòi", "Sinh", "Kiềm", "Phin", "Tòng", "Nhất"]
GIVEN_HMONG_MALE = ["Sử", "Lử", "Chúng", "Pà", "Dìn", "Chứ", "Sính", "Páo", "Tủa", "Khai"]
GIVEN_HMONG_FEMALE = ["Dí", "Máy", "Súa", "Chía", "Say", "Pà", "Mỷ", "Dở"]
MIDDLE_HMONG_MALE = [("Mí", 5), ("Seo", 5), ("A", 3), ("Văn", 3), ("Chứ", 1)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def ethnicity(rng: random.Random, region: str) -> str:
    return _pick(rng, ETHNICITY_MIX[region])


def full_name(rng: random.Random, gender: str, ethnic: str) -> str:
    family = _pick(rng, FAMILY[ethnic])
    male = gender == "male"
    if ethnic == "H'Mông":
        middle = _pick(rng, MIDDLE_HMONG_MALE) if male else "Thị"
        pool = GIVEN_HMONG_MALE if male else GIVEN_HMONG_FEMALE
        given = rng.choice(pool) if rng.random() < 0.7 else rng.choice(_common(male))
    elif ethnic == "Dao":
        middle = ("Văn" if rng.random() < 0.7 else "Tài") if male else "Thị"
        given = (
            rng.choice(GIVEN_DAO_MALE) if male and rng.random() < 0.4 else rng.choice(_common(male))
        )
    else:
        middle = _pick(rng, MIDDLE_MALE if male else MIDDLE_FEMALE)
        given = rng.choice(_common(male))
        if given == middle:
            given = rng.choice(_common(male))
    return f"{family} {middle} {given}"


def _common(male: bool) -> list[str]:
    return GIVEN_MALE if male else GIVEN_FEMALE
