"""``civicgraph draft`` as one call: draft held sources and write their drafts as one
change of data/.

Drafting reads the authority file, the records and the source; a review writes them. So
the drafts are made and written under the lock of data/ (``civicgraph.journal``): never
from a review half done, and never over the draft a review was rewriting. All the drafts
of one run are one change (``journal.commit_files``): a run killed or refused midway
leaves every earlier draft as it was, and the next command completes or undoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from civicgraph.ingest.draft import draft_all, draft_source
from civicgraph.ingest.drafts import draft_path, render_yaml
from civicgraph.ingest.proposals import Draft
from civicgraph.journal import commit_files, data_lock, write_file


def propose_drafts(
    data_dir: Path,
    source_id: str | None = None,
    *,
    out: Path | None = None,
    write: bool = True,
    on_drafted: Callable[[Draft], None] | None = None,
) -> list[Draft]:
    """Draft ``source_id`` (every held source when ``None``); with ``write``, write each
    draft to ``data/drafts/<id>.yaml``, or the one draft to ``out``.

    ``on_drafted`` is called after each source is drafted (a progress bar).
    """
    with data_lock(data_dir):
        if source_id is not None:
            drafts = [draft_source(data_dir, source_id)]
        else:
            drafts = []
            for draft in draft_all(data_dir):
                drafts.append(draft)
                if on_drafted is not None:
                    on_drafted(draft)
        if not write or not drafts:
            return drafts
        what = f"drafting of {source_id}" if source_id is not None else "drafting of every source"
        if source_id is not None and out is not None:
            write_file(data_dir, out, render_yaml(drafts[0]).encode("utf-8"), what=what)
        else:
            writes = {
                draft_path(data_dir, d.source_id): render_yaml(d).encode("utf-8") for d in drafts
            }
            commit_files(data_dir, writes, what=what)
    return drafts


__all__ = ["propose_drafts"]
