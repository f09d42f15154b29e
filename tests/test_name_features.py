import spacy
from spacy.tokens import Doc

from corpus import name_features


def test_codes_mark_each_list_longest_first_and_independently_in_list_order():
    lists = name_features.NameLists.from_names(
        {"PLACE": ["Italia", "Torino", "Stati Uniti"], "ORG": ["Banca d'Italia", "Banca", "Juventus"]}
    )
    words = "La Banca d' Italia , la Juventus e Torino negli Stati Uniti ; Stati generali".split()
    assert lists.codes(words) == [
        "-", "ORG:B", "ORG:I", "PLACE:B|ORG:I", "-", "-", "ORG:B", "-", "PLACE:B", "-", "PLACE:B", "PLACE:I", "-",
        "-", "-",
    ]  # fmt: skip
    assert lists.codes([]) == []


def test_organisation_name_rejoins_elisions_and_drops_lower_case_variants():
    assert name_features.organisation_name("ORG Banca d ' Inghilterra") == "Banca d' Inghilterra"
    assert name_features.organisation_name("ORG banca d ' inghilterra") == ""


def test_component_writes_codes_and_round_trips_its_lists(tmp_path):
    gazetteer = tmp_path / "orgs.txt"
    gazetteer.write_text("ORG Fiat\nORG fiat\n", encoding="utf-8")
    nlp = spacy.blank("it")
    component = nlp.add_pipe("name_features")
    component.initialize(org_names=str(gazetteer))
    assert component.lists["ORG"] == ["Fiat"]
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded(Doc(loaded.vocab, words=["La", "Fiat", "di", "Corato"]))
    assert [token.lemma_ for token in doc] == ["-", "ORG:B", "-", "PLACE:B"]
    # The saved model holds keys, not the names: the gazetteer cannot be read back out of it.
    saved = tmp_path / "pipeline" / "name_features"
    assert sorted(path.name for path in saved.iterdir()) == ["keys.npz"]
    assert b"Fiat" not in (saved / "keys.npz").read_bytes()
