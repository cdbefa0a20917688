"""Who may work the intake. Editors (staff) always; collective members through the permissions
given to their group (`intake.review_intakeitem`, `intake.add_feed`)."""

from django.contrib.auth.mixins import LoginRequiredMixin, UserPassesTestMixin


def can_review(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or user.has_perm("intake.review_intakeitem"))


def can_add_feed(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_staff or user.has_perm("intake.add_feed"))


class ReviewerRequiredMixin(LoginRequiredMixin, UserPassesTestMixin):
    raise_exception = False

    def test_func(self):
        return can_review(self.request.user)
