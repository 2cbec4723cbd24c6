"""The person's own words that a gentler version keeps (coach.respond.own_words)."""

from coach.respond.own_words import read_meaning
from coach.respond.phrasing import check_variant, grounded_variants


def test_absolutes_and_swearing_are_cooled_not_the_clause_lost():
    assert read_meaning("You always leave your boots in the hallway", "complaint").slots["when"] == \
        "you leave your boots in the hallway"
    assert read_meaning("you never call when you're away with work", "complaint").slots["when"] == \
        "you don't call when you're away with work"
    assert read_meaning("Can you for once put the damn bins out", "request").slots["ask"] == "put the bins out"
    assert read_meaning("thank u for always walking the dog when it rains", "appreciation").slots["thanks"] == \
        "walking the dog when it rains"


def test_a_clause_that_still_stings_is_left_out_whole():
    assert "when" not in read_meaning("you're so selfish with the remote", "complaint").slots
    assert not any("pathetic" in v for v in read_meaning("You're pathetic, you left me at the party", "complaint").slots.values())


def test_what_they_did_keeps_its_tense_and_the_discourse_words_stay_out():
    meaning = read_meaning("Cool so you went to the gig without me. Great.", "complaint")
    assert meaning.slots["when"] == "you went to the gig without me" and meaning.slots["feel"] == "felt"
    left = read_meaning("I know you're busy, but you've left the lights on all night", "complaint")
    assert left.slots["when"] == "you left the lights on all night" and left.slots["feel"] == "felt"


def test_an_apology_keeps_what_it_is_for_even_in_another_sentence():
    meaning = read_meaning("I forgot to ring your mum back. Sorry, love.", "apology")
    assert meaning.slots["sorry"] == "I forgot to ring your mum back"
    texts = [v["text"] for v in grounded_variants(meaning)]
    assert texts[0] == "I'm sorry I forgot to ring your mum back. You deserve better from me."
    assert read_meaning("Apologies for eating the last of the cheese.", "apology").slots["sorry"] == \
        "for eating the last of the cheese"
    # the excuse is not what the apology is for
    assert "sorry" not in read_meaning("I was shattered after work. Sorry.", "apology").slots


def test_thanks_comfort_and_hope_keep_what_the_person_saw_knows_and_hopes():
    noticed = read_meaning("I noticed you fixed the shed door, thank you!", "appreciation")
    assert noticed.slots["noticed"] == "you fixed the shed door"
    know = read_meaning("I know the news about your job isn't what you wanted. I'm here.", "support")
    assert know.slots["know"] == "the news about your job isn't what you wanted"
    hope = read_meaning("hope the driving test went ok today x", "support")
    assert hope.slots["hope"] == "the driving test went ok today"
    for meaning in (noticed, know, hope):
        variants = grounded_variants(meaning)
        assert len(variants) >= 3 and not any(check_variant(v["text"]) for v in variants)
        assert any(meaning.own_words()[k] in variants[0]["text"] for k in meaning.own_words())


def test_texting_is_written_out_in_the_words_kept():
    meaning = read_meaning("can u pls text me when u get home w ur mates", "request")
    assert meaning.slots["ask"] == "text me when you get home with your mates"
    assert read_meaning("i know ur nervous abt the exam", "support").slots["know"] == "you're nervous about the exam"


def test_a_talk_keeps_what_it_is_about_and_a_feeling_what_it_is_over():
    talk = read_meaning("we really need to talk about the holiday money before friday", "talk")
    assert talk.slots["talk"] == "the holiday money"  # "before friday" is cut with the clause
    assert any("the holiday money" in v["text"] for v in grounded_variants(talk)[:3])
    feeling = read_meaning("Been feeling lonely since you started the night shifts.", "feeling")
    assert feeling.feeling == "lonely" and feeling.slots["since"] == "since you started the night shifts"
    assert grounded_variants(feeling)[0]["text"] == \
        "I've been feeling lonely since you started the night shifts, and I wanted to tell you rather than keep it in."
    assert "talk" not in read_meaning("can we talk about it later", "talk").slots  # "it" says nothing on its own


def test_a_wish_for_the_two_of_them_keeps_its_verb():
    assert read_meaning("I'd love it if we could cook together on Sundays", "request").slots["us"] == \
        "cook together on Sundays"
    assert "us" not in read_meaning("I'd love it if we planned a trip", "request").slots  # "for us to planned"
    assert read_meaning("Don't book the restaurant yet, please.", "request").slots["ask"] == "not book the restaurant yet"


