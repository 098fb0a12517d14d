"""Pieces of the packet laid out on every core, each in a process of its own.

WeasyPrint holds every laid-out page of a document until it is written (about 3 MB a
page), and one document uses one core. Laying out the pieces in worker processes uses
them all and bounds memory by the largest piece, not the packet. The workers fork from
a server that has imported WeasyPrint once. AUDITBOOK_PROCESSES sets how many (1: all in
this process); the bytes are the same either way, and a packet of a few pages is laid out
here, where starting the workers would cost more than they save.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from auditbook.domain.cores import processes
from auditbook.domain.errors import PacketError
from auditbook.render.packet.jobs import Job, Laid
from auditbook.render.packet.layout import lay_out

# Below this much HTML to lay out (some 20 pages), starting the workers (a process that
# imports WeasyPrint, about a second) costs more than it saves.
WORTH_A_WORKER = 256 * 1024


def lay_out_all(jobs: Sequence[Job], done: Callable[[], None] = lambda: None) -> list[Laid]:
    """Every job laid out, in the order given; the largest start first."""
    count = min(processes(), len(jobs))
    if count <= 1 or sum(len(job.html) for job in jobs) < WORTH_A_WORKER:
        results = []
        for job in jobs:
            results.append(lay_out(job))
            done()
        return results
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["auditbook.render.packet.layout"])
    order = sorted(range(len(jobs)), key=lambda n: -len(jobs[n].html))
    try:
        with ProcessPoolExecutor(count, mp_context=context) as pool:
            futures = {n: pool.submit(lay_out, jobs[n]) for n in order}
            for future in futures.values():
                future.add_done_callback(lambda _: done())
            return [futures[n].result() for n in range(len(jobs))]
    except BrokenProcessPool:
        raise PacketError(
            "a process laying out the packet stopped before it finished (out of memory, or "
            "killed); set AUDITBOOK_PROCESSES=1 to lay it out in this process"
        ) from None
