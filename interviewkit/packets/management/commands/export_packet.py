from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from interviewkit.loops.models import Loop
from interviewkit.loops.selectors import loop_with_sessions
from interviewkit.packets.documents import KINDS, PAPER_SIZES, SESSION_KINDS, handout_items
from interviewkit.packets.pdf import write_atomically
from interviewkit.packets.services import PacketBusy, PacketFailed, packet_pdf


class Command(BaseCommand):
    help = (
        "Write a loop's PDF packet (or one session's guide, scoring sheet or candidate handout) "
        "to a file. "
        "Exits with status 3 when the packet fails to render, 4 while another process renders it."
    )

    def add_arguments(self, parser):
        parser.add_argument("loop_id", type=int)
        parser.add_argument("--session", type=int, help="Session number, 1 for the first")
        parser.add_argument("--kind", choices=KINDS, default=None)
        parser.add_argument("--paper", choices=sorted(PAPER_SIZES), default=settings.PACKET_PAPER)
        parser.add_argument(
            "--fillable", action="store_true", help="Scoring sheets with form fields"
        )
        parser.add_argument(
            "--handouts", action="store_true", help="The loop packet with the candidate handouts"
        )
        parser.add_argument("-o", "--output", required=True, help="The PDF file to write")

    def handle(self, *args, loop_id, session, kind, paper, fillable, handouts, output, **options):
        kind = kind or ("guide" if session else "loop")
        if (kind in SESSION_KINDS) != (session is not None):
            raise CommandError(
                "--kind guide, sheet, kit and handout need --session N; --kind loop takes none."
            )
        try:
            loop = loop_with_sessions(loop_id)
        except Loop.DoesNotExist:
            raise CommandError(f"No loop {loop_id}.") from None
        chosen = None
        if session is not None:
            sessions = list(loop.sessions.all())
            if not 1 <= session <= len(sessions):
                raise CommandError(f"Loop {loop_id} has sessions 1 to {len(sessions)}.")
            chosen = sessions[session - 1]
        if kind == "handout" and not handout_items(chosen):
            raise CommandError(f"Session {session} has no coding, scenario or design question.")
        try:
            pdf, cached = packet_pdf(
                loop, kind=kind, session=chosen, paper=paper, fillable=fillable, handouts=handouts
            )
        except PacketFailed as failed:
            raise CommandError(f"Nothing written. {failed}", returncode=3) from None
        except PacketBusy:
            raise CommandError(
                "Nothing written: another process is rendering this packet. Try again in a moment.",
                returncode=4,
            ) from None
        write_atomically(output, pdf)
        origin = "from the cache" if cached else "rendered"
        self.stdout.write(f"Wrote {output} ({len(pdf):,} bytes, {origin}).")
