"""indexplan: plan, price and provision the hosting of a package index."""
