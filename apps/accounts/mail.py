import logging
import smtplib

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def notify(subject: str, body: str, recipient: str) -> bool:
    """Send a notice; a mail server failure must not undo the action that triggered it. The
    address is never logged."""
    try:
        send_mail(subject, body, None, [recipient])
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not send a notification e-mail (%s)", subject)
        return False
    return True
