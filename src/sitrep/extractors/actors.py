"""Extract stage: actor normalisation, from "Israeli warplanes" or "the IDF" to ACLED's actor names."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from spacy.tokens import Token

from sitrep.names import lookup_words
from sitrep.resources import load_table, word_group

logger = logging.getLogger(__name__)

Role = Literal["agent", "victim"]
_MAX_ALIAS_WORDS = 6
_MODIFIER_DEPS = ("amod", "compound", "poss", "nmod", "npadvmod")


@dataclass(frozen=True, slots=True)
class _Table:
    names: dict[str, str]
    countries: dict[str, str]
    roles: dict[str, tuple[str, str | None]]
    means: frozenset[str]


@cache
def _table() -> _Table:
    names: dict[str, str] = {}
    countries: dict[str, str] = {}
    roles: dict[str, tuple[str, str | None]] = {}
    means: set[str] = set()
    for row in load_table("actors"):
        kind, alias, actor = row["kind"], row["alias"].lower(), row["actor"]
        if kind == "name":
            names[alias] = actor
        elif kind == "country":
            countries[alias] = actor
        elif kind in ("role", "means"):
            roles[alias] = (actor, None if row["no_country"] == "-" else row["no_country"])
            if kind == "means":
                means.add(alias)
    return _Table(names, countries, roles, frozenset(means))


def _ngrams(words: Sequence[str]) -> list[str]:
    out = []
    for n in range(min(_MAX_ALIAS_WORDS, len(words)), 0, -1):
        out.extend(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def _fill(template: str, fallback: str | None, country: str | None) -> str | None:
    if not country:
        return fallback
    if "({country})" in template and country.lower().startswith("the "):
        country = country[4:]
    return template.format(country=country)


def country_of(text: str) -> str | None:
    """The country a phrase names or implies by demonym ("Israeli warplanes" -> "Israel"), else None."""
    table = _table()
    for gram in _ngrams(lookup_words(text)):
        if gram in table.countries:
            return table.countries[gram].removeprefix("the ")
    return None


def normalise_actor(text: str, head: str | None = None, *, country: str | None = None,
                    role: Role = "agent") -> str | None:
    """ACLED's name for the actor a phrase refers to.

    Named forces and groups come from the alias table (``actors.tsv``): "the IDF" -> "Military Forces
    of Israel", "RSF" -> "Rapid Support Forces". Otherwise the head noun gives a role and a demonym in the
    phrase, or else ``country``, fills it: "Russian forces" -> "Military Forces of Russia", "police" in
    Ukraine -> "Police Forces of Ukraine", "gunmen" -> "Unidentified Armed Group (Country)".

    Args:
        text: the phrase, e.g. "Israeli warplanes".
        head: its head noun's lemma ("warplane"); by default the phrase's last word.
        country: the country the event happened in, used when the phrase names none.
        role: "agent" for who acted, "victim" for who was acted upon; people and bare countries read
            as civilians for victims ("Palestinians" -> "Civilians (Palestine)") and as the state's
            military for agents ("Israel struck..." -> "Military Forces of Israel").

    Returns:
        The actor name, or None when the phrase names no actor ("the house", "a man" as agent).
    """
    table = _table()
    words = lookup_words(text)
    if not words:
        return None
    for gram in _ngrams(words):
        if gram in table.names:
            return table.names[gram]
    named = None
    for gram in _ngrams(words):
        if gram in table.countries:
            named = table.countries[gram]
            break
    head = (head or words[-1]).lower()
    place = named or (_with_article(country) if country else None)
    if head in table.roles:
        template, fallback = table.roles[head]
        if head in table.means:
            place = named
        if role == "agent" and template.startswith("Civilians"):
            return None
        return _fill(template, fallback, place)
    if head in table.countries:
        home = table.countries[head]
        if role == "agent":
            return _fill("Military Forces of {country}", None, home)
        return _fill("Civilians ({country})", None, home)
    return None


@cache
def _articled() -> dict[str, str]:
    """Country name -> the form ACLED uses after "of" ("United States" -> "the United States")."""
    return {c.removeprefix("the "): c for c in _table().countries.values()}


def _with_article(country: str) -> str:
    return _articled().get(country, country)


def _phrase(tok: Token) -> str:
    """The words of ``tok``'s noun phrase up to the head (no relative clause or trailing prepositions)."""
    left = min(tok.left_edge.i, tok.i)
    return tok.doc[left:tok.i + 1].text


