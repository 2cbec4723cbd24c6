"""Safety rules: word-aware patterns for the routes, idioms, and negations.

Data plus tiny helpers; the decision logic is ``coach.safety``. Patterns match
whole words on lower-cased text with straight apostrophes, so "grapes" never
matches "rape" and "this week is killing me" is an idiom, not a threat.
"""

from __future__ import annotations

import re

P = r"(he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|ex|fiance|fiancee|spouse|bf|gf))"
ME = r"(me|my|i)"

# Hyperbole that only sounds alarming; removed before any crisis pattern runs.
IDIOMS = [
    r"\b(is|are|was|were|'s|'re) killing me\b", r"\bkilling it\b", r"\bdying to\b", r"\bto die for\b",
    r"\b(bored|scared|worried|tickled|loved?) to death\b(?! (of|by) (him|her|them|my))",
    r"\bkill (some )?time\b", r"\bdead tired\b", r"\bi'?m dead\b(?! serious)", r"\bkiller\b",
    r"\bhit it off\b", r"\bhit me up\b", r"\bhit the (gym|road|hay|sack|books)\b", r"\bhits? home\b",
    r"\bshoot me a (text|message)\b", r"\bblow(ing|s)? up my phone\b", r"\bcrush(ing|ed)? on\b",
    r"\bover my dead body\b", r"\blike cats and dogs\b", r"\bdrop[- ]dead\b", r"\bbeat (me|us|him|her) (at|in) \w+",
    r"\b(i could|could) (just )?(kill|murder) (for )?(a|some|an)\b", r"\bdie of embarrassment\b",
    r"\b(lol|lmao|haha+|jk)\b", r"\bthe suspense is\b",
    r"\b(he|she|they)('?d| would| will) (kill|murder) me if i (forgot|forget|miss|missed|was late|am late|ate|eat|spoil|spoiled|tell|told) (the|our|his|her|their|again|about)?",
    r"\bi'?d die without (coffee|my phone)\b", r"\bmurder(ed)? (a|the) (pizza|burger|song)\b",
]
IDIOM_RX = re.compile("|".join(IDIOMS))

# the user acting on the partner ("how can I … his phone"): similarity alone must
# not turn that into a crisis; explicit crisis patterns still apply
ACTOR_TOWARD_PARTNER = re.compile(
    r"\b(i want to|i'?m going to|how (can|do|could|should) i|should i|what if i|i'?m thinking of|"
    r"is it ok(ay)? to|help me)\b.*\b(his|him|her|hers|their|them|my (partner|husband|wife|boyfriend|girlfriend))\b"
)

NEGATION = re.compile(r"\b(never|not|no|didn't|doesn't|don't|won't|wouldn't|hasn't|hadn't|isn't|wasn't|nobody|no one)\b")

