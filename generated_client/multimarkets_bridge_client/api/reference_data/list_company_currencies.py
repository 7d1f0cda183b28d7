from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.list_company_currencies_request import ListCompanyCurrenciesRequest
from ...models.list_company_currencies_response import ListCompanyCurrenciesResponse
from ...types import Response


def _get_kwargs(
    *,
    body: ListCompanyCurrenciesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/global/config.admin.AdminAssetsDubboService.getAssetsList",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ErrorEnvelope | ListCompanyCurrenciesResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = ListCompanyCurrenciesResponse.from_dict(data)

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
) -> Response[ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ListCompanyCurrenciesRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse]:
    """Currencies enabled for the company (inferred)

     Currencies (assets) the company may use. Path and shapes come from the sibling Manager export.

    Args:
        body (ListCompanyCurrenciesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse]
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
    body: ListCompanyCurrenciesRequest,
) -> ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse | None:
    """Currencies enabled for the company (inferred)

     Currencies (assets) the company may use. Path and shapes come from the sibling Manager export.

    Args:
        body (ListCompanyCurrenciesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ListCompanyCurrenciesRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse]:
    """Currencies enabled for the company (inferred)

     Currencies (assets) the company may use. Path and shapes come from the sibling Manager export.

    Args:
        body (ListCompanyCurrenciesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ListCompanyCurrenciesRequest,
) -> ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse | None:
    """Currencies enabled for the company (inferred)

     Currencies (assets) the company may use. Path and shapes come from the sibling Manager export.

    Args:
        body (ListCompanyCurrenciesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | ListCompanyCurrenciesResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