def test_what_happened_is_kept_when_it_is_told_without_a_you_clause():
    """A state of things ("the dishes have been in the sink since Tuesday"), a promise not kept, an
    ask told as "I've asked you to ...", and "I feel you don't listen"."""
    seen = read_meaning("The dishes have been in the sink since Tuesday. Are they going to wash themselves?", "complaint")
    assert seen.slots["seen"] == "the dishes have been in the sink since Tuesday"
    assert grounded_variants(seen)[0]["text"].startswith("I've noticed the dishes have been in the sink since Tuesday")
    assert read_meaning("You promised you'd be at the scan and you weren't.", "complaint").slots["promise"] == \
        "be at the scan"
    assert read_meaning("how many times have i asked u to put the seat down", "complaint").slots["ask"] == \
        "put the seat down"
    assert read_meaning("My love, I feel you don't listen to me.", "complaint").slots["when"] == \
        "you don't listen to me"


def test_what_is_not_what_happened_stays_out():
    # a verdict on someone is no state of things, and a negated ask is no ask
    assert "seen" not in read_meaning("Sorry, but your brother is a nightmare at dinner.", "complaint").slots
    assert "seen" not in read_meaning("The time difference is killing me.", "complaint").slots
    assert "ask" not in read_meaning("I'm not asking you to give up the allotment.", "request").slots
    # a promise alone is not what hurt, and a fond memory is not a complaint
    assert "when" not in read_meaning("You promised you'd come to my work do and then you bailed.", "feeling").slots
    assert "when" not in read_meaning("Like you used to tell me everything first.", "feeling").slots
    # a clause cut before its noun is not kept ("sit together a while first")
    assert "us" not in read_meaning("I'd like us to sit together a while first.", "request").slots


def test_comfort_keeps_the_partner_news_and_where_the_thoughts_are():
    assert read_meaning("So gutted for you about the redundancy. Pub tonight?", "support").slots["about"] == \
        "about the redundancy"
    assert read_meaning("So sorry the IVF didn't work this round.", "support").slots["about"] == \
        "the IVF didn't work this round"
    texts = [v["text"] for v in grounded_variants(read_meaning("Thinking of you today at the hearing x", "support"))]
    assert "I'm thinking of you at the hearing, and I'm here for anything you need." in texts
    # "heard about" is sympathy only where the message is sorry: good news gets no "I'm so sorry"
    assert "about" not in read_meaning("I heard about your promotion!! so proud", "support").slots


def test_hurt_told_as_it_stung_and_the_partner_feelings_stay_theirs():
    meaning = read_meaning("it hurts when you're on your laptop every time i try to talk to you", "feeling")
    assert meaning.feeling == "hurt" and meaning.slots["when"].startswith("you're on your laptop")
    assert read_meaning("it kinda stung when u said ur parents wouldnt get us", "feeling").feeling == "hurt"
    assert read_meaning("miss u so much it hurts fr", "feeling").feeling == ""  # missing someone is not hurt
    # "when you're stressed" is the partner's feeling, and "whenever you want" is no complaint
    meaning = read_meaning("I know you don't like talking when you're stressed. I'm here whenever you want", "feeling")
    assert meaning.feeling == "" and "when" not in meaning.slots
    # the first clause that says what happened wins over a subordinate "when you're"
    assert read_meaning("you never text me back when you're out with the lads", "complaint").slots["when"] == \
        "you don't text me back when you're out with the lads"


def test_running_late_luck_and_seeing_how_hard_they_work():
    assert read_meaning("Running 20 mins late, so sorry, order without me x", "apology").slots["sorry"] == \
        "I'm running 20 mins late"
    assert read_meaning("fingers crossed for the pitch today 😎", "support").slots["luck"] == "for the pitch today"
    assert read_meaning("i see how hard you work for us and i'm proud of you", "appreciation").slots["noticed"] == \
        "how hard you work for us"


def test_a_time_is_not_what_happened():
    """"when you're home", "when you're done": when to do something, not what the partner did."""
    for message in ("Darling, I'd like us to have a quiet talk about the move when you're home.",
                    "Can you soak the pans when you're done cooking?",
                    "When you're back from the field can we talk about whether you're reenlisting?"):
        assert "when" not in read_meaning(message, "request").slots, message
