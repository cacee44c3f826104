"""Plots layer: the chart theme and the one figure-saving helper, colours, and chart functions.

Chart functions are seaborn-shaped (``data`` first, keyword-only columns,
``ax=None``, the Axes returned) and draw protected tables only
(:class:`analysis.disclosure.Protected`); the analyst's views of raw
sequences live beside them in :mod:`analysis.plots.sequence_plots`.
"""
