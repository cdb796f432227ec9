"""Train a network elsewhere (scikit-learn), save it as ONNX, run it here.

    python3 examples/sklearn_to_onnx.py digits-mlp.onnx

Needs scikit-learn and skl2onnx (pip install -r tests/requirements-peers.txt);
purenn does not.  Trains scikit-learn's MLPClassifier (64-32-10, ReLU) on the
first 1500 of the 8x8 digits, writes it with skl2onnx (float32, without the
ZipMap dictionaries), and writes the other 297 rows to digits-test.csv (64
pixel columns, then the digit) for trying the converted model.  Then:

    python3 -m purenn convert digits-mlp.onnx -o digits-mlp.json
    python3 -m purenn evaluate digits-mlp.json digits-test.csv
"""

import sys
import warnings

import _path  # noqa: F401
from purenn import datasets

import numpy as np
from sklearn.neural_network import MLPClassifier
from skl2onnx import to_onnx

out = sys.argv[1] if len(sys.argv) > 1 else "digits-mlp.onnx"
X, Y = datasets.digits()
y = [row.index(1.0) for row in Y]
with warnings.catch_warnings():
    warnings.simplefilter("ignore")            # it stops at max_iter on purpose
    clf = MLPClassifier(hidden_layer_sizes=(32,), max_iter=200, random_state=0)
    clf.fit(np.array(X[:1500]), y[:1500])
with open(out, "wb") as f:
    f.write(to_onnx(clf, np.array(X[:1], dtype=np.float32),
                    options={"zipmap": False}).SerializeToString())
with open("digits-test.csv", "w") as f:
    f.write(",".join(["p%d" % i for i in range(64)] + ["label"]) + "\n")
    for row, label in zip(X[1500:], y[1500:]):
        f.write(",".join([repr(v) for v in row] + [str(label)]) + "\n")
print("scikit-learn MLPClassifier 64-32-10: accuracy %.4f on the 297 rows of digits-test.csv"
      % clf.score(np.array(X[1500:]), y[1500:]))
print("wrote %s and digits-test.csv" % out)
