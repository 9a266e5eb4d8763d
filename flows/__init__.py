"""The webhooks and their edges: Twilio's requests in, TwiML out, a Turn's effects applied.

voice.py and sms.py read the facts, ask navigation/ for one Turn, render it and apply its effects
(effects.py) in the webhook's one transaction; status.py takes Twilio's status callbacks for the
texts that delivery/ sends; health.py answers /healthz and /readyz. Below them: twilio_auth.py
(the signature), line.py (the parts wired once per app), identity.py (keyed hashes of numbers),
spool.py (opt-outs kept through an outage) and outage.py. Imports point down only: to navigation/,
delivery/, usage/, database/; nothing below imports this package.
"""
