"""Analysis layer: merge event mentions into a timeline, build actor networks, answer analysts' questions.

Modules: ``mentions`` (typed view of mention rows), ``similarity`` (is this the same happening?),
``clustering`` (sparse average-linkage), ``timeline`` (``merge_events``), ``salience`` (key events),
``views`` (filters, windows), ``lags`` (reaction lags), ``coverage`` (articles per day, gaps),
``network`` (co-mention and interaction graphs over time), ``gexf`` (dynamic GEXF 1.3 + schema check),
``network_export`` (GEXF, GraphML, CSV files).
"""
