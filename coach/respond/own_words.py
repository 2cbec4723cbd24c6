"""Own words: the clean words of the person's that a gentler version of their message can keep.

A message to a partner says something concrete: what the partner did ("you went to the
match instead of your cousin's wake"), what the person is sorry or thankful for, what
they ask, what they hope. ``read_meaning`` finds those clauses and keeps one only when
it can be said gently as it stands: short, in the right person, and free of the words
that sting. Words that only add heat are taken out rather than losing the clause with
them: absolutes ("you always pick your friends" -> "you pick your friends", "you never
call" -> "you don't call"), intensifiers ("literally", "even") and swearing ("put the
damn phone down" -> "put the phone down"; the cutting and cooling is
``coach.respond.clauses``'). A clause that still stings is left out whole. This module reads no intent (``coach.reading.intents`` names it) and writes no
variant (``coach.respond.phrasing``'s templates do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from coach.respond.clauses import (
    ABSOLUTES,
    DATA,
    FEELING_WORDS,
    LEAD,
    STING,
    clean_slot,
    first_clause,
    first_slot,
    plain,
)

__all__ = ["ABSOLUTES", "DATA", "STING", "Meaning", "read_meaning"]


@dataclass
class Meaning:
    kind: str  # the intent: complaint | request | apology | feeling | talk | appreciation | boundary | support
    feeling: str = ""
    slots: dict[str, str] = field(default_factory=dict)  # clean words of the person's own: when, sorry, thanks, ...

    def own_words(self) -> dict[str, str]:
        """The slots that carry the person's words (not the tense of ``when``)."""
        return {k: v for k, v in self.slots.items() if k not in ("feel", "feels")}

    def without(self, names: set[str]) -> Meaning:
        """The same meaning with the named slots left out (``when`` takes its tense with it)."""
        gone = set(names) | ({"feel", "feels"} if "when" in names else set())
        return Meaning(self.kind, self.feeling, {k: v for k, v in self.slots.items() if k not in gone})


# verbs in the past: what the partner did then makes "I felt", not "I feel"
_PAST = (r"did|didn't|was|wasn't|were|weren't|had|hadn't|went|left|said|told|made|forgot|spent|took|came|got|gave|"
         r"lost|broke|sent|ran|sat|stood|kept|brought|bought|drank|ate|threw|bit|woke|slept|hung|blew|wore|wrote|"
         r"spoke|stole|paid|hid|chose|drove|flew|fell|fought|found|heard|held|knew|met|rang|saw|sang|shook|swore|"
         r"taught|thought|tore|won")
# "you've left the towels out" is said as "you left the towels out"
_PERFECT = {"been": "were", "done": "did", "gone": "went", "forgotten": "forgot", "taken": "took", "eaten": "ate",
            "seen": "saw", "given": "gave", "spoken": "spoke", "broken": "broke", "written": "wrote"}


def _when(text: str) -> str:
    """What the partner did, as "you ...", if the message says it; not a fond memory ("you used to
    tell me everything first") or a kind word ("you're my someone")."""
    found = _partner_did(text)
    # nor a promise alone: "you promised you'd come ... and then you bailed" is about the bailing
    # nor a comparison that is a charge: "you care more about your phone than about me"
    # nor an open door or a time: "whenever you want", "when you're ready", "when you're home", "when you're done"
    return "" if re.search(r"\bused to\b|^you(?:'re| are) (?:my|the one|the best)\b|^you (?:promised|said) (?:you'd|you would|to)\b"
                           r"|^you(?:'re| are)? (?:want|like|need|can|could|ready|free|wish|please|feel like(?: it| talking)?)(?: to)?$"
                           r"|^you(?:'re| are) (?:home|back|here|free|done|ready|off|up|finished|awake|around|at)\b"
                           r"|\bthan (?:about |with |for )?(?:me|us|I do)\b", found, re.IGNORECASE) else found


