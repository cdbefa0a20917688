from .notify import fan_out, send_digest
from .subscribe import confirm, send_confirmation, subscribe, unsubscribe

__all__ = ["confirm", "fan_out", "send_confirmation", "send_digest", "subscribe", "unsubscribe"]
