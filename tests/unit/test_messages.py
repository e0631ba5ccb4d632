from chitieu.messages import catalogue, translate


def test_both_languages_have_the_same_messages() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert sorted(set(vi) ^ set(en)) == []


def test_every_message_uses_the_same_placeholders_in_both_languages() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    vi, en = catalogue("vi"), catalogue("en")
    assert {k: fields(vi[k]) for k in vi} == {k: fields(en[k]) for k in vi}


def test_a_message_is_filled_in_per_language() -> None:
    assert translate("en", "cli.invalid", count=3) == "The data package has 3 problem(s)."
    assert translate("vi", "cli.invalid", count=3) == "Gói dữ liệu có 3 lỗi."