def _partner_did(text: str) -> str:
    text = re.sub(rf"\byou(?:'ve| have) (?:\w+ly )?(\w+ed|{_PAST}|{'|'.join(_PERFECT)})\b",
                  lambda m: "you " + _PERFECT.get(m.group(1).lower(), m.group(1)), text, flags=re.IGNORECASE)
    # "why do you always have to be late": what they do is "be late", said as "you're late"
    text = re.sub(r"\b(you (?:always |constantly |just )?)(?:have|need) to\b ", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\bnever,? ever\b", "never", text, flags=re.IGNORECASE)
    # "you never once asked how my test went" is said "you haven't asked ..." (a regular verb only)
    text = re.sub(r"\byou (?:have )?never (?:once |even |ever )?(\w+ed)\b", r"you haven't \1", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou ((?:always |constantly |just )?)be\b", r"you're \1", text, flags=re.IGNORECASE)
    if m := re.search(r"\b(?:when|whenever|that|every (?:single )?time) (you [^.!?]+)", text, re.IGNORECASE):
        return clean_slot(first_clause(m.group(1)))
    # "I feel you don't listen", "it feels like you care more about your phone"
    if m := re.search(r"\b(?:I feel (?:like |as if |that )?|(?:feels?|felt|it's|its|it is) (?:like|as if|as though) )(you [^.!?]+)",
                      text, re.IGNORECASE):
        if found := clean_slot(first_clause(m.group(1))):
            return found
    if m := re.search(r"\byou(?:'re| are)? (?:always|constantly|keep) ([^.!?]+)", text, re.IGNORECASE):
        verb = first_clause(m.group(1))
        be = re.match(r"you(?:'re| are)", m.group(0), re.IGNORECASE)
        return clean_slot(("you're " if be else "you ") + verb)
    if m := re.search(r"\byou(?:'re| are) never ([^.!?]+)", text, re.IGNORECASE):  # "you're never home on weekends"
        if found := clean_slot("you're not " + first_clause(m.group(1))):
            return found
    if m := re.search(r"\byou can'?t (?:just )?keep ([a-z]+ing\b[^.!?]*)", text, re.IGNORECASE):  # "you can't keep sending money"
        if found := clean_slot("you keep " + first_clause(m.group(1))):
            return found
    if m := re.search(r"\bwhy (?:don't|do not|won't|can't) you (?:ever |even )?([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        rest = first_clause(m.group(2))
        return clean_slot(f"you don't {m.group(1)}{(' ' + rest) if rest else ''}")
    if m := re.search(r"\byou never ([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        verb, rest = m.group(1), first_clause(m.group(2))
        if not re.search(r"(ed|s)$", verb, re.IGNORECASE):  # base form only: "you never help" -> "you don't help"
            return clean_slot(f"you don't {verb}{(' ' + rest) if rest else ''}")
    if m := re.search(r"(?<!even )\bwhen (you're [^.!?]+)", text, re.IGNORECASE):  # "it hurts when you're on your laptop"
        return clean_slot(first_clause(m.group(1)))
    if m := re.search(LEAD + r"(you were (?:on|at|out|in|away|late|gone|glued|still)\b[^.!?]*)", text, re.IGNORECASE):
        return clean_slot("y" + first_clause(m.group(1))[1:])  # "you've been on that golf course" (said "you were")
    if m := re.search(LEAD + r"(you(?:'re| are)? (?!(?:are|were|know|think|say|said|seem|look|so|such|a|an|"
                      r"the|being|really|too|kind|kinda|honestly|literally|just|not|right|wrong|the)\b)"
                      r"(?!(?:make|made) (?:me|it|us|this|that|such|so|sure)\b)[a-z]+\b[^.!?]*)",
                      text, re.IGNORECASE):  # a sentence that starts with what they did: "You went out ..."
        return clean_slot("y" + first_clause(m.group(1))[1:])
    return ""


# what the person did, in the past: what "I'm sorry I ..." is for (not "I was tired", "I said I'd ...": excuses and promises)
_DID = (r"(?:\w+ed|forgot|missed|broke|went|lost|left|took|made|got|didn't|wasn't|ate|drank|spent|told|let|"
        r"blew|ran|snapped|bit|threw|brought|sent|kept|gave|hung|slept|woke|came|wore|wrote|spoke|stole|hid|"
        r"drove|fell|fought|rang|swore|tore|shouted|yelled)")


def _sorry(text: str, apology: bool) -> str:
    text = re.sub(r"\bI was wrong for\b", "sorry for", text, flags=re.IGNORECASE)  # "I was wrong for going ..."
    m = re.search(r"(?:\b(?:I'm|I am) |^|[.!?]\s+)(?:so |really |truly |very )?sorry,? (?:that |if )?((?:I|for|about) [^.!?]+)",
                  text, re.IGNORECASE) or re.search(r"\b(?:apologi[sz]e|apologies|forgive me|an apology|my bad) (for [^.!?]+)",
                                                    text, re.IGNORECASE)
    if not m and apology:  # "I looked through your phone last week. I'm so sorry."
        m = re.search(rf"(?:^|[.!?]\s+|,\s+)(?:I know )?(I (?:\w+ly )?(?:{_DID}|keep \w+ing|was (?:so |really )?"
                      rf"(?:late|rude|short|harsh|mean|unfair|grumpy|snappy|out of order|off with you))\b[^.!?]*)",
                      text, re.IGNORECASE)
    if not m and apology and (late := re.search(r"(?:^|[.!?,]\s*)(?:I'm |I am )?(running (?:\w+ ){0,3}?late)\b", text,
                                                 re.IGNORECASE)):
        return clean_slot("I'm " + late.group(1).lower())  # "Running 20 mins late, so sorry"
    if not m:
        return ""
    clause = first_clause(m.group(1))  # "I was late again": "again" is heat and _clean_slot drops it
    return clean_slot(clause if clause.lower().startswith(("for ", "about ")) else clause[0].upper() + clause[1:])


def _thanks(text: str) -> str:
    return first_slot(text, r"\b(?:thank you|thanks|thx) (?:so much )?for ([^.!?]+)",
                 r"\bappreciate (?:you |it when you )?((?:\w+ing)[^.!?]*)")


def _noticed(text: str, appreciation: bool) -> str:
    """What the person saw the partner do: "I saw you fixed the gate", "it means a lot that you sat with me";
    in a thank-you, also a sentence that says what they did: "You handled my dad brilliantly on Sunday"."""
    found = first_slot(text, rf"\b(?:saw|noticed|see|notice) (?:that )?(you {_DID}\b[^.!?]*)",
                  r"\bmeans? (?:a lot|so much|the world)(?: to me)? (?:that|when) (you [^.!?]+)",
                  r"\b(?:saw|noticed|see|notice|admire|appreciated?) (how (?:hard |much )?you [^.!?]+)")
    if not found and appreciation:
        found = first_slot(text, r"(?:^|[.!?]\s+)(you (?:\w+ed|took|kept|brought|bought|gave|sat|stood|got|came)\b[^.!?]*)")
    return found[:1].lower() + found[1:]


_DO = (r"put|stop|text|call|let|tell|remind|come|help|pick|take|give|send|wash|clean|turn|bring|answer|remember|ask|check|"
       r"try|book|listen|talk|spend|leave|keep|get|make|do|sort|plan|hang|reply|look|walk|hold|wipe|empty|load|fold|"
       r"tidy|fix|shut|close|lock|feed|speak|ring|pay|move|drop|switch|unplug|rinse|hoover|vacuum")


def _ask(text: str) -> str:
    ask = first_slot(text, r"(?:^|[.!?]\s+)(?:please )?(stop [a-z]+ing\b[^.!?]*)",
                r"\b(?:can|could|would|will) you (?:please |just |ever )?([^.!?]+)",
                r"\bI (?:need|want|would like|'d like) you to ([^.!?]+)",
                r"(?:^|[.!?]\s+)(?:please|kindly) ([^.!?]+)",
                r"\b(?:I'm|I am) (?:begging|asking) you,\s*([^.!?]+)",
                r"(?<!not )(?<!n't )\b(?:asked|ask|asking|begged|beg|told|tell|reminded|remind) you (?:(?:a )?[a-z]+ times )?to ([^.!?]+)",
                r"\bI(?:'d| would) (?:really )?love it if you(?:'d| could| would)? ([^.!?]+)",
                r"\bI(?:'d| would) (?:really )?love (?:for )?you to ([^.!?]+)",
                rf"(?:^|[.!?]\s+)(?:just )?((?:(?:don't|do not) )?(?:{_DO})\b[^.!?]*)")
    ask = re.sub(r"^(?:don't|do not) ", "not ", ask, flags=re.IGNORECASE)  # "please don't X": "could you not X"
    return ask if ask.startswith("I ") else ask[:1].lower() + ask[1:]


def _us(text: str) -> str:
    return first_slot(text, r"\b(?:I|we)(?: (?:really |just |honestly )?(?:want|need|would like|would love|wish)|'d (?:really )?(?:like|love))"
                       r"(?: for)? (?:us|we) (?:to |could )([^.!?]+)",
                 r"\b(?:want to|fancy) ((?:start |try |go |do )?[a-z]+ing\b[^.!?]*? together)\b",
                 r"\bI(?:'d| would) (?:really )?love it if we (?:could )?(?!made\b|\w+ed\b)([^.!?]+)",
                 r"\b(?:can|could|should) we (?:please |maybe )?([^.!?]+)")


def _proud(text: str) -> str:
    return first_slot(text, r"\bproud of you for ([^.!?]+)")


def _about(text: str) -> str:
    """What the person is sorry about in the partner's life: "about your nan", "you didn't get the job"."""
    return first_slot(text, r"\b(?:sorry|gutted|bummer|shame|heartbroken)(?: for you)? (?:to hear )?"
                       r"((?:about|for) (?:your\b|the\b|(?-i:[A-Z][a-z]+)\b)[^.!?]*)",
                 r"\bsorry (?:to hear )?(?:that )?((?:you(?:'re| are)?|the|your) [^.!?]+)",
                 *((r"\bheard (?:that )?((?:about )?(?:the|your) [^.!?]+)",)  # "I heard about your grandad" with a "sorry"
                   if re.search(r"\b(?:sorry|gutted|awful|terrible|heartbroken|so sad)\b", text, re.IGNORECASE) else ()))


def _thinking(text: str) -> str:
    """Where the person's thoughts are with the partner: "at the hearing", "before your interview"."""
    return first_slot(text, r"\b(?:thinking (?:of|about) you|with you|rooting for you|here for you)(?: today| tonight| tomorrow)? "
                       r"((?:at|before|during|with|for|on) (?:the |your )?(?!(?:me|you|us|it|that|this|all|and|now|sure|real|ever)\b)[a-z]+\b[^.!?]*)")


def _promise(text: str) -> str:
    """What the partner promised and (the message goes on to say) did not do: "be at the scan"."""
    return first_slot(text, r"\byou (?:promised|said|swore)(?: me)? (?:that )?(?:you'd|you would|to) ([^.!?]+)")


def _seen(text: str) -> str:
    """A state of things the person is unhappy about, told without "you": "the dishes have been in
    the sink since Tuesday", "the car's on empty" (said as "I've noticed ...")."""
    found = first_slot(text, LEAD + r"((?:the|our|your) (?:[a-z'-]+ ){0,3}?(?:has been|have been|is still|are still|is|are|"
                              r"was|were|keeps|still)\b[^.!?]+)",
                 LEAD + r"((?:the|our|your) [a-z-]+'s (?:still )?(?:on|off|out|empty|broken|full|in|been)\b[^.!?]*)")
    if re.search(r"\b(?:is|are|was|were|'s|'re) (?:a|an|so|such|being|really|too|very|the|just|quite|pretty)\b|\bme\b",
                 found, re.IGNORECASE):
        return ""  # "your mum is a nightmare", "the time difference is killing me": a verdict or a feeling
    return found[:1].lower() + found[1:]


def _know(text: str) -> str:
    """What the person knows the partner is going through: "the news about your dad isn't good"."""
    return first_slot(text, r"\bI know (?:that )?(?!I\b|how\b|what\b|why\b|it\b|this\b|that\b|right\b)(\w[^.!?]+)")


def _talk(text: str) -> str:
    """What the person wants to talk about: "your mum living with us"."""
    return first_slot(text, r"\b(?:talk|chat|sit down|have a chat|have a talk|have a proper talk)(?: properly)? "
                       r"(?:about|over) ((?:the|your|our|my|what|how|money|us|where|whether|when|if)\b[^.!?]+)")


def _since(text: str, feeling: str) -> str:
    """What the feeling the person names is about: "since you started seeing your ex again"."""
    if not feeling:
        return ""
    return first_slot(text, rf"\b{re.escape(feeling)} ((?:since|about|after|because of|over|at) [^.!?]+)")


def _hope(text: str) -> str:
    """What the person hopes for the partner: "the chemo went ok today"."""
    return first_slot(text, r"\b(?:I )?hop(?:e|ing) (?:that )?((?:the|your|you|it|today|tomorrow)\b[^.!?]+)")


def _luck(text: str) -> str:
    """What they wish the partner luck with: "with your interview", "tomorrow"."""
    found = first_slot(text, r"\b(?:good luck|fingers crossed|best of luck) ((?:with|for|on|at|in) [^.!?]+)")
    if found:
        return found
    m = re.search(r"\b(?:good luck|break a leg|fingers crossed) (today|tomorrow|tonight)\b", text, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def read_meaning(message: str, intent: str) -> Meaning:
    """The person's intent (named by ``coach.reading.intents``) and the clean words of
    theirs that a gentler version can keep."""
    text = plain(message)
    found = FEELING_WORDS.search(text)
    feeling = found.group(1).lower() if found else ""
    if not feeling and re.search(r"\b(?:it|that) (?:really |kind of |kinda )?(?:hurts|hurt|stung|stings)(?: me)?"
                                 r"(?: (?:when|that|how)\b|\s*(?:[.!?]|$))", text, re.IGNORECASE):
        feeling = "hurt"  # "it really stung when you ...", "it hurts when you ...", "... it really stung."
    slots = {"when": _when(text), "sorry": _sorry(text, intent == "apology"), "thanks": _thanks(text),
             "noticed": _noticed(text, intent == "appreciation"), "ask": _ask(text), "us": _us(text), "proud": _proud(text),
             "about": _about(text), "luck": _luck(text), "hope": _hope(text), "know": _know(text),
             "talk": _talk(text), "since": _since(text, feeling), "thinking": _thinking(text), "seen": _seen(text),
             "promise": _promise(text)}
    said = re.escape(feeling)
    if feeling and (re.search(rf"\b{said}\b", slots["when"], re.IGNORECASE) or (
            re.search(rf"\byou(?:'re| are| were| seem| look)(?: so| really| very)? {said}\b", text, re.IGNORECASE)
            and not re.search(rf"\bI(?:'m| am| feel| felt|'ve been| have been| was| get)\b[^.!?]*\b{said}\b", text, re.IGNORECASE))):
        feeling = ""  # "when you're stressed": the partner's feeling, not the person's
    if slots["when"]:  # the tense of what the partner did: "you went" felt, "you don't ask" feel
        past = re.match(rf"you(?:'re| are)? (?:\w+ )?({_PAST}|\w+ed)\b", slots["when"], re.IGNORECASE)
        slots["feel"], slots["feels"] = ("felt", "felt") if past else ("feel", "feels")
    return Meaning(intent, feeling, {k: v for k, v in slots.items() if v})
