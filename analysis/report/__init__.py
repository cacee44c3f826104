"""Report layer: the study, every published exhibit, the notebook context, the runner and the page.

The top layer: it may import every other layer; nothing imports it.
"""
