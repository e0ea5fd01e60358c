"""Where apps built on scorecards (notifications) hear of them, so that scorecards imports
none of them.

- `scorecard_submitted` is sent when an interviewer submits a scorecard, with scorecard, loop
  and by, inside the transaction that submits it.
"""

from django.dispatch import Signal

scorecard_submitted = Signal()
