"""Queries written by visitors, run in worker processes that are killed at their deadline.

pyoxigraph cannot stop a query that has not answered yet (a sort, a count over a cross
product): run in a thread, an abandoned one would go on and keep its slot until it ends.
So the SPARQL a visitor writes (the ``/sparql`` endpoint, the query page's editor and its
catalogue forms) runs in a bounded pool of processes (pebble's ``ProcessPool``) that kills
a worker at its query's deadline and starts another, while pages keep their own thread
slots and never wait behind these queries. Each worker opens its own ``TripleSource``
(``open_source``, given by the server) and sends back only the serialised answer:

- on the embedded store, the store's generation the pages read, read-only (the database
  allows several reading processes); the kill is the only way its queries have a hard
  deadline and a memory cap;
- over an endpoint, the same endpoint through the one endpoint client: the query goes on
  with what is left of its deadline, and the worker's memory cap bounds what an answer
  may take while it is read. The text is read (its form; updates and SERVICE refused) in
  the worker before anything is sent, as on the embedded store.

Either way the same row cap, answer bytes and deadline hold, and a visitor's query is run
by the one query runner (``civicgraph.query.run_text``).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import anyio
import pyoxigraph as ox
from pebble import ProcessExpired, ProcessPool

from civicgraph.errors import CivicGraphError, QueryError, StoreError
from civicgraph.formats import Format, format_named
from civicgraph.memory import limit_arenas
from civicgraph.query import QueryResult, run_text
from civicgraph.serve import protocol, queries
from civicgraph.serve.queries import QueryForm
from civicgraph.triplesource import TripleSource

OpenSource = Callable[[], TripleSource]
"""How a worker opens its source: picklable (a ``functools.partial`` of
``EmbeddedSource.open`` or of ``EndpointSource``), as it is sent to every new worker."""

_RESULTS = format_named("json")
_TRIPLES = format_named("ntriples")
_CLI = "civicgraph.cli"
_WAIT_STEP = 0.02
"""Seconds between looks for a free worker while all are busy."""


@dataclass(frozen=True)
class Job:
    """A query to run: a visitor's text, checked in the worker, or one bound from the catalogue.

    A visitor's text is read (its form, an update or SERVICE refused) by the worker, under
    the query's deadline: reading a long or deeply nested text can take longer than running
    it, and must never hold the server's own process.
    """

    text: str
    limit: int
    timeout: float
    form: QueryForm | None = None
    """The form when the text is bound from the catalogue; ``None``: the worker reads it."""
    negotiated: bool = False
    """Answer in what ``protocol.answer_format`` chooses from ``accept`` and ``format_name``
    once the form is known; otherwise SPARQL JSON results for rows, N-Triples for triples."""
    accept: str | None = None
    format_name: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    version: str | None = None
    """The data's version the pages serve: a worker that has seen another one asks its
    source again which graphs make the dataset, so pages and queries move together."""


@dataclass(frozen=True)
class Reply:
    """What a worker sends back: the answer's bytes, or the one line saying why not."""

    body: bytes = b""
    content_type: str = ""
    truncated: bool = False
    problem: str | None = None
    """Why the query could not be answered (a syntax error, a refused update or SERVICE)."""
    refused_update: bool = False
    form: QueryForm | None = None
    """The query's form; with no ``content_type``, no format asked for it is offered."""
    timed_out: bool = False
    store_problem: str | None = None
    """Why the worker could not open the store: the server's fault, not the query's."""
    too_large: int = 0
    """The bytes of an answer larger than the pool's cap, sent instead of it."""


