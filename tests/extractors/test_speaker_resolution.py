"""Who a quote's cue means, on short articles: a pronoun is the nearest fitting speaker (the
subject before it, of the gender the article tells), a definite description ('the French leader')
is the one person the article gave that role, one person spelled two ways is one person."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUBLISHED = "2024-05-14"


def _speaker(extract, text, fragment):
    quotes = extract(text, published=PUBLISHED).quotes
    return next(q for q in quotes if fragment in q.text and q.kind in ("direct", "partial")).speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # 'she' is the subject of the sentence before, named as its appositive, not the woman she spoke of
    ("Maya Roth left her home in Bradford at the age of 16 to join the group. "
     "The government's adviser on extremism, Lena Ward, said more had to be done to protect young "
     "people such as Roth. She said online content was a growing problem. "
     "“She knew exactly what she was doing when she left,” she said.",
     "knew exactly what she was doing", "Lena Ward"),
    ("Speaking on Tuesday, the head of the regional command, Gen Paul Ortiz, appeared to contradict "
     "the president by saying troops were still needed. "
     "“The hardest part of this mission is still ahead of us,” he told a conference.",
     "hardest part of this mission", "Paul Ortiz"),
    # 'he' passes over a woman the article names as a mother
    ("Daniel Brook said his son had spent years campaigning for refugees. "
     "He said the boy's passion had come from his mother, Irene, who died two years ago. "
     "“Sami carried on so much of the work that she had started,” he added.",
     "carried on so much of the work", "Daniel Brook"),
    # 'she' passes over a man the article addresses as Mr
    ("Sarah Collins, a nurse, has run the clinic since March. Mr Haldane, the district governor, "
     "visited it on Monday and promised more staff. "
     "“We have waited for help for far too long,” she said.",
     "waited for help for far too long", "Sarah Collins"),
    # a long quote between the subject and 'he' does not push the subject out of reach
    ("Ian Marsh, who runs the port authority, spoke at a trade fair in Hull on Thursday. Marsh "
     "said the flooding that hit the docks of Anton and Vera Sokol's firm was the worst in decades. "
     "“We have had to move every container, check every crane and rewire half of the warehouses, "
     "and even now we cannot tell the owners when their goods will be safe to collect,” he said.",
     "We have had to move every container", "Ian Marsh"),
])
def test_pronoun_is_the_nearest_fitting_speaker(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # a definite description of a role: the one person the article gave that title
    ("Danish Prime Minister Eva Holm said on Tuesday that the talks on fishing quotas had stalled. "
     "The Danish leader, who had set a deadline of June, said she wanted to "
     "“bring every boat owner back to the table”.",
     "bring every boat owner back", "Eva Holm"),
    # of several presidents, the one named last before it as a subject
    ("Chilean President Claire Dumas spoke to Peruvian President Mark Hollis on Wednesday. Hours "
     "later, Hollis softened his tone on the border dispute. “Nobody ever gave a date for any of "
     "this!” the president said in a morning post.",
     "Nobody ever gave a date", "Mark Hollis"),
    # 'the president' is not a former president
    ("Former US President Jimmy Cole praised the talks. US President Mark Hollis spoke to reporters "
     "on Wednesday. “We will not wait for ever,” the president said.", "not wait for ever", "Mark Hollis"),
    # 'the US president' where the article titled him only 'President'
    ("President Mark Hollis met Prime Minister Ana Lind in Oslo. Pressed about the Peruvian "
     "president’s letter in which he wrote that “the border will stay open to all traders”, Lind "
     "said she was hopeful.", "border will stay open", "Mark Hollis"),
    # one person spelled two ways is one person, named as first spelled
    ("Ministry spokesman Yury Lenko said on Monday that the grain corridor was working. Later in "
     "the day Yuri Lenko was asked about the tariffs. “The ships are moving and we check them daily,” "
     "Lenko told reporters.", "ships are moving", "Yury Lenko"),
    # 'the group' / 'the embassy' is the organisation the article named with that noun
    ("The Coastal Watch Network, a group of volunteer divers, said it had mapped two wrecks off "
     "the cape. “There can be no doubt that both ships sank in the same storm,” the group said online.",
     "no doubt that both ships sank", "Coastal Watch Network"),
    ("The Chilean Consulate in Lyon says the student is being kept from his lawyer. A letter released "
     "by the police said he had turned down a visit from the consulate. The consulate replied that “the "
     "letter reads as though someone else wrote it for him”.",
     "letter reads as though", "Chilean Consulate"),
    # the statement's words are its issuer's
    ("The prime minister's office issued a statement saying no date for the vote had been set. "
     "“Our teams are still counting the ballots from the islands,” the statement continued.",
     "still counting the ballots", "prime minister Office"),
    ("The magazine has seen a draft of his speech to the board. It quotes Hale’s note saying: "
     "“Nobody wants this merger to work more than the people who built the company.”",
     "Nobody wants this merger", "Hale"),
    # a country's ministry named in the possessive is that country's ministry
    ("“Every week of delay costs the farmers another harvest,” Iraq’s Agriculture Ministry "
     "said in a statement.", "Every week of delay", "Iraqi Agriculture Ministry"),
])
def test_description_names_who_the_article_means(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # a title after the cue with its organisation in the possessive: the person named after it
    ("“Parents here feel that the school has forgotten them,” said the charity’s country director "
     "for the north, Anna Berg.", "Parents here feel that the school", "Anna Berg"),
    ("“Whole streets are still under water this morning,” said the council’s emergency coordinator, "
     "Karim Nasser.", "Whole streets are still under water", "Karim Nasser"),
    # two people speaking together
    ("“We still do not know when the shop will reopen,” say Nour and Hala, two young women "
     "who lost their jobs last year.", "still do not know when", "Nour and Hala"),
    # the person who said it, not the outlet that reported it
    ("Hassan Ali, the deputy chair of the council, called the budget “an insult to every taxpayer "
     "in this city”, according to local radio.",
     "an insult to every taxpayer", "Hassan Ali"),
    # a quote right after a sentence of indirect speech goes on with its speaker
    ("“The market has lost most of its stalls,” said Abu Rami, 34, a local baker. "
     "“Nobody here expects them to come back.” Dana Ruiz, 29, whose family opened a shop in the town "
     "in 2017, said the clinic next door had run out of fuel. “We are working in the dark. What we "
     "fear is the winter.”",
     "We are working in the dark", "Dana Ruiz"),
    # a described source keeps 'one': the article's own words
    ("According to one source, the club decided to sell the stadium. “Disputes happen now and "
     "then, as they would in any family business,” the source added.",
     "Disputes happen now and then", "one source"),
])
def test_speaker_named_in_the_cue(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker
