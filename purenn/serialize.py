"""Model files under their long-standing name: reading and writing in one place.

The format lives in ``purenn.core.modelfile`` (reading, validation) and
``purenn.core.modelwrite`` (writing); this module gathers their public
functions for code that uses ``purenn.serialize``:

* ``load(path)``, ``loads(text)``, ``from_dict(data)``, ``validate(data)``;
* ``to_dict(net)``, ``dumps(data)``, ``save(net, path)``;
* :class:`ModelFileError`, the ``ValueError`` every bad file raises.

>>> from purenn import Network, Dense
>>> net = Network([Dense(3, 4, "sigmoid"), Dense(4, 1, "sigmoid")], seed=1)
>>> loads(dumps(to_dict(net))).predict([[0, 1, 1]]) == net.predict([[0, 1, 1]])
True
"""

from .core.errors import ModelFileError
from .core.modelfile import validate
from .core.modelwrite import dumps, save, to_dict
from .core.network import Network, load, loads

from_dict = Network.from_dict

__all__ = ["ModelFileError", "load", "loads", "from_dict", "validate", "to_dict", "dumps",
           "save"]
