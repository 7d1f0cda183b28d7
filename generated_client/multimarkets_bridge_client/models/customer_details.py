from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.customer_account_list import CustomerAccountList
    from ..models.customer_early_warning_level import CustomerEarlyWarningLevel
    from ..models.customer_force_level import CustomerForceLevel
    from ..models.customer_withdraw_level import CustomerWithdrawLevel


T = TypeVar("T", bound="CustomerDetails")


@_attrs_define
class CustomerDetails:
    """Basic information of one customer. Late-field meanings from the sibling Manager export.

    Attributes:
        account_list (CustomerAccountList | Unset): Trading accounts; the example shows {} although it is described as a
            list (doc inconsistency 26).
        account_remark (str | Unset): Whether trading-account remarks exist.
        activate_status (int | Unset): Activation status (values not published).
        activate_time (int | Unset):
        address (str | Unset):
        api_check_rule (str | Unset): API verification methods, comma-separated: 1 email, 2 SMS, 3 Google MFA.
        api_check_switch (bool | Unset):
        assert_pass_status (str | Unset): Fund password prompt: 1 must be set, 2 not needed.
        association_company_id (int | Unset):
        company_id (int | Unset):
        company_kyc_status (int | Unset): Company KYC account opening: 1 on, 2 off.
        company_type (str | Unset):
        country (str | Unset):
        create_time (int | Unset):
        customer_agent_mark (str | Unset):
        customer_group_id (int | Unset):
        customer_no (str | Unset):
        customer_type (int | Unset):
        deposit (int | Unset): 1 = deposits allowed.
        early_warning_level (CustomerEarlyWarningLevel | Unset):
        email (str | Unset):
        first_name (str | Unset):
        force_level (CustomerForceLevel | Unset):
        google_id (int | Unset): Greater than 0 when MFA is enabled.
        id (int | Unset):
        id_card (str | Unset):
        id_card_type (str | Unset):
        is_fund (int | Unset): 1 = fund manager.
        kyc_audit_remark (str | Unset):
        kyc_audit_status (int | Unset): 0 not certified, 1 pending, 2 passed, 3 failed.
        kyc_remark (str | Unset):
        kyc_status (int | Unset): KYC status (values not published).
        last_name (str | Unset):
        login_pass_status (str | Unset):
        login_time (int | Unset):
        name (str | Unset):
        open_account_type (int | Unset):
        optional (int | Unset):
        pay_pass_status (str | Unset):
        phone (str | Unset):
        phone_area (str | Unset):
        postal_code (str | Unset):
        register_source (int | Unset):
        register_time (int | Unset):
        relation_customer_id (int | Unset):
        source (str | Unset):
        status (int | Unset): See CustomerRecord.status.
        third_intact_msg (str | Unset):
        third_login_source (str | Unset):
        third_server_code (str | Unset):
        third_user_id (str | Unset):
        type_ (int | Unset): Group type: 0 real, 1 simulated, 2 visitor.
        unit_id (int | Unset):
        unit_name (str | Unset):
        utm_source (str | Unset):
        withdraw (int | Unset): 1 = withdrawals allowed.
        withdraw_level (CustomerWithdrawLevel | Unset):
    """

    account_list: CustomerAccountList | Unset = UNSET
    account_remark: str | Unset = UNSET
    activate_status: int | Unset = UNSET
    activate_time: int | Unset = UNSET
    address: str | Unset = UNSET
    api_check_rule: str | Unset = UNSET
    api_check_switch: bool | Unset = UNSET
    assert_pass_status: str | Unset = UNSET
    association_company_id: int | Unset = UNSET
    company_id: int | Unset = UNSET
    company_kyc_status: int | Unset = UNSET
    company_type: str | Unset = UNSET
    country: str | Unset = UNSET
    create_time: int | Unset = UNSET
    customer_agent_mark: str | Unset = UNSET
    customer_group_id: int | Unset = UNSET
    customer_no: str | Unset = UNSET
    customer_type: int | Unset = UNSET
    deposit: int | Unset = UNSET
    early_warning_level: CustomerEarlyWarningLevel | Unset = UNSET
    email: str | Unset = UNSET
    first_name: str | Unset = UNSET
    force_level: CustomerForceLevel | Unset = UNSET
    google_id: int | Unset = UNSET
    id: int | Unset = UNSET
    id_card: str | Unset = UNSET
    id_card_type: str | Unset = UNSET
    is_fund: int | Unset = UNSET
    kyc_audit_remark: str | Unset = UNSET
    kyc_audit_status: int | Unset = UNSET
    kyc_remark: str | Unset = UNSET
    kyc_status: int | Unset = UNSET
    last_name: str | Unset = UNSET
    login_pass_status: str | Unset = UNSET
    login_time: int | Unset = UNSET
    name: str | Unset = UNSET
    open_account_type: int | Unset = UNSET
    optional: int | Unset = UNSET
    pay_pass_status: str | Unset = UNSET
    phone: str | Unset = UNSET
    phone_area: str | Unset = UNSET
    postal_code: str | Unset = UNSET
    register_source: int | Unset = UNSET
    register_time: int | Unset = UNSET
    relation_customer_id: int | Unset = UNSET
    source: str | Unset = UNSET
    status: int | Unset = UNSET
    third_intact_msg: str | Unset = UNSET
    third_login_source: str | Unset = UNSET
    third_server_code: str | Unset = UNSET
    third_user_id: str | Unset = UNSET
    type_: int | Unset = UNSET
    unit_id: int | Unset = UNSET
    unit_name: str | Unset = UNSET
    utm_source: str | Unset = UNSET
    withdraw: int | Unset = UNSET
    withdraw_level: CustomerWithdrawLevel | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_list: dict[str, Any] | Unset = UNSET
        if not isinstance(self.account_list, Unset):
            account_list = self.account_list.to_dict()

        account_remark = self.account_remark

        activate_status = self.activate_status

        activate_time = self.activate_time

        address = self.address

        api_check_rule = self.api_check_rule

        api_check_switch = self.api_check_switch

        assert_pass_status = self.assert_pass_status

        association_company_id = self.association_company_id

        company_id = self.company_id

        company_kyc_status = self.company_kyc_status

        company_type = self.company_type

        country = self.country

        create_time = self.create_time

        customer_agent_mark = self.customer_agent_mark

        customer_group_id = self.customer_group_id

        customer_no = self.customer_no

        customer_type = self.customer_type

        deposit = self.deposit

        early_warning_level: dict[str, Any] | Unset = UNSET
        if not isinstance(self.early_warning_level, Unset):
            early_warning_level = self.early_warning_level.to_dict()

        email = self.email

        first_name = self.first_name

        force_level: dict[str, Any] | Unset = UNSET
        if not isinstance(self.force_level, Unset):
            force_level = self.force_level.to_dict()

        google_id = self.google_id

        id = self.id

        id_card = self.id_card

        id_card_type = self.id_card_type

        is_fund = self.is_fund

        kyc_audit_remark = self.kyc_audit_remark

        kyc_audit_status = self.kyc_audit_status

        kyc_remark = self.kyc_remark

        kyc_status = self.kyc_status

        last_name = self.last_name

        login_pass_status = self.login_pass_status

        login_time = self.login_time

        name = self.name

        open_account_type = self.open_account_type

        optional = self.optional

        pay_pass_status = self.pay_pass_status

        phone = self.phone

        phone_area = self.phone_area

        postal_code = self.postal_code

        register_source = self.register_source

        register_time = self.register_time

        relation_customer_id = self.relation_customer_id

        source = self.source

        status = self.status

        third_intact_msg = self.third_intact_msg

        third_login_source = self.third_login_source

        third_server_code = self.third_server_code

        third_user_id = self.third_user_id

        type_ = self.type_

        unit_id = self.unit_id

        unit_name = self.unit_name

        utm_source = self.utm_source

        withdraw = self.withdraw

        withdraw_level: dict[str, Any] | Unset = UNSET
        if not isinstance(self.withdraw_level, Unset):
            withdraw_level = self.withdraw_level.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_list is not UNSET:
            field_dict["accountList"] = account_list
        if account_remark is not UNSET:
            field_dict["accountRemark"] = account_remark
        if activate_status is not UNSET:
            field_dict["activateStatus"] = activate_status
        if activate_time is not UNSET:
            field_dict["activateTime"] = activate_time
        if address is not UNSET:
            field_dict["address"] = address
        if api_check_rule is not UNSET:
            field_dict["apiCheckRule"] = api_check_rule
        if api_check_switch is not UNSET:
            field_dict["apiCheckSwitch"] = api_check_switch
        if assert_pass_status is not UNSET:
            field_dict["assertPassStatus"] = assert_pass_status
        if association_company_id is not UNSET:
            field_dict["associationCompanyId"] = association_company_id
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if company_kyc_status is not UNSET:
            field_dict["companyKycStatus"] = company_kyc_status
        if company_type is not UNSET:
            field_dict["companyType"] = company_type
        if country is not UNSET:
            field_dict["country"] = country
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if customer_agent_mark is not UNSET:
            field_dict["customerAgentMark"] = customer_agent_mark
        if customer_group_id is not UNSET:
            field_dict["customerGroupId"] = customer_group_id
        if customer_no is not UNSET:
            field_dict["customerNo"] = customer_no
        if customer_type is not UNSET:
            field_dict["customerType"] = customer_type
        if deposit is not UNSET:
            field_dict["deposit"] = deposit
        if early_warning_level is not UNSET:
            field_dict["earlyWarningLevel"] = early_warning_level
        if email is not UNSET:
            field_dict["email"] = email
        if first_name is not UNSET:
            field_dict["firstName"] = first_name
        if force_level is not UNSET:
            field_dict["forceLevel"] = force_level
        if google_id is not UNSET:
            field_dict["googleId"] = google_id
        if id is not UNSET:
            field_dict["id"] = id
        if id_card is not UNSET:
            field_dict["idCard"] = id_card
        if id_card_type is not UNSET:
            field_dict["idCardType"] = id_card_type
        if is_fund is not UNSET:
            field_dict["isFund"] = is_fund
        if kyc_audit_remark is not UNSET:
            field_dict["kycAuditRemark"] = kyc_audit_remark
        if kyc_audit_status is not UNSET:
            field_dict["kycAuditStatus"] = kyc_audit_status
        if kyc_remark is not UNSET:
            field_dict["kycRemark"] = kyc_remark
        if kyc_status is not UNSET:
            field_dict["kycStatus"] = kyc_status
        if last_name is not UNSET:
            field_dict["lastName"] = last_name
        if login_pass_status is not UNSET:
            field_dict["loginPassStatus"] = login_pass_status
        if login_time is not UNSET:
            field_dict["loginTime"] = login_time
        if name is not UNSET:
            field_dict["name"] = name
        if open_account_type is not UNSET:
            field_dict["openAccountType"] = open_account_type
        if optional is not UNSET:
            field_dict["optional"] = optional
        if pay_pass_status is not UNSET:
            field_dict["payPassStatus"] = pay_pass_status
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_area is not UNSET:
            field_dict["phoneArea"] = phone_area
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if register_source is not UNSET:
            field_dict["registerSource"] = register_source
        if register_time is not UNSET:
            field_dict["registerTime"] = register_time
        if relation_customer_id is not UNSET:
            field_dict["relationCustomerId"] = relation_customer_id
        if source is not UNSET:
            field_dict["source"] = source
        if status is not UNSET:
            field_dict["status"] = status
        if third_intact_msg is not UNSET:
            field_dict["thirdIntactMsg"] = third_intact_msg
        if third_login_source is not UNSET:
            field_dict["thirdLoginSource"] = third_login_source
        if third_server_code is not UNSET:
            field_dict["thirdServerCode"] = third_server_code
        if third_user_id is not UNSET:
            field_dict["thirdUserId"] = third_user_id
        if type_ is not UNSET:
            field_dict["type"] = type_
        if unit_id is not UNSET:
            field_dict["unitId"] = unit_id
        if unit_name is not UNSET:
            field_dict["unitName"] = unit_name
        if utm_source is not UNSET:
            field_dict["utmSource"] = utm_source
        if withdraw is not UNSET:
            field_dict["withdraw"] = withdraw
        if withdraw_level is not UNSET:
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

        status = d.pop("status", UNSET)

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
            account_list=account_list,
            account_remark=account_remark,
            activate_status=activate_status,
            activate_time=activate_time,
            address=address,
            api_check_rule=api_check_rule,
            api_check_switch=api_check_switch,
            assert_pass_status=assert_pass_status,
            association_company_id=association_company_id,
            company_id=company_id,
            company_kyc_status=company_kyc_status,
            company_type=company_type,
            country=country,
            create_time=create_time,
            customer_agent_mark=customer_agent_mark,
            customer_group_id=customer_group_id,
            customer_no=customer_no,
            customer_type=customer_type,
            deposit=deposit,
            early_warning_level=early_warning_level,
            email=email,
            first_name=first_name,
            force_level=force_level,
            google_id=google_id,
            id=id,
            id_card=id_card,
            id_card_type=id_card_type,
            is_fund=is_fund,
            kyc_audit_remark=kyc_audit_remark,
            kyc_audit_status=kyc_audit_status,
            kyc_remark=kyc_remark,
            kyc_status=kyc_status,
            last_name=last_name,
            login_pass_status=login_pass_status,
            login_time=login_time,
            name=name,
            open_account_type=open_account_type,
            optional=optional,
            pay_pass_status=pay_pass_status,
            phone=phone,
            phone_area=phone_area,
            postal_code=postal_code,
            register_source=register_source,
            register_time=register_time,
            relation_customer_id=relation_customer_id,
            source=source,
            status=status,
            third_intact_msg=third_intact_msg,
            third_login_source=third_login_source,
            third_server_code=third_server_code,
            third_user_id=third_user_id,
            type_=type_,
            unit_id=unit_id,
            unit_name=unit_name,
            utm_source=utm_source,
            withdraw=withdraw,
            withdraw_level=withdraw_level,
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
