"""De-identification of personal data for anything published or laid out in public.

Local practice: names as 张*三 or 张*, phones as 138****5678, ID numbers as 110101********1234.
The full values stay in the database and the internal roster only.
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Hide the middle of a name: 张三丰 -> 张*丰, 张三 -> 张*, 欧阳娜娜 -> 欧**娜."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """Mask the middle digits: 13812345678 -> 138****5678, 0475-1234567 -> 0475-***4567.

    A mobile keeps its first three and last four digits; a landline keeps its area code
    (before the separator) and the last four digits. Short numbers keep only the last two.
    """
    phone = phone.strip()
    if len(phone) == 11 and phone.isdigit():  # a stored mobile number: the common case
        return f"{phone[:3]}****{phone[7:]}"
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if not digits:
        return phone
    separator = next((i for i, ch in enumerate(phone) if ch in "-— "), None)
    if separator is not None and phone[0] == "0":
        local = [i for i in digits if i > separator]
        keep = set(digits[: len(digits) - len(local)] + local[-4:])
    elif len(digits) >= 10:
        keep = set(digits[:3] + digits[-4:])
    else:
        keep = set(digits[-2:])
    return "".join(ch if (i in keep or not ch.isdigit()) else "*" for i, ch in enumerate(phone))


def mask_id(id_number: str) -> str:
    """Keep the area code and the last four characters: 110101********1234."""
    id_number = id_number.strip()
    if len(id_number) <= 10:
        return "*" * len(id_number)
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]
