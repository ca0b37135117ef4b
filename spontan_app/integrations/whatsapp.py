"""WhatsApp gateway: ``console`` (development) and ``cloud`` (WhatsApp Cloud API).

Messages are first written to the outbox table (``OutgoingMessage``) in the caller's
transaction, then delivered here, outside any request, by a background event or the
periodic sweep. Every attempt's outcome is recorded on the outbox row.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Protocol

import httpx

from spontan_app.settings import Settings

log = logging.getLogger("spontan.whatsapp")

RETRY_DELAYS = (0.5, 1.5, 4.0)  # seconds between attempts on 5xx / timeouts


@dataclass(frozen=True)
class Delivery:
    ok: bool
    attempts: int
    provider_message_id: str | None = None
    error: str = ""
    retryable: bool = False


class Gateway(Protocol):
    name: str

    def send(self, to_e164: str, body: str, kind: str = "") -> Delivery: ...


class ConsoleGateway:
    """Development only: the message is in the outbox already; also print it to the log."""

    name = "console"

    def send(self, to_e164: str, body: str, kind: str = "") -> Delivery:
        log.warning("WhatsApp (console) to %s:\n%s", to_e164, body)
        return Delivery(ok=True, attempts=1, provider_message_id=None)


class CloudGateway:
    """WhatsApp Cloud API: ``POST {api_url}/{phone_number_id}/messages`` with a bearer token."""

    name = "cloud"

    def __init__(
        self,
        api_url: str,
        phone_number_id: str,
        token: str,
        *,
        client: httpx.Client | None = None,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        timeout: float = 10.0,
        otp_template: str | None = None,
        template_language: str = "id",
    ) -> None:
        self.otp_template = otp_template
        self.template_language = template_language
        self.url = f"{api_url.rstrip('/')}/{phone_number_id}/messages"
        self.token = token
        self.client = client or httpx.Client(timeout=timeout)
        self.retry_delays = retry_delays

    def payload(self, to_e164: str, body: str, kind: str = "") -> dict:
        code = re.search(r"\b(\d{6})\b", body) if kind.startswith("otp_") else None
        if self.otp_template and code:
            # Business-initiated messages outside the 24-hour window must be approved
            # templates; an authentication template carries the code (body + copy button).
            return {
                "messaging_product": "whatsapp",
                "to": to_e164.lstrip("+"),
                "type": "template",
                "template": {
                    "name": self.otp_template,
                    "language": {"code": self.template_language},
                    "components": [
                        {"type": "body", "parameters": [{"type": "text", "text": code.group(1)}]},
                        {
                            "type": "button",
                            "sub_type": "url",
                            "index": "0",
                            "parameters": [{"type": "text", "text": code.group(1)}],
                        },
                    ],
                },
            }
        return {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to_e164.lstrip("+"),
            "type": "text",
            "text": {"preview_url": "http" in body, "body": body},
        }

    def send(self, to_e164: str, body: str, kind: str = "") -> Delivery:
        headers = {"Authorization": f"Bearer {self.token}"}
        attempts = 0
        error = ""
        for delay in (0.0, *self.retry_delays):
            if delay:
                time.sleep(delay)
            attempts += 1
            try:
                response = self.client.post(self.url, json=self.payload(to_e164, body, kind), headers=headers)
            except httpx.TimeoutException:
                error = "timeout"
                continue
            except httpx.TransportError as exc:
                error = f"transport: {exc.__class__.__name__}"
                continue
            if response.status_code >= 500 or response.status_code == 429:
                error = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                # A 4xx will not get better by retrying (bad number, bad token).
                return Delivery(
                    ok=False, attempts=attempts, error=f"HTTP {response.status_code}: {response.text[:200]}"
                )
            try:
                message_id = response.json()["messages"][0]["id"]
            except (ValueError, KeyError, IndexError, TypeError):
                message_id = None
            return Delivery(ok=True, attempts=attempts, provider_message_id=message_id)
        return Delivery(ok=False, attempts=attempts, error=error, retryable=True)


def make_gateway(settings: Settings) -> Gateway:
    if settings.wa_provider == "cloud":
        if not (settings.wa_token and settings.wa_phone_number_id):
            raise RuntimeError("SPONTAN_WA_TOKEN and SPONTAN_WA_PHONE_NUMBER_ID are required for the cloud provider")
        return CloudGateway(
            settings.wa_api_url,
            settings.wa_phone_number_id,
            settings.wa_token,
            otp_template=settings.wa_otp_template,
            template_language=settings.wa_template_language,
        )
    return ConsoleGateway()
