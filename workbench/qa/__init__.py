"""Quality assurance: checks on translation pairs and the project report built from them."""
