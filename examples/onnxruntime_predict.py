"""Run a model exported by purenn with onnxruntime: no purenn needed.

    python3 -m purenn export fruit-model.json -o fruit.onnx
    python3 examples/onnxruntime_predict.py fruit.onnx examples/fruit.csv

The ONNX file computes the network; the scaling that ``purenn predict``
applies to each CSV column first is in the file's metadata
(``metadata_props["purenn.metadata"]``: ``inputs.names``, ``mean`` and
``scale``), so this script reads it from there.  It handles number columns
(a model with text columns one-hot encodes them as ``purenn.prep.encode``
does).  Prints the first rows' class and probabilities, as ``purenn predict``.
"""

import csv
import json
import sys

import numpy as np
import onnxruntime

model_path, data_path = sys.argv[1], sys.argv[2]
session = onnxruntime.InferenceSession(model_path, providers=["CPUExecutionProvider"])
md = json.loads(session.get_modelmeta().custom_metadata_map["purenn.metadata"])
names, mean, scale = md["inputs"]["names"], md["inputs"]["mean"], md["inputs"]["scale"]
classes = md["target"]["classes"]

with open(data_path, newline="") as f:
    rows = list(csv.DictReader(f))[:3]
X = np.array([[(float(r[n]) - m) / s for n, m, s in zip(names, mean, scale)] for r in rows],
             dtype=np.float32)
P = session.run(None, {"input": X})[0]
print(",".join([md["target"]["name"]] + ["p_" + c for c in classes]))
for p in P:
    print(",".join([classes[int(p.argmax())]] + ["%.4f" % v for v in p]))
