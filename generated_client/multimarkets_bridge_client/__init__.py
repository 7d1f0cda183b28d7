"""A client library for accessing MultiMarkets Bridge API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