class QueryPool:
    """A fixed number of worker processes for visitors' queries, each with a deadline."""

    def __init__(
        self,
        open_source: OpenSource,
        *,
        workers: int,
        memory: int = 0,
        answer_bytes: int = 0,
    ) -> None:
        """``open_source``: how each worker opens the source the pages read; ``memory``:
        bytes of address space each worker may take; ``answer_bytes``: the largest answer
        a worker sends back (0: no limit)."""
        self._memory, self._answer_bytes = memory, answer_bytes
        self._workers = workers
        self._open_source = open_source
        self._slots = threading.BoundedSemaphore(workers)
        self._running: set[Future[Reply]] = set()
        self._stopping = False
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPool:
        context = multiprocessing.get_context("forkserver")
        # workers are forked from a clean server process that has imported this module
        # once, so none inherits the server's threads or its open database and a killed
        # one is replaced fast. Each new worker also re-runs the program's main script
        # (multiprocessing's rule); for `civicgraph serve` that script imports the CLI,
        # preloaded here too so that it costs nothing (0.5-0.9 s a worker without it)
        context.set_forkserver_preload([__name__, _CLI])
        return ProcessPool(
            max_workers=self._workers,
            initializer=_start_worker,
            initargs=(self._open_source, self._memory, self._answer_bytes),
            context=context,
        )

    def _whole_pool(self) -> ProcessPool:
        """The pool, made anew if it broke: pebble gives up for good on a pool whose
        workers all died while none ran a task (in their start, or on reading a job),
        and every later query would fail until the server was restarted."""
        if not self._stopping and not self._pool.active:
            self._renew_pool()
        return self._pool

    def _renew_pool(self) -> None:
        """A new pool in place of the current one, which is stopped, its workers killed."""
        old, self._pool = self._pool, self._new_pool()
        old.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
        threading.Thread(target=old.join, daemon=True).start()

    def serve(self, open_source: OpenSource) -> None:
        """Open this source in every worker from now on: the workers are started anew."""
        self._open_source = open_source
        self._renew_pool()

    def start(self) -> None:
        """Start the workers now rather than at the first query."""
        self._whole_pool().schedule(_ready).result()

    def stop_running(self) -> None:
        """Kill the workers running a query now: the server stops and answers them 503.

        Called on the event loop as the server begins to stop, before it waits for the
        requests still open: they would otherwise wait for their queries' deadlines.
        """
        self._stopping = True
        for future in list(self._running):
            future.cancel()

    def close(self) -> None:
        """Stop every worker, also those running a query, and wait until they are gone."""
        self._pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
        self._pool.join()

    async def answer(self, job: Job) -> Reply:
        """The job's answer; ``QueryTimeoutError`` when it or its wait for a worker ran out.

        ``QueryAbortedError`` when its worker died, ``StoreError`` when the worker could
        not open the store, ``UpdateRefusedError`` for an update, ``QueryError`` when the
        query was refused. A reply with no ``content_type`` has no format the client accepts.
        """
        await self._take_slot(job.timeout)
        try:
            future = self._whole_pool().schedule(_answer, args=(job,), timeout=job.timeout)
        except BaseException:
            self._slots.release()
            raise
        # the slot is given back when the worker is free again, not when the request gives
        # up: a killed worker is free once it is gone
        future.add_done_callback(lambda _: self._slots.release())
        self._running.add(future)
        future.add_done_callback(self._running.discard)
        try:
            reply = await asyncio.wrap_future(future)
        except TimeoutError as error:
            raise _timeout(job.timeout) from error
        except MemoryError as error:
            raise self._out_of_memory() from error
        except BrokenProcessPool as error:
            # made whole again for the next query (``_whole_pool``)
            raise WorkersRestartingError(
                "the query workers stopped and are being started again",
                hint="try again in a moment",
            ) from error
        except ProcessExpired as error:
            # the engine aborts its process when an allocation fails past the limit
            if self._memory and error.exitcode == -signal.SIGABRT:
                raise self._out_of_memory() from error
            raise QueryAbortedError(
                f"the query's worker stopped (exit code {error.exitcode})",
                hint="it may have needed more memory than there is; narrow it or add a LIMIT",
            ) from error
        except asyncio.CancelledError as error:
            task = asyncio.current_task()
            if self._stopping and future.cancelled() and not (task and task.cancelling()):
                raise QueryAbortedError(
                    "the server is stopping", hint="try again once it is back"
                ) from error
            # the server stops: a running worker is killed, so it works for nobody
            future.cancel()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            raise
        problem = self._refusal(reply, job)
        if problem is not None:
            raise problem
        return reply

    def _refusal(self, reply: Reply, job: Job) -> CivicGraphError | None:
        """The error a reply tells instead of an answer, if it tells one."""
        if reply.timed_out:
            return _timeout(job.timeout)
        if reply.too_large:
            return AnswerTooLargeError(
                f"the answer is {reply.too_large} bytes, more than --max-answer allows"
                f" ({self._answer_bytes})",
                hint="select fewer or shorter values, or add a LIMIT",
            )
        if reply.store_problem is not None:
            return StoreError(reply.store_problem)
        if reply.refused_update:
            return queries.UpdateRefusedError(reply.problem or "")
        if reply.problem is not None:
            return QueryError(reply.problem)
        return None

    def _out_of_memory(self) -> QueryAbortedError:
        return QueryAbortedError(
            "the query needed more memory than --query-memory allows"
            f" ({self._memory // (1024 * 1024)} MiB); its worker was replaced",
            hint="narrow it with more patterns or a LIMIT, and sort fewer rows",
        )

    async def _take_slot(self, timeout: float) -> None:
        # slots are given back from the pool's own thread, so they are counted by a
        # thread-safe semaphore; the request looks for one without holding a thread
        with anyio.move_on_after(timeout):
            while not self._slots.acquire(blocking=False):
                await anyio.sleep(_WAIT_STEP)
            return
        raise queries.QueryTimeoutError(
            "too many queries are running", hint="try again in a moment"
        )


