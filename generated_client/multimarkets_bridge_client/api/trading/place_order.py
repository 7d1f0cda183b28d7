from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.place_order_request import PlaceOrderRequest
from ...models.place_order_response import PlaceOrderResponse
from ...types import Response


def _get_kwargs(
    *,
    body: PlaceOrderRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/global/tradeapi.admin.OrderAdminApiService.addDirectOrder",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ErrorEnvelope | PlaceOrderResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = PlaceOrderResponse.from_dict(data)

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
) -> Response[ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PlaceOrderRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse]:
    """Place an order on a linked exchange account

     Places a market (`bizType` 1) or limit (`bizType` 2) order that the platform routes to the
    customer's Binance or OKX account. The body field `bizType` is the order type and has nothing to
    do with the URL bizType (doc inconsistency 29). Binance rejects orders under 5 USDT; OKX ignores
    `timeInForce` and answers with only clientOrderId and status. The response `data` is not
    published; `PlaceOrderResult` is inferred.

    Args:
        body (PlaceOrderRequest): Order body - a limit order (bizType 2) with price and num, or a
            market order (bizType 1) with num, amount or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse]
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
    body: PlaceOrderRequest,
) -> ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse | None:
    """Place an order on a linked exchange account

     Places a market (`bizType` 1) or limit (`bizType` 2) order that the platform routes to the
    customer's Binance or OKX account. The body field `bizType` is the order type and has nothing to
    do with the URL bizType (doc inconsistency 29). Binance rejects orders under 5 USDT; OKX ignores
    `timeInForce` and answers with only clientOrderId and status. The response `data` is not
    published; `PlaceOrderResult` is inferred.

    Args:
        body (PlaceOrderRequest): Order body - a limit order (bizType 2) with price and num, or a
            market order (bizType 1) with num, amount or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PlaceOrderRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse]:
    """Place an order on a linked exchange account

     Places a market (`bizType` 1) or limit (`bizType` 2) order that the platform routes to the
    customer's Binance or OKX account. The body field `bizType` is the order type and has nothing to
    do with the URL bizType (doc inconsistency 29). Binance rejects orders under 5 USDT; OKX ignores
    `timeInForce` and answers with only clientOrderId and status. The response `data` is not
    published; `PlaceOrderResult` is inferred.

    Args:
        body (PlaceOrderRequest): Order body - a limit order (bizType 2) with price and num, or a
            market order (bizType 1) with num, amount or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PlaceOrderRequest,
) -> ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse | None:
    """Place an order on a linked exchange account

     Places a market (`bizType` 1) or limit (`bizType` 2) order that the platform routes to the
    customer's Binance or OKX account. The body field `bizType` is the order type and has nothing to
    do with the URL bizType (doc inconsistency 29). Binance rejects orders under 5 USDT; OKX ignores
    `timeInForce` and answers with only clientOrderId and status. The response `data` is not
    published; `PlaceOrderResult` is inferred.

    Args:
        body (PlaceOrderRequest): Order body - a limit order (bizType 2) with price and num, or a
            market order (bizType 1) with num, amount or both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | PlaceOrderResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
