from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.customer_status import CustomerStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from multimarkets_bridge_core.records import JsonValue

    from ..models.customer_account_list import CustomerAccountList
    from ..models.customer_early_warning_level import CustomerEarlyWarningLevel
    from ..models.customer_force_level import CustomerForceLevel
    from ..models.customer_withdraw_level import CustomerWithdrawLevel


T = TypeVar("T", bound="CustomerDetails")


@_attrs_define
class CustomerDetails:
    """Basic information of one customer. Late-field meanings from the sibling Manager export.

    Attributes:
        account_list (CustomerAccountList | None): Trading accounts.
        account_remark (str | None): Whether trading-account remarks exist.
        activate_status (int | None): Activation status (values not published).
        activate_time (int | None):
        address (str | None):
        api_check_rule (str | None): API verification methods, comma-separated: 1 email, 2 SMS, 3 Google MFA.
        api_check_switch (bool | None):
        assert_pass_status (str | None): Fund password prompt: 1 must be set, 2 not needed.
        association_company_id (int | None):
        company_id (int | None):
        company_kyc_status (int | None): Company KYC account opening: 1 on, 2 off.
        company_type (str | None):
        country (str | None):
        create_time (int | None):
        customer_agent_mark (str | None):
        customer_group_id (int | None):
        customer_no (str | None):
        customer_type (int | None):
        deposit (int | None): 1 = deposits allowed.
        early_warning_level (CustomerEarlyWarningLevel | None):
        email (str | None):
        first_name (str | None):
        force_level (CustomerForceLevel | None):
        google_id (int | None): Greater than 0 when MFA is enabled.
        id (int | None):
        id_card (str | None):
        id_card_type (str | None):
        is_fund (int | None): 1 = fund manager.
        kyc_audit_remark (str | None):
        kyc_audit_status (int | None): 0 not certified, 1 pending, 2 passed, 3 failed.
        kyc_remark (str | None):
        kyc_status (int | None): KYC status (values not published).
        last_name (str | None):
        login_pass_status (str | None):
        login_time (int | None):
        name (str | None):
        open_account_type (int | None):
        optional (int | None):
        pay_pass_status (str | None):
        phone (str | None):
        phone_area (str | None):
        postal_code (str | None):
        register_source (int | None):
        register_time (int | None):
        relation_customer_id (int | None):
        source (str | None):
        status (CustomerStatus | None): State of a customer account, as the customer list page lists its values. A value
            outside this
            set is refused as an answer that does not match the spec (as for OrderStatus).
        third_intact_msg (str | None):
        third_login_source (str | None):
        third_server_code (str | None):
        third_user_id (str | None):
        type_ (int | None): Group type: 0 real, 1 simulated, 2 visitor.
        unit_id (int | None):
        unit_name (str | None):
        utm_source (str | None):
        withdraw (int | None): 1 = withdrawals allowed.
        withdraw_level (CustomerWithdrawLevel | None):
    """

    account_list: CustomerAccountList | None = None
    account_remark: str | None = None
    activate_status: int | None = None
    activate_time: int | None = None
    address: str | None = None
    api_check_rule: str | None = None
    api_check_switch: bool | None = None
    assert_pass_status: str | None = None
    association_company_id: int | None = None
    company_id: int | None = None
    company_kyc_status: int | None = None
    company_type: str | None = None
    country: str | None = None
    create_time: int | None = None
    customer_agent_mark: str | None = None
    customer_group_id: int | None = None
    customer_no: str | None = None
    customer_type: int | None = None
    deposit: int | None = None
    early_warning_level: CustomerEarlyWarningLevel | None = None
    email: str | None = None
    first_name: str | None = None
    force_level: CustomerForceLevel | None = None
    google_id: int | None = None
    id: int | None = None
    id_card: str | None = None
    id_card_type: str | None = None
    is_fund: int | None = None
    kyc_audit_remark: str | None = None
    kyc_audit_status: int | None = None
    kyc_remark: str | None = None
    kyc_status: int | None = None
    last_name: str | None = None
    login_pass_status: str | None = None
    login_time: int | None = None
    name: str | None = None
    open_account_type: int | None = None
    optional: int | None = None
    pay_pass_status: str | None = None
    phone: str | None = None
    phone_area: str | None = None
    postal_code: str | None = None
    register_source: int | None = None
    register_time: int | None = None
    relation_customer_id: int | None = None
    source: str | None = None
    status: CustomerStatus | None = None
    third_intact_msg: str | None = None
    third_login_source: str | None = None
    third_server_code: str | None = None
    third_user_id: str | None = None
    type_: int | None = None
    unit_id: int | None = None
    unit_name: str | None = None
    utm_source: str | None = None
    withdraw: int | None = None
    withdraw_level: CustomerWithdrawLevel | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, JsonValue]:
        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        if self.account_list is not None:
            account_list = self.account_list.to_dict()
            field_dict["accountList"] = account_list
        if self.account_remark is not None:
            account_remark = self.account_remark
            field_dict["accountRemark"] = account_remark
        if self.activate_status is not None:
            activate_status = self.activate_status
            field_dict["activateStatus"] = activate_status
        if self.activate_time is not None:
            activate_time = self.activate_time
            field_dict["activateTime"] = activate_time
        if self.address is not None:
            address = self.address
            field_dict["address"] = address
        if self.api_check_rule is not None:
            api_check_rule = self.api_check_rule
            field_dict["apiCheckRule"] = api_check_rule
        if self.api_check_switch is not None:
            api_check_switch = self.api_check_switch
            field_dict["apiCheckSwitch"] = api_check_switch
        if self.assert_pass_status is not None:
            assert_pass_status = self.assert_pass_status
            field_dict["assertPassStatus"] = assert_pass_status
        if self.association_company_id is not None:
            association_company_id = self.association_company_id
            field_dict["associationCompanyId"] = association_company_id
        if self.company_id is not None:
            company_id = self.company_id
            field_dict["companyId"] = company_id
        if self.company_kyc_status is not None:
            company_kyc_status = self.company_kyc_status
            field_dict["companyKycStatus"] = company_kyc_status
        if self.company_type is not None:
            company_type = self.company_type
            field_dict["companyType"] = company_type
        if self.country is not None:
            country = self.country
            field_dict["country"] = country
        if self.create_time is not None:
            create_time = self.create_time
            field_dict["createTime"] = create_time
        if self.customer_agent_mark is not None:
            customer_agent_mark = self.customer_agent_mark
            field_dict["customerAgentMark"] = customer_agent_mark
        if self.customer_group_id is not None:
            customer_group_id = self.customer_group_id
            field_dict["customerGroupId"] = customer_group_id
        if self.customer_no is not None:
            customer_no = self.customer_no
            field_dict["customerNo"] = customer_no
        if self.customer_type is not None:
            customer_type = self.customer_type
            field_dict["customerType"] = customer_type
        if self.deposit is not None:
            deposit = self.deposit
            field_dict["deposit"] = deposit
        if self.early_warning_level is not None:
            early_warning_level = self.early_warning_level.to_dict()
            field_dict["earlyWarningLevel"] = early_warning_level
        if self.email is not None:
            email = self.email
            field_dict["email"] = email
        if self.first_name is not None:
            first_name = self.first_name
            field_dict["firstName"] = first_name
        if self.force_level is not None:
            force_level = self.force_level.to_dict()
            field_dict["forceLevel"] = force_level
        if self.google_id is not None:
            google_id = self.google_id
            field_dict["googleId"] = google_id
        if self.id is not None:
            id = self.id
            field_dict["id"] = id
        if self.id_card is not None:
            id_card = self.id_card
            field_dict["idCard"] = id_card
        if self.id_card_type is not None:
            id_card_type = self.id_card_type
            field_dict["idCardType"] = id_card_type
        if self.is_fund is not None:
            is_fund = self.is_fund
            field_dict["isFund"] = is_fund
        if self.kyc_audit_remark is not None:
            kyc_audit_remark = self.kyc_audit_remark
            field_dict["kycAuditRemark"] = kyc_audit_remark
        if self.kyc_audit_status is not None:
            kyc_audit_status = self.kyc_audit_status
            field_dict["kycAuditStatus"] = kyc_audit_status
        if self.kyc_remark is not None:
            kyc_remark = self.kyc_remark
            field_dict["kycRemark"] = kyc_remark
        if self.kyc_status is not None:
            kyc_status = self.kyc_status
            field_dict["kycStatus"] = kyc_status
        if self.last_name is not None:
            last_name = self.last_name
            field_dict["lastName"] = last_name
        if self.login_pass_status is not None:
            login_pass_status = self.login_pass_status
            field_dict["loginPassStatus"] = login_pass_status
        if self.login_time is not None:
            login_time = self.login_time
            field_dict["loginTime"] = login_time
        if self.name is not None:
            name = self.name
            field_dict["name"] = name
        if self.open_account_type is not None:
            open_account_type = self.open_account_type
            field_dict["openAccountType"] = open_account_type
        if self.optional is not None:
            optional = self.optional
            field_dict["optional"] = optional
        if self.pay_pass_status is not None:
            pay_pass_status = self.pay_pass_status
            field_dict["payPassStatus"] = pay_pass_status
        if self.phone is not None:
            phone = self.phone
            field_dict["phone"] = phone
        if self.phone_area is not None:
            phone_area = self.phone_area
            field_dict["phoneArea"] = phone_area
        if self.postal_code is not None:
            postal_code = self.postal_code
            field_dict["postalCode"] = postal_code
        if self.register_source is not None:
            register_source = self.register_source
            field_dict["registerSource"] = register_source
        if self.register_time is not None:
            register_time = self.register_time
            field_dict["registerTime"] = register_time
        if self.relation_customer_id is not None:
            relation_customer_id = self.relation_customer_id
            field_dict["relationCustomerId"] = relation_customer_id
        if self.source is not None:
            source = self.source
            field_dict["source"] = source
        if self.status is not None:
            status = self.status.value
            field_dict["status"] = status
        if self.third_intact_msg is not None:
            third_intact_msg = self.third_intact_msg
            field_dict["thirdIntactMsg"] = third_intact_msg
        if self.third_login_source is not None:
            third_login_source = self.third_login_source
            field_dict["thirdLoginSource"] = third_login_source
        if self.third_server_code is not None:
            third_server_code = self.third_server_code
            field_dict["thirdServerCode"] = third_server_code
        if self.third_user_id is not None:
            third_user_id = self.third_user_id
            field_dict["thirdUserId"] = third_user_id
        if self.type_ is not None:
            type_ = self.type_
            field_dict["type"] = type_
        if self.unit_id is not None:
            unit_id = self.unit_id
            field_dict["unitId"] = unit_id
        if self.unit_name is not None:
            unit_name = self.unit_name
            field_dict["unitName"] = unit_name
        if self.utm_source is not None:
            utm_source = self.utm_source
            field_dict["utmSource"] = utm_source
        if self.withdraw is not None:
            withdraw = self.withdraw
            field_dict["withdraw"] = withdraw
        if self.withdraw_level is not None:
            withdraw_level = self.withdraw_level.to_dict()
            field_dict["withdrawLevel"] = withdraw_level

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.customer_account_list import CustomerAccountList  # noqa: PLC0415
        from ..models.customer_early_warning_level import CustomerEarlyWarningLevel  # noqa: PLC0415
        from ..models.customer_force_level import CustomerForceLevel  # noqa: PLC0415
        from ..models.customer_withdraw_level import CustomerWithdrawLevel  # noqa: PLC0415

        d = dict(src_dict)
        _account_list = d.pop("accountList", UNSET)
        account_list: CustomerAccountList | Unset
        if isinstance(_account_list, Unset):
            account_list = UNSET
        else:
            account_list = CustomerAccountList.from_dict(_account_list)

        account_remark = d.pop("accountRemark", UNSET)

        activate_status = d.pop("activateStatus", UNSET)

        activate_time = d.pop("activateTime", UNSET)

        address = d.pop("address", UNSET)

        api_check_rule = d.pop("apiCheckRule", UNSET)

        api_check_switch = d.pop("apiCheckSwitch", UNSET)

        assert_pass_status = d.pop("assertPassStatus", UNSET)

        association_company_id = d.pop("associationCompanyId", UNSET)

        company_id = d.pop("companyId", UNSET)

        company_kyc_status = d.pop("companyKycStatus", UNSET)

        company_type = d.pop("companyType", UNSET)

        country = d.pop("country", UNSET)

        create_time = d.pop("createTime", UNSET)

        customer_agent_mark = d.pop("customerAgentMark", UNSET)

        customer_group_id = d.pop("customerGroupId", UNSET)

        customer_no = d.pop("customerNo", UNSET)

        customer_type = d.pop("customerType", UNSET)

        deposit = d.pop("deposit", UNSET)

        _early_warning_level = d.pop("earlyWarningLevel", UNSET)
        early_warning_level: CustomerEarlyWarningLevel | Unset
        if isinstance(_early_warning_level, Unset):
            early_warning_level = UNSET
        else:
            early_warning_level = CustomerEarlyWarningLevel.from_dict(_early_warning_level)

        email = d.pop("email", UNSET)

        first_name = d.pop("firstName", UNSET)

        _force_level = d.pop("forceLevel", UNSET)
        force_level: CustomerForceLevel | Unset
        if isinstance(_force_level, Unset):
            force_level = UNSET
        else:
            force_level = CustomerForceLevel.from_dict(_force_level)

        google_id = d.pop("googleId", UNSET)

        id = d.pop("id", UNSET)

        id_card = d.pop("idCard", UNSET)

        id_card_type = d.pop("idCardType", UNSET)

        is_fund = d.pop("isFund", UNSET)

        kyc_audit_remark = d.pop("kycAuditRemark", UNSET)

        kyc_audit_status = d.pop("kycAuditStatus", UNSET)

        kyc_remark = d.pop("kycRemark", UNSET)

        kyc_status = d.pop("kycStatus", UNSET)

        last_name = d.pop("lastName", UNSET)

        login_pass_status = d.pop("loginPassStatus", UNSET)

        login_time = d.pop("loginTime", UNSET)

        name = d.pop("name", UNSET)

        open_account_type = d.pop("openAccountType", UNSET)

        optional = d.pop("optional", UNSET)

        pay_pass_status = d.pop("payPassStatus", UNSET)

        phone = d.pop("phone", UNSET)

        phone_area = d.pop("phoneArea", UNSET)

        postal_code = d.pop("postalCode", UNSET)

        register_source = d.pop("registerSource", UNSET)

        register_time = d.pop("registerTime", UNSET)

        relation_customer_id = d.pop("relationCustomerId", UNSET)

        source = d.pop("source", UNSET)

        _status = d.pop("status", UNSET)
        status: CustomerStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = CustomerStatus(_status)

        third_intact_msg = d.pop("thirdIntactMsg", UNSET)

        third_login_source = d.pop("thirdLoginSource", UNSET)

        third_server_code = d.pop("thirdServerCode", UNSET)

        third_user_id = d.pop("thirdUserId", UNSET)

        type_ = d.pop("type", UNSET)

        unit_id = d.pop("unitId", UNSET)

        unit_name = d.pop("unitName", UNSET)

        utm_source = d.pop("utmSource", UNSET)

        withdraw = d.pop("withdraw", UNSET)

        _withdraw_level = d.pop("withdrawLevel", UNSET)
        withdraw_level: CustomerWithdrawLevel | Unset
        if isinstance(_withdraw_level, Unset):
            withdraw_level = UNSET
        else:
            withdraw_level = CustomerWithdrawLevel.from_dict(_withdraw_level)

        customer_details = cls(
            account_list=None if isinstance(account_list, Unset) else account_list,
            account_remark=None if isinstance(account_remark, Unset) else account_remark,
            activate_status=None if isinstance(activate_status, Unset) else activate_status,
            activate_time=None if isinstance(activate_time, Unset) else activate_time,
            address=None if isinstance(address, Unset) else address,
            api_check_rule=None if isinstance(api_check_rule, Unset) else api_check_rule,
            api_check_switch=None if isinstance(api_check_switch, Unset) else api_check_switch,
            assert_pass_status=None if isinstance(assert_pass_status, Unset) else assert_pass_status,
            association_company_id=None if isinstance(association_company_id, Unset) else association_company_id,
            company_id=None if isinstance(company_id, Unset) else company_id,
            company_kyc_status=None if isinstance(company_kyc_status, Unset) else company_kyc_status,
            company_type=None if isinstance(company_type, Unset) else company_type,
            country=None if isinstance(country, Unset) else country,
            create_time=None if isinstance(create_time, Unset) else create_time,
            customer_agent_mark=None if isinstance(customer_agent_mark, Unset) else customer_agent_mark,
            customer_group_id=None if isinstance(customer_group_id, Unset) else customer_group_id,
            customer_no=None if isinstance(customer_no, Unset) else customer_no,
            customer_type=None if isinstance(customer_type, Unset) else customer_type,
            deposit=None if isinstance(deposit, Unset) else deposit,
            early_warning_level=None if isinstance(early_warning_level, Unset) else early_warning_level,
            email=None if isinstance(email, Unset) else email,
            first_name=None if isinstance(first_name, Unset) else first_name,
            force_level=None if isinstance(force_level, Unset) else force_level,
            google_id=None if isinstance(google_id, Unset) else google_id,
            id=None if isinstance(id, Unset) else id,
            id_card=None if isinstance(id_card, Unset) else id_card,
            id_card_type=None if isinstance(id_card_type, Unset) else id_card_type,
            is_fund=None if isinstance(is_fund, Unset) else is_fund,
            kyc_audit_remark=None if isinstance(kyc_audit_remark, Unset) else kyc_audit_remark,
            kyc_audit_status=None if isinstance(kyc_audit_status, Unset) else kyc_audit_status,
            kyc_remark=None if isinstance(kyc_remark, Unset) else kyc_remark,
            kyc_status=None if isinstance(kyc_status, Unset) else kyc_status,
            last_name=None if isinstance(last_name, Unset) else last_name,
            login_pass_status=None if isinstance(login_pass_status, Unset) else login_pass_status,
            login_time=None if isinstance(login_time, Unset) else login_time,
            name=None if isinstance(name, Unset) else name,
            open_account_type=None if isinstance(open_account_type, Unset) else open_account_type,
            optional=None if isinstance(optional, Unset) else optional,
            pay_pass_status=None if isinstance(pay_pass_status, Unset) else pay_pass_status,
            phone=None if isinstance(phone, Unset) else phone,
            phone_area=None if isinstance(phone_area, Unset) else phone_area,
            postal_code=None if isinstance(postal_code, Unset) else postal_code,
            register_source=None if isinstance(register_source, Unset) else register_source,
            register_time=None if isinstance(register_time, Unset) else register_time,
            relation_customer_id=None if isinstance(relation_customer_id, Unset) else relation_customer_id,
            source=None if isinstance(source, Unset) else source,
            status=None if isinstance(status, Unset) else status,
            third_intact_msg=None if isinstance(third_intact_msg, Unset) else third_intact_msg,
            third_login_source=None if isinstance(third_login_source, Unset) else third_login_source,
            third_server_code=None if isinstance(third_server_code, Unset) else third_server_code,
            third_user_id=None if isinstance(third_user_id, Unset) else third_user_id,
            type_=None if isinstance(type_, Unset) else type_,
            unit_id=None if isinstance(unit_id, Unset) else unit_id,
            unit_name=None if isinstance(unit_name, Unset) else unit_name,
            utm_source=None if isinstance(utm_source, Unset) else utm_source,
            withdraw=None if isinstance(withdraw, Unset) else withdraw,
            withdraw_level=None if isinstance(withdraw_level, Unset) else withdraw_level,
        )

        customer_details.additional_properties = d
        return customer_details

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
