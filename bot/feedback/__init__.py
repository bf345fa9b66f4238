"""What citizens asked and how they rated the answers, kept for staff without personal data."""

# what the Telegram relay and the widget send as metadata.channel; the REST channel keeps only these
KNOWN_CHANNELS = ("telegram", "web", "zalo")
