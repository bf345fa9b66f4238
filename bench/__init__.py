"""The benchmark (`make bench`): quality and speed of the assistant beside a keyword baseline and the `rasa init` floor."""
