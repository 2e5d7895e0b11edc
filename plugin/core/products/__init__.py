"""What a product is: names, scaling tables, SCL classes, XML metadata and the product model."""
