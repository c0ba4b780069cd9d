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
    ("Ian Marsh, who heads the signals agency, spoke at a security forum in Leeds on Thursday. Marsh "
     "said the poisoning of Oleg and Vera Sokol had been the first use of such an agent in the country. "
     "“This shows a state that is willing to gamble with the lives of shoppers and schoolchildren, "
     "that treats the rules as optional and that expects no price to be paid for any of it,” he said.",
     "This shows a state that is willing", "Ian Marsh"),
    # 'he' in a clause on someone's post is the one whose post it is
    ("French President Claire Dumas spoke to US President Mark Hollis on Wednesday. Pressed about "
     "the US President’s message on Monday in which he wrote that “sleek modern rockets are coming "
     "very soon”, Corbyn replied that he was worried.", "sleek modern rockets", "Mark Hollis"),
])
def test_pronoun_is_the_nearest_fitting_speaker(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # a definite description of a role: the one person the article gave that title
    ("French President Claire Dumas said on Tuesday that she had proof of the attack. "
     "The French leader, who had called the use of such weapons a red line, said her aim was to "
     "“remove the regime’s capacity to strike again”.",
     "remove the regime’s capacity", "Claire Dumas"),
    # of several presidents, the one named last before it as a subject
    ("French President Claire Dumas spoke to US President Mark Hollis on Wednesday. Hours later, "
     "Hollis softened his tone on the strikes. “Nobody ever gave a date for any of this!” the "
     "president said in a morning post.",
     "Nobody ever gave a date", "Mark Hollis"),
    # 'the president' is not a former president
    ("Former US President Jimmy Cole praised the talks. US President Mark Hollis spoke to reporters "
     "on Wednesday. “We will not wait for ever,” the president said.", "not wait for ever", "Mark Hollis"),
    # 'the US president' where the article titled him only 'President'
    ("President Mark Hollis met Prime Minister Ana Lind in Oslo. Pressed about the US president’s "
     "message in which he wrote that “sleek modern rockets are coming very soon”, Lind said she "
     "was worried.", "sleek modern rockets", "Mark Hollis"),
    # one person spelled two ways is one person, named as first spelled
    ("Kremlin spokesman Dmitry Volkov said on Monday that the hotline was working. Later in the day "
     "Dmitri Volkov was asked about the strikes. “The channel is open and we use it daily,” Volkov "
     "told reporters.", "channel is open", "Dmitry Volkov"),
    # 'the group' / 'the embassy' is the organisation the article named with that noun
    ("The Open Source Team, a group of independent researchers, said it had found three posts about "
     "the deaths. “There can be no question that the fighting happened,” the group said online.",
     "no question that the fighting", "Open Source Team"),
    ("The Norwegian Embassy in Rome says the sailor is being kept from his family. A letter released "
     "by the police said he had turned down a visit from the embassy. The embassy replied that “the "
     "letter reads as though someone else wrote it for him”.",
     "letter reads as though", "Norwegian Embassy"),
    # the statement's words are its issuer's
    ("The prime minister's office issued a statement saying no decision had been made. "
     "“Our teams are still weighing the evidence alongside our partners,” the statement continued.",
     "still weighing the evidence", "prime minister Office"),
    ("The magazine has seen a draft of his testimony. It quotes Hale’s note saying: “Nobody hopes "
     "for peace more than the soldiers who would have to fight.”",
     "Nobody hopes for peace", "Hale"),
    # a country's ministry named in the possessive is that country's ministry
    ("“Every day of delay gives the other side time to hide the evidence,” Russia’s Foreign Ministry "
     "said in a statement.", "Every day of delay", "Russian Foreign Ministry"),
])
def test_description_names_who_the_article_means(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # a title after the cue with its organisation in the possessive: the person named after it
    ("“Families here feel that nobody wants them any more,” said Unicef’s regional director "
     "for the region, Anna Berg.", "Families here feel that nobody", "Anna Berg"),
    ("“Whole villages are leaving on foot for the hills,” said the UN’s humanitarian coordinator, "
     "Karim Nasser.", "Whole villages are leaving", "Karim Nasser"),
    # two people speaking together
    ("“We still do not know whether our brothers are alive,” say Adiba and Asia, two young women "
     "who fled the camp last year.", "still do not know whether", "Adiba and Asia"),
    # the person who said it, not the outlet that reported it
    ("Hassan Ali, the deputy speaker of parliament, called the remarks “an insult to every citizen "
     "of this country”, according to local television.",
     "an insult to every citizen", "Hassan Ali"),
    # a quote right after a sentence of indirect speech goes on with its speaker
    ("“The militia has lost most of its fighters,” said Abu Rami, 34, a local teacher. "
     "“Nobody here expects them to resist.” Dana Ruiz, 29, whose family fled the city in "
     "2017, said the remaining gunmen had mixed with the civilians. “They worry us less than the "
     "bombing does. What we fear is having nowhere left to run.”",
     "They worry us less", "Dana Ruiz"),
    # a described source keeps 'one': the article's own words
    ("According to one source, officials decided to move the families. “Arguments happen now and "
     "then, as they would in any crowded place,” the source added.",
     "Arguments happen now and then", "one source"),
])
def test_speaker_named_in_the_cue(extract, text, fragment, speaker):
    assert _speaker(extract, text, fragment) == speaker
