"""The core: what ``predict`` and ``fit`` need, read top-down.

errors, checks -> kernels -> activations, losses -> layers -> network ->
optimizers, training (one fit loop; engines: generic, codegen) ->
modelfile (reading), modelwrite (writing); rng, metrics and progress beside
them.  Nothing here imports the rest of purenn.  See ``docs/architecture.md``.
"""
