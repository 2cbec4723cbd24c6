"""Own words: the clean words of the person's that a gentler version of their message can keep.

A message to a partner says something concrete: what the partner did ("you went to the
match instead of your cousin's wake"), what the person is sorry or thankful for, what
they ask, what they hope. ``read_meaning`` finds those clauses and keeps one only when
it can be said gently as it stands: short, in the right person, and free of the words
that sting. Words that only add heat are taken out rather than losing the clause with
them: absolutes ("you always pick your friends" -> "you pick your friends", "you never
call" -> "you don't call"), intensifiers ("literally", "even") and swearing ("put the
damn phone down" -> "put the phone down"). A clause that still stings is left out
whole. This module reads no intent (``coach.reading.intents`` names it) and writes no
variant (``coach.respond.phrasing``'s templates do).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from coach.datafile import load_yaml

DATA = load_yaml(Path(__file__).resolve().parent / "phrasing.yaml")
STING = re.compile(r"\b(" + "|".join(re.escape(w) for w in DATA["sting"]) + r")\b", re.IGNORECASE)
FEELING_WORDS = re.compile(r"\b(" + "|".join(re.escape(f) for f in DATA["feelings"]) + r")\b", re.IGNORECASE)
ABSOLUTES = re.compile(r"\b(always|never|every single time|every time|nothing|constantly)\b", re.IGNORECASE)
MAX_SLOT_WORDS = 14


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


_CUT = re.compile(r"\s*(?:,|;|:|\s-\s|\sbut\b|\sbecause\b|\sand (?:you|u|it|that|now|then)\b|\sso (?=i|you|we|it|that|he|she|they|now|then|yeah|like)\b|\swhich\b|"
                  r"\sand (?:i|your|my)\b|\si (?:know|think|mean|guess|feel|need|want|just|have|worry|was)\b|\si'?m\b|"
                  r"\s(?:we're|we are|we'll|we were)\b|\splease\b|\swhile\b|\sbefore\b|\sit'?s\b|\sits\b|"
                  r"\s(?:thank you|thanks|thx|lol|lmao|haha\w*|tbh|ngl|fr|smh|idk|are you serious)\b|"
                  r"\slike (?:i'?m|it'?s|what|why|how|who|i|seriously|wtf|omg)\b|[.!?]|"
                  r"\s[\U0001F300-\U0001FAFF\u2600-\u27BF])", re.IGNORECASE)
_TEXTING = {r"\bu\b": "you", r"\bur\b(?= (?:gonna|going|not|always|so|being|late|busy|right|fine|ok|okay|nervous|worried|stressed|tired|upset|"
            r"sad|scared|angry|mad|done|home|back|welcome|the best|my|a|an|such|really|still|probably|literally|"
            r"acting|doing|getting|making|pretending|actually|allowed|meant|amazing|sick|out|away)\b)": "you're",
            r"\bur\b": "your", r"\bi\b": "I", r"\bim\b": "I'm", r"\bdont\b": "don't",
            r"\b(?:tmrw|tmr|2moro|tomoz)\b": "tomorrow", r"\bcant\b": "can't", r"\bwont\b": "won't", r"\bdidnt\b": "didn't", r"\bive\b": "I've",
            r"\bw\b(?= (?:me|us|you|your|my|him|her|them)\b)": "with", r"\bbc\b": "because", r"\babt\b": "about",
            r"\brn\b": "right now", r"\bpls\b|\bplz\b": "please", r"\bye\b(?= (?:made|did|said|went|left|forgot)\b)": "you",
            r"\byer\b": "your", r"\bthru\b": "through", r"\bsry\b": "sorry", r"\bwanna\b": "want to", r"\bgonna\b": "going to"}
_ENDEARMENT = re.compile(r"(?:\s+(?:babe|babes|bae|bb|baby|hun|hunny|hon|love|luv|sweetie|darling|my love|x+|xo+))+\s*$", re.IGNORECASE)
# heat, not meaning: taken out of a clause before it is judged ("even though" is not an intensifier)
_FILLERS = re.compile(r"\s*\b(?:yet again|again|even(?! (?:tho|though|if|when|after|so|before)\b)|literally|seriously|"
                      r"completely|totally|always|constantly|all the time|for once(?: in your life)?|just once|"
                      r"damn|bloody|freaking|fucking|effing|frickin\w*|"
                      r"every single (?:day|night|week|weekend|morning)|every (?:day|night|week|weekend|morning))\b",
                      re.IGNORECASE)
_NEVER = ((r"\byou(?:'re| are) never\b", "you're not"), (r"\byou(?:'ve| have) never\b", "you haven't"),
          (r"\byou never (?=[a-z]+\b)(?!\w+(?:ed|s)\b)", "you don't "))


def _plain(message: str) -> str:
    text = message.strip().replace("’", "'")
    for rx, to in _TEXTING.items():
        text = re.sub(rx, to, text, flags=re.IGNORECASE)
    return text


def _clause(text: str) -> str:
    """The words up to the first break (comma, "but", "because", "lol", end of sentence)."""
    return _CUT.split(text, maxsplit=1)[0].strip()


def _cooled(clause: str) -> str:
    """The clause without the words that only add heat: absolutes, intensifiers, swearing."""
    clause = re.sub(r"\bevery (?:single )?time (?=you\b|we\b|I\b)", "when ", clause, flags=re.IGNORECASE)
    for rx, to in _NEVER:
        clause = re.sub(rx, to, clause, flags=re.IGNORECASE)
    clause = _FILLERS.sub("", clause)
    return re.sub(r"\s{2,}", " ", clause).strip()


def _clean_slot(clause: str) -> str:
    """A slot may carry the person's words only if, cooled, they are short and sting-free."""
    if not re.search(r"\b(?:the|a|my|our|your|new)\s+\w+\s*$", clause, re.IGNORECASE):  # "with the baby" is no pet name
        clause = _ENDEARMENT.sub("", clause.strip())  # "you didn't get the job babe": the pet name stays out
    clause = re.sub(r"\s+(?:when|and|but|because|so|while|if|or|as)\s*$", "", clause.strip(), flags=re.IGNORECASE)
    clause = _cooled(clause)
    if not clause or len(clause.split()) > MAX_SLOT_WORDS or STING.search(clause) or ABSOLUTES.search(clause) \
            or re.search(r"\bevery\b", clause, re.IGNORECASE):
        return ""
    if re.search(r"\b(he|she|they|him|her|them|his|their)\b", clause, re.IGNORECASE):
        return ""  # written about the partner, not to them: the person would not say it like this
    if clause.isupper() or len(clause.split()) < 2:
        return ""
    if re.search(r"\b(that|this|it|them)\s*$|\b(that|this|it) back\b", clause, re.IGNORECASE):
        return ""  # "get that back": what "that" is stays in the words left out
    if re.search(r"\b[A-Z]{4,}\b", clause):  # shouting: "BACK IN THE FRIDGE" is said as "back in the fridge"
        clause = re.sub(r"\b(?!I\b)[A-Z]{2,}\b", lambda m: m.group(0).lower(), clause)
    return re.sub(r"^(?:maybe |just )?(?:want|like) to ", "", clause, flags=re.IGNORECASE)


