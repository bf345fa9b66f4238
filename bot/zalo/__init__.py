"""The Zalo Official Account relay: Zalo's webhook events in, Rasa's REST channel, the OA
messaging API out (python -m bot.zalo)."""
