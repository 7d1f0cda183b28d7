"""Local stateful sandbox of the MultiMarkets Bridge API."""
