"""English: the same kinds as zh.py, saying the same things."""
from __future__ import annotations

from collections.abc import Mapping

from . import staff_notice_texts, staff_reports

TEXTS: Mapping[str, str] = {
    **staff_reports.EN,  # reports, their delivery to managers, the holiday warning
    **staff_notice_texts.EN,  # changed bookings, confirmations due soon, call tasks (to staff)
    # Customer messages. Values: greeting, store, service, plate, when, call, reason, offer, lead, address,
    # advisor, price, hold, confirm, amount (each a part below, empty when the booking lacks it).
    "message.booking_confirmed": (
        "Hello {greeting}, your {service} at {store} is confirmed: {when}, plate {plate}. {advisor}{price}{address}"
        "Please bring your vehicle licence and maintenance handbook. {hold}To reschedule, please {call}."
    ),
    "message.booking_rescheduled": (
        "Hello {greeting}, your {service} booking has been moved to {when} ({store}), plate {plate}. The new time is "
        "reserved for you. {hold}If you have any questions, please {call}."
    ),
    "message.booking_cancelled": (
        "Hello {greeting}, we are sorry: the store had to cancel your {service} booking at {store} for {when} "
        "(plate {plate}){reason}. Your next booking will be given priority: choose a new time in the mini program, "
        "or {call}."
    ),
    "message.reminder.24h": (
        "Hello {greeting}, a reminder from {store}: your {service} (plate {plate}) is booked for {lead}{when}; "
        "{advisor_ready}. {confirm}Please bring your vehicle licence and maintenance handbook; to reschedule, please {call}."
    ),
    "message.reminder.3h": (
        "Hello {greeting}, your {service} at {store} today, {when} (plate {plate}), is about 3 hours away. "
        "{address}{parking}{advisor}{hold}{confirm}"
    ),
    "message.reminder.1h": (
        "Hello {greeting}, your {service} at {when} is one hour away; {advisor_ready}. {address}{parking}"
        "Please bring your vehicle licence and maintenance handbook and give plate {plate} at reception. {hold}{confirm}"
    ),
    "message.reminder.eve": (
        "Hello {greeting}, a reminder from {store}: your {service} (plate {plate}) is booked for {lead}{when}. "
        "{address}{parking}{advisor}Please bring your vehicle licence and maintenance handbook. {hold}{confirm}"
        "To change it, {call}."
    ),
    "message.late": (
        "Hello {greeting}, the time of your {service} booking ({when}) has passed and the place held for you has "
        "gone to another customer. Are you on your way? We will fit you in when you arrive; to reschedule, please "
        "{call}."
    ),
    "message.no_show": (
        "Hello {greeting}, your {service} booking for {when} has been cancelled as you were not able to come. "
        "Your next booking will be given priority: choose a new time in the mini program, or {call}."
    ),
    "message.parts_expected": (
        "Hello {greeting}, the parts your car ({plate}) needs are out of stock and have been ordered; they are "
        "expected on {when}. We will tell you as soon as they arrive, and you will choose your visit time first. "
        "If you have any questions, please {call}."
    ),
    "message.parts_arrived": (
        "Hello {greeting}, the parts your car ({plate}) needs have arrived. You may choose your visit time first; "
        "please book in the mini program or {call}."
    ),
    "message.service_started": (
        "Hello {greeting}, work on your car ({plate}) has started: {service}. {advisor}We will tell you as soon as "
        "it is ready."
    ),
    "message.ready_for_pickup": (
        "Hello {greeting}, your car ({plate}) is ready: the {service} is done and you can collect it at {store}. "
        "{amount}If you have any questions, please {call}."
    ),
    "message.lapse_invitation": (
        "Hello {greeting}, your car ({plate}) has not been back for maintenance for some time. {store} invites you "
        "to book an inspection and maintenance{offer}."
    ),
    "message.first_service_due": (
        "Hello {greeting}, your car ({plate}) is due for its first service by {when}. The first service must be done "
        "within the set time and mileage; {store} looks forward to your booking."
    ),
    "message.maintenance_due": (
        "Hello {greeting}, judging by your mileage, your car ({plate}) will be due for maintenance around {when}. "
        "You are welcome to book maintenance at {store}."
    ),
    "message.follow_up": (
        "Hello {greeting}, thank you for choosing {store}! The {service} of your car ({plate}) is complete. Please take "
        "a minute to rate this service; your views help us improve."
    ),
    # The short status of a message (WeChat phrase field, or SMS when there is no service).
    "message.status.booking_confirmed": "Booked",
    "message.status.booking_rescheduled": "Rescheduled",
    "message.status.booking_cancelled": "Cancelled",
    "message.status.reminder": "Expected",
    "message.status.late": "Are you coming?",
    "message.status.no_show": "Cancelled",
    "message.status.parts_expected": "Parts ordered",
    "message.status.parts_arrived": "Parts in",
    "message.status.service_started": "In service",
    "message.status.ready_for_pickup": "Ready",
    "message.status.lapse_invitation": "Service invite",
    "message.status.first_service_due": "First service",
    "message.status.maintenance_due": "Service due",
    "message.status.follow_up": "Follow-up",
    # The remark line of a WeChat subscribe message.
    "message.remark.booking_confirmed": "Bring licence; held {minutes} min past",
    "message.remark.booking_rescheduled": "New time held, kept {minutes} min past it",
    "message.remark.booking_cancelled": "Your next booking is given priority",
    "message.remark.reminder": "Please bring your licence and handbook",
    "message.remark.reminder.24h": "Bring licence, handbook; call to change",
    "message.remark.reminder.3h": "Give your plate on arrival",
    "message.remark.reminder.1h": "Advisor ready; held {minutes} min past",
    "message.remark.reminder.eve": "Bring licence; held {minutes} min past",
    "message.remark.reminder.24h.ack": "Confirmed; bring licence and handbook",
    "message.remark.reminder.3h.ack": "Confirmed; we look forward to seeing you",
    "message.remark.reminder.1h.ack": "Confirmed; held {minutes} min past",
    "message.remark.reminder.eve.ack": "Confirmed; held {minutes} min past",
    "message.remark.late": "Time passed; we fit you in on arrival",
    "message.remark.no_show": "Your next booking will be given priority",
    "message.remark.parts_expected": "You choose your visit time first",
    "message.remark.parts_arrived": "You may choose your visit time first",
    "message.remark.service_started": "We will tell you when it is ready",
    "message.remark.ready_for_pickup": "Give your plate at the counter",
    "message.remark.lapse_invitation": "Labour discount in recommended time slots",
    "message.remark.first_service_due": "Complete the first service within the set mileage",
    "message.remark.maintenance_due": "Regular maintenance keeps your car worry-free",
    "message.remark.follow_up": "Please rate this service",
    # What a WeChat field says when the booking has no value for it (a field is never empty).
    "message.blank.advisor": "Assigned on arrival",
    "message.blank.price": "Quoted at the store",
    "message.blank.plate": "Your car",
    "message.blank.service": "Service",
    "message.blank.address": "See the store's page",
    # Pieces of messages, chosen or filled in by the catalogue's parts.
    "part.greeting": "{honorific} {surname}",
    "part.greeting.unknown": "Mr/Ms {surname}",  # honorific not on file
    "part.honorific.先生": "Mr",
    "part.honorific.女士": "Ms",
    "part.call.phone": "call {phone}",
    "part.call.store": "contact the store",
    "part.reason": " ({reason})",
    "part.offer": ", with {percent}% off labour when you choose a recommended time slot",
    "part.lead.tomorrow": "tomorrow, ",
    "part.lead.today": "today, ",
    "part.advisor": "Your service advisor is {advisor}. ",
    "part.advisor_ready.named": "your service advisor {advisor} has everything ready",
    "part.advisor_ready.anyone": "we have everything ready",
    "part.price": "Estimated price: {price} yuan{discount}. ",
    "part.discount": " ({percent}% off labour in a recommended slot)",
    "part.address": "Address: {address}. ",
    "part.parking": "Parking: {parking}. ",
    "part.hold": "Your place is held for {minutes} minutes after the booked time; after that it may go to another customer. ",
    "part.confirm.ask": "Please confirm in the mini program that you will arrive on time.",
    "part.confirm.done": "You have confirmed; we look forward to seeing you.",
    "part.amount": "The total is {amount} yuan. ",
    "part.opt_out": " Reply R to opt out",
    "part.opt_out.sms": "Reply R=stop",
    "part.when.datetime": "{month_name} {day}, {time}",
    "part.when.date": "{month_name} {day}",
    "part.month.1": "Jan",
    "part.month.2": "Feb",
    "part.month.3": "Mar",
    "part.month.4": "Apr",
    "part.month.5": "May",
    "part.month.6": "Jun",
    "part.month.7": "Jul",
    "part.month.8": "Aug",
    "part.month.9": "Sep",
    "part.month.10": "Oct",
    "part.month.11": "Nov",
    "part.month.12": "Dec",
    # Call tasks: the title staff see in their list.
    "task.reminder_unacknowledged": "Reminder not confirmed: call to check the customer will arrive on time",
    "task.late": "Customer 30 minutes late: call to ask whether they are on their way",
    "task.near_lost": "Customer not back for 6 months: call to check in and invite them",
    "task.follow_up_complaint": "Low follow-up score or complaint: supervisor to follow up",
    "task.sla_confirmation": "Booking without a confirmed time and price for over 2 hours",
    "task.rebook_no_show": "Customer did not come: call to check on them and rebook",
    "task.rebook_store_cancel": "The store cancelled the booking: call to apologise and rebook with priority",
    "task.parts_arrived": "Parts have arrived: call the customer to agree a time to come in",
    "task.follow_up_unanswered": "Two follow-ups unanswered: call the customer",
    "task.first_service_unanswered": "New car's first-service invitation unanswered: call the owner to book it",
    "task.agree_new_time": "The customer cancelled their booking: call to agree a new time",
    "task.call_back": "A call-back promised to the customer: call them by the time promised",
    "task.parts_short": "The parts are short: call the customer to move the visit",
    "task.parts_unconfirmed": "An hour before the visit the parts are not confirmed at hand: parts desk, confirm them",
    "task.deposit_mismatch": "The WeChat Pay bill disagrees with the booking's deposit: check it",
    "task.extra_work_unanswered": "Extra work not answered: call the customer and record their answer",
    # The lobby welcome board (plain text: the page escapes it).
    "board.html_lang": "en",
    "board.title": "Welcome board",
    "board.heading": "Welcome · Booked customers",
    "board.updated": "updated {time}",
    "board.column.time": "Time",
    "board.column.customer": "Customer",
    "board.column.plate": "Plate",
    "board.column.service": "Service",
    "board.column.advisor": "Service advisor",
    "board.column.status": "Status",
    "board.empty": "No bookings today",
    "board.page": "Page {page} of {pages}",
    "board.pairing": "Connecting this screen to the store's welcome board…",
    "board.pair_refused": "This pairing link is invalid, expired or used: make a new one in the staff console",
    "board.pair_noscript": "Turn on scripts in the browser, then open the pairing link again",
    "board.advisor_unassigned": "To be assigned",
    "board.expected_arrival": "due at {time}",
    "board.promised": "ready at {time}",
    "board.promised_delayed": "ready at {time} (promised {first})",
    "board.footer": "Booked customers, please go to the front desk: a service advisor will see you first · Bookings {phone}",
    "board.checkin_code": "Check in with WeChat · lobby code {code}",
    "board.status.pending": "Pending",
    "board.status.confirmed": "Confirmed",
    "board.status.arrived": "Arrived",
    "board.status.in_service": "In service",
    # The complaint loop (docs/product-rules.md#complaints)
    "message.complaint_received": (
        "Hello {greeting}, thank you for telling us, and we are sorry for the trouble. The manager of {store} will "
        "contact you by {when}; to talk sooner, {call}."
    ),
    "message.complaint_recheck": (
        "Hello {greeting}, {store} contacted you a few days ago about the problem you reported. Is it solved now? "
        "Please rate this service again in the mini-program. Thank you for your patience."
    ),
    "message.status.complaint_received": "Received",
    "message.status.complaint_recheck": "Follow-up check",
    "message.remark.complaint_received": "The manager will contact you in time",
    "message.remark.complaint_recheck": "Please rate this service again",
    "message.service_progress": (
        "Hello {greeting}, the {service} on your car ({plate}) is going well and it should be ready at {when}. We will "
        "tell you as soon as it is done. Questions? {call}."
    ),
    "message.service_delayed": (
        "Hello {greeting}, we are very sorry: your car ({plate}) cannot be handed back at the time we gave{delay_reason}. "
        "It should be ready at {when}. Thank you for your patience; we will tell you the moment it is done. "
        "Questions? {call}."
    ),
    "message.pickup_notice": (
        "Hello {greeting}, your car ({plate}) should be ready at {when}: please collect it at {store} and give your "
        "plate at the counter. Questions? {call}. Thank you!"
    ),
    "message.status.service_progress": "On time",
    "message.status.service_delayed": "Delayed",
    "message.status.pickup_notice": "Ready soon",
    "message.remark.service_progress": "We will tell you when it is ready",
    "message.remark.service_delayed": "Sorry; we will tell you when it is ready",
    "message.remark.pickup_notice": "Give your plate at the counter",
    "part.delay_reason": " ({reason})",
    "message.extra_work_proposed": (
        "Hello {greeting}, working on your car ({plate}) the workshop found extra work it needs. {extra_amount}"
        "Please see why, the price and the later hand-back time in the mini-program and agree or decline; "
        "nothing is done without your yes. Questions? {call}."
    ),
    "message.status.extra_work_proposed": "Your answer",
    "message.remark.extra_work_proposed": "Agree or decline in the mini-program",
    "part.extra_amount": "About {amount} yuan. ",
    "message.deposit_unpaid": (
        "Hello {greeting}, the deposit for the parts your car ({plate}) needs was not paid within 30 minutes: the "
        "order was closed, the parts were not ordered and the booking is cancelled. To book again, use the mini "
        "program or {call}."
    ),
    "message.status.deposit_unpaid": "Booking cancelled",
    "message.remark.deposit_unpaid": "Deposit unpaid; parts not ordered",
    "complaint.note": "{said} ({causes})",
    "complaint.separator": ", ",
    "complaint.cause.repair": "repair quality",
    "complaint.cause.attitude": "staff attitude",
    "complaint.cause.waiting": "waiting time",
    "complaint.cause.price": "charges",
    "complaint.cause.general": "dissatisfied",
    "complaint.cause.low_score": "low score",
    # A customer's contact preference as staff read it on the call list (docs/product-rules.md#contact-preference).
    "contact.preference": "{days} {hours}{avoid}",
    "contact.days.any": "any day",
    "contact.days.weekdays": "working days",
    "contact.days.rest_days": "rest days",
    "contact.avoid": ", not {windows}",
    "contact.separator": ", ",
    # Campaigns (docs/product-rules.md#campaigns)
    "message.campaign_seasonal": "Hello {greeting}, the {service} season at {store} starts {when}; book in the mini-program.",
    "message.campaign_event": "Hello {greeting}, {store} holds a {service} event on {when}; sign up in the mini-program.",
    "message.status.campaign_seasonal": "Seasonal offer",
    "message.status.campaign_event": "Event",
    "message.remark.campaign_seasonal": "Book in the mini-program",
    "message.remark.campaign_event": "Sign up in the mini-program",
}
