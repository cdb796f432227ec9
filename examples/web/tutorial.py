# The tutorial network (3-4-1, sigmoid, no biases), trained by backpropagation
# for 1500 iterations on the four rows of its XOR-like table; the table it
# prints is what `python3 -m purenn` prints.
from purenn import tutorial

nn = tutorial.train(1500)
for line in tutorial.table(nn):
    print(line)
