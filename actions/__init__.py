"""Custom actions of the TTHC assistant (Rasa SDK action server)."""
