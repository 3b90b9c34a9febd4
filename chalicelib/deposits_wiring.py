"""The composition of deposits paid by WeChat Pay (decision 0062), apart from chalicelib/wiring.py: the gateway
a stage pays through (none unless configured), and the use case on the ports."""
from __future__ import annotations

from collections.abc import Callable

from .bundle import Ports
from .config import Settings
from .domain.booking.payment import PaymentGateway
from .domain.ports import Clock, Secrets
from .domain.runs.work_items import JobStep, encode_check
from .domain.tenancy.chain import Chain
from .services.booking.balance_payments import BalancePayments
from .services.booking.changes import BookingChanges
from .services.booking.deposits import DepositFollowThrough, Deposits, UnpaidDeposits
from .services.reporting.deposit_reconciliation import DepositReconciliation
from .services.runs.fanout import CHECK_QUEUE


def payment_gateway(config: Settings, get_chain: Callable[[str], Chain], secrets: Secrets,
                    clock: Clock) -> PaymentGateway | None:
    """WeChat Pay through the configured gateway (its own in prod-cn, the stand-in locally); None without one."""
    if not config.wechatpay_gateway:
        return None
    from .adapters.booking.wechatpay import WeChatPayGateway, chain_account  # the SDK: only where payments are on

    return WeChatPayGateway(chain_account(get_chain, secrets), gateway=config.wechatpay_gateway,
                            notify_base=config.wechatpay_notify_base or config.public_url,
                            deployed=not config.is_local, clock=clock)


def follow_through(p: Ports) -> DepositFollowThrough:
    return DepositFollowThrough(p.payments)


def _close_later(p: Ports) -> Callable[[str, int], None]:
    def close_later(booking_id: str, delay: int) -> None:  # the "deposits" job's item, on the checks queue
        p.queue.send(CHECK_QUEUE, [encode_check(JobStep("deposits", {"booking": booking_id}))], delays=[delay])

    return close_later


def _openid_of(p: Ports) -> Callable[[str, str], str | None]:
    def openid_of(chain_id: str, customer_id: str) -> str | None:
        found = p.customers.find(chain_id, customer_id)
        return found.openid if found is not None else None

    return openid_of


def deposits(p: Ports, changes: BookingChanges, balances: BalancePayments | None = None) -> Deposits:
    """The deposits' use case; a balance order's notification goes on to `balances` (decision 0077)."""
    return Deposits(p.bookings, changes, p.payments, p.clock, openid_of=_openid_of(p), close_later=_close_later(p),
                    balance=balances)


def balance_payments(p: Ports, changes: BookingChanges) -> BalancePayments:
    return BalancePayments(p.bookings, p.stores, changes, p.payments, p.clock, openid_of=_openid_of(p))


def unpaid_deposits(p: Ports, use_case: Deposits) -> UnpaidDeposits:
    return UnpaidDeposits(use_case, p.bookings, p.clock, _close_later(p))


def reconciliation(p: Ports, changes: BookingChanges, use_case: Deposits,
                   balances: BalancePayments | None = None) -> DepositReconciliation:
    return DepositReconciliation(p.stores, p.bookings, changes, use_case, p.payments, p.clock, balances)
