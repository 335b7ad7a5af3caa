"""The daily prompt and the gentle nudge for vague items. Pure functions, no database."""

from __future__ import annotations

import hashlib
import re
from datetime import date

# Written by the Compersion team. Most are about people, because the practice is.
PROMPTS: tuple[str, ...] = (
    "Who made you laugh recently, and what exactly did they say?",
    "Think of a partner's small habit that makes your home kinder. What is it?",
    "What did a friend do this week that they probably think you didn't notice?",
    "Who is happy right now about something that has nothing to do with you? Can you enjoy that with them?",
    "Recall a moment today when someone listened to you properly.",
    "Which colleague made your work lighter lately, and how?",
    "What is something your metamour brings to your partner's life that you are glad of?",
    "Who taught you something, big or small, this month?",
    "Think of a message you received that you read twice. Who sent it, and why did it land?",
    "Who showed up for someone else recently, and what did that look like?",
    "What did a family member do that reminded you of the good in them?",
    "Whose good news did you hear lately? Picture their face as they told it.",
    "Which person in your life is easy to be quiet with? What makes that so?",
    "Who forgave you for something, or let something go, without a fuss?",
    "What meal, drink or treat did someone share with you, and what made it good?",
    "Think of a stranger who was kind to you. What exactly did they do?",
    "Who in your life is growing or changing in a way you admire?",
    "What did your partner look like when they were really happy this week?",
    "Who made a plan, booked a thing or remembered a date so you didn't have to?",
    "Name a neighbour, shopkeeper or driver who made your day run smoother.",
    "Who trusted you with something recently: a secret, a worry, a key?",
    "What is a small ritual you share with someone? When did you last do it?",
    "Who encouraged you when you were unsure? What words did they use?",
    "Which friend would you call first with good news, and why them?",
    "What does someone you love do that you would miss if it stopped?",
    "Who did something generous for a person other than you? How did it feel to see?",
    "Think of a joke only you and one other person understand. Who is it with?",
    "Who cared for a child, an elder, an animal or a plant in a way that moved you?",
    "Which of your partner's other relationships has made them more themselves?",
    "Who said no to you kindly, and why was that a gift?",
    "Remember the last hug you really felt. Whose was it?",
    "Who made something with their hands that you got to enjoy?",
    "What is a question someone asked you recently that showed they were paying attention?",
    "Who do you know who is having a good season of life? What are they enjoying?",
    "Which teacher, coach or mentor still shapes how you do something?",
    "Who helped you move, fix, carry or clean something?",
    "What did someone remember about you that surprised you?",
    "Who is brave in a way you admire? Name one thing they did.",
    "Who shares a hobby with you, and what is a favourite moment of it?",
    "Think of someone you haven't seen in a while. What do you appreciate about them today?",
    "Who gave you time this week, even just ten minutes?",
    "Which person makes the group chat, the office or the dinner table warmer?",
    "Whose success this month can you be glad about, even a little?",
    "Who apologised to you, or made something right?",
    "What did someone cook, grow or bake that reached you?",
    "Who stood up for you or for someone else?",
    "Which of your people has a laugh you can hear in your head right now?",
    "Who shared a song, a book or a film with you that you ended up loving?",
    "Who made a sacrifice, however small, so that something could happen for others?",
    "What did you notice about someone's kindness while they thought no one was looking?",
    "Who checked in on you without being asked?",
    "What is something your body let you do today?",
    "What small comfort in your home are you glad of tonight?",
    "What did you see outside today that was worth stopping for?",
    "Which ordinary object made today easier?",
    "What went better than you feared this week?",
    "What is a skill you have now that you once had to struggle for?",
    "What made you feel safe today?",
    "Which moment today would you like to keep?",
    "What did you learn today, even by accident?",
    "What rest or pause did you get that you needed?",
    "Who in the wider world, someone you'll never meet, did something you are grateful for?",
    "Whose joy did you witness today, and what was it like to be near it?",
)

_VAGUE_PHRASES = frozenset(
    {
        "my family",
        "family",
        "everything",
        "life",
        "my life",
        "friends",
        "my friends",
        "my partner",
        "my partners",
        "love",
        "health",
        "my health",
        "people",
        "the world",
        "nature",
        "food",
        "home",
        "my home",
        "my job",
        "work",
        "today",
    }
)
VAGUE_MIN_WORDS = 4


def prompt_for(*, user_id: int, local_date: date) -> str:
    """Today's prompt for a user: the same in every process and on every server."""
    # hash() is salted per process; a digest of user and date is stable everywhere.
    digest = hashlib.sha256(f"{user_id}:{local_date.isoformat()}".encode()).digest()
    return PROMPTS[int.from_bytes(digest[:8], "big") % len(PROMPTS)]


def is_vague(text: str) -> bool:
    """True for items like "my family" or "everything": saved, but worth a gentle question."""
    words = re.findall(r"[\w']+", text.lower())
    return " ".join(words) in _VAGUE_PHRASES or len(words) < VAGUE_MIN_WORDS


def vague_note(text: str) -> str | None:
    if not is_vague(text):
        return None
    return (
        "Saved. If you like, add what exactly: who did what, and when? Specific moments stay with you longer."
    )
