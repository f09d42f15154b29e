import pytest

from corpus import cues


@pytest.mark.parametrize(
    ("text", "form", "lemma"),
    [
        ("ha affermato il capo di Stato", "affermato", "affermare"),
        ("afferma Rossi", "afferma", "affermare"),
        ("aveva detto ieri", "detto", "dire"),
        ("dichiara la ministra", "dichiara", "dichiarare"),
        ("ha poi aggiunto", "aggiunto", "aggiungere"),
        ("ribadisce il leader", "ribadisce", "ribadire"),
        ("sottolineò", "sottolineò", "sottolineare"),
        ("annuncerà domani", "annuncerà", "annunciare"),
        ("spiegherà", "spiegherà", "spiegare"),
        ("il governo fa  sapere", "fa  sapere", "fare sapere"),
    ],
)
def test_reporting_verbs_in_every_tense_map_to_their_lemma(text, form, lemma):
    match = cues.reporting_pattern().search(text)
    assert match.group(0) == form
    assert cues.lemma_of(match.group(0)) == lemma


def test_reporting_verbs_are_whole_words():
    assert cues.reporting_pattern().search("il dicembre scorso, ridetto e affermazione") is None


def test_roles_heads_and_groups():
    assert cues.role_head("capo di Stato secondo quanto riporta") == "capo di stato"
    assert cues.role_head("Presidente di turno della CSTO") == "presidente"
    assert cues.role_head("rivoltosi") is None
    assert cues.compatible_roles("capo di stato", "presidente")
    assert cues.compatible_roles("leader", "presidente")
    assert not cues.compatible_roles("sindaco", "presidente")


def test_source_cues_skip_ordinals_and_spell_secondo_right():
    text = "sencondo quanto riferisce l'emittente RT. Il secondo giorno, secondo Rossi, piove."
    assert [cues.source_cue(cue) for cue in cues.source_cues(text)] == ["secondo quanto riferisce", "secondo"]
