"""Natural-language processing: dates, actors, events, and the spaCy components that run them."""
