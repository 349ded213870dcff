"""Present: charts that return Figures (``charts``), files a newsroom publishes (``export``), the
interactive page (``html``), TimelineJS JSON (``timelinejs``) and notebook rendering (``notebooks``).

Importing this package stays light; matplotlib loads with ``charts``.
"""
