"""Starting, probing and stopping the real processes (Rasa, the action server, PostgreSQL,
Redis) that the tests, the scripts and the benchmark share."""
