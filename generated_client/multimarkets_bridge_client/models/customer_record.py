from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CustomerRecord")


@_attrs_define
class CustomerRecord:
    """One row of the customer list. Meanings partly from sibling exports.

    Attributes:
        agent_customer_no (str | Unset): Number of the customer's agent.
        company_id (int | Unset):
        create_time (int | Unset): Creation time, epoch ms.
        customer_group_id (int | Unset):
        customer_group_name (str | Unset):
        customer_no (str | Unset): Customer number.
        customer_type (int | Unset):
        email (str | Unset):
        first_account_activate_time (int | Unset): First activation of a trading account, epoch ms.
        first_name (str | Unset): Given name.
        id (int | Unset): Customer id.
        id_card (str | Unset): Identity document number.
        id_card_type (str | Unset): Identity document type.
        last_name (str | Unset): Family name.
        login_time (int | Unset):
        name (str | Unset): Full name (sibling exports disagree; doc inconsistency 27).
        open_account_type (int | Unset):
        phone (str | Unset):
        phone_area (str | Unset):
        register_source (int | Unset): See RegisterSource.
        remark (str | Unset):
        status (int | Unset):
        tg_user_id (str | Unset): Telegram user id.
        tg_user_name (str | Unset): Telegram user name.
        third_account_no (str | Unset):
        third_login_source (str | Unset):
        third_user_id (str | Unset):
        unit_id (int | Unset): Institution id.
        unit_name (str | Unset): Institution name.
        update_time (int | Unset):
    """

    agent_customer_no: str | Unset = UNSET
    company_id: int | Unset = UNSET
    create_time: int | Unset = UNSET
    customer_group_id: int | Unset = UNSET
    customer_group_name: str | Unset = UNSET
    customer_no: str | Unset = UNSET
    customer_type: int | Unset = UNSET
    email: str | Unset = UNSET
    first_account_activate_time: int | Unset = UNSET
    first_name: str | Unset = UNSET
    id: int | Unset = UNSET
    id_card: str | Unset = UNSET
    id_card_type: str | Unset = UNSET
    last_name: str | Unset = UNSET
    login_time: int | Unset = UNSET
    name: str | Unset = UNSET
    open_account_type: int | Unset = UNSET
    phone: str | Unset = UNSET
    phone_area: str | Unset = UNSET
    register_source: int | Unset = UNSET
    remark: str | Unset = UNSET
    status: int | Unset = UNSET
    tg_user_id: str | Unset = UNSET
    tg_user_name: str | Unset = UNSET
    third_account_no: str | Unset = UNSET
    third_login_source: str | Unset = UNSET
    third_user_id: str | Unset = UNSET
    unit_id: int | Unset = UNSET
    unit_name: str | Unset = UNSET
    update_time: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        agent_customer_no = self.agent_customer_no

        company_id = self.company_id

        create_time = self.create_time

        customer_group_id = self.customer_group_id

        customer_group_name = self.customer_group_name

        customer_no = self.customer_no

        customer_type = self.customer_type

        email = self.email

        first_account_activate_time = self.first_account_activate_time

        first_name = self.first_name

        id = self.id

        id_card = self.id_card

        id_card_type = self.id_card_type

        last_name = self.last_name

        login_time = self.login_time

        name = self.name

        open_account_type = self.open_account_type

        phone = self.phone

        phone_area = self.phone_area

        register_source = self.register_source

        remark = self.remark

        status = self.status

        tg_user_id = self.tg_user_id

        tg_user_name = self.tg_user_name

        third_account_no = self.third_account_no

        third_login_source = self.third_login_source

        third_user_id = self.third_user_id

        unit_id = self.unit_id

        unit_name = self.unit_name

        update_time = self.update_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if agent_customer_no is not UNSET:
            field_dict["agentCustomerNo"] = agent_customer_no
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if customer_group_id is not UNSET:
            field_dict["customerGroupId"] = customer_group_id
        if customer_group_name is not UNSET:
            field_dict["customerGroupName"] = customer_group_name
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if customer_type is not UNSET:
            field_dict["customerType"] = customer_type
        if email is not UNSET:
            field_dict["email"] = email
        if first_account_activate_time is not UNSET:
            field_dict["firstAccountActivateTime"] = first_account_activate_time
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if id is not UNSET:
            field_dict["id"] = id
        if id_card is not UNSET:
            field_dict["idCard"] = id_card
        if id_card_type is not UNSET:
            field_dict["idCardType"] = id_card_type
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if login_time is not UNSET:
            field_dict["loginTime"] = login_time
        if name is not UNSET:
            field_dict["name"] = name
        if open_account_type is not UNSET:
            field_dict["openAccountType"] = open_account_type
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_area is not UNSET:
            field_dict["phoneArea"] = phone_area
        if register_source is not UNSET:
            field_dict["registerSource"] = register_source
        if remark is not UNSET:
            field_dict["remark"] = remark
        if status is not UNSET:
            field_dict["status"] = status
        if tg_user_id is not UNSET:
            field_dict["tgUserId"] = tg_user_id
        if tg_user_name is not UNSET:
            field_dict["tgUserName"] = tg_user_name
        if third_account_no is not UNSET:
            field_dict["thirdAccountNo"] = third_account_no
        if third_login_source is not UNSET:
            field_dict["thirdLoginSource"] = third_login_source
        if third_user_id is not UNSET:
            field_dict["thirdUserId"] = third_user_id
        if unit_id is not UNSET:
            field_dict["unitId"] = unit_id
        if unit_name is not UNSET:
            field_dict["unitName"] = unit_name
        if update_time is not UNSET:
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

        status = d.pop("status", UNSET)

        tg_user_id = d.pop("tgUserId", UNSET)

        tg_user_name = d.pop("tgUserName", UNSET)

        third_account_no = d.pop("thirdAccountNo", UNSET)

        third_login_source = d.pop("thirdLoginSource", UNSET)

        third_user_id = d.pop("thirdUserId", UNSET)

        unit_id = d.pop("unitId", UNSET)

        unit_name = d.pop("unitName", UNSET)

        update_time = d.pop("updateTime", UNSET)

        customer_record = cls(
            agent_customer_no=agent_customer_no,
            company_id=company_id,
            create_time=create_time,
            customer_group_id=customer_group_id,
            customer_group_name=customer_group_name,
            customer_no=customer_no,
            customer_type=customer_type,
            email=email,
            first_account_activate_time=first_account_activate_time,
            first_name=first_name,
            id=id,
            id_card=id_card,
            id_card_type=id_card_type,
            last_name=last_name,
            login_time=login_time,
            name=name,
            open_account_type=open_account_type,
            phone=phone,
            phone_area=phone_area,
            register_source=register_source,
            remark=remark,
            status=status,
            tg_user_id=tg_user_id,
            tg_user_name=tg_user_name,
            third_account_no=third_account_no,
            third_login_source=third_login_source,
            third_user_id=third_user_id,
            unit_id=unit_id,
            unit_name=unit_name,
            update_time=update_time,
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