# (pattern, negatable): a negatable hit preceded closely by a negation is ignored
CRISIS: list[tuple[str, bool]] = [
    # self-harm and suicide
    (r"\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning) myself\b", True),
    (r"\b(kill|hurt|harm) (himself|herself|themselves|themself) if i\b", False),
    (r"\b(reason|point|will) to (keep going|go on|live|stay alive|be here)\b", True),
    (r"\bin case (something|anything) happens to me\b|\b(wrote|writing|write) (a )?(letters?|notes?) to (my|the) (kids|family|children)\b", False),
    (r"\b(end|take|ending|taking) my (own )?life\b", True),
    (r"\bsuicid(e|al)\b", True),
    (r"\b(don't|do not|no longer) want to (live|be alive|be here|wake up|exist)\b", False),
    (r"\b(no|any|the) point (in|of)? ?(living|life|going on|being alive|waking up)\b", False),
    (r"\bdon't see the point (of|in) (living|life|anything|going on)\b", False),
    (r"\b(everyone|everybody|they|he|she|family) (would be|'d be|is) better off without me\b", False),
    (r"\b(wish i was|want to be|wish i were|better off) dead\b", False),
    (r"\b(overdose|od) on\b", True),
    (r"\bcan't (go on|keep going|do this anymore)\b", False),
    (r"\bgoodbye (letter|note)\b|\bsay goodbye to everyone\b", False),
    (r"\b(go to sleep|fall asleep|sleep) and (not|never) wake up\b", False),
    (r"\bgiv(e|ing) (away )?(all )?my (things|stuff|belongings|possessions)( away)?\b", False),
    (r"\b(i'?m|i am|feel like|i feel like) (such )?a burden\b", False),
    (r"\b(better|lighter|easier|happier) (off )?without me\b", False),
    (r"\bstockpil\w* (my |up |all )*(meds|pills|medication|tablets)\b", False),
    (r"\b(how many|enough) (pills|tablets)\b|\bjump (off|from) (a|the) (bridge|roof|building)\b", False),
    # violence and threats from a partner
    (r"\b(he|she|they|partner|husband|wife|boyfriend|girlfriend|ex|fiance|fiancee|spouse|bf|gf) (hit|hits|hitting|slapped|slaps|punched|punches|kicked|kicks|choked|chokes|strangled|beat|beats|beating|shoved|shoves|pushed|pushes|pushing|grabs|grabbed|bit|bites|burned) (me|her|him|them)\b", True),
    (r"\b(gets?|got|getting) (physical|violent|rough) with (me|her)\b|\b(gets?|got|getting) (physical|violent)\b", True),
    (r"\b(raises?|raised|raising) (his|her|their) (hand|fist)s?\b|\bhide (the|my) bruises\b|\bbruises?\b", True),
    (rf"\b{P} (has |had )?(hurt|hurts|hurting|attacked|abused|abuses|grabbed|grabs) (me|her|him)\b", True),
    (r"\b(hit|slapped|punched|kicked|choked|strangled|beaten|abused|attacked) by (him|her|them|my)\b", True),
    (r"\bthreat(en|ens|ened|ening)s? (to )?(kill|hurt|harm|hit|beat)\b", True),
    (r"\b(threaten|threatens|threatened) me\b", True),
    (r"\b(said|says|told me) (he|she|they)('d| would| will)? (kill|hurt|hit) (me|my|us|the kids)\b", True),
    (rf"\b(afraid|scared|frightened|terrified|fear) (of|for) ({P}|him|her|my (life|safety))\b", True),
    (r"\b(scared|afraid|frightened|terrified) (to go|to be|of going) home\b", True),
    (r"\b(not safe|unsafe) (at home|with (him|her|them|my))\b|\bfear for my (life|safety)\b", True),
    (r"\b(won't|doesn't|don't) let me (leave|go out|see my (friends|family))\b", True),
    (r"\b(locks?|locked) me (in|out)\b", True),
    (r"\bthrows? (\w+ ){0,2}at me\b|\bsmash(es|ing|ed)? (things|stuff|the)\b|\bhiding (in|from)\b", True),
    (r"\btake the (kids|children|baby)\b|\bcontrols? (all )?(the |my )?money\b", True),
    (r"\b(turned|turns|turning|showed|shows|showing) up at my\b|\b(dozens|hundreds) of (messages|texts|calls)\b", True),
    (r"\b(has|owns|keeps|got) a (gun|knife|weapon)\b.*\b(me|threat|angry)\b", False),
    (r"\bdomestic (violence|abuse)\b|\babusive (relationship|partner|husband|wife|boyfriend|girlfriend)\b", True),
    (r"\b(physically|sexually|emotionally) abus(ive|es|ed|ing)\b", True),
    (r"\b(is|being|been|gets|getting|was) (abusive|violent)\b", True),
    (r"\bif i (ever )?(leave|left|go|try to leave|break up)\b.{0,40}\b(regret|be sorry|pay|hurt|kill|find me|take the kids|never see)\b", False),
    # stalking and monitoring done to the user
    (r"\b(stalk|stalks|stalking|stalked) (me|her)\b|\bbeing stalked\b|\bstalker\b", True),
    (r"\b(keeps|kept|keep) (showing|turning) up (at|outside|near)\b", True),
    (r"\b(follows|followed|following) me (to|home|around|everywhere|from)\b", True),
    (rf"\b{P} (tracks?|tracked|tracking|monitors?|monitoring|reads|read|checks|goes through|went through) (me|my) ?(location|phone|messages|texts|every move|emails)?\b", True),
    (r"\b(installed|put|hid|found) (a |an )?(tracker|tracking app|spyware|airtag|gps)\b.{0,12}\b(on|in) my (car|phone|bag|laptop|coat|jacket)\b", True),
    # sexual coercion
    (r"\brap(e|ed|ing)\b", True),
    (r"\b(forced|forces|forcing|pressur(ed|es|ing)|coerc(ed|es|ing)|made|makes|make) me (in)?(to )?(have sex|sleep with|do sexual|do things)", True),
    (r"\b(sex|sexual \w+) (when|after|even though) i (said no|didn't want|was asleep)\b", False),
    (r"\bsexual(ly)? (assault|assaulted|abuse|abused|coercion)\b", True),
    (r"\bwithout my consent\b|\bdidn't consent\b|\bnever (agreed|consented) to\b", True),
]

