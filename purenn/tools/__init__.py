"""The command line, built on the rest of purenn: ``python -m purenn``.

cli (the entry point and the tutorial) -> options (the one parser) ->
commands (predict, info, export, explain, draw), train (train) -> csvfile.
"""
