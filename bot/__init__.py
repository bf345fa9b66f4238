"""The TTHC assistant's own package: Vietnamese text, NLU components, catalogue."""
