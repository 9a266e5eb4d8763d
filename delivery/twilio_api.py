"""Talking to Twilio's REST API: the outbox worker's client (delivery/outbox.py make_client).

Its own module so that twilio.rest and requests load only in the process that sends texts: the
web process only queues them (delivery/outbox.py queue_topic) and stays lean (issue 23).
"""

from __future__ import annotations

import logging

from twilio.http.http_client import TwilioHttpClient

# twilio-python logs each request's URL and query (a lookup's To= is a phone number) at INFO.
QUIET_HTTP_LOG = logging.getLogger("delivery.outbox.http")
QUIET_HTTP_LOG.setLevel(logging.WARNING)

TWILIO_API = "https://api.twilio.com"


class ApiHttpClient(TwilioHttpClient):
    """twilio-python's client with a timeout, a quiet log, and (for a staging fake) another base."""

    def __init__(self, timeout: float, base_url: str = ""):
        super().__init__(timeout=timeout, logger=QUIET_HTTP_LOG)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        if self.base_url and url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


def make_client(config):
    from twilio.rest import Client

    http = ApiHttpClient(config["TWILIO_TIMEOUT_S"], config["TWILIO_API_BASE_URL"])
    return Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"], http_client=http)