class QueryAbortedError(QueryError):
    """A query's worker ended before it answered, killed by the system or crashed."""


class WorkersRestartingError(QueryAbortedError):
    """Every worker of the pool had stopped; a new pool is starting."""

    words = "workers_restarting"
    """The page's words for it (``civicgraph.serve.i18n``)."""


class AnswerTooLargeError(QueryError):
    """A query answered, but in more bytes than the server sends."""


def read_answer(reply: Reply) -> QueryResult:
    """The answer of a reply in SPARQL JSON results (SELECT, ASK) or N-Triples."""
    form = reply.form or QueryForm.SELECT
    if form in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}:
        triples = tuple(q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES))
        return QueryResult(form, triples=triples, truncated=reply.truncated)
    parsed = ox.parse_query_results(reply.body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult(QueryForm.ASK, boolean=bool(parsed))
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(tuple(s[v] for v in variables) for s in parsed)
    return QueryResult(QueryForm.SELECT, variables, rows, truncated=reply.truncated)


def _timeout(seconds: float) -> queries.QueryTimeoutError:
    return queries.QueryTimeoutError(
        f"the query ran longer than {seconds:g} s and was stopped",
        hint="narrow it with more patterns or a LIMIT",
    )


# In the worker processes

_source: TripleSource | None = None
_source_problem = "the store is not open"
_answer_bytes = 0
_open: OpenSource | None = None
_version_seen: str | None = None


def _start_worker(open_source: OpenSource, memory: int, answer_bytes: int) -> None:
    global _answer_bytes, _open
    _answer_bytes, _open = answer_bytes, open_source
    # killed at a deadline while the engine holds the interpreter, a worker must go at
    # once: it writes nothing, so it has nothing to clean up
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory > 0:
        # a sort over a cross product takes gigabytes in seconds, long before its
        # deadline: past this the allocation fails and the worker ends, not the machine
        limit_arenas(2)
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    _open_worker_source()


def _open_worker_source() -> TripleSource | None:
    """The worker's source, opened now if it is not open yet.

    Tried again at each query while it fails (the store is being rebuilt, moved, not
    readable): a worker whose store could not be opened once serves again as soon as
    the store is back, without a restart.
    """
    global _source, _source_problem  # noqa: PLW0603 - one source per worker process
    if _source is None and _open is not None:
        try:
            _source = _open()
        except CivicGraphError as error:  # told to each query, not lost in a worker's exit
            _source_problem = str(error)
    return _source


def _ready() -> bool:
    return _source is not None


def _answer(job: Job) -> Reply:
    source = _open_worker_source()
    if source is None:
        return Reply(store_problem=_source_problem)
    checked = _check(job)
    if isinstance(checked, Reply):
        return checked
    form, chosen, own_dataset = checked
    answer = _run(source, job, form, own_dataset=own_dataset)
    if isinstance(answer, Reply):
        return answer
    body, content_type = protocol.serialise(answer, chosen, iris=source.iris)
    if 0 < _answer_bytes < len(body):  # its size only: the bytes are never copied out
        return Reply(too_large=len(body), form=form)
    return Reply(body, content_type, answer.truncated, form=form)


def _run(
    source: TripleSource, job: Job, form: QueryForm, *, own_dataset: bool
) -> QueryResult | Reply:
    """The job's answer from the one query runner, or the reply saying why there is none."""
    global _version_seen  # noqa: PLW0603 - one source per worker process
    try:
        if job.version != _version_seen:
            source.version()  # a source that sees a new version lists its graphs again
            _version_seen = job.version
        return run_text(
            source,
            job.text,
            form,
            limit=job.limit,
            timeout=job.timeout,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            own_dataset=own_dataset,
        )
    except queries.QueryTimeoutError:
        return Reply(timed_out=True)
    except StoreError as error:  # the endpoint away or failing: the server's fault
        return Reply(store_problem=str(error))
    except QueryError as error:
        return Reply(problem=str(error))


def _check(job: Job) -> tuple[QueryForm, Format, bool] | Reply:
    """The job's form, media type and whether it names its dataset, or the reply refusing it."""
    try:
        form = job.form or queries.query_form(job.text)
        own_dataset = queries.names_dataset(job.text)
    except queries.UpdateRefusedError as error:
        return Reply(problem=str(error), refused_update=True)
    except QueryError as error:
        return Reply(problem=str(error))
    if job.negotiated:
        chosen = protocol.answer_format(form, job.accept, job.format_name)
    else:
        chosen = _RESULTS if form in {QueryForm.SELECT, QueryForm.ASK} else _TRIPLES
    if chosen is None:
        return Reply(form=form)
    return form, chosen, own_dataset
