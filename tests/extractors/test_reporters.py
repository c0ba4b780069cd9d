"""Who said it and who gave the number, on whole short articles: quote speakers named in full and
kept apart when they share a name, and figures' reported_by / attribution."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUBLISHED = "2024-05-14"


def _quote(extract, text, fragment):
    quotes = extract(text, published=PUBLISHED).quotes
    return next(q for q in quotes if fragment in q.text and q.kind in ("direct", "partial"))


def _figure(extract, text, value, category=None):
    figs = extract(text, published=PUBLISHED).figures
    return next(f for f in figs if f.value == value and (category is None or f.category == category))


# -- speakers: the fullest name, the right person ---------------------------------------------

@pytest.mark.parametrize("text, fragment, speaker", [
    # a father quoted about his daughter is not the daughter: the surname goes to the one named last
    ("Maya Keller, a volunteer medic from Leeds, was killed in the shelling on Sunday. "
     "Her father, Tom Keller, said she had gone to help the wounded. "
     "“She never once backed away from anything she believed in,” Mr Keller said.",
     "never once backed away", "Tom Keller"),
    ("Maya Keller, a volunteer medic from Leeds, was killed in the shelling on Sunday. "
     "Tom Keller said his daughter had gone to help the wounded. "
     "“She would have gone back tomorrow if she could,” he said.",
     "would have gone back tomorrow", "Tom Keller"),
    # two people sharing a surname are two people, each named in full
    ("Tom Keller said his daughter had gone to help. Ruth Keller, her aunt, added: "
     "“We were all so proud of the work she did there.”", "all so proud", "Ruth Keller"),
    # a short form of a name given in full earlier, with an honorific
    ("Vladimir Putin flew to the Hmeimim air base on Monday to meet Russian troops. "
     "“You are coming home as victors,” Mr Putin told the soldiers.", "coming home as victors",
     "Vladimir Putin"),
    # a given name used alone later in a feature
    ("“We lost everything in a single night,” says Samira Haddad, who fled the camp in March. "
     "She now lives with her cousins in a rented flat. “I want to go home before winter,” Samira says.",
     "go home before winter", "Samira Haddad"),
    # a name the tagger reads as a place, speaking, then named by its surname alone
    ("Hareth Dabbagh, 24, from Afrin, said: “Nobody here wanted this war to come to our street.” "
     "Dabbagh, who said he had lost his shop in the fighting, added: “We will rebuild it ourselves.”",
     "rebuild it ourselves", "Hareth Dabbagh"),
    # a party or a place before a full name is not part of it
    ("Republican Dana Whitfield spoke after the vote. “This bill will not pass the Senate,” Whitfield said.",
     "will not pass the Senate", "Dana Whitfield"),
    ("“The paper stands by its reporting,” the New York Post said in a statement on Friday.",
     "stands by its reporting", "New York Post"),
])
def test_speaker_is_the_fullest_name_of_the_right_person(extract, text, fragment, speaker):
    assert _quote(extract, text, fragment).speaker == speaker
