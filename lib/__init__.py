"""Home Practice: the product's domain logic, plain Python and SQL."""
