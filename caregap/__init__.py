"""Care Gap: customer-service survey results, sliced, with the statistics a researcher expects."""