REFUSAL: list[tuple[str, bool]] = [
    (r"\bmake (him|her|them|my \w+) (jealous|feel guilty|insecure|worthless|afraid|scared)\b", True),
    (r"\b(jealousy|jealous) (tactics?|games?|trick)\b|\buse jealousy\b", True),
    (r"\b(read|check|go through|going through|look through|snoop|spy on) (his|her|their|my \w+'?s?) (messages|texts|phone|email|emails|dms|chats)\b", True),
    (r"\b(secretly|without (him|her|them) knowing) (read|check|track|record|follow|install|look|go through|put)\b", True),
    (r"\b(read|check|track|record|follow|install|look at|go through|put|see|watch|find out|know)\b.{0,50}\b(secretly|without (him|her|them) (knowing|noticing|finding out|seeing))\b", True),
    (r"\b(track|trace|monitor|spy on|bug|locate) (his|her|their|my \w+'?s?) (phone|location|car|movements|laptop)\b", True),
    (r"\b(track|monitor|spy on|follow) (him|her|them)\b", True),
    (r"\b(spyware|stalkerware|tracking app|hidden camera|airtag|gps tracker)\b", True),
    (r"\bguilt[- ]?trip(ping)? (him|her|them|my \w+)\b|\bmake (him|her|them) feel (bad|guilty)\b", True),
    (r"\b(feels?|feel) (bad|guilty|sorry) enough\b|\bteach (him|her|them) a lesson\b", True),
    (r"\bflirt\w* with\b.{0,40}\b(so|to make|until|to get)\b", True),
    (r"\b(pretend|pretending|say|saying|tell (him|her|them)) (that )?(i'?m|i am) pregnant so\b", True),
    (r"\b(give|giving|issue|set) (him|her|them|my \w+) an ultimatum\b|\bultimatum (to make|so that|so)\b", True),
    (r"\b(manipulat\w*|gaslight\w*|brainwash\w*|coerce|pressure|guilt) (him|her|them|my \w+)( into)?\b", True),
    (r"\b(how (can|do|could|should) i|help me|ways to|tips to|i want to|trying to)\b.{0,30}\b(manipulat\w*|gaslight\w*|brainwash\w*)", True),
    (r"\btrick (him|her|them|my \w+) into\b", True),
    (r"\b(control|controlling|decide|dictate) (who|what|where|how) (he|she|they|my \w+)\b|\bcontrol (him|her|them|my \w+)\b", True),
    (r"\b(punish|punishing) (him|her|them|my \w+)\b|\b(give|giving) (him|her|them|my \w+) the silent treatment\b", True),
    (r"\b(threaten|threatening) to (leave|break up|kill myself|hurt myself) (so|to make|unless|until)\b", True),
    (r"\b(lie|lying) to (him|her|them|my \w+) (so|to|about)\b", True),
    (r"\bfake (a )?(pregnancy|being pregnant|illness|emergency)\b", True),
    (r"\b(make|force|get) (him|her|them) to (stop seeing|cut off|drop) (his|her|their) (friends|family)\b", True),
    (r"\b(isolate) (him|her|them)\b", True),
    (r"\bmind games\b|\bplay hard to get\b.*\b(make|force)\b", True),
]

