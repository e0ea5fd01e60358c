"""The render child: `python -m interviewkit.packets.render_child SECONDS MEGABYTES
[--fillable]` limits itself, reads a packet's HTML on stdin and writes its PDF on stdout.

The limits are set before any content is read, so no packet can take more. The parent kills
the child at the wall-time deadline; the CPU-time limit also stops a child whose parent died.
"""

import os
import re
import resource
import sys
from pathlib import Path


def limit(seconds, megabytes):
    memory = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))


def peak_megabytes():
    """The most address space this process has held: at the limit, a failed allocation may
    surface as some other error (a SystemError from a C extension) instead of MemoryError."""
    status = Path("/proc/self/status")
    found = re.search(r"VmPeak:\s+(\d+) kB", status.read_text()) if status.exists() else None
    return int(found.group(1)) / 1024 if found else 0


def main(argv):
    seconds, megabytes = int(argv[0]), int(argv[1])
    limit(seconds, megabytes)
    import django

    django.setup()
    from interviewkit.packets import pdf

    html = sys.stdin.buffer.read().decode()
    try:
        document = pdf.make_pdf(html, fillable="--fillable" in argv)
    except Exception as error:  # MemoryError, RecursionError, whatever hostile content causes
        # os._exit: clean-up at exit would need memory too, and abort when there is none
        if isinstance(error, MemoryError) or peak_megabytes() > 0.9 * megabytes:
            os._exit(pdf.OUT_OF_MEMORY)
        os.write(2, f"{type(error).__name__}: {error}"[:300].encode())
        os._exit(1)
    sys.stdout.buffer.write(document)


if __name__ == "__main__":
    main(sys.argv[1:])
