from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_envelope import ErrorEnvelope
from ...models.register_customer_request import RegisterCustomerRequest
from ...models.register_customer_response import RegisterCustomerResponse
from ...types import Response


def _get_kwargs(
    *,
    body: RegisterCustomerRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/global/customer.admin.WhiteCustomerAdminApiService.addCustomer",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> ErrorEnvelope | RegisterCustomerResponse:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = RegisterCustomerResponse.from_dict(data)

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
) -> Response[ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterCustomerRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse]:
    """Register a customer

     Creates a customer whose login account is a mobile number and/or an email address and returns
    the new customer number. At least one of `phone` / `email` is required even though the page
    marks both optional (doc inconsistency 11).

    Args:
        body (RegisterCustomerRequest): Registration body - a phone login, an email login, or
            both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse]
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
    body: RegisterCustomerRequest,
) -> ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse | None:
    """Register a customer

     Creates a customer whose login account is a mobile number and/or an email address and returns
    the new customer number. At least one of `phone` / `email` is required even though the page
    marks both optional (doc inconsistency 11).

    Args:
        body (RegisterCustomerRequest): Registration body - a phone login, an email login, or
            both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterCustomerRequest,
) -> Response[ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse]:
    """Register a customer

     Creates a customer whose login account is a mobile number and/or an email address and returns
    the new customer number. At least one of `phone` / `email` is required even though the page
    marks both optional (doc inconsistency 11).

    Args:
        body (RegisterCustomerRequest): Registration body - a phone login, an email login, or
            both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RegisterCustomerRequest,
) -> ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse | None:
    """Register a customer

     Creates a customer whose login account is a mobile number and/or an email address and returns
    the new customer number. At least one of `phone` / `email` is required even though the page
    marks both optional (doc inconsistency 11).

    Args:
        body (RegisterCustomerRequest): Registration body - a phone login, an email login, or
            both.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorEnvelope | ErrorEnvelope | RegisterCustomerResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