_LEAD = (r"(?:^|[.!?]\s+|,? but |, and )(?:(?:ok(?:ay)?|so|and|but|cool|wow|great|well|babe|bro|dude|mate|hun|"
         r"hey|oh|yeah|like|honestly|also)[, ]+)*")
# verbs in the past: what the partner did then makes "I felt", not "I feel"
_PAST = (r"did|didn't|was|wasn't|were|weren't|had|hadn't|went|left|said|told|made|forgot|spent|took|came|got|gave|"
         r"lost|broke|sent|ran|sat|stood|kept|brought|bought|drank|ate|threw|bit|woke|slept|hung|blew|wore|wrote|"
         r"spoke|stole|paid|hid|chose|drove|flew|fell|fought|found|heard|held|knew|met|rang|saw|sang|shook|swore|"
         r"taught|thought|tore|won")
# "you've left the towels out" is said as "you left the towels out"
_PERFECT = {"been": "were", "done": "did", "gone": "went", "forgotten": "forgot", "taken": "took", "eaten": "ate",
            "seen": "saw", "given": "gave", "spoken": "spoke", "broken": "broke", "written": "wrote"}


def _when(text: str) -> str:
    text = re.sub(rf"\byou(?:'ve| have) (?:\w+ly )?(\w+ed|{_PAST}|{'|'.join(_PERFECT)})\b",
                  lambda m: "you " + _PERFECT.get(m.group(1).lower(), m.group(1)), text, flags=re.IGNORECASE)
    # "why do you always have to be late": what they do is "be late", said as "you're late"
    text = re.sub(r"\b(you (?:always |constantly |just )?)(?:have|need) to\b ", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\byou ((?:always |constantly |just )?)be\b", r"you're \1", text, flags=re.IGNORECASE)
    if m := re.search(r"\b(?:when|whenever|that|every (?:single )?time) (you [^.!?]+)", text, re.IGNORECASE):
        return _clean_slot(_clause(m.group(1)))
    if m := re.search(r"\byou(?:'re| are)? (?:always|constantly|keep) ([^.!?]+)", text, re.IGNORECASE):
        verb = _clause(m.group(1))
        be = re.match(r"you(?:'re| are)", m.group(0), re.IGNORECASE)
        return _clean_slot(("you're " if be else "you ") + verb)
    if m := re.search(r"\bwhy (?:don't|do not|won't|can't) you (?:ever |even )?([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        rest = _clause(m.group(2))
        return _clean_slot(f"you don't {m.group(1)}{(' ' + rest) if rest else ''}")
    if m := re.search(r"\byou never ([a-z]+)\b([^.!?]*)", text, re.IGNORECASE):
        verb, rest = m.group(1), _clause(m.group(2))
        if not re.search(r"(ed|s)$", verb, re.IGNORECASE):  # base form only: "you never help" -> "you don't help"
            return _clean_slot(f"you don't {verb}{(' ' + rest) if rest else ''}")
    if m := re.search(_LEAD + r"(you(?:'re| are)? (?!(?:are|were|know|think|say|said|seem|look|make|made|so|such|a|an|"
                      r"the|being|really|too|kind|kinda|honestly|literally|just|not|right|wrong|the)\b)[a-z]+\b[^.!?]*)",
                      text, re.IGNORECASE):  # a sentence that starts with what they did: "You went out ..."
        return _clean_slot("y" + _clause(m.group(1))[1:])
    return ""


# what the person did, in the past: what "I'm sorry I ..." is for (not "I was tired", "I said I'd ...": excuses and promises)
_DID = (r"(?:\w+ed|forgot|missed|broke|went|lost|left|took|made|got|didn't|wasn't|ate|drank|spent|told|let|"
        r"blew|ran|snapped|bit|threw|brought|sent|kept|gave|hung|slept|woke|came|wore|wrote|spoke|stole|hid|"
        r"drove|fell|fought|rang|swore|tore|shouted|yelled)")


def _sorry(text: str, apology: bool) -> str:
    text = re.sub(r"\bI was wrong for\b", "sorry for", text, flags=re.IGNORECASE)  # "I was wrong for going ..."
    m = re.search(r"(?:\b(?:I'm|I am) |^|[.!?]\s+)(?:so |really |truly |very )?sorry,? (?:that |if )?((?:I|for|about) [^.!?]+)",
                  text, re.IGNORECASE) or re.search(r"\b(?:apologi[sz]e|apologies|forgive me|an apology) (for [^.!?]+)",
                                                    text, re.IGNORECASE)
    if not m and apology:  # "I looked through your phone last week. I'm so sorry."
        m = re.search(rf"(?:^|[.!?]\s+|,\s+)(?:I know )?(I {_DID}\b[^.!?]*)", text, re.IGNORECASE)
    if not m:
        return ""
    clause = _clause(m.group(1))  # "I was late again": "again" is heat and _clean_slot drops it
    return _clean_slot(clause if clause.lower().startswith(("for ", "about ")) else clause[0].upper() + clause[1:])


def _slot(text: str, *patterns: str) -> str:
    """The clean words caught by the first pattern that matches ("" if none does, or they sting)."""
    for rx in patterns:
        if m := re.search(rx, text, re.IGNORECASE):
            return _clean_slot(_clause(m.group(1)))
    return ""


def _thanks(text: str) -> str:
    return _slot(text, r"\b(?:thank you|thanks|thx) (?:so much )?for ([^.!?]+)",
                 r"\bappreciate (?:you |it when you )?((?:\w+ing)[^.!?]*)")


def _noticed(text: str, appreciation: bool) -> str:
    """What the person saw the partner do: "I saw you fixed the gate", "it means a lot that you sat with me";
    in a thank-you, also a sentence that says what they did: "You handled my dad brilliantly on Sunday"."""
    found = _slot(text, rf"\b(?:saw|noticed|see|notice) (?:that )?(you {_DID}\b[^.!?]*)",
                  r"\bmeans? (?:a lot|so much|the world)(?: to me)? (?:that|when) (you [^.!?]+)")
    if not found and appreciation:
        found = _slot(text, r"(?:^|[.!?]\s+)(you (?:\w+ed|took|kept|brought|bought|gave|sat|stood|got|came)\b[^.!?]*)")
    return found[:1].lower() + found[1:]


_DO = (r"put|stop|text|call|let|tell|remind|come|help|pick|take|give|send|wash|clean|turn|bring|answer|remember|ask|check|"
       r"try|book|listen|talk|spend|leave|keep|get|make|do|sort|plan|hang|reply|look|walk|hold")


def _ask(text: str) -> str:
    ask = _slot(text, r"(?:^|[.!?]\s+)(?:please )?(stop [a-z]+ing\b[^.!?]*)",
                r"\b(?:can|could|would|will) you (?:please |just )?([^.!?]+)",
                r"\bI (?:need|want|would like|'d like) you to ([^.!?]+)",
                r"(?:^|[.!?]\s+)please ([^.!?]+)",
                r"\bI(?:'d| would) (?:really )?love it if you (?:could |would )?([^.!?]+)",
                rf"(?:^|[.!?]\s+)(?:just )?((?:(?:don't|do not) )?(?:{_DO})\b[^.!?]*)")
    ask = re.sub(r"^(?:don't|do not) ", "not ", ask, flags=re.IGNORECASE)  # "please don't X": "could you not X"
    return ask if ask.startswith("I ") else ask[:1].lower() + ask[1:]


def _us(text: str) -> str:
    return _slot(text, r"\b(?:I|we) (?:really |just |honestly )?(?:want|need|would like|'d like|'d love|would love|wish)"
                       r"(?: for)? (?:us|we) (?:to |could )([^.!?]+)",
                 r"\b(?:want to|fancy) ((?:start |try |go |do )?[a-z]+ing\b[^.!?]*? together)\b",
                 r"\bI(?:'d| would) (?:really )?love it if we (?:could )?(?!made\b|\w+ed\b)([^.!?]+)",
                 r"\b(?:can|could|should) we (?:please |maybe )?([^.!?]+)")


def _proud(text: str) -> str:
    return _slot(text, r"\bproud of you for ([^.!?]+)")


def _about(text: str) -> str:
    """What the person is sorry about in the partner's life: "about your nan", "you didn't get the job"."""
    return _slot(text, r"\bsorry (?:to hear )?((?:about|for) (?:your\b|the\b|(?-i:[A-Z][a-z]+)\b)[^.!?]*)",
                 r"\bsorry (?:to hear )?(?:that )?(you(?:'re| are)? [^.!?]+)")


def _know(text: str) -> str:
    """What the person knows the partner is going through: "the news about your dad isn't good"."""
    return _slot(text, r"\bI know (?:that )?(?!I\b|how\b|what\b|why\b|it\b|this\b|that\b|right\b)(\w[^.!?]+)")


def _talk(text: str) -> str:
    """What the person wants to talk about: "your mum living with us"."""
    return _slot(text, r"\b(?:talk|chat|sit down|have a chat|have a talk|have a proper talk)(?: properly)? "
                       r"(?:about|over) ((?:the|your|our|my|what|how|money|us|where|whether|when|if)\b[^.!?]+)")


def _since(text: str, feeling: str) -> str:
    """What the feeling the person names is about: "since you started seeing your ex again"."""
    if not feeling:
        return ""
    return _slot(text, rf"\b{re.escape(feeling)} ((?:since|about|after|because of|over) [^.!?]+)")


def _hope(text: str) -> str:
    """What the person hopes for the partner: "the chemo went ok today"."""
    return _slot(text, r"\b(?:I )?hop(?:e|ing) (?:that )?((?:the|your|you|it|today|tomorrow)\b[^.!?]+)")


def _luck(text: str) -> str:
    """What they wish the partner luck with: "with your interview", "tomorrow"."""
    found = _slot(text, r"\bgood luck ((?:with|for|on|at|in) [^.!?]+)")
    if found:
        return found
    m = re.search(r"\bgood luck (today|tomorrow|tonight)\b", text, re.IGNORECASE)
    return m.group(1).lower() if m else ""


def read_meaning(message: str, intent: str) -> Meaning:
    """The person's intent (named by ``coach.reading.intents``) and the clean words of
    theirs that a gentler version can keep."""
    text = _plain(message)
    found = FEELING_WORDS.search(text)
    feeling = found.group(1).lower() if found else ""
    slots = {"when": _when(text), "sorry": _sorry(text, intent == "apology"), "thanks": _thanks(text),
             "noticed": _noticed(text, intent == "appreciation"), "ask": _ask(text), "us": _us(text), "proud": _proud(text),
             "about": _about(text), "luck": _luck(text), "hope": _hope(text), "know": _know(text),
             "talk": _talk(text), "since": _since(text, feeling)}
    if slots["when"]:  # the tense of what the partner did: "you went" felt, "you don't ask" feel
        past = re.match(rf"you(?:'re| are)? (?:\w+ )?({_PAST}|\w+ed)\b", slots["when"], re.IGNORECASE)
        slots["feel"], slots["feels"] = ("felt", "felt") if past else ("feel", "feels")
    return Meaning(intent, feeling, {k: v for k, v in slots.items() if v})
