from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_exchange_account_request import AddExchangeAccountRequest
from ...models.add_exchange_account_response import AddExchangeAccountResponse
from ...models.error_envelope import ErrorEnvelope
from ...types import Response


def _get_kwargs(
    *,
    body: AddExchangeAccountRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/global/customer.admin.CustomerDirectAccAdminApiService.add",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> AddExchangeAccountResponse | ErrorEnvelope:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = AddExchangeAccountResponse.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = ErrorEnvelope.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 418:
        response_418 = ErrorEnvelope.from_dict(response.json())

        return response_418

    if response.status_code == 429:
        response_429 = ErrorEnvelope.from_dict(response.json())

        return response_429

    if 400 <= response.status_code <= 499:
        response_4xx = ErrorEnvelope.from_dict(response.json())

        return response_4xx

    if 500 <= response.status_code <= 599:
        response_5xx = ErrorEnvelope.from_dict(response.json())

        return response_5xx

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddExchangeAccountRequest,
) -> Response[AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope]:
    """Link an exchange account to a customer

     Links a customer's own exchange API key (Binance, OKX) or Cumberland credentials. For Binance
    the key must whitelist the platform's outbound IPs (PRE 103.80.26.250, PRD 18.163.151.26).
    `accountName` becomes the alias that trading calls select the account by. The page publishes
    no response `data`; the SDK returns whatever JSON value arrives.

    Args:
        body (AddExchangeAccountRequest): Body of add_exchange_account - a Binance or OKX account,
            or a Cumberland account with its certificate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AddExchangeAccountRequest,
) -> AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope | None:
    """Link an exchange account to a customer

     Links a customer's own exchange API key (Binance, OKX) or Cumberland credentials. For Binance
    the key must whitelist the platform's outbound IPs (PRE 103.80.26.250, PRD 18.163.151.26).
    `accountName` becomes the alias that trading calls select the account by. The page publishes
    no response `data`; the SDK returns whatever JSON value arrives.

    Args:
        body (AddExchangeAccountRequest): Body of add_exchange_account - a Binance or OKX account,
            or a Cumberland account with its certificate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddExchangeAccountRequest,
) -> Response[AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope]:
    """Link an exchange account to a customer

     Links a customer's own exchange API key (Binance, OKX) or Cumberland credentials. For Binance
    the key must whitelist the platform's outbound IPs (PRE 103.80.26.250, PRD 18.163.151.26).
    `accountName` becomes the alias that trading calls select the account by. The page publishes
    no response `data`; the SDK returns whatever JSON value arrives.

    Args:
        body (AddExchangeAccountRequest): Body of add_exchange_account - a Binance or OKX account,
            or a Cumberland account with its certificate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AddExchangeAccountRequest,
) -> AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope | None:
    """Link an exchange account to a customer

     Links a customer's own exchange API key (Binance, OKX) or Cumberland credentials. For Binance
    the key must whitelist the platform's outbound IPs (PRE 103.80.26.250, PRD 18.163.151.26).
    `accountName` becomes the alias that trading calls select the account by. The page publishes
    no response `data`; the SDK returns whatever JSON value arrives.

    Args:
        body (AddExchangeAccountRequest): Body of add_exchange_account - a Binance or OKX account,
            or a Cumberland account with its certificate.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddExchangeAccountResponse | ErrorEnvelope | ErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
