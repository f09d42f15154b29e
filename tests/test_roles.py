import pytest

import actor_frames as frames
from corpus import roles as R, schema


ROLE_TEXT = (
    "Il ministro degli Esteri russo, Sergej Lavrov, ha incontrato il premier britannico Boris Johnson. "
    "Raffaello Longo, presidente dell'Unione Buddhista Italiana e monaco residente presso il Monastero LTK, "
    "fa un appello. Il presidente ha incontrato Vladimir Putin."
)
ROLE_NAMES = [
    ("Sergej Lavrov", "PER"), ("Boris Johnson", "PER"), ("Raffaello Longo", "PER"),
    ("Unione Buddhista Italiana", "ORG"), ("Monastero LTK", "LOC"), ("Vladimir Putin", "PER"),
]  # fmt: skip


def test_roles_from_appositions_and_titles_before_and_after_the_name():
    docs, mentions = frames.resolved({"r": ROLE_TEXT}, {"r": ROLE_NAMES})
    roles = R.roles(mentions, docs)
    assert roles[["actor_id", "role"]].values.tolist() == [
        ["PER:sergej lavrov", "ministro degli Esteri russo"],
        ["PER:boris johnson", "premier britannico"],
        ["PER:raffaello longo", "presidente dell'Unione Buddhista Italiana e monaco residente presso il Monastero LTK"],
    ]  # and none for Putin: "Il presidente ha incontrato" is a clause, not a title
    spans = roles[["role", "start", "end"]].itertuples(index=False)
    assert all(ROLE_TEXT[start:end] == role for role, start, end in spans)
    assert dict(roles.dtypes) == schema.ROLES



@pytest.fixture(scope="module")
def seed():
    return frames.seed()


def test_seed_roles(seed):
    docs, mentions = seed
    roles = R.roles(mentions, docs)
    assert roles[["actor_id", "role", "start", "end"]].values.tolist() == [
        ["PER:kassym-jomart tokayev", "presidente del Kazakistan", 3, 28],
        ["PER:kassym-jomart tokayev", "presidente", 525, 535],  # "Il presidente Tokayev"
        ["ORG:rt", "emittente", 1032, 1041],  # "l'emittente RT"
        ["PER:kassym-jomart tokayev", "presidente del Kazakistan", 1374, 1399],
        ["PER:nikol pashinian", "Presidente di turno della CSTO", 1427, 1457],
        ["PER:nikol pashinian", "armeno", 1461, 1467],  # "l’armeno Nikol Pashinian"
    ]


def test_a_lone_word_before_a_name_is_a_role_only_when_it_describes_the_person():
    text = "Ha parlato l'armeno Nikol Pashinian. Poi il giovane Mario Rossi e il governo Romano Prodi."
    names = [("Nikol Pashinian", "PER"), ("Mario Rossi", "PER"), ("Romano Prodi", "PER")]
    docs, mentions = frames.resolved({"x": text}, {"x": names})
    assert R.roles(mentions, docs)[["actor_id", "role"]].values.tolist() == [["PER:nikol pashinian", "armeno"]]


def test_a_role_phrase_stops_at_a_verb():
    text = "Lo scrittore ricevette gli auguri dal presidente del Messico Enrique Peña Nieto."
    docs, mentions = frames.resolved({"x": text}, {"x": [("Messico", "LOC"), ("Enrique Peña Nieto", "PER")]})
    assert R.roles(mentions, docs)["role"].tolist() == ["presidente del Messico"]
