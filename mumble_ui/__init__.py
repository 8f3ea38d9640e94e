"""Streamlit helpers shared by the pages: the cached pipeline, the language and small widgets.

Pages lay out widgets and call into `mumble`. Everything they share lives
here, so a page file reads top to bottom in the order of the screen.
"""
