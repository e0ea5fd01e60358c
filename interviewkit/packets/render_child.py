"""The render child: forked from the render server (render_server.py), it limits itself, lays
out one packet's HTML and sends its PDF back through a pipe.

The limits are set before any content is touched, so no packet can take more. The parent kills
the child at the wall-time deadline; the CPU-time limit also stops a child whose parent died.
"""

import os
import re
import resource
from pathlib import Path

OUT_OF_MEMORY = 3  # the exit status when a MemoryError stopped the child
PDF, ERROR = b"P", b"E"  # what the first byte of the child's one message says it holds


def limit(seconds, megabytes):
    memory = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))


def megabytes_held(field="VmPeak", pid="self"):
    """The address space a process holds now (VmSize) or has held at most (VmPeak); 0 when it
    is gone. At the limit, a failed allocation may surface as some other error (a SystemError
    from a C extension, a crash in C) instead of MemoryError."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(rf"{field}:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0


def render(connection, html, fillable, seconds, megabytes):
    """The child's whole life: limit, lay out, send the PDF or the error, exit."""
    if megabytes_held("VmSize") > 0.9 * megabytes:  # the renderer alone needs more than that
        os._exit(OUT_OF_MEMORY)
    limit(seconds, megabytes)
    from interviewkit.packets import pdf

    try:
        document = pdf.make_pdf(html, fillable=fillable)
    except Exception as error:  # MemoryError, RecursionError, whatever hostile content causes
        # os._exit: clean-up at exit would need memory too, and abort when there is none
        if isinstance(error, MemoryError) or megabytes_held() > 0.9 * megabytes:
            os._exit(OUT_OF_MEMORY)
        connection.send_bytes(ERROR + f"{type(error).__name__}: {error}"[:300].encode())
        os._exit(1)
    connection.send_bytes(PDF + document)
    connection.close()
    os._exit(0)
