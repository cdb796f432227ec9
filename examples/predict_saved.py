"""Load a saved model and predict one row: the smallest use of a model file.

    python3 examples/predict_saved.py [MODEL.json | MODEL.onnx]
    micropython -X heapsize=256k examples/predict_saved.py

(default model: examples/tutorial_model.json, from save_tutorial_model.py;
a name ending in .onnx is read by purenn.onnx).
tools/heapfit.sh measures the smallest MicroPython heap this needs.
"""

import sys

try:
    import _path  # noqa: F401  (the repository root on sys.path, from any folder)
except ImportError:  # a copy of this file beside the purenn package
    pass
import purenn  # noqa: E402

here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
path = sys.argv[1] if len(sys.argv) > 1 else here + "/tutorial_model.json"
if path.endswith(".onnx"):
    from purenn import onnx
    net = onnx.load(path)
else:
    net = purenn.load(path)
print("%.3f" % net.predict([[1, 0, 1]])[0][0])