def actor_of_token(tok: Token, *, country: str | None, role: Role) -> str | None:
    """ACLED's actor for the noun phrase headed by ``tok`` (see normalise_actor)."""
    if tok.pos_ == "PRON" and tok.lower_ in word_group("pronouns", "people"):
        return None if role == "agent" else _fill("Civilians ({country})", "Civilians", _with_article(country) if country else None)
    if tok.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None
    head = tok.lemma_ if tok.pos_ == "NOUN" else tok.text
    actor = normalise_actor(_phrase(tok), head, country=country, role=role)
    if actor is None and tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "NORP", "GPE"):
        actor = normalise_actor(tok.doc[tok.i:tok.i + 1].text, country=country, role=role)
    return actor


def _names_actor(tok: Token) -> bool:
    """Whether a modifier names a country or an armed group ("Israeli", "Hamas"), not a quality ("illegal")."""
    table = _table()
    word = tok.lower_
    return word in table.countries or word in table.names


def _agent_of_verb(verb: Token, depth: int = 0) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    if depth < 3 and verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        return _agent_of_verb(verb.head, depth + 1)
    return None


def _agent(trigger: Token) -> Token | None:
    """The token heading who carried out the action at ``trigger`` (a verb or an event noun)."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ in _MODIFIER_DEPS and (c.ent_type_ in ("NORP", "GPE", "ORG") or _names_actor(c)):
                return c
            if c.dep_ == "prep" and c.lower_ == "by":
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        if trigger.dep_ in ("dobj", "pobj", "attr") and trigger.head.pos_ in ("VERB", "AUX"):
            return _agent_of_verb(trigger.head)
        if trigger.dep_ == "pobj" and trigger.head.head.pos_ in ("VERB", "AUX"):
            return _agent_of_verb(trigger.head.head)
        return None
    return _agent_of_verb(trigger)


def _target(trigger: Token) -> Token | None:
    verb = trigger
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ in word_group("prepositions", "actor_target"):
                return next((p for p in c.children if p.dep_ == "pobj"), None)
        if trigger.dep_ not in ("dobj",) or trigger.head.pos_ not in ("VERB", "AUX"):
            return None
        verb = trigger.head
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for c in verb.children:
        if c.dep_ == ("nsubjpass" if passive else "dobj") and c is not trigger:
            return c
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in word_group("prepositions", "actor_target"):
            return next((p for p in c.children if p.dep_ == "pobj"), None)
    return None


def event_actors(trigger: Token | None, victims: Sequence[Token] = (), *, country: str | None = None,
                 event_type: str | None = None) -> tuple[str | None, str | None]:
    """(actor1, actor2) of an incident: who acted at ``trigger``, and who was acted upon.

    Args:
        trigger: the token the incident was typed from ("airstrikes", "shot"), or None.
        victims: heads of the casualty phrases, the first people acted upon.
        country: the incident's country, for actors the text names no country for.
        event_type: ACLED event type; protests and riots default actor1 to protesters or rioters.

    Returns:
        Normalised names, None where the text gives no actor.
    """
    actor1 = actor2 = None
    if trigger is not None:
        agent = _agent(trigger)
        if agent is not None:
            actor1 = actor_of_token(agent, country=country, role="agent")
        if actor1 is None and trigger.pos_ in ("NOUN", "PROPN"):
            actor1 = normalise_actor(_phrase(trigger), trigger.lemma_, country=None, role="agent")
            if actor1 == "Unidentified Military Forces":
                actor1 = None  # "the strike" alone says nothing about who struck
        target = _target(trigger)
        if target is not None:
            actor2 = actor_of_token(target, country=country, role="victim")
    for tok in victims:
        if actor2 is not None:
            break
        actor2 = actor_of_token(tok, country=country, role="victim")
    if actor1 is None and event_type in ("Protests", "Riots"):
        home = _with_article(country) if country else None
        actor1 = _fill("Protesters ({country})" if event_type == "Protests" else "Rioters ({country})",
                       "Protesters" if event_type == "Protests" else "Rioters", home)
    if actor2 == actor1:
        actor2 = None
    return actor1, actor2


__all__ = ["actor_of_token", "country_of", "event_actors", "normalise_actor"]