INJECTION = [
    r"\bignore (all |any |the |your )?(previous|prior|above|earlier) (instructions|prompts?|rules)\b",
    r"\b(reveal|show|print|repeat|tell me|what is|what's) (me )?(your|the) (system|hidden|initial) (prompt|instructions|message)\b",
    r"\b(disregard|forget|ignore) (all |any |of |your |the |previous |prior )*(instructions|rules|guidelines|prompts?)\b",
    r"\b(instructions|prompt|rules) (you were|you've been|you have been|you got) given\b|\byour (system prompt|instructions)\b",
    r"\byou are (now )?(dan|no longer a coach|an unrestricted)\b|\bjailbreak\b|\bdeveloper mode\b",
    r"\bpretend (you are|to be) (not|no longer) (a coach|bound)\b",
]

INJECTION_RX = re.compile("|".join(INJECTION) + r"|\b(route|classify) (every|all|this) (message|input)|\bsystem prompt\b")

OFF_TOPIC = [
    r"\b(python|javascript|java|sql|c\+\+|html|css|regex|code|coding|function|compile|bug in my|stack trace|api)\b",
    r"\b(capital of|population of|who won|world cup|stock price|bitcoin|crypto|weather (in|today)|recipe for|how many calories)\b",
    r"\b(homework|essay|math problem|equation|solve for x|integral|derivative|translate (this|into))\b",
    r"\b(write me a (poem|story|song)|tell me a joke)\b",
]


def compile_rules(rules: list[tuple[str, bool]]) -> list[tuple[re.Pattern, bool]]:
    return [(re.compile(rx), neg) for rx, neg in rules]


def normalise(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def strip_idioms(text: str) -> str:
    return IDIOM_RX.sub(" ", text)


# a crisis is about the speaker or someone they speak of: without these words a
# message ("you should just quit if it's that bad") is not judged a crisis by
# similarity alone (explicit patterns still apply)
SPEAKER_INVOLVED = re.compile(
    r"\b(i|i'm|i've|i'd|i'll|me|my|myself|mine|we|us|our)\b|\b(he|she|they|partner|husband|wife|boyfriend|girlfriend|ex)\b.*\b(her|him|them|kids|children|house|home|work|car|place)\b"
)

# a user who wants to stop, rebuild or reassure is not asking to manipulate
WANTS_TO_CHANGE = re.compile(
    r"\b(stop|quit|instead|reassure|rebuild|trust (him|her|them) again|without (sounding|being|seeming|coming across|\w+ing))\b"
)

# words that, just before a manipulation phrase, mean the user is not asking to do it
NOT_DOING = re.compile(r"\b(stop|stopped|quit|avoid|without|used|instead|accuses|accused|thinks|says|feels|like)\b")


def negated(text: str, start: int, extra: re.Pattern | None = None) -> bool:
    """True if one of the words right before ``start`` is a negation ("not suicidal")."""
    before = " ".join(re.findall(r"[a-z']+", text[:start])[-3:])
    return bool(NEGATION.search(" ".join(before.split()[-2:])) or (extra and extra.search(before)))


def negated_match(text: str, rules: list[tuple[re.Pattern, bool]]) -> str | None:
    """A pattern that matched but was negated ("he's never hit me", "not suicidal")."""
    for rx, negatable in rules:
        for m in rx.finditer(text):
            if negatable and negated(text, m.start()):
                return m.group(0)
    # "never hit me": the negation sits inside the phrase, so the pattern itself fails
    m = re.search(r"\b(never|not|didn't|doesn't|hasn't|wouldn't|won't) (ever )?(hit|hurt|hits|hurts|threatened|touched|abused)\b", text)
    return m.group(0) if m else None


def first_match(text: str, rules: list[tuple[re.Pattern, bool]], extra: re.Pattern | None = None) -> str | None:
    for rx, negatable in rules:
        for m in rx.finditer(text):
            if negatable and negated(text, m.start(), extra):
                continue
            return m.group(0)
    return None
