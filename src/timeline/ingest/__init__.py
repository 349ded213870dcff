"""Input edge: turn a user's corpus (JSONL, a raw store folder) into Articles plus a list of rejects."""

from timeline.ingest.jsonl import read_jsonl
from timeline.ingest.records import IngestReport

__all__ = ["IngestReport", "read_jsonl"]
