"""Where apps built on scorecards (webhooks, notifications) hear of them, so that
scorecards imports none of them.

- `scorecard_submitted` is sent after an interviewer submits, with scorecard, loop and by.
- `scorecards_in` is sent after a submission leaves no assigned interviewer of the loop
  without a submitted scorecard, with loop and by.

Both are sent inside the submission's transaction.
"""

from django.dispatch import Signal

scorecard_submitted = Signal()
scorecards_in = Signal()
