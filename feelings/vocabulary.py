"""The team's own vocabulary of feelings and needs, seeded by a data migration.

Groups describe a family of experience, never a verdict on it, and nothing
downstream may add one. Lists are kept in
alphabetical order within a group, which is also how they are shown.
"""

from __future__ import annotations

# (group key, group label) in display order.
FEELING_GROUPS: list[tuple[str, str]] = [
    ("warmth", "Warmth and closeness"),
    ("lightness", "Lightness"),
    ("interest", "Interest and pride"),
    ("wanting", "Wanting and comparing"),
    ("unsteady", "Unsteadiness and fear"),
    ("heaviness", "Heaviness and hurt"),
    ("heat", "Heat"),
    ("inward", "Turning inward"),
    ("own", "Your own words"),
]

# (name, group key, one-line plain definition)
FEELINGS: list[tuple[str, str, str]] = [
    ("affection", "warmth", "A fond, easy liking for someone."),
    ("compersion", "warmth", "Gladness in someone else's happiness, even when it doesn't come from you."),
    ("gratitude", "warmth", "Noticing that something given to you mattered."),
    ("love", "warmth", "A deep care for someone and their wellbeing."),
    ("tenderness", "warmth", "A soft, protective warmth toward someone."),
    ("belonging", "warmth", "Feeling that you have a place among people."),
    ("amusement", "lightness", "Finding something funny or delightfully odd."),
    ("calm", "lightness", "A settled quiet in body and mind."),
    ("contentment", "lightness", "Feeling that what is here is enough for now."),
    ("excitement", "lightness", "Energy leaning toward something about to happen."),
    ("hope", "lightness", "Expecting that something wanted could come true."),
    ("joy", "lightness", "A bright lift of happiness."),
    ("relief", "lightness", "The loosening when a worry passes."),
    ("admiration", "interest", "Looking up to what someone is or does."),
    ("curiosity", "interest", "Wanting to know or understand more."),
    ("inspiration", "interest", "Being moved to create or to try something."),
    ("pride", "interest", "Pleasure in something you or someone close to you did."),
    ("competitiveness", "wanting", "An urge to measure up to or outdo someone."),
    ("envy", "wanting", "Wanting something another person has."),
    ("jealousy", "wanting", "Fear of losing a bond, attention or place to someone else."),
    ("longing", "wanting", "Reaching toward someone or something that isn't here."),
    ("pettiness", "wanting", "Small, sharp urges to keep score or get even."),
    ("possessiveness", "wanting", "Wanting to hold on to someone as if they were yours alone."),
    ("scarcity", "wanting", "A sense that there isn't enough love, time or care to go round."),
    ("anxiety", "unsteady", "A restless worry about what might happen."),
    ("fear", "unsteady", "Sensing a threat to you or to something you care about."),
    ("insecurity", "unsteady", "Doubting your worth or your place with someone."),
    ("overwhelm", "unsteady", "Too much at once to take in or handle."),
    ("uncertainty", "unsteady", "Not knowing where you stand or what comes next."),
    ("vulnerability", "unsteady", "Feeling open and unprotected."),
    ("disappointment", "heaviness", "Something hoped for didn't happen."),
    ("grief", "heaviness", "Sorrow over a loss, large or small."),
    ("left out", "heaviness", "Noticing that others are together without you."),
    ("loneliness", "heaviness", "Missing connection you want."),
    ("sadness", "heaviness", "A heavy, low feeling, often around loss."),
    ("anger", "heat", "A surge of energy when something feels wrong or unfair."),
    ("frustration", "heat", "Being blocked from something you want."),
    ("irritation", "heat", "A small, prickly annoyance."),
    ("resentment", "heat", "Lingering hurt about something that felt unfair."),
    ("ambivalence", "inward", "Pulled two ways at once."),
    ("confusion", "inward", "Not being able to make sense of what's happening."),
    ("embarrassment", "inward", "Feeling exposed in front of others."),
    ("guilt", "inward", "Believing you did something that hurt someone."),
    ("numbness", "inward", "Feeling very little, or far away from your feelings."),
    ("shame", "inward", "Feeling that something is wrong with who you are."),
    ("tiredness", "inward", "Running low on energy."),
]

# (name, one-line plain definition)
NEEDS: list[tuple[str, str]] = [
    ("appreciation", "Being noticed and valued for who you are and what you do."),
    ("attention", "Someone's focus on you for a while."),
    ("autonomy", "Choosing for yourself how you spend your life."),
    ("being heard", "Having your words taken in without being fixed or argued with."),
    ("clarity", "Knowing what is agreed and what to expect."),
    ("connection", "Feeling close and in touch with someone."),
    ("consistency", "People doing what they said they'd do."),
    ("fairness", "A sense that things are balanced between people."),
    ("honesty", "Being told the truth, kindly."),
    ("inclusion", "Being invited in rather than left outside."),
    ("novelty", "Something new and fresh to share."),
    ("play", "Lightness, fun and silliness."),
    ("reassurance", "Hearing that you still matter and the bond is safe."),
    ("respect", "Being treated as someone whose needs count."),
    ("rest", "Time to recover and do nothing much."),
    ("security", "Feeling steady and safe in a relationship."),
    ("space", "Time and room of your own."),
    ("support", "Help with something that is hard."),
    ("time together", "Unhurried time with someone you love."),
    ("touch", "Physical closeness and affection."),
]

# A few gentle openings for learning about a metamour.
METAMOUR_PROMPTS: list[str] = [
    "Something they love doing",
    "Something we have in common",
    "Something they're looking forward to",
    "Something they did that surprised me",
    "What my partner enjoys about them",
]
