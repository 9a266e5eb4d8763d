"""Navigation: the line's decisions, and nothing else. A request's facts in, a Turn out.

turn.py holds the words between the webhooks and the rules (places, facts, Turns and typed
effects, pure data); voice_navigator.py decides a call's step, text_navigator.py a text's reply.
No Flask, no database, no Twilio: these modules import only content/ and understanding/ (and each
other), so the rules are tested without HTTP, and flows/ (the webhooks that read the facts and
apply the effects) stands above them, never below.
"""
