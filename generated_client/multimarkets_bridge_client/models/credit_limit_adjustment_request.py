from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.adjustment_biz_type import AdjustmentBizType
from ..models.adjustment_operation_type import AdjustmentOperationType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="CreditLimitAdjustmentRequest")


@_attrs_define
class CreditLimitAdjustmentRequest:
    """
    Attributes:
        third_server_code (str):
        user_name (str):
        currency (str):
        biz_type (AdjustmentBizType): Business type of a credit-limit adjustment.
        operation_type (AdjustmentOperationType): What the adjustment is for.
        amount (str): Amount; sign follows operationType.
        amount_digits (int):
        order_id (int):
        request_unique_no (str): Idempotency key.
        request_time (int): Epoch ms.
        ip (str): The user's IP.
        metadata (str | None): Remarks as JSON text.
    """

    third_server_code: str
    user_name: str
    currency: str
    biz_type: AdjustmentBizType
    operation_type: AdjustmentOperationType
    amount: str
    amount_digits: int
    order_id: int
    request_unique_no: str
    request_time: int
    ip: str
    metadata: str | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        third_server_code = self.third_server_code
        field_dict["thirdServerCode"] = third_server_code
        user_name = self.user_name
        field_dict["userName"] = user_name
        currency = self.currency
        field_dict["currency"] = currency
        biz_type = self.biz_type.value
        field_dict["bizType"] = biz_type
        operation_type = self.operation_type.value
        field_dict["operationType"] = operation_type
        amount = self.amount
        field_dict["amount"] = amount
        amount_digits = self.amount_digits
        field_dict["amountDigits"] = amount_digits
        order_id = self.order_id
        field_dict["orderId"] = order_id
        request_unique_no = self.request_unique_no
        field_dict["requestUniqueNo"] = request_unique_no
        request_time = self.request_time
        field_dict["requestTime"] = request_time
        ip = self.ip
        field_dict["ip"] = ip
        if self.metadata is not None:
            metadata = self.metadata
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        third_server_code = d.pop("thirdServerCode")

        user_name = d.pop("userName")

        currency = d.pop("currency")

        biz_type = AdjustmentBizType(d.pop("bizType"))

        operation_type = AdjustmentOperationType(d.pop("operationType"))

        amount = d.pop("amount")

        amount_digits = d.pop("amountDigits")

        order_id = d.pop("orderId")

        request_unique_no = d.pop("requestUniqueNo")

        request_time = d.pop("requestTime")

        ip = d.pop("ip")

        metadata = d.pop("metadata", UNSET)

        credit_limit_adjustment_request = cls(
            third_server_code=third_server_code,
            user_name=user_name,
            currency=currency,
            biz_type=biz_type,
            operation_type=operation_type,
            amount=amount,
            amount_digits=amount_digits,
            order_id=order_id,
            request_unique_no=request_unique_no,
            request_time=request_time,
            ip=ip,
            metadata=None if isinstance(metadata, Unset) else metadata,
        )

        credit_limit_adjustment_request.additional_properties = d
        return credit_limit_adjustment_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
