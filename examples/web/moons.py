# Two moons: 60 noisy points in two interleaving half circles, separated by a
# 2-8-1 network (tanh, then a sigmoid output) trained with Adam on the full
# batch; then the decision map as an SVG picture (in the variable `svg`).
from purenn import Network, Dense, datasets, plot

X, Y = datasets.moons(60, noise=0.1, seed=0)
net = Network([Dense(2, 8, "tanh"), Dense(8, 1, "sigmoid")], seed=1)
history = net.fit(X, Y, epochs=200, learning_rate=0.05, optimizer="adam",
                  loss="binary_crossentropy", metrics=["accuracy"])
print("epoch  loss    accuracy")
for epoch in (1, 25, 50, 100, 150, 200):
    loss, accuracy = history["loss"][epoch - 1], history["accuracy"][epoch - 1]
    print("%5d  %.4f  %.3f" % (epoch, loss, accuracy))
svg = plot.boundary_svg(net, X, Y, resolution=40, title="two moons, 2-8-1")
