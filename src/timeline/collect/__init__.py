"""Collection: the only part of the toolkit that talks to the network.

`Collector(store_dir, settings).run(plan)` fetches a plan's sources politely into a raw store;
`Fetcher` is the safe, polite HTTP client underneath; `normalize_url` gives one key per article.
"""

from timeline.collect.http import Fetcher, FetchResult
from timeline.collect.runner import Collector, CollectReport
from timeline.collect.safety import SafetyPolicy
from timeline.collect.settings import CollectSettings
from timeline.collect.sources import Plan, Source
from timeline.collect.urls import normalize_url

__all__ = ["CollectReport", "CollectSettings", "Collector", "FetchResult", "Fetcher", "Plan", "SafetyPolicy",
           "Source", "normalize_url"]
