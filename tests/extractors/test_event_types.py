"""Tests for the extract stage's event typing (ACLED sub-event types of a sentence)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from sitrep.extractors import event_types
from sitrep.extractors.event_types import EventTyping, type_event, type_text
from sitrep.resources import load_patterns
from sitrep.types import SUB_EVENT_TYPES


def test_event_types_rules_load_and_name_acled_sub_types():
    rules = event_types._rules()
    assert rules
    assert {r.sub_event_type for r in rules} <= set(SUB_EVENT_TYPES)
    # Every one of the 25 sub-types can be produced by some rule.
    assert {r.sub_event_type for r in rules} == set(SUB_EVENT_TYPES)


def test_event_types_patterns_compile():
    compiled = event_types._patterns()
    assert compiled.count == len(load_patterns(event_types.PATTERNS))
    labels = {p["label"] for p in load_patterns(event_types.PATTERNS)}
    assert {r.trigger for r in event_types._rules()} <= labels


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the rebels clash|clashed with soldiers", [("Armed clash", "clashed"), ("ARMED", "soldiers")]),
        ("they sign|signed a truce", [("Agreement", "signed a truce")]),
        ("a grenade launcher", [("DIRECT_FIRE", "grenade launcher")]),
        ("they strike|struck a deal", []),
    ],
)
def test_event_types_matches_on_hand_built_doc(text, expected):
    words, lemmas = [], []
    for item in text.split():
        lemma, _, word = item.partition("|")
        words.append(word or lemma)
        lemmas.append(lemma)
    doc = Doc(spacy.blank("en").vocab, words=words, lemmas=lemmas)
    found = [(m.label, doc[m.start:m.end].text) for m in event_types._matches(doc[:])]
    assert [f for f in found if f[0] not in event_types.PARTIES] == [
        e for e in expected if e[0] not in event_types.PARTIES
    ]
    assert all(e in found for e in expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fighter jets struck a market in the town on Monday, killing four people.", "Air/drone strike"),
        ("A drone strike hit a car near the border.", "Air/drone strike"),
        ("Government forces shelled the eastern villages overnight.", "Shelling/artillery/missile attack"),
        ("Militants fired rockets at the city, damaging two houses.", "Shelling/artillery/missile attack"),
        ("Rebels clashed with the army near the river crossing.", "Armed clash"),
        ("Insurgents ambushed a military convoy, killing three soldiers.", "Armed clash"),
        ("Gunmen opened fire on villagers returning from the market.", "Attack"),
        ("A roadside bomb exploded under a police truck.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at the checkpoint.", "Suicide bomb"),
        ("An attacker threw a grenade into the crowded bus station.", "Grenade"),
        ("Residents reported a chlorine gas attack on the district.", "Chemical weapon"),
        ("Armed men abducted twelve students from their school.", "Abduction/forced disappearance"),
        ("Soldiers raped two women in the village, witnesses said.", "Sexual violence"),
        ("Police arrested six opposition activists at their homes.", "Arrests"),
        ("Thousands of protesters marched peacefully through the capital.", "Peaceful protest"),
        ("Police fired tear gas to disperse the demonstrators.", "Protest with intervention"),
        ("Protesters threw stones at police and set tyres on fire.", "Violent demonstration"),
        ("An angry mob lynched a man accused of theft of a goat.", "Mob violence"),
        ("The army recaptured the town from the insurgents.", "Government regains territory"),
        ("Rebels seized control of the town after the garrison fled.", "Non-state actor overtakes territory"),
        ("Troops set up a new base on the hill above the town.", "Headquarters or base established"),
        ("The two sides signed a ceasefire agreement in the capital.", "Agreement"),
        ("Soldiers looted shops and burned houses in the village.", "Looting/property destruction"),
        ("Police defused an explosive device found near the market.", "Disrupted weapons use"),
        ("Air defences shot down five drones over the city.", "Disrupted weapons use"),
        ("The army issued an evacuation order for the eastern districts.", "Change to group/activity"),
    ],
)
@pytest.mark.model
def test_event_types_types_incident_sentences(nlp, text, expected):
    typing = type_text(text, nlp)
    assert typing is not None
    assert typing.sub_event_type == expected
    assert typing.event_type == SUB_EVENT_TYPES[expected]
    assert 0 < typing.score <= 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Suspected jihadists killed 14 villagers in an attack on a hamlet on Sunday.", "Attack"),
        ("Junta aircraft bombed a village in the region, killing at least 20 people.", "Air/drone strike"),
        ("Strikes on a school sheltering displaced families killed 30 people.", "Air/drone strike"),
        ("Troops killed five dissidents during a firefight in the mountains.", "Armed clash"),
        ("Ukrainian troops repelled 12 assaults near the town, the general staff said.", "Armed clash"),
        ("Rebels triggered a landmine blast that killed two soldiers.", "Remote explosive/landmine/IED"),
        ("Two civilians died when their minibus hit a landmine near the border.", "Remote explosive/landmine/IED"),
        ("A car bomb went off outside a hotel, killing nine.", "Remote explosive/landmine/IED"),
        ("Artillery shells landed on a residential area, wounding three.", "Shelling/artillery/missile attack"),
        ("Tanks fired shells at the outskirts of the city.", "Shelling/artillery/missile attack"),
        ("Police used live ammunition against protesters, killing seven.", "Excessive force against protesters"),
        ("Riot police fired rubber bullets and detained dozens of demonstrators.", "Protest with intervention"),
        ("Demonstrators clashed with police, who responded with tear gas.", "Violent demonstration"),
        ("Villagers beat to death two men suspected of cattle theft.", "Mob violence"),
        ("The militants took over the town after the army withdrew.", "Non-violent transfer of territory"),
        ("The militants took over the town after heavy fighting with the army.", "Non-state actor overtakes territory"),
        ("Government troops regained control of the district headquarters from the rebels.",
         "Government regains territory"),
        ("The warring parties agreed to a 72-hour humanitarian truce.", "Agreement"),
        ("The militia handed over control of the airport to the transitional government.",
         "Non-violent transfer of territory"),
        ("Soldiers seized a large cache of weapons and ammunition in a raid on a farmhouse.",
         "Disrupted weapons use"),
        ("A missile fired toward the city was intercepted.", "Disrupted weapons use"),
        ("Bulldozers demolished three homes in the neighbourhood.", "Looting/property destruction"),
        ("Rescue teams recovered 40 bodies from a mass grave in the town.", "Other"),
        ("The army imposed a curfew in the city.", "Change to group/activity"),
        ("Residents fled after airstrikes hit the town.", "Air/drone strike"),
        ("Troops hit an armoured vehicle with a drone near the village.", "Air/drone strike"),
        ("Opposition supporters blocked roads and burned tyres in the capital.", "Violent demonstration"),
        ("Demonstrators stormed the parliament building and set it on fire.", "Violent demonstration"),
        ("A crowd attacked and killed a man accused of blasphemy.", "Mob violence"),
        ("Police fired tear gas at opposition supporters marching to the electoral commission.",
         "Protest with intervention"),
        ("Security forces opened fire on protesters, killing two.", "Excessive force against protesters"),
        ("Soldiers opened fire on the crowd, killing at least six.", "Attack"),
        ("Settlers set fire to olive groves near the village.", "Looting/property destruction"),
        ("Police have arrested at least 200 activists since Wednesday evening.", "Arrests"),
        ("Three soldiers were killed when their vehicle struck a roadside bomb.", "Remote explosive/landmine/IED"),
        ("Two policemen were killed in an ambush by suspected militants.", "Armed clash"),
        ("Gunmen stormed a church during Sunday mass, killing 40 worshippers.", "Attack"),
        ("A Palestinian man was shot dead by soldiers at a checkpoint.", "Attack"),
        ("The city came under heavy shelling overnight, officials said.", "Shelling/artillery/missile attack"),
        ("Russian artillery pounded the town overnight, killing three civilians.", "Shelling/artillery/missile attack"),
        # violence in a criminal setting is still violence: a killing or a wounding is an Attack
        ("Gunmen killed a shopkeeper during a robbery in the capital.", "Attack"),
        ("A drive-by shooting that wounded four teenagers appears to have been gang-related.", "Attack"),
        # goods taken at gunpoint: armed actors seizing property
        ("Two masked men robbed a convenience store clerk at gunpoint on Friday night.",
         "Looting/property destruction"),
        ("Police are looking for a man who pistol-whipped a woman outside a pharmacy.",
         "Looting/property destruction"),
        ("A 47-year-old shopkeeper was robbed and threatened with revolvers Tuesday evening in his store.",
         "Looting/property destruction"),
        ("Deputies say a pickup truck was stolen at gunpoint outside a gym in Albany on Thursday.",
         "Looting/property destruction"),
        # a robbery told with its weapon, a weapon shown to take goods, goods taken by an armed man
        ("Denver detectives are hunting a woman suspected in an armed pharmacy robbery on Monday.",
         "Looting/property destruction"),
        ("A gunman got away with phones and jewellery after a robbery at a mall kiosk early Sunday.",
         "Looting/property destruction"),
        ("Officers are looking for a man who held up a bus driver, showed a pistol and fled on foot.",
         "Looting/property destruction"),
        ("He said the two men pointed a gun at him and took his phone and $20.",
         "Looting/property destruction"),
        ("A woman armed with a rifle stole $800 from a nail salon, deputies said Friday.",
         "Looting/property destruction"),
        ("A driver told officers that he was robbed Sunday near the corner of Mill Road and Bay Avenue "
         "at gunpoint.", "Looting/property destruction"),
        # responders sent to a shooting report it; shots fired or ringing out are the incident
        ("Officers were called to a shooting on Elm Street around 11 a.m. Saturday.", "Attack"),
        ("Gunshots rang out near a South Bend park on Saturday evening, leaving one teenager "
         "hurt.", "Attack"),
        ("Several shots were fired at a house on Elm Street late Friday, police said.", "Attack"),
        # a call for an attack is no attack (here: the protesters' protest)
        ("Protesters called for an attack on the embassy.", "Peaceful protest"),
        # the incident named by its noun: "following a shooting", "investigating a shooting that ..."
        ("One person was hospitalized following a shooting in Southeast Washington late Tuesday.", "Attack"),
        ("Detectives are investigating a shooting that grazed a cyclist.", "Attack"),
        ("Government troops drove the militants out of the town.", "Government regains territory"),
        ("The insurgents were pushed back from their hideouts in the valley.", "Government regains territory"),
        # the accused is the alleged actor of an incident that happened
        ("A Lakeview woman is accused of shooting her neighbour Friday after a dispute over parking.", "Attack"),
        # a man who killed himself is no suicide bomber
        ("A man shot his wife and then killed himself in an apparent murder-suicide.", "Attack"),
    ],
)
@pytest.mark.model
def test_event_types_types_reports_in_other_wording(nlp, text, expected):
    typing = type_text(text, nlp)
    assert (typing.sub_event_type if typing else None) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The army is preparing to operate in Rafah.", None),
        ("The town has been rebuilt since the 2014 war.", None),
        ("We will do everything so that October 7th never happens again.", None),
        ("The minister threatened to strike the capital if talks fail.", None),
        ("The group claimed responsibility for the attack.", None),
        ("The two leaders met in Geneva to discuss trade.", None),
        ("Floods destroyed hundreds of homes in the province.", None),
        ("A cholera outbreak has killed twelve people in the camp.", None),
        ("Forces did not open fire on the crowd.", None),
        ("The attack was the deadliest since the 2017 bombing in the capital.", None),
        ("Officials warned that militants could attack polling stations.", None),
        ("An earthquake killed more than 100 people in the mountain villages.", None),
        ("A bus crash on the highway killed 12 passengers.", None),
        ("The group has vowed to avenge the killing of its commander.", None),
        ("Talks on a hostage deal will resume next week.", None),
        ("Peace talks collapsed on Tuesday after the delegations failed to agree.", None),
        ("The ministry said 45 people had died of cholera this month.", None),
        ("More than 1.7 million people have been displaced by the fighting.", None),
        ("Thousands of families fled the fighting to the south.", None),
        ("Since the war began, at least 200 journalists have been killed.", None),
        ("Survivors described the airstrike as the worst they had seen.", None),
        ("The health ministry said the death toll had risen to 34,000.", None),
        # a drawn weapon, a victim carried to care, an address, a gun discharging, goods handed over: no withdrawal, capture, road closure, bombing or territory changing hands
        ("The suspect pulled out a handgun and demanded the keys.", None),
        ("The injured driver was brought to a regional hospital in fair condition.", None),
        ("Officers responded to the 900 block of Quarry Hill Road.", None),
        ("The pistol went off as he cleaned it.", None),
        ("The cashier handed over the cash and the man left.", None),
        ("A shooting range opened on the edge of town last spring.", None),
        # police work and daily life worded like territory changing hands or an agreement
        ("The robbery took place at a pharmacy on the pike.", None),
        ("The federal bureau has taken over that case.", None),
        ("All suspects were taken to the county jail for arraignment.", None),
        ("Patel fell to the floor, the affidavit said.", None),
        ("Torres agreed to cooperate with investigators.", None),
        ("She pushed the robber out of her apartment and locked the door.", None),
        ("A neighbour said he was driving out of the parking lot when he heard gunfire.", None),
        ("State police have closed the road to traffic near the intersection.", None),
        ("The driver was killed when his truck collided with a tree on the boulevard.", None),
        ("The suspect is described as 6 feet tall and 240 pounds with a large build.", None),
        # a gun stolen is a theft, not a robbery at gunpoint; a robbery without a weapon is no event
        ("Three rifles were reported stolen Tuesday from a shed in the 400 block of Maple Court.", None),
        ("Deputies shared images of a teenager suspected of stealing a loaded pistol from a pickup.", None),
        ("A Tulsa woman was robbed Sunday morning at a bus stop.", None),
        # responders called to an accident: no property destruction
        ("Firefighters were called to a warehouse after a solvent leaked when a pallet jack punctured "
         "a barrel.", None),
    ],
)
@pytest.mark.model
def test_event_types_none_for_non_incidents(nlp, text, expected):
    assert type_text(text, nlp) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Israeli warplanes struck a house in Rafah.", "struck"),
        ("Rebels clashed with the army near the bridge.", "clashed"),
        ("Soldiers opened fire on a group of farmers.", "opened fire"),
    ],
)
@pytest.mark.model
def test_event_types_trigger_offsets_name_the_trigger(nlp, text, expected):
    doc = nlp(text)
    typing = type_event(next(iter(doc.sents)))
    assert isinstance(typing, EventTyping)
    assert doc.text[typing.trigger_start:typing.trigger_end] == expected
