"""Delivery: texts the line sends later, on its own ("text me this", a call's recap).

outbox.py queues a text in the webhook's transaction and runs the worker that sends it
(`flask --app app outbox run`); twilio_api.py is the worker's REST client, loaded only in the
process that sends. Nothing here imports flows/: the webhooks call down into the outbox, and
Twilio's status callback for these texts is a webhook like the others (flows/status.py).
"""
