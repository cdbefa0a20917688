"""Mail backends for tests: locmem that fails the first N sends, as an SMTP server that is
briefly away would."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    failures_left = 0
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).failures_left > 0:
            type(self).failures_left -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
