"""ĐTBD: training and development of a province's cadres, civil servants and public employees."""
