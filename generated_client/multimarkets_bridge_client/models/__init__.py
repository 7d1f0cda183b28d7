"""Contains all the data models used in inputs/outputs"""

from .account_type import AccountType
from .add_exchange_account_request import AddExchangeAccountRequest
from .add_exchange_account_response import AddExchangeAccountResponse
from .adjustment_biz_type import AdjustmentBizType
from .adjustment_operation_type import AdjustmentOperationType
from .balance import Balance
from .bridge_notification import BridgeNotification
from .cancel_credit_limit_adjustment_request import CancelCreditLimitAdjustmentRequest
from .cancel_customer_request import CancelCustomerRequest
from .cancel_order_response import CancelOrderResponse
from .cancel_order_result import CancelOrderResult
from .company_currency import CompanyCurrency
from .credit_limit_adjustment_request import CreditLimitAdjustmentRequest
from .customer_account_list import CustomerAccountList
from .customer_detail_type import CustomerDetailType
from .customer_details import CustomerDetails
from .customer_early_warning_level import CustomerEarlyWarningLevel
from .customer_force_level import CustomerForceLevel
from .customer_page import CustomerPage
from .customer_record import CustomerRecord
from .customer_withdraw_level import CustomerWithdrawLevel
from .delete_exchange_account_request import DeleteExchangeAccountRequest
from .delete_exchange_account_response import DeleteExchangeAccountResponse
from .deposit_record import DepositRecord
from .deposit_status import DepositStatus
from .dictionary_entry import DictionaryEntry
from .direction import Direction
from .envelope_meta import EnvelopeMeta
from .error_envelope import ErrorEnvelope
from .exchange_account import ExchangeAccount
from .exchange_account_page import ExchangeAccountPage
from .exchange_code import ExchangeCode
from .exchange_id import ExchangeId
from .get_customer_details_request import GetCustomerDetailsRequest
from .get_customer_details_response import GetCustomerDetailsResponse
from .get_user_amount_reply import GetUserAmountReply
from .get_user_amount_request import GetUserAmountRequest
from .holiday_time import HolidayTime
from .is_test import IsTest
from .list_company_currencies_request import ListCompanyCurrenciesRequest
from .list_company_currencies_response import ListCompanyCurrenciesResponse
from .list_customers_request import ListCustomersRequest
from .list_customers_response import ListCustomersResponse
from .list_dictionary_entries_request import ListDictionaryEntriesRequest
from .list_dictionary_entries_response import ListDictionaryEntriesResponse
from .list_exchange_accounts_request import ListExchangeAccountsRequest
from .list_exchange_accounts_response import ListExchangeAccountsResponse
from .list_products_request import ListProductsRequest
from .list_products_response import ListProductsResponse
from .no_data_response import NoDataResponse
from .notification_ack import NotificationAck
from .notification_type import NotificationType
from .order_cancel_report import OrderCancelReport
from .order_details import OrderDetails
from .order_exec_report import OrderExecReport
from .order_expired_report import OrderExpiredReport
from .order_lookup import OrderLookup
from .order_status import OrderStatus
from .order_type import OrderType
from .page_meta import PageMeta
from .place_order_request import PlaceOrderRequest
from .place_order_response import PlaceOrderResponse
from .place_order_result import PlaceOrderResult
from .product import Product
from .query_balances_request import QueryBalancesRequest
from .query_balances_response import QueryBalancesResponse
from .query_deposit_records_request import QueryDepositRecordsRequest
from .query_deposit_records_response import QueryDepositRecordsResponse
from .query_order_response import QueryOrderResponse
from .query_trade_records_request import QueryTradeRecordsRequest
from .query_trade_records_response import QueryTradeRecordsResponse
from .quote_tag import QuoteTag
from .register_customer_request import RegisterCustomerRequest
from .register_customer_response import RegisterCustomerResponse
from .register_source import RegisterSource
from .subscribe_webhook_request import SubscribeWebhookRequest
from .subscribe_webhook_response import SubscribeWebhookResponse
from .subscribe_webhook_response_data import SubscribeWebhookResponseData
from .success_meta import SuccessMeta
from .time_in_force import TimeInForce
from .trade_record import TradeRecord
from .trade_time import TradeTime
from .trade_type import TradeType
from .trading_account_selector import TradingAccountSelector
from .update_exchange_account_request import UpdateExchangeAccountRequest
from .user_amount import UserAmount
from .webhook_api_reply import WebhookApiReply
from .webhook_api_reply_payload import WebhookApiReplyPayload

__all__ = (
    "AccountType",
    "AddExchangeAccountRequest",
    "AddExchangeAccountResponse",
    "AdjustmentBizType",
    "AdjustmentOperationType",
    "Balance",
    "BridgeNotification",
    "CancelCreditLimitAdjustmentRequest",
    "CancelCustomerRequest",
    "CancelOrderResponse",
    "CancelOrderResult",
    "CompanyCurrency",
    "CreditLimitAdjustmentRequest",
    "CustomerAccountList",
    "CustomerDetails",
    "CustomerDetailType",
    "CustomerEarlyWarningLevel",
    "CustomerForceLevel",
    "CustomerPage",
    "CustomerRecord",
    "CustomerWithdrawLevel",
    "DeleteExchangeAccountRequest",
    "DeleteExchangeAccountResponse",
    "DepositRecord",
    "DepositStatus",
    "DictionaryEntry",
    "Direction",
    "EnvelopeMeta",
    "ErrorEnvelope",
    "ExchangeAccount",
    "ExchangeAccountPage",
    "ExchangeCode",
    "ExchangeId",
    "GetCustomerDetailsRequest",
    "GetCustomerDetailsResponse",
    "GetUserAmountReply",
    "GetUserAmountRequest",
    "HolidayTime",
    "IsTest",
    "ListCompanyCurrenciesRequest",
    "ListCompanyCurrenciesResponse",
    "ListCustomersRequest",
    "ListCustomersResponse",
    "ListDictionaryEntriesRequest",
    "ListDictionaryEntriesResponse",
    "ListExchangeAccountsRequest",
    "ListExchangeAccountsResponse",
    "ListProductsRequest",
    "ListProductsResponse",
    "NoDataResponse",
    "NotificationAck",
    "NotificationType",
    "OrderCancelReport",
    "OrderDetails",
    "OrderExecReport",
    "OrderExpiredReport",
    "OrderLookup",
    "OrderStatus",
    "OrderType",
    "PageMeta",
    "PlaceOrderRequest",
    "PlaceOrderResponse",
    "PlaceOrderResult",
    "Product",
    "QueryBalancesRequest",
    "QueryBalancesResponse",
    "QueryDepositRecordsRequest",
    "QueryDepositRecordsResponse",
    "QueryOrderResponse",
    "QueryTradeRecordsRequest",
    "QueryTradeRecordsResponse",
    "QuoteTag",
    "RegisterCustomerRequest",
    "RegisterCustomerResponse",
    "RegisterSource",
    "SubscribeWebhookRequest",
    "SubscribeWebhookResponse",
    "SubscribeWebhookResponseData",
    "SuccessMeta",
    "TimeInForce",
    "TradeRecord",
    "TradeTime",
    "TradeType",
    "TradingAccountSelector",
    "UpdateExchangeAccountRequest",
    "UserAmount",
    "WebhookApiReply",
    "WebhookApiReplyPayload",
)
