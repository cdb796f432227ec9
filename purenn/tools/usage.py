"""The help text of ``python -m purenn`` (loaded only for ``--help``)."""

USAGE = """usage: python -m purenn [--iterations N] [--seed N] [--weights] [--portable-math]
                        [--help] [--version]
       python -m purenn COMMAND [arguments] [--portable-math] (COMMAND --help
                        describes each)

Train the classic tutorial network (3 inputs, 4 hidden sigmoid neurons,
1 sigmoid output, no biases) by backpropagation on the four rows of the
XOR-like table, with the sum-of-squared-errors loss and learning rate 1,
then print its forecast for each row next to the fact.

options:
  --iterations N   training iterations (default 1500)
  --seed N         seed of the weight initialisation (default 1)
  --weights        also print the trained weights (exact, one per line)
  --portable-math  compute exp, log and tanh with purenn's portable functions,
                   which give the same bits on every runtime, WebAssembly
                   included (slower; with a COMMAND too)
  -h, --help       show this help and exit
  --version        print purenn's version and exit

commands, for your own data:
  train DATA.csv --target COLUMN ... --out MODEL.json   train and save a model
  predict MODEL.json DATA.csv [--out FILE]              predictions as CSV
  evaluate MODEL.json DATA.csv                          scores on labelled rows
  info MODEL.json                                       describe a model file
  export MODEL.json -o PREDICT.py [--digits N]          standalone Python file
  export MODEL.json -o MODEL.onnx [--dtype float64]     an ONNX model
  convert MODEL.onnx -o MODEL.json                      an ONNX model as a purenn one
  explain [--sample N] [--neuron N] [--model M ...]     one step, all numbers
  draw MODEL.json -o NET.svg                            a picture of the network
  playground [--port N] [--runtime DIR]                 train in a web page, live
"""
