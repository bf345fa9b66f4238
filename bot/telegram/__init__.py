"""The Telegram channel: a python-telegram-bot process relaying chats to Rasa's REST channel."""
