"""Local servers that speak the HTTP protocol of counterparts the tests cannot reach."""
