"""The playground: a page where purenn trains in the browser.

``python -m purenn playground`` (:mod:`purenn.tools.playground`) serves the
files of this folder: ``index.html`` and ``playground.mjs`` (the page),
``purenn-loader.mjs`` (loads MicroPython's WebAssembly port and copies
purenn's own files into it) and ``playground.css``.  The Python the page
runs is :mod:`purenn.web.playground`, an ordinary module that runs (and is
tested) on CPython too.
"""
