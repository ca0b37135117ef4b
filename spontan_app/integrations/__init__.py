"""Adapters to the outside world: WhatsApp, captcha images, private storage, PDF."""
