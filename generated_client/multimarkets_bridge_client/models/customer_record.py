from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_status import CustomerStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue


T = TypeVar("T", bound="CustomerRecord")


@_attrs_define
class CustomerRecord:
    """One row of the customer list. Meanings partly from sibling exports.

    Attributes:
        agent_customer_no (str | None): Number of the customer's agent.
        company_id (int | None):
        create_time (int | None): Creation time, epoch ms.
        customer_group_id (int | None):
        customer_group_name (str | None):
        customer_no (str | None): Customer number.
        customer_type (int | None):
        email (str | None):
        first_account_activate_time (int | None): First activation of a trading account, epoch ms.
        first_name (str | None): Given name.
        id (int | None): Customer id.
        id_card (str | None): Identity document number.
        id_card_type (str | None): Identity document type.
        last_name (str | None): Family name.
        login_time (int | None):
        name (str | None): Full name.
        open_account_type (int | None):
        phone (str | None):
        phone_area (str | None):
        register_source (int | None): See RegisterSource.
        remark (str | None):
        status (CustomerStatus | None): State of a customer account, as the customer list page lists its values. A value
            outside this
            set is refused as an answer that does not match the spec (as for OrderStatus).
        tg_user_id (str | None): Telegram user id.
        tg_user_name (str | None): Telegram user name.
        third_account_no (str | None):
        third_login_source (str | None):
        third_user_id (str | None):
        unit_id (int | None): Institution id.
        unit_name (str | None): Institution name.
        update_time (int | None):
    """

    agent_customer_no: str | None = None
    company_id: int | None = None
    create_time: int | None = None
    customer_group_id: int | None = None
    customer_group_name: str | None = None
    customer_no: str | None = None
    customer_type: int | None = None
    email: str | None = None
    first_account_activate_time: int | None = None
    first_name: str | None = None
    id: int | None = None
    id_card: str | None = None
    id_card_type: str | None = None
    last_name: str | None = None
    login_time: int | None = None
    name: str | None = None
    open_account_type: int | None = None
    phone: str | None = None
    phone_area: str | None = None
    register_source: int | None = None
    remark: str | None = None
    status: CustomerStatus | None = None
    tg_user_id: str | None = None
    tg_user_name: str | None = None
    third_account_no: str | None = None
    third_login_source: str | None = None
    third_user_id: str | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    update_time: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.agent_customer_no is not None:
            agent_customer_no = self.agent_customer_no
            field_dict["agentCustomerNo"] = agent_customer_no
        if self.company_id is not None:
            company_id = self.company_id
            field_dict["companyId"] = company_id
        if self.create_time is not None:
            create_time = self.create_time
            field_dict["createTime"] = create_time
        if self.customer_group_id is not None:
            customer_group_id = self.customer_group_id
            field_dict["customerGroupId"] = customer_group_id
        if self.customer_group_name is not None:
            customer_group_name = self.customer_group_name
            field_dict["customerGroupName"] = customer_group_name
        if self.customer_no is not None:
            customer_no = self.customer_no
            field_dict["customerNo"] = customer_no
        if self.customer_type is not None:
            customer_type = self.customer_type
            field_dict["customerType"] = customer_type
        if self.email is not None:
            email = self.email
            field_dict["email"] = email
        if self.first_account_activate_time is not None:
            first_account_activate_time = self.first_account_activate_time
            field_dict["firstAccountActivateTime"] = first_account_activate_time
        if self.first_name is not None:
            first_name = self.first_name
            field_dict["firstName"] = first_name
        if self.id is not None:
            id = self.id
            field_dict["id"] = id
        if self.id_card is not None:
            id_card = self.id_card
            field_dict["idCard"] = id_card
        if self.id_card_type is not None:
            id_card_type = self.id_card_type
            field_dict["idCardType"] = id_card_type
        if self.last_name is not None:
            last_name = self.last_name
            field_dict["lastName"] = last_name
        if self.login_time is not None:
            login_time = self.login_time
            field_dict["loginTime"] = login_time
        if self.name is not None:
            name = self.name
            field_dict["name"] = name
        if self.open_account_type is not None:
            open_account_type = self.open_account_type
            field_dict["openAccountType"] = open_account_type
        if self.phone is not None:
            phone = self.phone
            field_dict["phone"] = phone
        if self.phone_area is not None:
            phone_area = self.phone_area
            field_dict["phoneArea"] = phone_area
        if self.register_source is not None:
            register_source = self.register_source
            field_dict["registerSource"] = register_source
        if self.remark is not None:
            remark = self.remark
            field_dict["remark"] = remark
        if self.status is not None:
            status = self.status.value
            field_dict["status"] = status
        if self.tg_user_id is not None:
            tg_user_id = self.tg_user_id
            field_dict["tgUserId"] = tg_user_id
        if self.tg_user_name is not None:
            tg_user_name = self.tg_user_name
            field_dict["tgUserName"] = tg_user_name
        if self.third_account_no is not None:
            third_account_no = self.third_account_no
            field_dict["thirdAccountNo"] = third_account_no
        if self.third_login_source is not None:
            third_login_source = self.third_login_source
            field_dict["thirdLoginSource"] = third_login_source
        if self.third_user_id is not None:
            third_user_id = self.third_user_id
            field_dict["thirdUserId"] = third_user_id
        if self.unit_id is not None:
            unit_id = self.unit_id
            field_dict["unitId"] = unit_id
        if self.unit_name is not None:
            unit_name = self.unit_name
            field_dict["unitName"] = unit_name
        if self.update_time is not None:
            update_time = self.update_time
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        agent_customer_no = d.pop("agentCustomerNo", UNSET)

        company_id = d.pop("companyId", UNSET)

        create_time = d.pop("createTime", UNSET)

        customer_group_id = d.pop("customerGroupId", UNSET)

        customer_group_name = d.pop("customerGroupName", UNSET)

        customer_no = d.pop("customerNo", UNSET)

        customer_type = d.pop("customerType", UNSET)

        email = d.pop("email", UNSET)

        first_account_activate_time = d.pop("firstAccountActivateTime", UNSET)

        first_name = d.pop("firstName", UNSET)

        id = d.pop("id", UNSET)

        id_card = d.pop("idCard", UNSET)

        id_card_type = d.pop("idCardType", UNSET)

        last_name = d.pop("lastName", UNSET)

        login_time = d.pop("loginTime", UNSET)

        name = d.pop("name", UNSET)

        open_account_type = d.pop("openAccountType", UNSET)

        phone = d.pop("phone", UNSET)

        phone_area = d.pop("phoneArea", UNSET)

        register_source = d.pop("registerSource", UNSET)

        remark = d.pop("remark", UNSET)

        _status = d.pop("status", UNSET)
        status: CustomerStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CustomerStatus(_status)

        tg_user_id = d.pop("tgUserId", UNSET)

        tg_user_name = d.pop("tgUserName", UNSET)

        third_account_no = d.pop("thirdAccountNo", UNSET)

        third_login_source = d.pop("thirdLoginSource", UNSET)

        third_user_id = d.pop("thirdUserId", UNSET)

        unit_id = d.pop("unitId", UNSET)

        unit_name = d.pop("unitName", UNSET)

        update_time = d.pop("updateTime", UNSET)

        customer_record = cls(
            agent_customer_no=None if isinstance(agent_customer_no, Unset) else agent_customer_no,
            company_id=None if isinstance(company_id, Unset) else company_id,
            create_time=None if isinstance(create_time, Unset) else create_time,
            customer_group_id=None if isinstance(customer_group_id, Unset) else customer_group_id,
            customer_group_name=None if isinstance(customer_group_name, Unset) else customer_group_name,
            customer_no=None if isinstance(customer_no, Unset) else customer_no,
            customer_type=None if isinstance(customer_type, Unset) else customer_type,
            email=None if isinstance(email, Unset) else email,
            first_account_activate_time=None
            if isinstance(first_account_activate_time, Unset)
            else first_account_activate_time,
            first_name=None if isinstance(first_name, Unset) else first_name,
            id=None if isinstance(id, Unset) else id,
            id_card=None if isinstance(id_card, Unset) else id_card,
            id_card_type=None if isinstance(id_card_type, Unset) else id_card_type,
            last_name=None if isinstance(last_name, Unset) else last_name,
            login_time=None if isinstance(login_time, Unset) else login_time,
            name=None if isinstance(name, Unset) else name,
            open_account_type=None if isinstance(open_account_type, Unset) else open_account_type,
            phone=None if isinstance(phone, Unset) else phone,
            phone_area=None if isinstance(phone_area, Unset) else phone_area,
            register_source=None if isinstance(register_source, Unset) else register_source,
            remark=None if isinstance(remark, Unset) else remark,
            status=None if isinstance(status, Unset) else status,
            tg_user_id=None if isinstance(tg_user_id, Unset) else tg_user_id,
            tg_user_name=None if isinstance(tg_user_name, Unset) else tg_user_name,
            third_account_no=None if isinstance(third_account_no, Unset) else third_account_no,
            third_login_source=None if isinstance(third_login_source, Unset) else third_login_source,
            third_user_id=None if isinstance(third_user_id, Unset) else third_user_id,
            unit_id=None if isinstance(unit_id, Unset) else unit_id,
            unit_name=None if isinstance(unit_name, Unset) else unit_name,
            update_time=None if isinstance(update_time, Unset) else update_time,
        )

        customer_record.additional_properties = d
        return customer_record

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
